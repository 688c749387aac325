package ingest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// CSV imports call logs, message logs and carrier bills saved as CSV or TSV
// text, through the alias table of importRows. It is the registry's
// catch-all for delimited text and must be tried last.
//
// The encoding is detected from the head of the file unless
// Options.Encoding names it: a byte order mark (UTF-8, UTF-16 LE or BE),
// UTF-16 without one (the pattern of NUL bytes), UTF-8, or else GB18030
// (which decodes GBK and GB2312). Files are not always one encoding: rows
// appended by another program, or a GBK name pasted into a UTF-8 file.
// So in a file taken for UTF-8 (its head is UTF-8, with or without a byte
// order mark), and in one whose head mixes UTF-8 and GBK lines, each line
// is judged on its own: UTF-8 stays UTF-8, GBK is read as GB18030; see
// lineDecoder.
//
// The delimiter is the one of ',', '\t', ';' and '|' that splits the
// most of the first lines into the same number (above one) of fields.
// Quoting follows encoding/csv with LazyQuotes. Records are read one at a
// time and bounded: a record over maxCSVRecord bytes or maxCSVFields
// fields is rejected, its text is never held whole, and the next record is
// read.
type CSV struct{}

const (
	// maxCSVRecord bounds the text of one CSV record.
	maxCSVRecord = 1 << 20
	// maxCSVFields bounds the fields of one CSV record.
	maxCSVFields = 4096
	// csvSniffLines is how many records of the head choose the delimiter.
	csvSniffLines = 50
)

// csvDelimiters are the delimiters sniffed, in order of preference.
var csvDelimiters = []byte{',', '\t', ';', '|'}

// Format implements Importer.
func (CSV) Format() string { return "csv" }

// Sniff reports whether head is delimited text: not XML or a vCard, no
// binary bytes once decoded, and some delimiter splits its first lines
// consistently.
func (CSV) Sniff(head []byte, name string) bool {
	text, ok := headText(head, "")
	if !ok {
		return false
	}
	_, ok = sniffDelimiter(text, name)
	return ok
}

// Import implements Importer.
func (CSV) Import(ctx context.Context, r io.Reader, opts Options, sink Sink) error {
	src, err := newCSVRows(r, opts)
	if err != nil {
		return err
	}
	return importRows(ctx, src, opts, sink)
}

// headText decodes the head of a file for sniffing, in the encoding
// named or detected. ok is false when the head is not text: empty, XML,
// a vCard, or holding more than a few NUL and other control bytes once
// decoded.
func headText(head []byte, enc string) ([]byte, bool) {
	if len(head) == 0 || xmlRoot(head) != "" || (VCard{}).Sniff(head, "") {
		return nil, false
	}
	text, err := decodeHead(head, enc)
	if err != nil {
		return nil, false
	}
	text = bytes.TrimPrefix(text, []byte("\xEF\xBB\xBF"))
	trimmed := bytes.TrimLeft(text, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] == '<' {
		return nil, false
	}
	// A control byte or two is damage in a text file (a NUL where a write
	// failed, a DOS end-of-file mark); binary data has them everywhere.
	probe := text[:min(len(text), 4096)]
	control := 0
	for _, c := range probe {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f' {
			control++
		}
	}
	if control > 1+len(probe)/100 {
		return nil, false
	}
	return text, true
}

// textEncoding is how a CSV file's bytes become UTF-8.
type textEncoding struct {
	name string
	enc  encoding.Encoding // nil: UTF-8
	// bom is the length of a UTF-8 byte order mark to skip.
	bom int
	// lineFallback: each line is read as UTF-8 or as GB18030, as
	// lineDecoder judges it.
	lineFallback bool
	// gbFirst: the head has GBK lines; see lineDecoder.
	gbFirst bool
}

// detectEncoding chooses the encoding of a file from its head, or from
// label (Options.Encoding) when it is not empty.
func detectEncoding(head []byte, label string) (textEncoding, error) {
	if label = strings.ToLower(strings.TrimSpace(label)); label != "" {
		switch label {
		case "utf-8", "utf8":
			te := textEncoding{name: "utf-8"}
			if bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")) {
				te.bom = 3
			}
			return te, nil
		case "utf-16", "utf16":
			label = "utf-16le"
		}
		enc, err := htmlindex.Get(label)
		if err != nil {
			return textEncoding{}, fmt.Errorf("unknown encoding %q (try utf-8, gbk, gb18030, utf-16le, utf-16be, big5)", label)
		}
		name, _ := htmlindex.Name(enc)
		return textEncoding{name: name, enc: enc}, nil
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		return textEncoding{name: "utf-8", bom: 3, lineFallback: true}, nil
	case bytes.HasPrefix(head, []byte("\xFF\xFE")):
		return textEncoding{name: "utf-16le", enc: unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)}, nil
	case bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return textEncoding{name: "utf-16be", enc: unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)}, nil
	}
	if le, be := nulPattern(head); le {
		return textEncoding{name: "utf-16le", enc: unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}, nil
	} else if be {
		return textEncoding{name: "utf-16be", enc: unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}, nil
	}
	if validUTF8Head(head) {
		return textEncoding{name: "utf-8", lineFallback: true}, nil
	}
	// Not UTF-8 as a whole: GBK, UTF-8 with a damaged line or two, or a
	// mix of both.
	var utf8Lines, gbLines int
	for line := range bytes.Lines(head) {
		switch wide, bad := utf8Evidence(line); {
		case wide > bad:
			utf8Lines++
		case bad > 0:
			gbLines++
		}
	}
	switch {
	case gbLines == 0:
		return textEncoding{name: "utf-8", lineFallback: true}, nil
	case utf8Lines > 0:
		return textEncoding{name: "utf-8+gb18030", lineFallback: true, gbFirst: true}, nil
	}
	return textEncoding{name: "gb18030", enc: simplifiedchinese.GB18030}, nil
}

// utf8Evidence counts the characters from U+0800 up that b holds as valid
// UTF-8 (wide) and the bytes of b that are not UTF-8 (bad), but for a
// rune cut at its end. Chinese in UTF-8 is three-byte characters; GBK
// text hardly ever holds one, and when it happens to be valid UTF-8 it
// decodes to characters below U+0800.
func utf8Evidence(b []byte) (wide, bad int) {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n <= 1:
			if !utf8.FullRune(b) && len(b) < utf8.UTFMax {
				return wide, bad
			}
			bad++
		case r >= 0x800:
			wide++
		}
		b = b[n:]
	}
	return wide, bad
}

// nulPattern reports whether head looks like UTF-16 text without a byte
// order mark: mostly ASCII, so every other byte is NUL.
func nulPattern(head []byte) (le, be bool) {
	n := min(len(head), 1024) &^ 1
	if n < 4 {
		return false, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return odd*10 >= pairs*6 && even*10 < pairs, even*10 >= pairs*6 && odd*10 < pairs
}

// validUTF8Head reports whether b is UTF-8 but for a rune cut at its end.
func validUTF8Head(b []byte) bool {
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	return utf8.Valid(b[:cut])
}

// decodeHead decodes a file's head to UTF-8 for sniffing.
func decodeHead(head []byte, label string) ([]byte, error) {
	te, err := detectEncoding(head, label)
	if err != nil {
		return nil, err
	}
	if te.lineFallback {
		return io.ReadAll(te.reader(bytes.NewReader(head)))
	}
	if te.enc == nil {
		return head[te.bom:], nil
	}
	if strings.HasPrefix(te.name, "utf-16") {
		head = head[:len(head)&^1]
	}
	out, _, err := transform.Bytes(unicode.BOMOverride(te.enc.NewDecoder()), head)
	return out, err
}

// reader returns r decoded to UTF-8 as te says. Invalid input becomes
// U+FFFD, here or when cells are cleaned.
func (te textEncoding) reader(r io.Reader) io.Reader {
	switch {
	case te.lineFallback:
		br := bufio.NewReaderSize(r, 64<<10)
		if b, _ := br.Peek(3); te.bom > 0 && bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
			br.Discard(3)
		}
		return &lineDecoder{br: br, dec: simplifiedchinese.GB18030.NewDecoder(), gbFirst: te.gbFirst}
	case te.enc == nil:
		if te.bom > 0 {
			br := bufio.NewReader(r)
			if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
				br.Discard(3)
			}
			return br
		}
		return r
	}
	return transform.NewReader(r, unicode.BOMOverride(te.enc.NewDecoder()))
}

// lineDecoder reads a file line by line, passing UTF-8 lines through and
// decoding GBK lines as GB18030. A line is UTF-8 when it is valid UTF-8,
// or when its valid wide characters outnumber its bad bytes (UTF-8
// damaged in a byte or two: the bad bytes become U+FFFD when cells are
// cleaned, the rest is kept). When gbFirst is set, the head of the file
// has GBK lines, and a valid line counts as UTF-8 only with a wide
// character (or none beyond ASCII): GBK text that happens to be valid
// UTF-8 has none. A line longer than its buffer is judged piece by piece.
type lineDecoder struct {
	br      *bufio.Reader
	dec     *encoding.Decoder
	gbFirst bool
	out     []byte
	err     error
}

// utf8Line reports whether line is UTF-8 rather than GBK.
func (d *lineDecoder) utf8Line(line []byte) bool {
	if !d.gbFirst && validUTF8Head(line) {
		return true
	}
	wide, bad := utf8Evidence(line)
	if bad == 0 {
		return wide > 0 || isASCII(string(line))
	}
	return wide > bad
}

func (d *lineDecoder) Read(p []byte) (int, error) {
	for len(d.out) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		line, err := d.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			err = nil
		}
		d.err = err
		if d.utf8Line(line) {
			d.out = line
			continue
		}
		d.dec.Reset()
		out, derr := d.dec.Bytes(line)
		if derr != nil {
			out = bytes.ToValidUTF8(line, []byte("\uFFFD"))
		}
		d.out = out
	}
	n := copy(p, d.out)
	d.out = d.out[n:]
	return n, nil
}

// sniffDelimiter chooses the delimiter of decoded text: the one for which
// most of the first records have the same number of fields, above one. A
// name ending in .tsv prefers tabs on a tie.
func sniffDelimiter(text []byte, name string) (byte, bool) {
	// Drop a last line that the head may have cut.
	if i := bytes.LastIndexByte(text, '\n'); i >= 0 && i < len(text)-1 && len(text) >= sniffLen/2 {
		text = text[:i+1]
	}
	order := csvDelimiters
	if strings.HasSuffix(strings.ToLower(name), ".tsv") {
		order = []byte{'\t', ',', ';', '|'}
	}
	best, bestScore := byte(0), 0
	for _, d := range order {
		p := newCSVParser(bytes.NewReader(text), d, 64<<10, 1024)
		counts := make(map[int]int)
		for range csvSniffLines {
			fields, _, long, err := p.read()
			if err != nil {
				break
			}
			if !long && len(fields) > 1 {
				counts[len(fields)]++
			}
		}
		score := 0
		for _, c := range counts {
			score = max(score, c)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, bestScore > 0
}

// csvRows is the rowSource of a CSV file.
type csvRows struct {
	p     *csvParser
	cells []string
}

// newCSVRows decodes r as Options.Encoding says or as its head shows,
// sniffs its delimiter and returns its records.
func newCSVRows(r io.Reader, opts Options) (*csvRows, error) {
	return newCSVRowsDelim(r, opts, 0)
}

// newCSVRowsDelim is newCSVRows with the delimiter known (0: sniff it).
func newCSVRowsDelim(r io.Reader, opts Options, delim byte) (*csvRows, error) {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("read: %w", err)
	}
	te, err := detectEncoding(head, opts.Encoding)
	if err != nil {
		return nil, err
	}
	if delim == 0 {
		delim = ','
		if text, err := decodeHead(head, opts.Encoding); err == nil {
			if d, ok := sniffDelimiter(text, opts.Name); ok {
				delim = d
			}
		}
	}
	return &csvRows{p: newCSVParser(te.reader(br), delim, maxCSVRecord, maxCSVFields)}, nil
}

// Next implements rowSource.
func (c *csvRows) Next() ([]string, string, int64, error) {
	fields, line, long, err := c.p.read()
	if err != nil {
		return nil, "", 0, err
	}
	if long {
		return nil, "", line, &rowError{
			Row:     line,
			Reason:  fmt.Sprintf("record longer than %d bytes or %d fields (an unclosed quote?)", maxCSVRecord, maxCSVFields),
			Excerpt: Excerpt(strings.Join(fields[:min(len(fields), 8)], string(c.p.comma))),
		}
	}
	if c.p.openTo > 0 {
		// A quoted field that runs to the end of the file over several
		// lines took in the records on them: reject it rather than
		// import those records as the text of one.
		return nil, "", line, &rowError{
			Row: line,
			Reason: fmt.Sprintf("a quote is never closed: lines %d to %d, the end of the file, were read as one field of this record and are not imported",
				line, c.p.openTo),
			Excerpt: Excerpt(strings.Join(fields[:min(len(fields), 8)], string(c.p.comma))),
		}
	}
	c.cells = c.cells[:0]
	for _, f := range fields {
		if !utf8.ValidString(f) {
			f = strings.ToValidUTF8(f, "\uFFFD")
		}
		c.cells = append(c.cells, f)
	}
	return c.cells, "", line, nil
}

// csvParser reads CSV records one at a time, bounded. Its quoting is
// that of encoding/csv with LazyQuotes set and FieldsPerRecord -1: a field
// starting with '"' is quoted, "" inside it is a quote, a quote followed by
// anything but the delimiter or the end of the line is kept as text;
// "\r\n" ends lines like "\n"; empty lines between records are skipped. It
// exists because encoding/csv holds a whole line or record in memory,
// however long: this parser keeps at most max bytes and maxFields fields
// of a record and reads past the rest.
type csvParser struct {
	br        *bufio.Reader
	comma     byte
	max       int
	maxFields int

	line    int64  // lines read
	buf     []byte // the record's text, at most max bytes
	ends    []int  // the end of each field in buf
	fields  []string
	long    bool // the record went over max or maxFields
	pending bool // a '\r' waits for the next byte
	// openTo is set when the record ended at the end of the input inside
	// a quoted field: the last line it took in.
	openTo int64
}

const (
	csvFieldStart = iota
	csvUnquoted
	csvQuoted
	csvQuote // a quote inside a quoted field
	csvEnd   // the record has ended
)

func newCSVParser(r io.Reader, comma byte, max, maxFields int) *csvParser {
	size := 64 << 10
	if br, ok := r.(*bytes.Reader); ok {
		// Text in memory, such as a head being sniffed: no bigger buffer
		// than the text.
		size = min(size, br.Len()+16)
	}
	return &csvParser{br: bufio.NewReaderSize(r, size), comma: comma, max: max, maxFields: maxFields}
}

// read returns the next record, the line it starts on and whether it
// went over the bounds (its fields are then cut). io.EOF at the end. The
// fields are valid until the next call.
func (p *csvParser) read() (fields []string, line int64, long bool, err error) {
	p.buf, p.ends, p.long, p.openTo = p.buf[:0], p.ends[:0], false, 0
	state := csvFieldStart
	started := false // a byte of the record has been read
	start := func() {
		if !started {
			started, line = true, p.line+1
		}
	}
	for {
		// Records end at '\n', so a chunk never holds the start of the
		// next record.
		chunk, rerr := p.br.ReadSlice('\n')
		if rerr != nil && rerr != bufio.ErrBufferFull && rerr != io.EOF {
			return nil, 0, false, rerr
		}
		for _, c := range chunk {
			if p.pending {
				p.pending = false
				if c != '\n' {
					// A '\r' not ending a line is text.
					start()
					state = p.feed(state, '\r')
				}
			}
			switch {
			case c == '\r':
				p.pending = true
				continue
			case c == '\n':
				p.line++
				if !started {
					continue // an empty line between records
				}
			default:
				start()
			}
			if state = p.feed(state, c); state == csvEnd {
				return p.finish(), line, p.long, nil
			}
		}
		if rerr == io.EOF {
			p.pending = false // a '\r' at the end of the file is dropped
			if !started {
				return nil, 0, false, io.EOF
			}
			if state == csvQuoted && p.line >= line {
				p.openTo = p.line
				if len(chunk) > 0 {
					p.openTo++ // the file does not end with a newline
				}
			}
			p.endField()
			return p.finish(), line, p.long, nil
		}
	}
}

// feed moves the parser's state by one byte of a record.
func (p *csvParser) feed(state int, c byte) int {
	switch state {
	case csvFieldStart, csvUnquoted:
		switch c {
		case p.comma:
			p.endField()
			return csvFieldStart
		case '\n':
			p.endField()
			return csvEnd
		case '"':
			if state == csvFieldStart {
				return csvQuoted
			}
		}
		p.add(c)
		return csvUnquoted
	case csvQuoted:
		if c == '"' {
			return csvQuote
		}
		p.add(c)
		return csvQuoted
	default: // csvQuote
		switch c {
		case '"':
			p.add('"')
			return csvQuoted
		case p.comma:
			p.endField()
			return csvFieldStart
		case '\n':
			p.endField()
			return csvEnd
		}
		p.add('"')
		p.add(c)
		return csvQuoted
	}
}

func (p *csvParser) add(c byte) {
	if len(p.buf) < p.max {
		p.buf = append(p.buf, c)
	} else {
		p.long = true
	}
}

func (p *csvParser) endField() {
	if len(p.ends) < p.maxFields {
		p.ends = append(p.ends, len(p.buf))
	} else {
		p.long = true
	}
}

// finish cuts the record's text into fields.
func (p *csvParser) finish() []string {
	str := string(p.buf)
	p.fields = p.fields[:0]
	prev := 0
	for _, end := range p.ends {
		p.fields = append(p.fields, str[prev:end])
		prev = end
	}
	return p.fields
}
