package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// xmlScanner is a pull tokenizer for the flat, record-per-element XML that
// phone backup apps write. Unlike encoding/xml it
//   - keeps memory flat: attribute values named in skip (base64 MMS images)
//     are measured, never held; other values are capped at maxValue bytes;
//   - joins UTF-16 surrogate-pair character references (&#55357;&#56834;)
//     into the real character, and turns an invalid reference or control
//     character into U+FFFD instead of failing the document;
//   - never expands DOCTYPE entities;
//   - reports the line and byte offset of every tag, and recovers after a
//     syntax error at the next '<'.
//
// Text content between tags is ignored: the formats it serves keep all data
// in attributes.
type xmlScanner struct {
	r    io.Reader
	buf  []byte
	pos  int // next unread byte in buf
	end  int // end of valid data in buf
	eof  bool
	rerr error

	base int64 // file offset of buf[0]
	line int64 // line number of buf[pos], from 1

	skip     map[string]bool
	maxValue int

	// markLine and markOff locate the markup being read, also after an
	// error.
	markLine int64
	markOff  int64
	markName string // element name of a start tag at the mark, once read
	inMark   bool   // the markup at the mark is still being read

	tok    xmlToken
	names  []byte            // scratch for one name
	intern map[string]string // element and attribute names seen
	vals   []byte            // decoded attribute values of tok
	raw    []byte            // scratch for one value before entity decoding
	spans  []valueSpan       // where each value of tok lies in vals
	// lastAttrs are the attribute names of earlier tags, by position.
	lastAttrs []string
}

type valueSpan struct{ start, end int }

type tokKind int

const (
	tokStart tokKind = iota + 1
	tokEnd
)

// xmlToken is valid until the next call to next.
type xmlToken struct {
	kind      tokKind
	name      string
	attrs     []xmlAttr
	selfClose bool
	line      int64
	off       int64
}

type xmlAttr struct {
	name  string
	value string // decoded; empty for skipped attributes
	size  int64  // raw length in bytes of the value as written
	cut   bool   // value longer than maxValue and cut there
}

// attr returns the value of the named attribute and whether it is present.
func (t *xmlToken) attr(name string) (string, bool) {
	for i := range t.attrs {
		if t.attrs[i].name == name {
			return t.attrs[i].value, true
		}
	}
	return "", false
}

func (t *xmlToken) attrInfo(name string) (xmlAttr, bool) {
	for _, a := range t.attrs {
		if a.name == name {
			return a, true
		}
	}
	return xmlAttr{}, false
}

// xmlSyntaxError is a malformed tag; the scanner resumes after it.
type xmlSyntaxError struct {
	Line int64
	Off  int64
	Msg  string
}

func (e *xmlSyntaxError) Error() string {
	return fmt.Sprintf("line %d byte %d: %s", e.Line, e.Off, e.Msg)
}

// errTruncated means the input ended inside a tag, comment or value.
var errTruncated = errors.New("file ends in the middle of a record (truncated)")

const (
	scanBufSize     = 256 << 10
	defaultMaxValue = 4 << 20
	maxNameLen      = 256
	maxRewind       = 1 << 20
)

func newXMLScanner(r io.Reader, skip ...string) *xmlScanner {
	s := &xmlScanner{
		r:        r,
		buf:      make([]byte, scanBufSize),
		line:     1,
		skip:     map[string]bool{},
		maxValue: defaultMaxValue,
		intern:   map[string]string{},
	}
	for _, name := range skip {
		s.skip[name] = true
	}
	return s
}

// fill reads more input, keeping buf[pos:end]. It reports false at the end
// of input or on a read error (kept in rerr).
func (s *xmlScanner) fill() bool {
	if s.eof {
		return false
	}
	// Keep the markup being read, up to maxRewind bytes, so that a syntax
	// error can resynchronise just after its '<' whatever the read sizes.
	keep := s.pos
	if s.inMark {
		if m := s.markOff - s.base; m >= 0 && int64(s.pos)-m <= maxRewind {
			keep = int(m)
		} else {
			s.inMark = false
		}
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:s.end])
		s.base += int64(keep)
		s.end = n
		s.pos -= keep
	}
	if s.end == len(s.buf) {
		// Only tag names and markup delimiters need lookahead; they are
		// tiny, so a full buffer here means a pathological construct.
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// advance consumes n buffered bytes, keeping the line count.
func (s *xmlScanner) advance(n int) {
	if n == 1 {
		if s.buf[s.pos] == '\n' {
			s.line++
		}
		s.pos++
		return
	}
	s.line += int64(bytes.Count(s.buf[s.pos:s.pos+n], newline))
	s.pos += n
}

var newline = []byte{'\n'}

func (s *xmlScanner) offset() int64 { return s.base + int64(s.pos) }

// ensure makes at least n bytes available; false at end of input.
func (s *xmlScanner) ensure(n int) bool {
	for s.end-s.pos < n {
		if !s.fill() {
			return false
		}
	}
	return true
}

// skipPast consumes input up to and including delim.
func (s *xmlScanner) skipPast(delim []byte) bool {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], delim); i >= 0 {
			s.advance(i + len(delim))
			return true
		}
		// Keep len(delim)-1 bytes: delim may straddle the refill.
		keep := len(delim) - 1
		if avail := s.end - s.pos; avail > keep {
			s.advance(avail - keep)
		}
		if !s.fill() {
			s.advance(s.end - s.pos)
			return false
		}
	}
}

// next returns the next start or end tag, io.EOF at the end of input,
// errTruncated when input ends inside markup, or an *xmlSyntaxError after
// which scanning may continue.
func (s *xmlScanner) next() (*xmlToken, error) {
	for {
		// Skip text up to the next '<'.
		s.inMark = false
		for {
			if i := bytes.IndexByte(s.buf[s.pos:s.end], '<'); i >= 0 {
				s.advance(i)
				break
			}
			s.advance(s.end - s.pos)
			if !s.fill() {
				if s.rerr != nil {
					return nil, s.rerr
				}
				return nil, io.EOF
			}
		}
		line, off := s.line, s.offset()
		s.markLine, s.markOff, s.markName, s.inMark = line, off, "", true
		if !s.ensure(2) {
			s.advance(s.end - s.pos)
			return nil, errTruncated
		}
		switch c := s.buf[s.pos+1]; c {
		case '?':
			if !s.skipPast([]byte("?>")) {
				return nil, errTruncated
			}
			continue
		case '!':
			done, err := s.skipBang()
			if err != nil {
				return nil, err
			}
			if done {
				continue
			}
		case '/':
			s.advance(2)
			name, err := s.readName()
			if err != nil {
				return nil, s.syntax(line, off, err)
			}
			s.skipSpace()
			if !s.ensure(1) {
				return nil, errTruncated
			}
			if s.buf[s.pos] != '>' {
				return nil, s.syntax(line, off, fmt.Errorf("unexpected %q in end tag </%s>", s.buf[s.pos], name))
			}
			s.advance(1)
			s.inMark = false
			s.tok = xmlToken{kind: tokEnd, name: name, line: line, off: off}
			return &s.tok, nil
		default:
			s.advance(1)
			return s.readStart(line, off)
		}
	}
}

// skipBang skips a comment, CDATA section or DOCTYPE declaration.
func (s *xmlScanner) skipBang() (bool, error) {
	if !s.ensure(4) {
		s.advance(s.end - s.pos)
		return false, errTruncated
	}
	if bytes.HasPrefix(s.buf[s.pos:s.end], []byte("<!--")) {
		s.advance(4)
		if !s.skipPast([]byte("-->")) {
			return false, errTruncated
		}
		return true, nil
	}
	s.ensure(9)
	if bytes.HasPrefix(s.buf[s.pos:s.end], []byte("<![CDATA[")) {
		if !s.skipPast([]byte("]]>")) {
			return false, errTruncated
		}
		return true, nil
	}
	// <!DOCTYPE ...> possibly with an internal subset in brackets. Its
	// entities are never expanded.
	depth := 0
	for {
		if !s.ensure(1) {
			return false, errTruncated
		}
		c := s.buf[s.pos]
		s.advance(1)
		switch c {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return true, nil
			}
		}
	}
}

func (s *xmlScanner) syntax(line, off int64, err error) error {
	if errors.Is(err, errTruncated) {
		return errTruncated
	}
	// Resynchronise at the next '<' after the broken tag's own, while it is
	// still buffered: an unclosed quote must not swallow the records it ran
	// into.
	if start := off - s.base; s.inMark && start >= 0 && start < int64(s.end) {
		s.pos = int(start) + 1
		s.line = line
	}
	s.inMark = false
	return &xmlSyntaxError{Line: line, Off: off, Msg: strings.ToValidUTF8(err.Error(), "\uFFFD")}
}

func isNameByte(c byte) bool {
	return c == ':' || c == '_' || c == '-' || c == '.' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (s *xmlScanner) skipSpace() {
	for s.ensure(1) && isSpace(s.buf[s.pos]) {
		s.advance(1)
	}
}

// readAttrName reads the name of the i-th attribute of a tag. Exports
// write the same attributes in the same order on every record, so the name
// seen at that place last time is checked first, before the intern map.
func (s *xmlScanner) readAttrName(i int) (string, error) {
	if i < len(s.lastAttrs) {
		prev := s.lastAttrs[i]
		if b := s.buf[s.pos:s.end]; len(b) > len(prev) && string(b[:len(prev)]) == prev && !isNameByte(b[len(prev)]) {
			s.pos += len(prev)
			return prev, nil
		}
	}
	name, err := s.readName()
	if err != nil {
		return "", err
	}
	if i < len(s.lastAttrs) {
		s.lastAttrs[i] = name
	} else if i < 64 {
		s.lastAttrs = append(s.lastAttrs, name)
	}
	return name, nil
}

// readName reads an XML name and returns it as a string.
func (s *xmlScanner) readName() (string, error) {
	s.names = s.names[:0]
	for {
		b := s.buf[s.pos:s.end]
		i := 0
		for i < len(b) && isNameByte(b[i]) {
			i++
		}
		if len(s.names)+i > maxNameLen {
			return "", fmt.Errorf("name longer than %d bytes", maxNameLen)
		}
		s.names = append(s.names, b[:i]...)
		s.pos += i // names hold no newline
		if i < len(b) {
			break
		}
		if !s.fill() {
			return "", errTruncated
		}
	}
	if len(s.names) == 0 {
		return "", fmt.Errorf("expected a name, found %q", s.buf[s.pos])
	}
	if name, ok := s.intern[string(s.names)]; ok {
		return name, nil
	}
	name := string(s.names)
	if len(s.intern) < 4096 {
		s.intern[name] = name
	}
	return name, nil
}

func (s *xmlScanner) readStart(line, off int64) (*xmlToken, error) {
	s.vals = s.vals[:0]
	s.tok = xmlToken{kind: tokStart, line: line, off: off, attrs: s.tok.attrs[:0]}
	name, err := s.readName()
	if err != nil {
		return nil, s.syntax(line, off, err)
	}
	s.tok.name = name
	s.markName = name
	spans := s.spans[:0]
	for {
		s.skipSpace()
		if !s.ensure(1) {
			return nil, errTruncated
		}
		switch c := s.buf[s.pos]; c {
		case '>':
			s.advance(1)
			s.inMark = false
			s.finishAttrs(spans)
			return &s.tok, nil
		case '/':
			if !s.ensure(2) {
				return nil, errTruncated
			}
			if s.buf[s.pos+1] != '>' {
				return nil, s.syntax(line, off, fmt.Errorf("unexpected '/' in <%s>", name))
			}
			s.advance(2)
			s.inMark = false
			s.tok.selfClose = true
			s.finishAttrs(spans)
			return &s.tok, nil
		}
		aname, err := s.readAttrName(len(s.tok.attrs))
		if err != nil {
			return nil, s.syntax(line, off, fmt.Errorf("in <%s>: %w", name, err))
		}
		s.skipSpace()
		if !s.ensure(1) {
			return nil, errTruncated
		}
		if s.buf[s.pos] != '=' {
			if n := len(s.tok.attrs); n > 0 {
				return nil, s.syntax(line, off, fmt.Errorf("in <%s>: unexpected text %q after attribute %s (a quote not closed?)",
					name, aname, s.tok.attrs[n-1].name))
			}
			return nil, s.syntax(line, off, fmt.Errorf("in <%s>: attribute %s has no value", name, aname))
		}
		s.advance(1)
		s.skipSpace()
		if !s.ensure(1) {
			return nil, errTruncated
		}
		q := s.buf[s.pos]
		if q != '"' && q != '\'' {
			return nil, s.syntax(line, off, fmt.Errorf("in <%s>: value of %s is not quoted", name, aname))
		}
		s.advance(1)
		a := xmlAttr{name: aname}
		vstart := len(s.vals)
		if s.skip[aname] {
			a.size, err = s.skipValue(q)
		} else {
			a.size, a.cut, err = s.readValue(q)
		}
		if err != nil {
			return nil, s.syntax(line, off, err)
		}
		s.tok.attrs = append(s.tok.attrs, a)
		spans = append(spans, valueSpan{vstart, len(s.vals)})
		s.spans = spans
	}
}

// finishAttrs points attribute values into vals once it has stopped growing.
// One string holds every value of the tag: a single allocation.
func (s *xmlScanner) finishAttrs(spans []valueSpan) {
	all := string(s.vals)
	for i, sp := range spans {
		s.tok.attrs[i].value = all[sp.start:sp.end]
	}
}

// skipValue consumes a quoted value without keeping it and returns its
// length.
func (s *xmlScanner) skipValue(q byte) (int64, error) {
	var n int64
	for {
		if i := bytes.IndexByte(s.buf[s.pos:s.end], q); i >= 0 {
			n += int64(i)
			s.advance(i + 1)
			return n, nil
		}
		n += int64(s.end - s.pos)
		s.advance(s.end - s.pos)
		if !s.fill() {
			return n, errTruncated
		}
	}
}

// readValue reads a quoted value, decodes its references into vals and
// returns its raw length and whether it was cut at maxValue.
func (s *xmlScanner) readValue(q byte) (int64, bool, error) {
	s.raw = s.raw[:0]
	var n int64
	cut := false
	for {
		chunk := s.buf[s.pos:s.end]
		i := bytes.IndexByte(chunk, q)
		if i >= 0 {
			chunk = chunk[:i]
		}
		if room := s.maxValue - len(s.raw); !cut && len(chunk) > room {
			// Cut on a rune boundary so the kept text stays valid, and
			// keep nothing after the cut.
			s.raw = append(s.raw, chunk[:room]...)
			s.raw = s.raw[:runeCut(s.raw)]
			cut = true
		} else if !cut {
			s.raw = append(s.raw, chunk...)
		}
		n += int64(len(chunk))
		if i >= 0 {
			s.advance(i + 1)
			break
		}
		s.advance(len(chunk))
		if !s.fill() {
			return n, cut, errTruncated
		}
	}
	s.vals = decodeText(s.vals, s.raw)
	return n, cut, nil
}

// runeCut returns the length of b without a UTF-8 sequence cut at its
// end.
func runeCut(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			break
		}
	}
	return len(b)
}

// decodeText appends raw with character and entity references resolved to
// dst. Surrogate-pair references are joined; invalid references, lone
// surrogates, control characters and invalid UTF-8 become U+FFFD; unknown
// named entities are kept as written.
func decodeText(dst, raw []byte) []byte {
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '&')
		if i < 0 {
			return appendClean(dst, raw)
		}
		dst = appendClean(dst, raw[:i])
		raw = raw[i:]
		r, n := decodeRef(raw)
		if n == 0 {
			dst = append(dst, '&')
			raw = raw[1:]
			continue
		}
		raw = raw[n:]
		if utf16.IsSurrogate(r) {
			if r < 0xDC00 {
				if r2, n2 := decodeRef(raw); n2 > 0 && r2 >= 0xDC00 && r2 <= 0xDFFF {
					r = utf16.DecodeRune(r, r2)
					raw = raw[n2:]
				} else {
					r = utf8.RuneError
				}
			} else {
				r = utf8.RuneError
			}
		}
		if !validXMLChar(r) {
			r = utf8.RuneError
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// decodeRef decodes the reference at the start of b ("&amp;", "&#10;",
// "&#x1F602;") and returns the rune and the bytes used, or n == 0 when b does
// not start with a reference leaktrail resolves.
func decodeRef(b []byte) (rune, int) {
	if len(b) < 3 || b[0] != '&' {
		return 0, 0
	}
	end := bytes.IndexByte(b[:min(len(b), 16)], ';')
	if end < 2 {
		return 0, 0
	}
	body := b[1:end]
	if body[0] == '#' {
		var v uint64
		var err error
		if len(body) > 1 && (body[1] == 'x' || body[1] == 'X') {
			v, err = strconv.ParseUint(string(body[2:]), 16, 32)
		} else {
			v, err = strconv.ParseUint(string(body[1:]), 10, 32)
		}
		if err != nil || v > utf8.MaxRune {
			return utf8.RuneError, end + 1
		}
		return rune(v), end + 1
	}
	switch string(body) {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	return 0, 0
}

func validXMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// appendClean appends literal text, replacing invalid UTF-8 and control
// characters with U+FFFD.
func appendClean(dst, b []byte) []byte {
	if cleanText(b) {
		return append(dst, b...)
	}
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 || !validXMLChar(r) {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, b[:n]...)
		}
		b = b[n:]
	}
	return dst
}

// cleanText reports whether b is valid UTF-8 without control characters
// (but tab, newline, carriage return) or the noncharacters U+FFFE and
// U+FFFF: text that can be kept as it is.
func cleanText(b []byte) bool {
	for i, c := range b {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return false
		case c == 0xEF && i+2 < len(b) && b[i+1] == 0xBF && b[i+2] >= 0xBE:
			return false
		}
	}
	return utf8.Valid(b)
}

// xmlRoot returns the name of the first element in head, skipping the XML
// declaration, processing instructions, comments and a DOCTYPE, or "" when
// head does not look like XML.
func xmlRoot(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) < 2 || b[0] != '<' {
			return ""
		}
		switch {
		case b[1] == '?':
			i := bytes.Index(b, []byte("?>"))
			if i < 0 {
				return ""
			}
			b = b[i+2:]
		case bytes.HasPrefix(b, []byte("<!--")):
			i := bytes.Index(b, []byte("-->"))
			if i < 0 {
				return ""
			}
			b = b[i+3:]
		case b[1] == '!':
			// A DOCTYPE ends at the first '>' outside its internal
			// subset, whose declarations hold '>' of their own.
			i, depth := 2, 0
			for ; i < len(b) && (b[i] != '>' || depth > 0); i++ {
				switch b[i] {
				case '[':
					depth++
				case ']':
					depth--
				}
			}
			if i == len(b) {
				return ""
			}
			b = b[i+1:]
		default:
			j := 1
			for j < len(b) && isNameByte(b[j]) {
				j++
			}
			if j == 1 {
				return ""
			}
			return string(b[1:j])
		}
	}
}
