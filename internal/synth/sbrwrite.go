package synth

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// sbrVersion is the SMS Backup & Restore version named in the header
// comment.
const sbrVersion = "10.22.002"

// smilImage is the SMIL part of an MMS with a picture and a caption, as the
// stock messaging app writes it; {image} is the picture's name.
const smilImage = `<smil><head><layout><root-layout/><region id="Image" fit="meet" top="0" left="0" height="80%" width="100%"/><region id="Text" top="80%" left="0" height="20%" width="100%"/></layout></head><body><par dur="5000ms"><img src="{image}" region="Image" /><text src="text_0.txt" region="Text" /></par></body></smil>`

const telephonyComponent = "com.android.phone/com.android.services.telephony.TelephonyConnectionService"

// sbrWriter writes SMS Backup & Restore XML the way the app does: one
// record a line, attributes in the app's order, escaped like Android's
// serializer (newlines as &#10;, characters beyond the BMP as UTF-16
// surrogate-pair references).
type sbrWriter struct {
	w       *bufio.Writer
	loc     *time.Location
	num     []byte
	copyBuf []byte
}

func newSBRWriter(w io.Writer, loc *time.Location) *sbrWriter {
	return &sbrWriter{w: bufio.NewWriterSize(w, 64<<10), loc: loc, num: make([]byte, 0, 24)}
}

func (s *sbrWriter) header(root, xsl string, count int, backupSet string, backupAt int64) {
	created := time.UnixMilli(backupAt).In(s.loc).Format("02/01/2006 15:04:05")
	s.w.WriteString("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
	s.w.WriteString("<!--File Created By SMS Backup & Restore v" + sbrVersion + " on " + created + "-->\n")
	s.w.WriteString(`<?xml-stylesheet type="text/xsl" href="` + xsl + `"?>` + "\n")
	s.w.WriteString("<" + root)
	s.attrInt("count", int64(count))
	s.attr("backup_set", backupSet)
	s.attrInt("backup_date", backupAt)
	s.attr("type", "full")
	s.w.WriteString(">\n")
}

func (s *sbrWriter) footer(root string) {
	s.w.WriteString("</" + root + ">")
}

func (s *sbrWriter) flush() error {
	return s.w.Flush()
}

func (s *sbrWriter) attr(name, value string) {
	s.w.WriteByte(' ')
	s.w.WriteString(name)
	s.w.WriteString(`="`)
	escape(s.w, value)
	s.w.WriteByte('"')
}

func (s *sbrWriter) attrInt(name string, v int64) {
	s.w.WriteByte(' ')
	s.w.WriteString(name)
	s.w.WriteString(`="`)
	s.num = strconv.AppendInt(s.num[:0], v, 10)
	s.w.Write(s.num)
	s.w.WriteByte('"')
}

func (s *sbrWriter) readable(ms int64) string {
	return time.UnixMilli(ms).In(s.loc).Format("2006年1月2日 15:04:05")
}

// sms writes one <sms> as received or sent on dev.
func (s *sbrWriter) sms(m *message, dev *phone) {
	s.w.WriteString("  <sms")
	s.attr("protocol", "0")
	s.attr("address", m.addr)
	s.attrInt("date", m.at)
	s.attrInt("type", int64(m.box))
	s.attr("subject", "null")
	s.attr("body", m.body)
	s.attr("toa", "null")
	s.attr("sc_toa", "null")
	s.attr("service_center", pickIf(m.box == 1, dev.smsc, "null"))
	s.attr("read", pickIf(m.read, "1", "0"))
	s.attr("status", "-1")
	s.attr("locked", "0")
	s.attrInt("date_sent", m.sent)
	s.attr("sub_id", dev.subID)
	s.attr("readable_date", s.readable(m.at))
	s.attr("contact_name", m.contact)
	s.w.WriteString(" />\n")
}

// mms writes one <mms> with its parts and addresses. id is its _id.
func (s *sbrWriter) mms(m *message, id int, dev *phone) error {
	mi := m.mms
	in := m.box == 1
	size := mi.imageSize
	if mi.stream == nil {
		size = int64(len(mi.image))
	}
	hasImage := size > 0
	t := time.UnixMilli(m.at).In(s.loc)
	mid := t.Format("0102150405") + fmt.Sprintf("%06d", id%1000000) + "00000"
	s.w.WriteString("  <mms")
	s.attrInt("date", m.at)
	s.attr("rr", pickIf(in, "null", "129"))
	s.attr("sub", "null")
	s.attr("ct_t", "application/vnd.wap.multipart.related")
	s.attr("read_status", "null")
	s.attr("seen", "1")
	s.attrInt("msg_box", int64(m.box))
	s.attr("address", m.addr)
	s.attr("sub_cs", "null")
	s.attr("resp_st", pickIf(in, "null", "128"))
	s.attr("retr_st", pickIf(in, "128", "null"))
	s.attr("d_tm", "null")
	s.attr("text_only", pickIf(hasImage, "0", "1"))
	s.attr("exp", pickIf(in, "null", "604800"))
	s.attr("locked", "0")
	s.attr("m_id", mid)
	s.attr("st", "null")
	s.attr("retr_txt_cs", pickIf(in, "106", "null"))
	s.attr("retr_txt", pickIf(in, "Ok", "null"))
	s.attr("creator", "com.android.mms")
	s.attrInt("date_sent", pickIf(in, m.sent/1000, 0))
	s.attr("read", pickIf(m.read, "1", "0"))
	s.attrInt("m_size", size*4/3+int64(len(m.body))+1024)
	s.attr("rpt_a", "null")
	s.attr("ct_cls", "null")
	s.attr("pri", pickIf(in, "null", "129"))
	s.attr("sub_id", dev.subID)
	s.attr("tr_id", "T"+strconv.FormatInt(m.at, 16))
	s.attr("resp_txt", "null")
	s.attr("ct_l", pickIf(in, "http://mmsc.monternet.com/"+mid, "null"))
	s.attr("m_cls", pickIf(in, "null", "personal"))
	s.attr("d_rpt", pickIf(in, "128", "129"))
	s.attr("v", pickIf(in, "17", "18"))
	s.attrInt("_id", int64(id))
	s.attrInt("m_type", pickIf[int64](in, 132, 128))
	s.attr("readable_date", s.readable(m.at))
	s.attr("contact_name", m.contact)
	s.w.WriteString(">\n    <parts>\n")
	if hasImage {
		s.part("-1", "application/smil", "smil.xml", "106", "<smil>", "smil.xml", vars{"image": mi.imageName}.fill(smilImage))
		s.w.WriteString(" />\n")
		s.part("0", imageType(mi.imageName), mi.imageName, "null", "<"+mi.imageName+">", mi.imageName, "null")
		s.w.WriteString(` data="`)
		if err := s.base64(mi); err != nil {
			return err
		}
		s.w.WriteString("\" />\n")
	}
	s.part("0", "text/plain", "text_0.txt", "106", "<text_0>", "text_0.txt", m.body)
	s.w.WriteString(" />\n    </parts>\n    <addrs>\n")
	s.addr(mi.from, 137)
	for _, a := range mi.to {
		s.addr(a, 151)
	}
	s.w.WriteString("    </addrs>\n  </mms>\n")
	return nil
}

// part writes the start of a <part>, up to but excluding its data.
func (s *sbrWriter) part(seq, ct, name, chset, cid, cl, text string) {
	s.w.WriteString("      <part")
	s.attr("seq", seq)
	s.attr("ct", ct)
	s.attr("name", name)
	s.attr("chset", chset)
	s.attr("cd", "null")
	s.attr("fn", "null")
	s.attr("cid", cid)
	s.attr("cl", cl)
	s.attr("ctt_s", "null")
	s.attr("ctt_t", "null")
	s.attr("text", text)
	s.attr("sub_id", "1")
}

func (s *sbrWriter) addr(address string, typ int64) {
	s.w.WriteString("      <addr")
	s.attr("address", address)
	s.attrInt("type", typ)
	s.attr("charset", "106")
	s.w.WriteString(" />\n")
}

// base64 streams the image of mi through a base64 encoder in small chunks.
func (s *sbrWriter) base64(mi *mmsInfo) error {
	var src io.Reader = bytes.NewReader(mi.image)
	if mi.stream != nil {
		src = mi.stream
	}
	if s.copyBuf == nil {
		s.copyBuf = make([]byte, 30<<10)
	}
	enc := base64.NewEncoder(base64.StdEncoding, s.w)
	if _, err := io.CopyBuffer(enc, onlyReader{src}, s.copyBuf); err != nil {
		return fmt.Errorf("encode image: %w", err)
	}
	return enc.Close()
}

// onlyReader hides WriterTo so that io.CopyBuffer uses the given buffer.
type onlyReader struct{ io.Reader }

func imageType(name string) string {
	if len(name) > 4 && name[len(name)-4:] == ".png" {
		return "image/png"
	}
	return "image/jpeg"
}

// call writes one <call>.
func (s *sbrWriter) call(c *call, dev *phone) {
	s.w.WriteString("  <call")
	s.attr("number", c.number)
	s.attrInt("duration", int64(c.dur))
	s.attrInt("date", c.at)
	s.attrInt("type", int64(c.typ))
	s.attrInt("presentation", int64(c.pres))
	s.attr("subscription_id", dev.simID)
	s.attr("post_dial_digits", "")
	s.attr("subscription_component_name", telephonyComponent)
	s.attr("readable_date", s.readable(c.at))
	s.attr("contact_name", c.contact)
	s.w.WriteString(" />\n")
}

// escape writes s as the inside of a double-quoted attribute.
func escape(w *bufio.Writer, s string) {
	var num [8]byte
	ref := func(r rune) {
		w.WriteString("&#")
		w.Write(strconv.AppendInt(num[:0], int64(r), 10))
		w.WriteByte(';')
	}
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"':
			esc = "&quot;"
		case r == '\'':
			esc = "&apos;"
		case r < 0x20, r > 0xFFFF:
		default:
			i += size
			continue
		}
		w.WriteString(s[last:i])
		if esc != "" {
			w.WriteString(esc)
		} else if r > 0xFFFF {
			hi, lo := utf16.EncodeRune(r)
			ref(hi)
			ref(lo)
		} else {
			ref(r)
		}
		i += size
		last = i
	}
	w.WriteString(s[last:])
}

func writeMessages(w io.Writer, ph *phone, loc *time.Location) error {
	s := newSBRWriter(w, loc)
	s.header("smses", "sms.xsl", len(ph.msgs), ph.backupSet, ph.backupAt)
	id := 100
	for _, m := range ph.msgs {
		if m.mms != nil {
			id++
			if err := s.mms(m, id, ph); err != nil {
				return err
			}
			continue
		}
		s.sms(m, ph)
	}
	s.footer("smses")
	return s.flush()
}

func writeCalls(w io.Writer, ph *phone, loc *time.Location) error {
	s := newSBRWriter(w, loc)
	s.header("calls", "calls.xsl", len(ph.calls), ph.backupSet, ph.backupAt)
	for _, c := range ph.calls {
		s.call(c, ph)
	}
	s.footer("calls")
	return s.flush()
}

// Streaming generators for benchmarks.

// streamStart is when streamed records begin: 2016-01-01 00:00 +08:00.
const streamStart = 1451577600000

// stream makes one record after another from the template tables, with
// fresh random numbers, keeping nothing per record.
type stream struct {
	rnd
	dev   phone
	loc   *time.Location
	at    int64
	v     vars
	plats []string
	to    [1]string
	// A phone's history has thousands of correspondents, not a new one per
	// record: numbers come from fixed pools.
	mobiles  []string // national 11-digit numbers
	gateways []string // 106 senders
}

const (
	streamMobiles  = 20_000
	streamGateways = 400
)

func newStream(seed int64) *stream {
	st := &stream{rnd: newRnd(seed), loc: shanghai(), at: streamStart}
	st.dev = phone{smsc: "+8613800755500", subID: "1", simID: "8986" + st.digits(16)}
	for range streamMobiles {
		prefixes := ordinaryPrefixes
		if st.chance(0.45) {
			prefixes = virtualPrefixes
		}
		st.mobiles = append(st.mobiles, pick(st.rnd, prefixes)+st.digits(8))
	}
	for i := range streamGateways {
		head := pickIf(i%2 == 0, "10690", "106575")
		st.gateways = append(st.gateways, head+st.digits(st.between(6, 9)))
	}
	male := st.chance(0.5)
	given := pick(st.rnd, maleGiven)
	if !male {
		given = pick(st.rnd, femaleGiven)
	}
	full := pick(st.rnd, surnames) + given + pick(st.rnd, pickIf(male, maleGiven, femaleGiven))
	for range 3 {
		st.plats = append(st.plats, pick(st.rnd, platformHead)+pick(st.rnd, platformMid)+pick(st.rnd, platformTail))
	}
	st.v = vars{
		"name": full, "given": full, "child": pickIf(male, "儿子", "女儿"),
		"ta": pickIf(male, "他", "她"), "uncle": pickIf(male, "舅舅", "小姨"), "mom": "妈",
		"company": "深圳" + pick(st.rnd, firmWords) + pick(st.rnd, firmWords) + "科技有限公司",
		"city":    "深圳", "boss": "王总", "idmask": "4403**********2316", "firm": "深圳正衡",
		"court": "深圳市南山区人民法院", "caseNo": "（2026）粤0305民初12345号",
	}
	return st
}

func (st *stream) backupSet() string {
	h := st.hex(32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:]
}

func (st *stream) advance() {
	st.at += 1000 + st.Int64N(20000)
}

func (st *stream) number() string {
	n := pick(st.rnd, st.mobiles)
	if st.chance(0.75) {
		return "+86" + n
	}
	return n
}

// message fills m with a random record.
func (st *stream) message(m *message) {
	m.at = st.at
	m.box, m.read, m.contact, m.sent = 1, true, "(Unknown)", 0
	v := st.v
	v["platform"] = pick(st.rnd, st.plats)
	v["owed"] = strconv.Itoa(st.between(2000, 9000))
	v["days"] = strconv.Itoa(st.between(1, 90))
	v["n"] = strconv.Itoa(st.between(30, 180))
	v["code"] = st.digits(6)
	v["path"] = st.digits(5)
	switch r := st.Float64(); {
	case r < 0.45:
		kind := st.weighted([]string{"remind", "threat", "exposeThreat", "exposed", "insult", "imperson", "visit"}, []float64{3, 3, 2, 2, 1, 1, 1})
		m.addr = st.number()
		m.body = vary(st.rnd, v.fill(pick(st.rnd, stageTexts[kind])), v)
		m.read = st.chance(0.7)
	case r < 0.5:
		m.addr = st.number()
		m.box = 2
		m.body = pick(st.rnd, ownerToCollector)
	case r < 0.65:
		cs := pick(st.rnd, codeSenders)
		m.addr = pick(st.rnd, st.gateways)
		m.body = v.fill(cs.text)
	case r < 0.75:
		m.addr = "95588"
		m.body = vars{"tail": "6217", "md": "1月1日", "hm": "12:00", "amt": money(float64(st.between(8, 900))), "bal": money(float64(st.between(10, 20000))), "shop": pick(st.rnd, shops)}.fill(pick(st.rnd, icbcSpend))
	case r < 0.87:
		m.addr = pick(st.rnd, st.gateways)
		m.body = v.fill(pick(st.rnd, marketing))
	case r < 0.92:
		m.addr = st.number()
		m.body = v.fill(pick(st.rnd, scams))
	default:
		chat := pick(st.rnd, friendChats)
		m.addr = st.number()
		m.body = v.fill(pick(st.rnd, chat))
		m.box = pickIf(st.chance(0.5), 1, 2)
		m.contact = pick(st.rnd, englishName)
	}
	if m.box == 1 {
		m.sent = (m.at - 1000 - st.Int64N(8000)) / 1000 * 1000
	}
}

// WriteSBRMessages streams an SMS Backup & Restore messages file of n
// records. Every mmsEvery-th record (none when mmsEvery is 0) is an MMS
// with a caption and one picture of imageBytes bytes, written as base64 in
// chunks. Memory use does not grow with n or imageBytes.
func WriteSBRMessages(w io.Writer, seed int64, n int, mmsEvery int, imageBytes int) error {
	if n < 0 || mmsEvery < 0 || imageBytes < 0 {
		return fmt.Errorf("synth: negative size (n=%d mmsEvery=%d imageBytes=%d)", n, mmsEvery, imageBytes)
	}
	st := newStream(seed)
	s := newSBRWriter(w, st.loc)
	s.header("smses", "sms.xsl", n, st.backupSet(), streamStart+int64(n+1)*21000)
	var m message
	var mi mmsInfo
	var img noise
	for i := 1; i <= n; i++ {
		st.advance()
		st.message(&m)
		if mmsEvery > 0 && i%mmsEvery == 0 {
			img = noise{r: st.rnd, size: int64(imageBytes)}
			st.to[0] = "+86" + pick(st.rnd, st.mobiles)
			mi = mmsInfo{from: m.addr, to: st.to[:], stream: &img, imageSize: int64(imageBytes), imageName: "IMG_" + strconv.Itoa(i) + ".jpg"}
			if m.box == 2 {
				mi.from, mi.to[0] = mi.to[0], m.addr
			}
			m.mms = &mi
			if err := s.mms(&m, i, &st.dev); err != nil {
				return err
			}
			m.mms = nil
			continue
		}
		s.sms(&m, &st.dev)
	}
	s.footer("smses")
	return s.flush()
}

// WriteSBRCalls streams an SMS Backup & Restore calls file of n records.
func WriteSBRCalls(w io.Writer, seed int64, n int) error {
	if n < 0 {
		return fmt.Errorf("synth: negative record count %d", n)
	}
	cs, backupSet := newCallStream(seed)
	s := newSBRWriter(w, cs.loc)
	s.header("calls", "calls.xsl", n, backupSet, streamStart+int64(n+1)*21000)
	var c call
	for range n {
		cs.next(&c)
		s.call(&c, &cs.dev)
	}
	s.footer("calls")
	return s.flush()
}

// callStream makes the calls of WriteSBRCalls one after another, so that
// other writers (the carrier bill) can replay the same calls.
type callStream struct {
	*stream
	i int // calls made so far
}

// newCallStream returns the call stream of seed and the backup_set of its
// file.
func newCallStream(seed int64) (*callStream, string) {
	st := newStream(seed)
	set := st.backupSet()
	return &callStream{stream: st}, set
}

// next fills c with the next call.
func (cs *callStream) next(c *call) {
	st, i := cs.stream, cs.i
	cs.i++
	st.advance()
	*c = call{at: st.at, pres: 1, contact: "(Unknown)"}
	switch r := st.Float64(); {
	case r < 0.02:
		c.number, c.pres = "-1", 2
	case r < 0.07:
		c.number = pick(st.rnd, []string{"95588", "10086", "95533", "4008" + st.digits(6)})
	case r < 0.15:
		c.number = streamLandline(i)
	default:
		c.number = st.number()
		if c.number[0] == '+' && st.chance(0.6) {
			c.number = c.number[3:]
		}
	}
	switch r := st.Float64(); {
	case r < 0.35:
		c.typ, c.dur = 1, st.between(1, 600)
	case r < 0.55:
		c.typ, c.dur = 2, st.between(0, 600)
	case r < 0.8:
		c.typ = 3
	case r < 0.92:
		c.typ = 5
	case r < 0.97:
		c.typ = 6
	case r < 0.99:
		c.typ, c.dur = 4, st.between(5, 60)
	default:
		c.typ, c.dur = 7, st.between(5, 300)
	}
	if c.typ == 2 && st.chance(0.1) {
		c.contact = pick(st.rnd, englishName)
	}
}

// streamLandline is the Shenzhen fixed line the i-th streamed call comes
// from when it comes from one.
func streamLandline(i int) string {
	return "0755" + strconv.Itoa(2+i%7) + strconv.Itoa(1_000_000+i%3000*997)
}

// noise yields size pseudo-random bytes framed like a JPEG (SOI marker at
// the start, EOI at the end).
type noise struct {
	r    rnd
	size int64
	pos  int64
}

func (n *noise) Read(p []byte) (int, error) {
	left := n.size - n.pos
	if left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	for i := 0; i < len(p); i += 8 {
		x := n.r.Uint64()
		for j := 0; j < 8 && i+j < len(p); j++ {
			p[i+j] = byte(x >> (8 * j))
		}
	}
	// Markers: SOI at the start, EOI at the end.
	end := n.pos + int64(len(p))
	for at, b := range [...]byte{0xFF, 0xD8, 0xFF, 0xE0} {
		if a := int64(at); a >= n.pos && a < end {
			p[a-n.pos] = b
		}
	}
	for k, b := range [...]byte{0xFF, 0xD9} {
		if a := n.size - 2 + int64(k); a >= 4 && a >= n.pos && a < end {
			p[a-n.pos] = b
		}
	}
	n.pos += int64(len(p))
	return len(p), nil
}
