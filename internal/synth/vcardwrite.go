package synth

import (
	"bufio"
	"io"
	"strings"
	"unicode"
)

// writeVCard writes an address book the way Android's contacts app
// exports it: vCard 2.1, CRLF line ends, non-ASCII values in UTF-8
// quoted-printable with every byte encoded and a soft line break once a
// line passes 67 characters (which may split a UTF-8 sequence).
func writeVCard(w io.Writer, cards []card) error {
	bw := bufio.NewWriter(w)
	for _, c := range cards {
		bw.WriteString("BEGIN:VCARD\r\nVERSION:2.1\r\n")
		family, given, middle := androidSplit(c.name)
		writeProp(bw, "N", family, given, middle, "", "")
		writeProp(bw, "FN", c.name)
		for _, t := range c.tels {
			bw.WriteString("TEL;" + t.label + ":" + t.raw + "\r\n")
		}
		if c.org != "" {
			writeProp(bw, "ORG", c.org)
		}
		bw.WriteString("END:VCARD\r\n")
	}
	return bw.Flush()
}

// writeProp writes a property whose components are joined by ';'.
func writeProp(bw *bufio.Writer, name string, parts ...string) {
	ascii := true
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			if p[i] < 0x20 || p[i] >= 0x7F || p[i] == ';' || p[i] == '\\' {
				ascii = false
			}
		}
	}
	if ascii {
		bw.WriteString(name + ":" + strings.Join(parts, ";") + "\r\n")
		return
	}
	bw.WriteString(name + ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:")
	for i, p := range parts {
		if i > 0 {
			bw.WriteByte(';')
		}
		writeQP(bw, p)
	}
	bw.WriteString("\r\n")
}

// writeQP is Android's VCardBuilder.encodeQuotedPrintable.
func writeQP(bw *bufio.Writer, s string) {
	const hex = "0123456789ABCDEF"
	line := 0
	for i := 0; i < len(s); i++ {
		bw.WriteByte('=')
		bw.WriteByte(hex[s[i]>>4])
		bw.WriteByte(hex[s[i]&0xF])
		line += 3
		if line >= 67 {
			bw.WriteString("=\r\n")
			line = 0
		}
	}
}

// androidSplit splits a display name into family, given and middle names
// the way Android's NameSplitter does for Chinese names without spaces:
// two characters are family+given, three family+middle+given, four a
// two-character family name+middle+given. Other names are given names.
func androidSplit(name string) (family, given, middle string) {
	r := []rune(name)
	for _, c := range r {
		if !unicode.Is(unicode.Han, c) {
			return "", name, ""
		}
	}
	switch len(r) {
	case 2:
		return string(r[:1]), string(r[1:]), ""
	case 3:
		return string(r[:1]), string(r[2:]), string(r[1:2])
	case 4:
		return string(r[:2]), string(r[3:]), string(r[2:3])
	}
	return "", name, ""
}
