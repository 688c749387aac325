package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// This file reads the XML of a workbook's parts for XLSX: a small pull
// tokenizer (xlsxXML), the shared string table, and a worksheet's rows
// (xlsxSheet). Every part it reads has been through inspectXLSX's
// xmlGuard first, which bounds tokens, nesting and rows and finds where
// the XML stops being well formed; the tokenizer is only given the bytes
// before that point. The reader returns what excelize's row iterator
// (v2.11.1, rows.go) returned with RawCellValue, which the importer used
// before: the same rows, merged and numbered the same way, and the same
// cell values.

// Token kinds of xlsxXML.
const (
	xtStart = iota + 1
	xtEnd
	xtText
)

// xlsxXML is a pull tokenizer over a part the guard has checked. Names,
// attributes and text are slices of its buffer, valid until the next call
// to next. Comments and processing instructions are skipped; CDATA
// sections are text (cdata set), whose bytes are not decoded.
type xlsxXML struct {
	r   io.Reader
	buf []byte
	pos int
	end int
	eof bool
	err error // a read error, or a token that does not fit
	max int   // bound on one token, beyond the guard's

	kind      int
	name      []byte // raw name of a start or end tag
	local     []byte // its local part
	attrs     []xlsxAttr
	selfClose bool // the start tag ends with />: an end token follows
	pendEnd   bool
	text      []byte
	cdata     bool

	tbuf, rbuf []byte // string items being read: the last <t>, the runs
	hasT       bool
}

type xlsxAttr struct {
	local []byte
	value []byte // raw, as written between the quotes
}

func newXLSXXML(r io.Reader, maxToken int64) *xlsxXML {
	return &xlsxXML{r: r, buf: make([]byte, 64<<10), max: int(min(maxToken, 1<<30)) + 64}
}

// errXMLToken is a token larger than the tokenizer holds, which the guard
// would have refused: only a part changed between the two reads has one.
var errXMLToken = errors.New("XML token too large")

// fill reads more bytes, keeping buf[pos:end]; it reports whether any
// were read.
func (x *xlsxXML) fill() bool {
	if x.eof || x.err != nil {
		return false
	}
	if x.pos > 0 {
		x.end = copy(x.buf, x.buf[x.pos:x.end])
		x.pos = 0
	}
	if x.end == len(x.buf) {
		if len(x.buf) >= x.max {
			x.err = errXMLToken
			return false
		}
		nb := make([]byte, min(2*len(x.buf), x.max))
		copy(nb, x.buf[:x.end])
		x.buf = nb
	}
	for {
		n, err := x.r.Read(x.buf[x.end:])
		x.end += n
		if err == io.EOF {
			x.eof = true
		} else if err != nil {
			x.err = err
		}
		if n > 0 || x.eof || x.err != nil {
			return n > 0
		}
	}
}

// next reads the next token; false at the end of the bytes, or at what it
// cannot read (x.err says which).
func (x *xlsxXML) next() bool {
	if x.pendEnd {
		x.pendEnd, x.kind = false, xtEnd
		return true
	}
	for {
		if x.pos >= x.end && !x.fill() {
			return false
		}
		if x.buf[x.pos] != '<' {
			return x.readText()
		}
		ok, skip := x.readMarkup()
		if !ok {
			return false
		}
		if !skip {
			return true
		}
	}
}

// readText reads text up to the next '<' or the end.
func (x *xlsxXML) readText() bool {
	from := 0
	for {
		if i := bytes.IndexByte(x.buf[x.pos+from:x.end], '<'); i >= 0 {
			x.kind, x.cdata = xtText, false
			x.text = x.buf[x.pos : x.pos+from+i]
			x.pos += from + i
			return true
		}
		from = x.end - x.pos
		if !x.fill() {
			if x.err != nil {
				return false
			}
			// Text at the end of the part: encoding/xml returns it, then
			// fails (or ends outside the root).
			x.kind, x.cdata = xtText, false
			x.text = x.buf[x.pos:x.end]
			x.pos = x.end
			return true
		}
	}
}

// need makes sure n bytes from pos are buffered.
func (x *xlsxXML) need(n int) bool {
	for x.end-x.pos < n {
		if !x.fill() {
			return false
		}
	}
	return true
}

// find returns the offset from pos of sep, at or after from, reading more
// as needed; -1 when the part ends first.
func (x *xlsxXML) find(from int, sep []byte) int {
	for {
		if i := bytes.Index(x.buf[x.pos+from:x.end], sep); i >= 0 {
			return from + i
		}
		from = max(from, x.end-x.pos-len(sep)+1)
		if !x.fill() {
			return -1
		}
	}
}

// readMarkup reads markup at '<'. skip is set for a comment, a processing
// instruction or a directive.
func (x *xlsxXML) readMarkup() (ok, skip bool) {
	if !x.need(2) {
		return false, false
	}
	switch x.buf[x.pos+1] {
	case '?':
		i := x.find(2, []byte("?>"))
		if i < 0 {
			return false, false
		}
		x.pos += i + 2
		return true, true
	case '!':
		if x.need(4) && string(x.buf[x.pos:x.pos+4]) == "<!--" {
			i := x.find(4, []byte("-->"))
			if i < 0 {
				return false, false
			}
			x.pos += i + 3
			return true, true
		}
		if x.need(9) && string(x.buf[x.pos:x.pos+9]) == "<![CDATA[" {
			i := x.find(9, []byte("]]>"))
			if i < 0 {
				return false, false
			}
			x.kind, x.cdata = xtText, true
			x.text = x.buf[x.pos+9 : x.pos+i]
			x.pos += i + 3
			return true, false
		}
		// A DOCTYPE: the guard refuses parts with one.
		if x.err == nil {
			x.err = errors.New("XML directive")
		}
		return false, false
	case '/':
		i := x.find(2, []byte(">"))
		if i < 0 {
			return false, false
		}
		x.kind = xtEnd
		name := x.buf[x.pos+2 : x.pos+i]
		for len(name) > 0 && isXMLSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		x.name = name
		x.local = xmlLocal(x.name)
		x.pos += i + 1
		return true, false
	}
	return x.readStart(), false
}

// readStart reads a start tag, its attributes and whether it closes
// itself.
func (x *xlsxXML) readStart() bool {
	for {
		switch x.parseStart() {
		case startDone:
			return true
		case startOdd:
			return x.readStartSlow()
		}
		if !x.fill() {
			return false
		}
	}
}

// Results of parseStart.
const (
	startDone  = iota // the tag is read
	startShort        // the bytes buffered end inside the tag
	startOdd          // not a tag as the guard lets through: readStartSlow decides
)

// parseStart reads the start tag at pos from the bytes buffered, as
// <name (S attr S? = S? "value")* S? /?>.
func (x *xlsxXML) parseStart() int {
	b := x.buf[x.pos:x.end]
	i := 1
	for i < len(b) && !xmlDelim(b[i]) {
		i++
	}
	name := b[1:min(i, len(b))]
	x.attrs = x.attrs[:0]
	for {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return startShort
		}
		switch b[i] {
		case '>':
			x.endStart(name, false, i+1)
			return startDone
		case '/':
			if i+1 >= len(b) {
				return startShort
			}
			if b[i+1] != '>' {
				return startOdd
			}
			x.endStart(name, true, i+2)
			return startDone
		}
		start := i
		for i < len(b) && !xmlDelim(b[i]) {
			i++
		}
		attr := b[start:i]
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return startShort
		}
		if b[i] != '=' || len(attr) == 0 {
			return startOdd
		}
		i++
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return startShort
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return startOdd
		}
		end := bytes.IndexByte(b[i+1:], q)
		if end < 0 {
			return startShort
		}
		x.attrs = append(x.attrs, xlsxAttr{local: xmlLocal(attr), value: b[i+1 : i+1+end]})
		i += end + 2
	}
}

// endStart ends a start tag n bytes long.
func (x *xlsxXML) endStart(name []byte, selfClose bool, n int) {
	x.kind, x.name, x.local = xtStart, name, xmlLocal(name)
	x.selfClose, x.pendEnd = selfClose, selfClose
	x.pos += n
}

// readStartSlow reads a start tag the guard let through but parseStart
// does not follow.
func (x *xlsxXML) readStartSlow() bool {
	// Find the '>' that ends the tag, outside quoted values.
	i, quote := 1, byte(0)
	for {
		for ; x.pos+i < x.end; i++ {
			c := x.buf[x.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				goto found
			}
		}
		if !x.fill() {
			return false
		}
	}
found:
	tag := x.buf[x.pos+1 : x.pos+i]
	x.pos += i + 1
	x.selfClose = len(tag) > 0 && tag[len(tag)-1] == '/'
	if x.selfClose {
		tag = tag[:len(tag)-1]
	}
	n := 0
	for n < len(tag) && !xmlDelim(tag[n]) {
		n++
	}
	x.kind, x.name = xtStart, tag[:n]
	x.local = xmlLocal(x.name)
	x.attrs = x.attrs[:0]
	// The guard has checked the syntax: name, '=', quoted value.
	for i := n; i < len(tag); {
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		start := i
		for i < len(tag) && tag[i] != '=' && !isXMLSpace(tag[i]) {
			i++
		}
		name := tag[start:i]
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			break
		}
		end := bytes.IndexByte(tag[i+1:], tag[i])
		if end < 0 {
			break
		}
		x.attrs = append(x.attrs, xlsxAttr{local: xmlLocal(name), value: tag[i+1 : i+1+end]})
		i += end + 2
	}
	x.pendEnd = x.selfClose
	return true
}

// appendXMLText appends text as encoding/xml decodes it: "\r\n" and "\r"
// become "\n", and outside CDATA the predefined entities and character
// references are replaced.
func appendXMLText(dst, raw []byte, cdata bool) []byte {
	if bytes.IndexByte(raw, '\r') < 0 && (cdata || bytes.IndexByte(raw, '&') < 0) {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\r':
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case c == '&' && !cdata:
			semi := bytes.IndexByte(raw[i+1:min(len(raw), i+34)], ';')
			if semi < 0 {
				dst = append(dst, c)
				break
			}
			ent := raw[i+1 : i+1+semi]
			if r, ok := xmlEntity(ent); ok {
				dst = utf8.AppendRune(dst, r)
				i += semi + 1
				break
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// xmlEntity decodes the name of an entity or character reference the way
// validEntity accepts it.
func xmlEntity(ent []byte) (rune, bool) {
	switch string(ent) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "apos":
		return '\'', true
	case "quot":
		return '"', true
	}
	if !validEntity(ent) {
		return 0, false
	}
	s, base := string(ent[1:]), 10
	if strings.HasPrefix(s, "x") {
		s, base = s[1:], 16
	}
	n, _ := strconv.ParseUint(s, base, 32)
	return rune(n), true
}

// attrText decodes an attribute value.
func attrText(raw []byte) string {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw)
	}
	return string(appendXMLText(nil, raw, false))
}

// skipElement reads to the end of the element whose start tag was just
// read; false if the part ends first.
func (x *xlsxXML) skipElement() bool {
	depth := 1
	for x.next() {
		switch x.kind {
		case xtStart:
			depth++
		case xtEnd:
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// elementText appends the text directly inside the element whose start
// tag was just read, skipping nested elements, as encoding/xml decodes a
// string; false if the part ends first.
func (x *xlsxXML) elementText(dst []byte) ([]byte, bool) {
	for x.next() {
		switch x.kind {
		case xtText:
			dst = appendXMLText(dst, x.text, x.cdata)
		case xtStart:
			if !x.skipElement() {
				return dst, false
			}
		case xtEnd:
			return dst, true
		}
	}
	return dst, false
}

// typedAttrsOK reports whether encoding/xml can store the attributes of
// the start tag just read in the typed fields excelize decodes them into
// (bool, int, float), kind naming the element as in xlsxTyped.
func (x *xlsxXML) typedAttrsOK(kind string) bool {
	for _, a := range x.attrs {
		typ := xlsxTyped[kind+" "+string(a.local)]
		if typ == 0 {
			continue
		}
		v := strings.TrimSpace(attrText(a.value))
		if v == "" {
			continue
		}
		var err error
		switch typ {
		case 'b':
			_, err = strconv.ParseBool(v)
		case 'i':
			_, err = strconv.ParseInt(v, 10, 64)
		case 'u':
			_, err = strconv.ParseUint(v, 10, 32)
		case 'f':
			_, err = strconv.ParseFloat(v, 64)
		}
		if err != nil {
			return false
		}
	}
	return true
}

// xlsxTyped are the attributes excelize decodes into typed fields, by
// element ("f" a formula, "rPr" any run property, "color", "rPh",
// "phoneticPr") and local name: 'b' bool, 'i' int, 'u' uint32, 'f'
// float64. A value that does not parse fails the element.
var xlsxTyped = map[string]byte{
	"f aca": 'b', "f dt2D": 'b', "f dtr": 'b', "f del1": 'b', "f del2": 'b', "f ca": 'b', "f bx": 'b', "f si": 'i',
	"b val": 'b', "i val": 'b', "strike val": 'b', "outline val": 'b', "shadow val": 'b',
	"condense val": 'b', "extend val": 'b', "charset val": 'i', "family val": 'i', "sz val": 'f',
	"color auto": 'b', "color indexed": 'i', "color theme": 'i', "color tint": 'f',
	"rPh sb": 'u', "rPh eb": 'u', "phoneticPr fontId": 'i',
}

// readStringItem appends to dst the string item (<si> of the shared
// strings, <is> of a cell) whose start tag was just read, as excelize's
// xlsxSI.String gives it: the last <t> child, then the <t> of every <r>
// run in order (not the <rPh> phonetic runs), with _xHHHH_ escapes
// decoded. ok is false where encoding/xml would fail, with what was
// decoded until then.
func (x *xlsxXML) readStringItem(dst []byte, fresh bool) (out []byte, ok bool) {
	if fresh {
		x.tbuf, x.rbuf, x.hasT = x.tbuf[:0], x.rbuf[:0], false
	}
	defer func() {
		if !x.hasT && len(x.rbuf) == 0 {
			out = dst
			return
		}
		start := len(dst)
		out = append(append(dst, x.tbuf...), x.rbuf...)
		out = bstrUnmarshal(out, start)
	}()
	for x.next() {
		switch x.kind {
		case xtEnd:
			return nil, true
		case xtStart:
			switch string(x.local) {
			case "t":
				// Decode after the text kept: a <t> cut short leaves it.
				keep := len(x.tbuf)
				v, done := x.elementText(x.tbuf)
				if !done {
					x.tbuf = v[:keep]
					return nil, false
				}
				x.tbuf = append(v[:0], v[keep:]...)
				x.hasT = true
			case "r":
				keep := len(x.rbuf)
				var done bool
				x.rbuf, done = x.readRun(x.rbuf)
				if !done {
					x.rbuf = x.rbuf[:keep]
					return nil, false
				}
			case "rPh":
				if !x.typedAttrsOK("rPh") || !x.skipElement() {
					return nil, false
				}
			case "phoneticPr":
				if !x.typedAttrsOK("phoneticPr") || !x.skipElement() {
					return nil, false
				}
			default:
				if !x.skipElement() {
					return nil, false
				}
			}
		}
	}
	return nil, false
}

// readRun appends the text of a rich text run whose start tag was just
// read: its last <t>.
func (x *xlsxXML) readRun(dst []byte) ([]byte, bool) {
	start := len(dst)
	for x.next() {
		switch x.kind {
		case xtEnd:
			return dst, true
		case xtStart:
			switch string(x.local) {
			case "t":
				v, done := x.elementText(dst[:start])
				if !done {
					return dst[:start], false
				}
				dst = v
			case "rPr":
				if !x.readRunProps() {
					return dst[:start], false
				}
			default:
				if !x.skipElement() {
					return dst[:start], false
				}
			}
		}
	}
	return dst[:start], false
}

// readRunProps checks the run properties whose start tag was just read.
func (x *xlsxXML) readRunProps() bool {
	for x.next() {
		switch x.kind {
		case xtEnd:
			return true
		case xtStart:
			if !x.typedAttrsOK(string(x.local)) || !x.skipElement() {
				return false
			}
		}
	}
	return false
}

// bstrUnmarshal decodes, in b[from:], the _xHHHH_ escapes Office writes
// for characters XML cannot hold, as excelize does: "_x005F_" is "_", an
// escape of a surrogate is dropped. The decoded text is never longer.
func bstrUnmarshal(b []byte, from int) []byte {
	if bytes.Index(b[from:], []byte("_x")) < 0 {
		return b
	}
	w := from
	for i := from; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' && isHex4(b[i+2:i+6]) {
			n, _ := strconv.ParseUint(string(b[i+2:i+6]), 16, 32)
			var enc [4]byte
			k := 0
			switch {
			case n == 0x5F:
				enc[0], k = '_', 1
			case utf8.ValidRune(rune(n)):
				k = utf8.EncodeRune(enc[:], rune(n))
			}
			// k <= 3 < 7: writing never overtakes reading.
			w += copy(b[w:], enc[:k])
			i += 7
			continue
		}
		b[w] = b[i]
		w++
		i++
	}
	return b[:w]
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// sharedStrings is the shared string table, held in memory: the text of
// every item end to end, and where each ends.
type sharedStrings struct {
	text string
	ends []uint32
}

func (t *sharedStrings) get(i int) (string, bool) {
	if t == nil || i < 0 || i >= len(t.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.text[start:t.ends[i]], true
}

// readSharedStrings reads every <si> of a shared string part (also nested
// in other elements, as excelize's streamed reading does; an <si> inside
// an <si> is part of it). The text held, plus 16 bytes an item, is bounded
// by budget.
func readSharedStrings(ctx context.Context, x *xlsxXML, budget int64) (*sharedStrings, error) {
	var sb strings.Builder
	t := &sharedStrings{}
	var scratch []byte
	held := int64(0)
	for x.next() {
		if x.kind != xtStart || string(x.local) != "si" {
			continue
		}
		scratch = scratch[:0]
		if x.selfClose {
			x.next()
		} else {
			scratch, _ = x.readStringItem(scratch, true)
		}
		if len(t.ends)&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		held += int64(len(scratch)) + 16
		if held > budget || int64(sb.Len())+int64(len(scratch)) > math32 {
			return nil, &limitError{What: "shared strings held in memory", Limit: byteSize(budget)}
		}
		sb.Write(scratch)
		t.ends = append(t.ends, uint32(sb.Len()))
	}
	if x.err != nil && !errors.Is(x.err, errXMLToken) {
		return nil, x.err
	}
	t.text = sb.String()
	return t, nil
}

const math32 = 1<<32 - 1

// xlsxSheet replays excelize's Rows.Next and Rows.Columns over a
// worksheet's XML.
type xlsxSheet struct {
	x   *xlsxXML
	sst *sharedStrings
	err error // ErrMaxRows: the sheet ends

	curRow, seekRow int
	// A <row> start tag already read (Rows.token), and what its r
	// attribute gave.
	pending    bool
	pendNum    int
	pendNumErr error

	// The row being read: cells as excelize's Columns would return them,
	// up to maxColumns of them; width is the length excelize's slice
	// would have.
	cells   []string
	width   int
	text    []byte // the values of the row's cells, end to end
	spans   []int  // where each cell of cells ends in text, -1 for a shared string
	vbuf    [2][]byte
	ref     []byte
	scratch []byte
}

// rowNumber is excelize's attrValToInt("r", ...) on the start tag just
// read: the last r wins, the first that fails ends it with 0.
func (s *xlsxSheet) rowNumber() (int, error) {
	n := 0
	for _, a := range s.x.attrs {
		if string(a.local) != "r" {
			continue
		}
		var err error
		s.scratch = appendAttr(s.scratch[:0], a.value)
		n, err = atoiBytes(s.scratch)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// next is Rows.Next.
func (s *xlsxSheet) next() bool {
	if s.err != nil {
		return false
	}
	s.seekRow++
	if s.curRow >= s.seekRow {
		return true
	}
	for s.x.next() {
		switch s.x.kind {
		case xtStart:
			if string(s.x.local) != "row" {
				continue
			}
			s.curRow++
			n, err := s.rowNumber()
			if n > excelize.TotalRows {
				s.err = excelize.ErrMaxRows
				return false
			}
			if n != 0 {
				s.curRow = n
			}
			s.pending, s.pendNum, s.pendNumErr = true, n, err
			return true
		case xtEnd:
			if string(s.x.local) == "sheetData" {
				return false
			}
		}
	}
	return false
}

// columns is Rows.Columns with RawCellValue; the row is in s.cells (the
// first maxColumns cells) and s.width.
func (s *xlsxSheet) columns() error {
	s.cells, s.width, s.text, s.spans = s.cells[:0], 0, s.text[:0], s.spans[:0]
	if s.curRow > s.seekRow {
		return nil
	}
	cellCol := 0
	var err error
	for {
		isRow := false
		var n int
		var nErr error
		if s.pending {
			isRow, n, nErr = true, s.pendNum, s.pendNumErr
		} else {
			if !s.x.next() {
				break
			}
			switch s.x.kind {
			case xtStart:
				switch string(s.x.local) {
				case "row":
					isRow = true
					n, nErr = s.rowNumber()
				case "c":
					var stop bool
					if cellCol, stop, err = s.cell(cellCol); stop {
						s.finish()
						return err
					}
				}
			case xtEnd:
				if string(s.x.local) == "sheetData" {
					s.finish()
					return err
				}
			}
		}
		if !isRow {
			continue
		}
		err = nErr
		if n > excelize.TotalRows {
			s.err, s.pending = excelize.ErrMaxRows, false
			s.finish()
			return s.err
		}
		if n != 0 {
			s.curRow = n
		} else if !s.pending {
			s.curRow++
		}
		s.pending = false
		if s.curRow > s.seekRow || err != nil {
			s.finish()
			return err
		}
	}
	s.finish()
	return err
}

// cell reads a <c> whose start tag was just read, as excelize's
// rowXMLHandler does: stop is set when the row ends here with err.
func (s *xlsxSheet) cell(cellCol int) (col int, stop bool, err error) {
	cellCol++
	x := s.x
	ref := s.ref[:0]
	hasRef := false
	typ := cellNumber
	attrFail := false
	for _, a := range x.attrs {
		switch string(a.local) {
		case "r":
			ref, hasRef = appendAttr(ref[:0], a.value), true
		case "s":
			attrFail = !isInt64(appendAttr(s.scratch[:0], a.value))
		case "t":
			typ = cellType(a.value)
		}
		if attrFail {
			break
		}
	}
	s.ref = ref
	start := len(s.text)
	var v []byte
	hasV, hasF, hasIS := false, false, false
	if !attrFail {
		v, hasV, hasF, hasIS = s.cellContent(typ == cellInline)
	}
	if hasRef && len(ref) > 0 {
		if cellCol, err = cellColumn(ref); err != nil {
			s.text = s.text[:start]
			return cellCol, true, err
		}
	}
	blank := cellCol - s.width
	shared, val := false, ""
	switch {
	case typ == cellShared:
		if hasV && len(v) > 0 {
			i, _ := atoiBytes(bytes.TrimSpace(v))
			val, _ = s.sst.get(i)
			shared = true
		}
	case typ == cellInline && hasIS:
		// cellContent appended the inline string to s.text.
	default:
		s.text = append(s.text, v...)
	}
	if val == "" && len(s.text) == start && !hasF {
		return cellCol, false, nil
	}
	for i := 1; i < blank; i++ {
		s.add("", start)
	}
	if shared {
		s.add(val, -1)
	} else {
		s.add("", len(s.text))
	}
	return cellCol, false, nil
}

// Cell types (the t attribute) the reader tells apart.
const (
	cellNumber = iota // and every other type: the value as written
	cellShared
	cellInline
)

func cellType(t []byte) int {
	switch string(t) {
	case "s":
		return cellShared
	case "inlineStr":
		return cellInline
	}
	if bytes.IndexByte(t, '&') >= 0 || bytes.IndexByte(t, '\r') >= 0 {
		return cellType(appendAttr(nil, t))
	}
	return cellNumber
}

// appendAttr appends a decoded attribute value.
func appendAttr(dst, raw []byte) []byte {
	return appendXMLText(dst, raw, false)
}

// add appends a cell: end is where its value ends in s.text, -1 for val
// (a shared string).
func (s *xlsxSheet) add(val string, end int) {
	s.width++
	if len(s.cells) > maxColumns {
		return
	}
	s.cells = append(s.cells, val)
	s.spans = append(s.spans, end)
}

// finish makes the cells' strings: one string for the row's text, cut.
func (s *xlsxSheet) finish() {
	all := ""
	if len(s.text) > 0 {
		all = string(s.text)
	}
	prev := 0
	for i, end := range s.spans {
		if end < 0 {
			continue
		}
		s.cells[i] = all[prev:end]
		prev = end
	}
}

// cellContent reads the children of a <c> to its end, as excelize's
// cellXMLHandler does: the text of its last <v>, whether it has an <f>
// and an <is>. The inline string is appended to s.text if inline. It
// stops early where encoding/xml fails to decode a child, leaving the
// rest of the cell to the row.
func (s *xlsxSheet) cellContent(inline bool) (v []byte, hasV, hasF, hasIS bool) {
	x := s.x
	if x.selfClose {
		x.next()
		return
	}
	isStart := len(s.text)
	depth := 0
	for x.next() {
		switch x.kind {
		case xtStart:
			switch string(x.local) {
			case "v":
				// Decode into the buffer v does not use: a <v> cut short
				// leaves the one before.
				s.vbuf[0], s.vbuf[1] = s.vbuf[1], s.vbuf[0]
				text, ok := x.elementText(s.vbuf[0][:0])
				s.vbuf[0] = text
				if !ok {
					return
				}
				v, hasV = text, true
			case "f":
				hasF = true
				if !x.typedAttrsOK("f") || !x.skipElement() {
					return
				}
			case "is":
				// A later <is> is decoded into the same item, as
				// encoding/xml does: its <t> replaces, its runs add.
				// excelize decodes it whatever the cell's type.
				fresh := !hasIS
				hasIS = true
				var ok bool
				s.text, ok = x.readStringItem(s.text[:isStart], fresh)
				if !inline {
					s.text = s.text[:isStart]
				}
				if !ok {
					return
				}
			default:
				if !x.selfClose {
					depth++
				} else {
					x.next()
				}
			}
		case xtEnd:
			if depth == 0 {
				return
			}
			depth--
		}
	}
	return
}

// cellColumn is the column of a cell reference, as
// excelize.CellNameToCoordinates reads it.
func cellColumn(ref []byte) (int, error) {
	// The common case, "AB12": up to three capitals and a row number
	// without a leading zero.
	i, col := 0, 0
	for i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i > 0 && i < len(ref) && len(ref)-i <= 7 && ref[i] != '0' && col <= excelize.MaxColumns {
		row := 0
		j := i
		for ; j < len(ref) && '0' <= ref[j] && ref[j] <= '9'; j++ {
			row = row*10 + int(ref[j]-'0')
		}
		if j == len(ref) && row <= excelize.TotalRows {
			return col, nil
		}
	}
	col, _, err := excelize.CellNameToCoordinates(string(ref))
	return col, err
}
