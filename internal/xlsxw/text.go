package xlsxw

import (
	"unicode/utf8"
)

// MaxCellChars is how many characters (UTF-16 code units) a cell holds in
// Excel. Longer text is cut there.
const MaxCellChars = 32767

// textClass says what appendText does with each ASCII byte.
var textClass = func() (c [utf8.RuneSelf]uint8) {
	for b := range c {
		switch {
		case b == '&' || b == '<' || b == '>' || b == '\r' || b == '_':
			c[b] = classEscape
		case b < 0x20 && b != '\t' && b != '\n':
			c[b] = classInvalid
		}
	}
	return c
}()

const (
	classPlain = iota
	classEscape
	classInvalid
)

// appendText appends s to b as the content of a <t> element, such that a
// reader gets s back:
//
//   - & < > are escaped, and a carriage return is written as a character
//     reference, which XML parsers do not turn into a line feed;
//   - characters XML 1.0 has no place for (control characters other than
//     tab and line breaks, U+FFFE, U+FFFF) and each byte of invalid UTF-8,
//     lone surrogates included, become U+FFFD, as in encoding/xml;
//   - _xHHHH_, which SpreadsheetML reads as the character U+HHHH, gets its
//     underscore escaped as _x005F_.
//
// s must already be cut to MaxCellChars (see cut).
func appendText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch textClass[c] {
			case classPlain:
				i++
				continue
			case classInvalid:
				esc = "\uFFFD"
			default:
				switch c {
				case '&':
					esc = "&amp;"
				case '<':
					esc = "&lt;"
				case '>':
					esc = "&gt;"
				case '\r':
					esc = "&#xD;"
				case '_':
					if !escapeCode(s[i:]) {
						i++
						continue
					}
					esc = "_x005F_"
				}
			}
			b = append(b, s[start:i]...)
			b = append(b, esc...)
			i++
			start = i
			continue
		}
		if valid3(s[i:]) { // most CJK text
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// valid3 reports whether s starts with a valid three-byte UTF-8 sequence
// of a character other than U+FFFE and U+FFFF: U+0800 to U+FFFD, less the
// surrogates.
func valid3(s string) bool {
	if len(s) < 3 {
		return false
	}
	c0, c1, c2 := s[0], s[1], s[2]
	if c2&0xC0 != 0x80 {
		return false
	}
	switch {
	case 0xE1 <= c0 && c0 <= 0xEC || c0 == 0xEE:
		return c1&0xC0 == 0x80
	case c0 == 0xE0:
		return 0xA0 <= c1 && c1 <= 0xBF
	case c0 == 0xED: // not D800 to DFFF
		return 0x80 <= c1 && c1 <= 0x9F
	case c0 == 0xEF: // not FFFE, FFFF
		return c1&0xC0 == 0x80 && (c1 != 0xBF || c2 < 0xBE)
	}
	return false
}

// escapeCode reports whether s starts with _xHHHH_ (four hexadecimal
// digits), which a reader would take for an escaped character.
func escapeCode(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// cut shortens s to at most MaxCellChars UTF-16 code units, as Excel
// counts them, without splitting a character. Each byte of invalid UTF-8
// counts as the one unit of the U+FFFD it becomes.
func cut(s string) string {
	if len(s) <= MaxCellChars { // a unit takes at least a byte
		return s
	}
	n := 0
	for i, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
		if n > MaxCellChars {
			return s[:i]
		}
	}
	return s
}

// preserve reports whether text needs xml:space="preserve": without it,
// Excel trims white space at either end.
func preserve(s string) bool {
	if s == "" {
		return false
	}
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return space(s[0]) || space(s[len(s)-1])
}

// xmlChar reports whether XML 1.0 allows the character r.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= utf8.MaxRune
}
