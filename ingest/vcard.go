package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/leaktrail/leaktrail"
)

// VCard imports address books exported as vCard 2.1, 3.0 or 4.0 (.vcf):
// Android contacts exports (2.1, quoted-printable UTF-8 with soft line
// breaks), iPhone exports (3.0, grouped item1.TEL with item1.X-ABLabel) and
// RFC 6350 cards (tel: URIs).
//
// Every TEL line is one record: a Contact carrying the card's name and
// organisation, or a Reject. A card without TEL yields nothing. The number
// is kept as written (a tel: prefix removed); normalization happens later.
//
// The name is FN; else N, family name first without a space when it holds
// CJK characters ("张三"), given name first with spaces otherwise ("Max
// Mustermann"); else NICKNAME; else ORG, which is what phones display for
// such cards.
//
// The label is, in order of preference, the X-ABLabel of the TEL's group
// ("_$!<Other>!$_" shortened to "Other"), an Android X-CUSTOM(...) label,
// or the TYPE parameters upper-cased and joined with commas, without PREF,
// and without VOICE when another type is given ("CELL", "HOME,FAX").
//
// A card cut short, by the end of the file or by the next BEGIN:VCARD,
// still yields its TEL lines: each is a complete line. Only a TEL line that
// the end of the file cuts in the middle (no END:VCARD and no final
// newline) is rejected, since its number may be incomplete.
//
// Lines are bounded at 1 MiB. PHOTO, LOGO, SOUND and KEY values are skipped
// however long they are; any other line over the bound is rejected.
type VCard struct{}

const (
	// vcardMaxLine bounds a physical and a logical (unfolded) line.
	vcardMaxLine = 1 << 20
	// vcardMaxPending bounds the records of one card held back until its
	// END:VCARD; past it they are handed on with the name known so far.
	vcardMaxPending = 4096
	// vcardCtxEvery is how many lines are read between checks of ctx.
	vcardCtxEvery = 4096
	// vcardMaxTypes bounds the types a label is made of.
	vcardMaxTypes = 8
	// vcardMaxLabels bounds the X-ABLabel groups remembered for one card.
	vcardMaxLabels = 4096
)

var vcardBOM = []byte("\xEF\xBB\xBF")

// Format implements Importer.
func (VCard) Format() string { return "vcard" }

// Sniff reports whether head starts, after an optional byte order mark and
// blank lines, with BEGIN:VCARD in any case.
func (VCard) Sniff(head []byte, _ string) bool {
	head = bytes.TrimPrefix(head, vcardBOM)
	head = bytes.TrimLeft(head, " \t\r\n")
	const tag = "BEGIN:VCARD"
	if len(head) < len(tag) || !bytes.EqualFold(head[:len(tag)], []byte(tag)) {
		return false
	}
	rest := head[len(tag):]
	return len(rest) == 0 || bytes.IndexByte([]byte(" \t\r\n"), rest[0]) >= 0
}

// Import implements Importer.
func (VCard) Import(ctx context.Context, r io.Reader, _ Options, sink Sink) error {
	p := &vcardParser{lr: newVCardLineReader(ctx, r), sink: sink}
	return p.run(ctx)
}

// vcardLine is one physical line of a vCard file.
type vcardLine struct {
	text []byte // without the line terminator, at most vcardMaxLine bytes
	num  int64  // line number, from 1
	off  int64  // byte offset of the line start
	long bool   // the line was longer than vcardMaxLine and text is its start
	eol  bool   // the line ended with '\n'; false only for a last line
}

// vcardLineReader reads physical lines with one line of lookahead, never
// holding more than vcardMaxLine bytes of a line.
type vcardLineReader struct {
	ctx    context.Context
	br     *bufio.Reader
	buf    []byte
	num    int64
	off    int64
	peeked bool
	line   vcardLine
	err    error
}

func newVCardLineReader(ctx context.Context, r io.Reader) *vcardLineReader {
	return &vcardLineReader{ctx: ctx, br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line, or io.EOF. The line's text is valid until
// the following call to next or peek.
func (lr *vcardLineReader) next() (vcardLine, error) {
	if lr.peeked {
		lr.peeked = false
		return lr.line, lr.err
	}
	return lr.read()
}

// peek returns the line the next call to next will return. Its text
// replaces the text of the line returned before.
func (lr *vcardLineReader) peek() (vcardLine, error) {
	if !lr.peeked {
		lr.line, lr.err = lr.read()
		lr.peeked = true
	}
	return lr.line, lr.err
}

// read reads one line ended by "\n" or "\r\n", or the last line of the
// input, checking ctx every vcardCtxEvery lines.
func (lr *vcardLineReader) read() (vcardLine, error) {
	if lr.num%vcardCtxEvery == 0 {
		if err := lr.ctx.Err(); err != nil {
			return vcardLine{}, err
		}
	}
	lr.buf = lr.buf[:0]
	var n int
	var tail [2]byte // the last two bytes read
	for {
		frag, err := lr.br.ReadSlice('\n')
		n += len(frag)
		if room := vcardMaxLine + 2 - len(lr.buf); room > 0 {
			lr.buf = append(lr.buf, frag[:min(room, len(frag))]...)
		}
		switch len(frag) {
		case 0:
		case 1:
			tail = [2]byte{tail[1], frag[0]}
		default:
			tail = [2]byte{frag[len(frag)-2], frag[len(frag)-1]}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && n == 0 {
			return vcardLine{}, io.EOF
		}
		if err != nil && err != io.EOF {
			return vcardLine{}, err
		}
		break
	}
	size := n
	eol := tail[1] == '\n'
	if eol {
		size--
		if n >= 2 && tail[0] == '\r' {
			size--
		}
	} else if tail[1] == '\r' {
		size--
	}
	ln := vcardLine{
		text: lr.buf[:min(size, vcardMaxLine)],
		num:  lr.num + 1,
		off:  lr.off,
		long: size > vcardMaxLine,
		eol:  eol,
	}
	lr.num++
	lr.off += int64(n)
	return ln, nil
}

// vcardParam is one parameter of a property. The name is upper-cased and
// empty for a bare vCard 2.1 type such as CELL; the value has its quotes
// removed.
type vcardParam struct {
	name, value string
}

// vcardProp is one logical (unfolded) line inside a card.
type vcardProp struct {
	group  string // upper-cased, "" when ungrouped
	name   string // upper-cased
	params []vcardParam
	value  []byte // raw, before any decoding
	ok     bool   // the line had a ':'
	num    int64
	off    int64
	long   bool // over vcardMaxLine: Value is incomplete
	cut    bool // the file ended inside the line
}

// vcardRecord is one TEL line of a card waiting for the card's name.
type vcardRecord struct {
	contact  leaktrail.Contact
	group    string
	reject   leaktrail.Reject
	isReject bool
}

// vcardCard collects what a card says until its END:VCARD.
type vcardCard struct {
	version  string
	fn       string
	n        string
	nickname string
	org      string
	labels   map[string]string // X-ABLabel by group
	recs     []vcardRecord
}

// name is what the phone displays for the card.
func (c *vcardCard) name() string {
	for _, s := range []string{c.fn, c.n, c.nickname, c.org} {
		if s != "" {
			return s
		}
	}
	return ""
}

// v21 reports whether the card declared VERSION:2.1, whose folding keeps
// the white space and whose values know fewer escapes.
func (c *vcardCard) v21() bool { return c.version == "2.1" }

// vcardParser turns lines into cards and cards into records.
type vcardParser struct {
	lr      *vcardLineReader
	sink    Sink
	card    *vcardCard
	logical []byte            // the current unfolded line
	contact leaktrail.Contact // reused for every contact handed on
}

// run reads the whole input.
func (p *vcardParser) run(ctx context.Context) error {
	for {
		ln, err := p.lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.readErr(ctx, err)
		}
		if err := p.line(ctx, ln); err != nil {
			return err
		}
	}
	return p.flush(true)
}

// readErr reports a failed read: the context's error as is, any other
// with the line it happened on.
func (p *vcardParser) readErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("read line %d: %w", p.lr.num+1, err)
}

// line handles one physical line met outside a property's continuation.
func (p *vcardParser) line(ctx context.Context, ln vcardLine) error {
	text := ln.text
	if ln.num == 1 {
		text = bytes.TrimPrefix(text, vcardBOM)
	}
	switch {
	case len(bytes.TrimSpace(text)) == 0:
		return nil
	case isVCardTag(text, "BEGIN:VCARD"):
		if err := p.flush(true); err != nil {
			return err
		}
		p.card = &vcardCard{}
		return nil
	case p.card == nil:
		rj := leaktrail.Reject{
			Locator: leaktrail.Locator{Line: ln.num, Offset: ln.off},
			Reason:  "line outside BEGIN:VCARD/END:VCARD",
			Excerpt: Excerpt(string(text)),
		}
		return p.sink.Reject(&rj)
	case isVCardTag(text, "END:VCARD"):
		return p.flush(true)
	}
	prop, err := p.readProperty(ln)
	if err != nil {
		return p.readErr(ctx, err)
	}
	p.property(prop)
	if len(p.card.recs) >= vcardMaxPending {
		return p.flush(false)
	}
	return nil
}

// isVCardTag reports whether a line is BEGIN:VCARD or END:VCARD (tag), in
// any case and with surrounding blanks.
func isVCardTag(text []byte, tag string) bool {
	return bytes.EqualFold(bytes.TrimSpace(text), []byte(tag))
}

// flush hands the open card's records to the sink. With end set the card
// is closed; otherwise its later records are held back as before.
func (p *vcardParser) flush(end bool) error {
	c := p.card
	if c == nil {
		return nil
	}
	if end {
		p.card = nil
	}
	name := c.name()
	for i := range c.recs {
		rec := &c.recs[i]
		if rec.isReject {
			if err := p.sink.Reject(&rec.reject); err != nil {
				return err
			}
			continue
		}
		p.contact = rec.contact
		p.contact.Name, p.contact.Org = name, c.org
		if l, ok := c.labels[rec.group]; ok && rec.group != "" {
			p.contact.Label = l
		}
		if err := p.sink.Contact(&p.contact); err != nil {
			return err
		}
	}
	c.recs = c.recs[:0]
	return nil
}

// readProperty unfolds the logical line that starts with first, consuming
// its continuation lines: folded lines (starting with a space or tab),
// quoted-printable soft line breaks (a line ending in '='), and unindented
// base64 lines after a base64 value. PHOTO-like values are consumed but not
// kept.
func (p *vcardParser) readProperty(first vcardLine) (vcardProp, error) {
	p.logical = append(p.logical[:0], first.text...)
	prop := vcardProp{num: first.num, off: first.off, long: first.long, cut: !first.eol}
	hdr := parseVCardProp(p.logical)
	enc := hdr.encoding()
	qp := enc == "QUOTED-PRINTABLE"
	b64 := enc == "B" || enc == "BASE64"
	skip := isVCardBinary(hdr.name)
	soft := false
	if qp {
		p.logical, soft = vcardTrimSoftBreak(p.logical)
	}
	changed := soft // whether p.logical differs from what hdr was parsed from
	for {
		nx, err := p.lr.peek()
		if err == io.EOF {
			break
		}
		if err != nil {
			return prop, err
		}
		var piece []byte
		isSoft := false
		switch {
		case soft && !isVCardTag(nx.text, "END:VCARD") && !isVCardTag(nx.text, "BEGIN:VCARD"):
			piece, isSoft = vcardTrimSoftBreak(nx.text)
		case len(nx.text) > 0 && (nx.text[0] == ' ' || nx.text[0] == '\t'):
			piece = nx.text
			if !p.card.v21() {
				piece = piece[1:]
			}
			if qp {
				piece, isSoft = vcardTrimSoftBreak(piece)
			}
		case b64 && vcardBase64Line(nx.text):
			piece = nx.text
		default:
			return p.finishProperty(hdr, prop, changed), nil
		}
		if _, err := p.lr.next(); err != nil {
			return prop, err
		}
		soft = isSoft
		prop.cut = !nx.eol
		if skip {
			continue
		}
		if prop.long || nx.long || len(p.logical)+len(piece) > vcardMaxLine {
			prop.long = true
			continue
		}
		p.logical = append(p.logical, piece...)
		changed = true
	}
	return p.finishProperty(hdr, prop, changed), nil
}

// finishProperty returns hdr, the first line parsed, or when the line
// changed since, the unfolded line parsed, with the position of prop.
func (p *vcardParser) finishProperty(hdr, prop vcardProp, changed bool) vcardProp {
	if changed {
		hdr = parseVCardProp(p.logical)
	}
	hdr.num, hdr.off, hdr.long, hdr.cut = prop.num, prop.off, prop.long, prop.cut
	return hdr
}

// vcardTrimSoftBreak removes a quoted-printable soft line break, a final
// '=' possibly followed by blanks, and reports whether there was one.
func vcardTrimSoftBreak(b []byte) ([]byte, bool) {
	t := bytes.TrimRight(b, " \t")
	if len(t) > 0 && t[len(t)-1] == '=' {
		return t[:len(t)-1], true
	}
	return b, false
}

// vcardBase64Line reports whether a line holds only base64 characters, as the
// unindented continuation lines of some vCard 2.1 PHOTO values do. A
// property line never does: it has a ':'.
func vcardBase64Line(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '+', c == '/', c == '=':
		default:
			return false
		}
	}
	return true
}

// isVCardBinary reports whether a property holds binary data that leaktrail
// never keeps.
func isVCardBinary(name string) bool {
	switch name {
	case "PHOTO", "LOGO", "SOUND", "KEY":
		return true
	}
	return false
}

// parseVCardProp splits "group.NAME;param=value;BARE:value".
func parseVCardProp(line []byte) vcardProp {
	var prop vcardProp
	colon := vcardHeaderEnd(line)
	if colon < 0 {
		return prop
	}
	prop.ok = true
	prop.value = line[colon+1:]
	fields := vcardSplitParams(string(line[:colon]))
	name := strings.TrimSpace(fields[0])
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		prop.group = strings.ToUpper(name[:i])
		name = name[i+1:]
	}
	prop.name = strings.ToUpper(name)
	if len(fields) > 1 {
		prop.params = make([]vcardParam, 0, len(fields)-1)
	}
	for _, f := range fields[1:] {
		if pr, ok := parseVCardParam(f); ok {
			prop.params = append(prop.params, pr)
		}
	}
	return prop
}

// vcardHeaderEnd returns the index of the ':' ending the name and
// parameters: the first one outside double quotes and parentheses, else the
// first one.
func vcardHeaderEnd(line []byte) int {
	quoted, depth := false, 0
	for i, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == ':' && depth == 0:
			return i
		}
	}
	return bytes.IndexByte(line, ':')
}

// vcardSplitParams splits a header at the semicolons outside double quotes
// and parentheses.
func vcardSplitParams(h string) []string {
	fields := make([]string, 0, strings.Count(h, ";")+1)
	quoted, depth, start := false, 0, 0
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == ';' && depth == 0:
			fields = append(fields, h[start:i])
			start = i + 1
		}
	}
	return append(fields, h[start:])
}

// parseVCardParam parses "NAME=value", a bare 2.1 type or encoding
// ("CELL", "QUOTED-PRINTABLE"), or Android's "X-CUSTOM(CHARSET=UTF-8,
// ENCODING=QUOTED-PRINTABLE,label)".
func parseVCardParam(f string) (vcardParam, bool) {
	f = strings.TrimSpace(f)
	if f == "" {
		return vcardParam{}, false
	}
	const custom = "X-CUSTOM("
	if len(f) > len(custom) && strings.EqualFold(f[:len(custom)], custom) && f[len(f)-1] == ')' {
		return vcardParam{name: "X-CUSTOM", value: f[len(custom) : len(f)-1]}, true
	}
	name, value, ok := strings.Cut(f, "=")
	if !ok {
		switch strings.ToUpper(f) {
		case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT":
			return vcardParam{name: "ENCODING", value: f}, true
		}
		return vcardParam{value: f}, true
	}
	value = strings.TrimSpace(value)
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	return vcardParam{name: strings.ToUpper(strings.TrimSpace(name)), value: value}, true
}

// param returns the value of the first parameter called name.
func (p vcardProp) param(name string) string {
	for _, pr := range p.params {
		if pr.name == name {
			return pr.value
		}
	}
	return ""
}

// encoding returns the ENCODING parameter upper-cased.
func (p vcardProp) encoding() string {
	return strings.ToUpper(strings.TrimSpace(p.param("ENCODING")))
}

// text decodes the value: transfer encoding, then charset, to valid UTF-8.
func (p vcardProp) text() (string, error) {
	return decodeVCardValue(p.value, p.encoding(), p.param("CHARSET"))
}

// property records what one property of the open card says.
func (p *vcardParser) property(prop vcardProp) {
	c := p.card
	switch {
	case !prop.ok:
		p.reject(prop, "line without ':' inside a card")
		return
	case prop.long && !isVCardBinary(prop.name):
		p.reject(prop, fmt.Sprintf("%s line longer than %d bytes", prop.name, vcardMaxLine))
		return
	}
	switch prop.name {
	case "VERSION":
		c.version = strings.TrimSpace(string(prop.value))
	case "TEL":
		p.tel(prop)
	case "FN":
		if c.fn == "" {
			c.fn = p.textValue(prop)
		}
	case "N":
		if c.n == "" {
			c.n = p.structuredName(prop)
		}
	case "NICKNAME":
		if c.nickname == "" {
			if s, err := prop.text(); err == nil {
				c.nickname = cleanVCardText(unescapeVCard(vcardSplitEscaped(s, ',')[0], c.v21()))
			}
		}
	case "ORG":
		if c.org == "" {
			c.org = p.joinedValue(prop)
		}
	case "X-ABLABEL":
		l := vcardAppleLabel(p.textValue(prop))
		if l == "" || prop.group == "" || len(c.labels) >= vcardMaxLabels {
			break
		}
		if c.labels == nil {
			c.labels = make(map[string]string)
		}
		c.labels[prop.group] = l
	}
}

// reject holds a rejected line of the open card back with its records.
func (p *vcardParser) reject(prop vcardProp, reason string) {
	p.card.recs = append(p.card.recs, vcardRecord{
		isReject: true,
		reject: leaktrail.Reject{
			Locator: leaktrail.Locator{Line: prop.num, Offset: prop.off},
			Reason:  reason,
			Excerpt: Excerpt(string(p.logical)),
		},
	})
}

// tel records one TEL line as a contact or a reject.
func (p *vcardParser) tel(prop vcardProp) {
	if prop.cut {
		p.reject(prop, "TEL line cut off by the end of the file")
		return
	}
	s, err := prop.text()
	if err != nil {
		p.reject(prop, "TEL value is not valid base64")
		return
	}
	s = strings.TrimSpace(s)
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = strings.TrimSpace(s[4:])
	}
	if s == "" {
		p.reject(prop, "empty TEL value")
		return
	}
	p.card.recs = append(p.card.recs, vcardRecord{
		group: prop.group,
		contact: leaktrail.Contact{
			NumberRaw: s,
			Label:     vcardTelLabel(prop),
			Locator:   leaktrail.Locator{Line: prop.num, Offset: prop.off},
		},
	})
}

// textValue decodes a single text value such as FN; "" when undecodable.
func (p *vcardParser) textValue(prop vcardProp) string {
	s, err := prop.text()
	if err != nil {
		return ""
	}
	return cleanVCardText(unescapeVCard(s, p.card.v21()))
}

// joinedValue decodes a structured value such as ORG and joins its
// non-empty components with spaces.
func (p *vcardParser) joinedValue(prop vcardProp) string {
	s, err := prop.text()
	if err != nil {
		return ""
	}
	var parts []string
	for _, f := range vcardSplitEscaped(s, ';') {
		if f = cleanVCardText(unescapeVCard(f, p.card.v21())); f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}

// structuredName builds a display name from N (family;given;middle;prefix;
// suffix): "张三" when CJK, "Max Mustermann" otherwise.
func (p *vcardParser) structuredName(prop vcardProp) string {
	s, err := prop.text()
	if err != nil {
		return ""
	}
	f := vcardSplitEscaped(s, ';')
	var family, given, middle string
	for i, dst := range []*string{&family, &given, &middle} {
		if i < len(f) {
			*dst = cleanVCardText(unescapeVCard(f[i], p.card.v21()))
		}
	}
	if vcardHasCJK(family + given + middle) {
		return family + given + middle
	}
	var parts []string
	for _, s := range []string{given, middle, family} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// vcardHasCJK reports whether s holds Chinese, Japanese or Korean script.
func vcardHasCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}

// vcardTelLabel names the kind of number from an Android X-CUSTOM label or the
// TYPE parameters.
func vcardTelLabel(prop vcardProp) string {
	var types []string
	for _, pr := range prop.params {
		switch pr.name {
		case "X-CUSTOM":
			if l := vcardCustomLabel(pr.value); l != "" {
				return l
			}
		case "TYPE", "":
			for _, t := range strings.Split(pr.value, ",") {
				t = strings.ToUpper(cleanVCardText(t))
				if t != "" && t != "PREF" && len(types) < vcardMaxTypes && !slices.Contains(types, t) {
					types = append(types, t)
				}
			}
		}
	}
	if len(types) > 1 {
		if i := slices.Index(types, "VOICE"); i >= 0 {
			types = append(types[:i], types[i+1:]...)
		}
	}
	return strings.Join(types, ",")
}

// vcardCustomLabel decodes the inside of Android's X-CUSTOM(CHARSET=UTF-8,
// ENCODING=QUOTED-PRINTABLE,=E8=80=81=E5=AE=B6).
func vcardCustomLabel(inner string) string {
	var enc, charset string
	var rest []string
	for _, f := range strings.Split(inner, ",") {
		k, v, _ := strings.Cut(f, "=")
		switch strings.ToUpper(strings.TrimSpace(k)) {
		case "CHARSET":
			charset = v
			continue
		case "ENCODING":
			enc = strings.ToUpper(strings.TrimSpace(v))
			continue
		}
		rest = append(rest, f)
	}
	s, err := decodeVCardValue([]byte(strings.Join(rest, ",")), enc, charset)
	if err != nil {
		return ""
	}
	return cleanVCardText(s)
}

// vcardAppleLabel shortens Apple's built-in labels: "_$!<Mobile>!$_" ->
// "Mobile".
func vcardAppleLabel(s string) string {
	if strings.HasPrefix(s, "_$!<") && strings.HasSuffix(s, ">!$_") && len(s) >= 8 {
		return s[4 : len(s)-4]
	}
	return s
}

// decodeVCardValue undoes the transfer encoding (QUOTED-PRINTABLE, B or
// BASE64) and converts charset to UTF-8. It fails only on bad base64.
func decodeVCardValue(raw []byte, enc, charset string) (string, error) {
	b := raw
	switch enc {
	case "QUOTED-PRINTABLE":
		b = vcardDecodeQP(raw)
	case "B", "BASE64":
		var err error
		if b, err = vcardDecodeBase64(raw); err != nil {
			return "", err
		}
	}
	return vcardToUTF8(b, charset, enc == "QUOTED-PRINTABLE"), nil
}

// vcardDecodeQP decodes quoted-printable leniently: "=XX" in either case is
// a byte, "=" before a line end (or at the very end) is a soft line break,
// and any other "=" stands for itself.
func vcardDecodeQP(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(s) && vcardIsHex(s[i+1]) && vcardIsHex(s[i+2]) {
			out = append(out, vcardUnhex(s[i+1])<<4|vcardUnhex(s[i+2]))
			i += 2
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		switch {
		case j == len(s):
			i = j - 1
		case s[j] == '\n':
			i = j
		case s[j] == '\r' && j+1 < len(s) && s[j+1] == '\n':
			i = j + 1
		default:
			out = append(out, '=')
		}
	}
	return out
}

func vcardIsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func vcardUnhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// vcardDecodeBase64 decodes padded or unpadded standard base64, ignoring
// blanks.
func vcardDecodeBase64(b []byte) ([]byte, error) {
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, string(b))
	if out, err := base64.StdEncoding.DecodeString(clean); err == nil {
		return out, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
}

// vcardToUTF8 converts b from charset (any WHATWG label: GBK, GB2312, GB18030,
// BIG5, ISO-8859-1, windows-1252 ...) to valid UTF-8. Without a known
// charset b is taken as UTF-8; when it is not, and latin1 is set (the
// value was quoted-printable), as windows-1252. Whatever remains invalid
// becomes U+FFFD.
func vcardToUTF8(b []byte, charset string, latin1 bool) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs == "utf-8" || cs == "utf8" {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	enc, err := htmlindex.Get(cs)
	if err != nil {
		if utf8.Valid(b) || !latin1 {
			return strings.ToValidUTF8(string(b), "\uFFFD")
		}
		enc, _ = htmlindex.Get("windows-1252")
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		out = b
	}
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

// vcardSplitEscaped splits s at each sep not escaped by a backslash. The parts
// keep their escapes.
func vcardSplitEscaped(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unescapeVCard undoes backslash escapes: \n \N \, \; \: \\ in 3.0 and
// 4.0; only \; and \\ in 2.1. Other backslashes stay.
func unescapeVCard(s string, v21 bool) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; {
		case c == ';' || c == '\\':
			b.WriteByte(c)
		case v21:
			b.WriteByte('\\')
			continue
		case c == 'n' || c == 'N':
			b.WriteByte('\n')
		case c == ',' || c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('\\')
			continue
		}
		i++
	}
	return b.String()
}

// cleanVCardText turns control characters (line breaks, tabs) into spaces
// and trims the result.
func cleanVCardText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
