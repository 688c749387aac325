package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/leaktrail/leaktrail"
)

// SBRMessages reads the messages file of Android "SMS Backup & Restore"
// (SyncTech): <smses> with <sms> and <mms> records.
type SBRMessages struct{}

// SBRCalls reads the call log file of "SMS Backup & Restore": <calls> with
// <call> records.
type SBRCalls struct{}

func (SBRMessages) Format() string { return "sbr-messages" }
func (SBRCalls) Format() string    { return "sbr-calls" }

func (SBRMessages) Sniff(head []byte, _ string) bool { return xmlRoot(head) == "smses" }
func (SBRCalls) Sniff(head []byte, _ string) bool    { return xmlRoot(head) == "calls" }

func (SBRMessages) Import(ctx context.Context, r io.Reader, _ Options, sink Sink) error {
	return importSBR(ctx, r, sink)
}

// SBR's call log is one element per record, read like Super Backup's.
func (SBRCalls) Import(ctx context.Context, r io.Reader, _ Options, sink Sink) error {
	return importFlatXML(ctx, r, sink, "call", sbrCall)
}

// importSBR reads the SBR messages file, whose <mms> records nest their
// parts and addresses.
func importSBR(ctx context.Context, r io.Reader, sink Sink) error {
	p := &sbrParser{sc: newXMLScanner(r, "data"), sink: sink}
	return p.run(ctx)
}

type sbrParser struct {
	sc   *xmlScanner
	sink Sink
	ev   leaktrail.Event

	// The MMS being read, between <mms> and </mms>.
	inMMS    bool
	mmsLoc   leaktrail.Locator
	mmsErr   string
	mmsText  []string
	mmsFrom  string   // <addr type="137">
	mmsAddrs []string // the address attribute: the other parties
	mmsTo    []string // <addr type="151">: recipients, the owner among them when received
	mmsCC    []string // <addr type="130"> and "129"
}

func (p *sbrParser) run(ctx context.Context) error {
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		tok, err := p.sc.next()
		switch {
		case err == nil:
		case errors.Is(err, io.EOF):
			if p.inMMS {
				return p.reject(p.mmsLoc, "file ends inside <mms> (truncated)", "")
			}
			return nil
		case errors.Is(err, errTruncated):
			loc := p.markLocator()
			if p.inMMS {
				loc = p.mmsLoc
			} else if !p.markIsRecord() {
				return nil // the tail is not a record: nothing lost
			}
			return p.reject(loc, "file ends in the middle of a record (truncated)", p.markExcerpt())
		case p.sc.rerr != nil && errors.Is(err, p.sc.rerr):
			return fmt.Errorf("read: %w", err)
		default:
			var se *xmlSyntaxError
			if !errors.As(err, &se) {
				return err
			}
			if p.inMMS {
				// The MMS is rejected once, at its end.
				if p.mmsErr == "" {
					p.mmsErr = "malformed XML inside <mms>: " + se.Msg
				}
				continue
			}
			if p.markIsRecord() {
				if err := p.reject(p.markLocator(), "malformed XML: "+se.Msg, p.markExcerpt()); err != nil {
					return err
				}
			}
			continue
		}
		if err := p.token(tok); err != nil {
			return err
		}
	}
}

func (p *sbrParser) token(tok *xmlToken) error {
	loc := leaktrail.Locator{Line: tok.line, Offset: tok.off}
	if tok.kind == tokEnd {
		if tok.name == "mms" && p.inMMS {
			return p.endMMS()
		}
		return nil
	}
	switch tok.name {
	case "sms":
		if p.inMMS {
			return nil
		}
		return p.sms(tok, loc)
	case "mms":
		if p.inMMS {
			// An <mms> that never closed: reject it, start the new one.
			p.mmsErr = firstNonEmpty(p.mmsErr, "<mms> not closed before the next <mms>")
			if err := p.endMMS(); err != nil {
				return err
			}
		}
		if err := p.startMMS(tok, loc); err != nil {
			return err
		}
		if tok.selfClose {
			return p.endMMS()
		}
	case "part":
		if p.inMMS {
			p.part(tok)
		}
	case "addr":
		if p.inMMS {
			p.addr(tok)
		}
	}
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// markIsRecord reports whether the markup at the scanner's mark is a
// record element.
func (p *sbrParser) markIsRecord() bool {
	switch p.sc.markName {
	case "sms", "mms":
		return true
	}
	return false
}

func (p *sbrParser) markLocator() leaktrail.Locator {
	return leaktrail.Locator{Line: p.sc.markLine, Offset: p.sc.markOff}
}

// markExcerpt returns the start of the markup at the mark when it is still
// buffered.
func (p *sbrParser) markExcerpt() string {
	start := int(p.sc.markOff - p.sc.base)
	if start < 0 || start >= p.sc.end {
		return ""
	}
	end := min(p.sc.end, start+maxExcerpt)
	b := p.sc.buf[start:end]
	if i := bytes.IndexByte(b[1:], '<'); i >= 0 {
		b = b[:i+1]
	}
	return Excerpt(string(b))
}

func (p *sbrParser) reject(loc leaktrail.Locator, reason, excerpt string) error {
	return p.sink.Reject(&leaktrail.Reject{Locator: loc, Reason: reason, Excerpt: excerpt})
}

// tagExcerpt renders a tag's attributes back as text for a reject.
func tagExcerpt(tok *xmlToken) string {
	var b strings.Builder
	b.WriteString("<" + tok.name)
	for _, a := range tok.attrs {
		if b.Len() > maxExcerpt {
			break
		}
		fmt.Fprintf(&b, " %s=%q", a.name, a.value)
	}
	return Excerpt(b.String())
}

// sbrValue returns an attribute's value with SBR's literal "null" read as
// absent.
func sbrValue(tok *xmlToken, name string) string {
	v, _ := tok.attr(name)
	if v == "null" {
		return ""
	}
	return v
}

// sbrContactName drops the placeholder SBR writes for non-contacts.
func sbrContactName(tok *xmlToken) string {
	v := sbrValue(tok, "contact_name")
	if v == "(Unknown)" {
		return ""
	}
	return v
}

// sbrDate parses an epoch timestamp in milliseconds. Values too small to be
// milliseconds after 1973 are taken as seconds, which some exporters write.
func sbrDate(tok *xmlToken, name string) (int64, error) {
	v, ok := tok.attr(name)
	if !ok {
		return 0, fmt.Errorf("missing %s", name)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid %s %q", name, Excerpt(v))
	}
	if n <= 0 {
		return 0, fmt.Errorf("invalid %s %q", name, v)
	}
	if n < 100_000_000_000 {
		n *= 1000
	}
	return n, nil
}

func (p *sbrParser) sms(tok *xmlToken, loc leaktrail.Locator) error {
	ev := &p.ev
	*ev = leaktrail.Event{Kind: leaktrail.KindSMS, Locator: loc, DurationS: -1, Flags: ev.Flags[:0], Others: ev.Others[:0]}
	addr, ok := tok.attr("address")
	if !ok {
		return p.reject(loc, "<sms> without address", tagExcerpt(tok))
	}
	at, err := sbrDate(tok, "date")
	if err != nil {
		return p.reject(loc, "<sms>: "+err.Error(), tagExcerpt(tok))
	}
	ev.At = at
	typ, ok := tok.attr("type")
	if !ok {
		return p.reject(loc, "<sms> without type", tagExcerpt(tok))
	}
	setSMSType(ev, typ)
	p.setAddresses(ev, splitAddresses(addr))
	ev.Body = sbrValue(tok, "body")
	ev.Subject = sbrValue(tok, "subject")
	ev.ContactName = sbrContactName(tok)
	if a, ok := tok.attrInfo("body"); ok && a.cut {
		ev.Flags = append(ev.Flags, "body_cut")
	}
	slices.Sort(ev.Flags)
	return p.sink.Event(ev)
}

// flagWord keeps a vendor value usable inside a flag name.
func flagWord(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return "empty"
	}
	var b strings.Builder
	for _, r := range v {
		if b.Len() >= 16 {
			break
		}
		if r < 0x80 && (r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// splitAddresses splits SBR's "~"-joined group addresses, dropping empty
// members and keeping an empty result as one empty (hidden) address.
func splitAddresses(addr string) []string {
	if addr == "null" {
		addr = ""
	}
	var out []string
	for a := range strings.SplitSeq(addr, "~") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		out = append(out, strings.TrimSpace(addr))
	}
	return out
}

func (p *sbrParser) setAddresses(ev *leaktrail.Event, addrs []string) {
	ev.NumberRaw = addrs[0]
	for _, a := range addrs[1:] {
		if a != ev.NumberRaw && !slices.Contains(ev.Others, a) {
			ev.Others = append(ev.Others, a)
		}
	}
}

func (p *sbrParser) startMMS(tok *xmlToken, loc leaktrail.Locator) error {
	p.inMMS, p.mmsLoc, p.mmsErr = true, loc, ""
	p.mmsText, p.mmsFrom, p.mmsAddrs, p.mmsTo, p.mmsCC = p.mmsText[:0], "", p.mmsAddrs[:0], p.mmsTo[:0], p.mmsCC[:0]
	ev := &p.ev
	*ev = leaktrail.Event{Kind: leaktrail.KindMMS, Locator: loc, DurationS: -1, Flags: ev.Flags[:0], Others: ev.Others[:0], Attachments: ev.Attachments[:0]}
	at, err := sbrDate(tok, "date")
	if err != nil {
		p.mmsErr = "<mms>: " + err.Error()
		return nil
	}
	ev.At = at
	box, _ := tok.attr("msg_box")
	mtype, _ := tok.attr("m_type")
	switch {
	case box == "1" || box == "" && (mtype == "132" || mtype == "130"):
		ev.Direction, ev.Status = leaktrail.DirIn, leaktrail.StatusReceived
	case box == "2" || box == "" && mtype == "128":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusSent
	case box == "3":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusDraft
	case box == "4":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusQueued
	default:
		ev.Flags = append(ev.Flags, "msg_box_"+flagWord(box))
	}
	if addr, ok := tok.attr("address"); ok && addr != "null" {
		p.mmsAddrs = append(p.mmsAddrs, splitAddresses(addr)...)
	}
	ev.Subject = sbrValue(tok, "sub")
	ev.ContactName = sbrContactName(tok)
	return nil
}

func (p *sbrParser) part(tok *xmlToken) {
	ct := strings.ToLower(sbrValue(tok, "ct"))
	switch {
	case ct == "application/smil":
		return
	case ct == "text/plain" || ct == "" && !hasAttr(tok, "data"):
		if text := sbrValue(tok, "text"); text != "" {
			p.mmsText = append(p.mmsText, text)
		}
		return
	}
	att := leaktrail.Attachment{ContentType: ct, Name: firstNonEmpty(sbrValue(tok, "cl"), sbrValue(tok, "name"))}
	if a, ok := tok.attrInfo("data"); ok {
		att.Size = base64Size(a.size)
	} else if text := sbrValue(tok, "text"); text != "" {
		att.Size = int64(len(text))
	}
	p.ev.Attachments = append(p.ev.Attachments, att)
}

func hasAttr(tok *xmlToken, name string) bool {
	_, ok := tok.attr(name)
	return ok
}

// base64Size estimates the decoded size of n bytes of base64 text. The
// scanner does not keep the text, so padding is not subtracted: the figure
// may be up to 2 bytes high, and line breaks inside the data count too.
func base64Size(n int64) int64 {
	return int64(base64.StdEncoding.DecodedLen(int(n)))
}

// SBR's <addr type>: PduHeaders FROM (137), TO (151), CC (130), BCC (129).
func (p *sbrParser) addr(tok *xmlToken) {
	a := strings.TrimSpace(sbrValue(tok, "address"))
	if a == "" || a == "insert-address-token" {
		return
	}
	switch typ, _ := tok.attr("type"); typ {
	case "137":
		p.mmsFrom = a
	case "151":
		p.mmsTo = append(p.mmsTo, a)
	default:
		p.mmsCC = append(p.mmsCC, a)
	}
}

// endMMS emits the MMS read since <mms>. The peer is the sender of a
// received message and the first recipient of a sent one; the other
// parties of a group message go to Others. The owner's own number, which
// SBR lists as the sender of sent and a recipient of received messages, is
// left out.
func (p *sbrParser) endMMS() error {
	p.inMMS = false
	ev := &p.ev
	if p.mmsErr != "" {
		return p.reject(p.mmsLoc, p.mmsErr, "")
	}
	var addrs []string
	if ev.Direction == leaktrail.DirIn {
		addrs = appendNew(addrs, p.mmsFrom)
		addrs = appendNew(addrs, p.mmsAddrs...)
		if len(addrs) == 0 {
			addrs = appendNew(addrs, p.mmsTo...)
		}
	} else {
		addrs = appendNew(addrs, p.mmsAddrs...)
		addrs = appendNew(addrs, p.mmsTo...)
	}
	addrs = appendNew(addrs, p.mmsCC...)
	if len(addrs) == 0 {
		return p.reject(p.mmsLoc, "<mms> without address", "")
	}
	p.setAddresses(ev, addrs)
	ev.Body = strings.Join(p.mmsText, "\n")
	slices.Sort(ev.Flags)
	return p.sink.Event(ev)
}

// appendNew appends the non-empty values of vs not yet in list.
func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// setSMSType sets direction and status from Android's Telephony.Sms type,
// which both SMS Backup & Restore and Super Backup write.
func setSMSType(ev *leaktrail.Event, typ string) {
	switch strings.TrimSpace(typ) {
	case "1":
		ev.Direction, ev.Status = leaktrail.DirIn, leaktrail.StatusReceived
	case "2":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusSent
	case "3":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusDraft
	case "4", "6":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusQueued
	case "5":
		ev.Direction, ev.Status = leaktrail.DirOut, leaktrail.StatusFailed
	default:
		ev.Flags = append(ev.Flags, "sms_type_"+flagWord(typ))
	}
}

// setCallType sets direction and status from Android's CallLog type, which
// both SMS Backup & Restore and Super Backup write; ev.DurationS must be set.
// An outgoing call is answered when it lasted, else not connected (missed);
// an unanswered incoming call's duration is flagged as ring time.
// Vendor types (8-11 and others) are kept as incoming events of unknown
// outcome, flagged with the type.
func setCallType(ev *leaktrail.Event, typ string) {
	typ = strings.TrimSpace(typ)
	t, ok := sbrCallTypes[typ]
	if !ok {
		ev.Direction = leaktrail.DirIn
		ev.Flags = append(ev.Flags, "call_type_"+flagWord(typ))
		return
	}
	ev.Direction, ev.Status = t.dir, t.status
	if t.flag != "" {
		ev.Flags = append(ev.Flags, t.flag)
	}
	if typ == "2" {
		ev.Status = leaktrail.StatusMissed
		if ev.DurationS > 0 {
			ev.Status = leaktrail.StatusAnswered
		}
	}
	ringTime(ev)
}

// ringTime flags the duration of an incoming call that was never answered:
// phones record how long it rang.
func ringTime(ev *leaktrail.Event) {
	if ev.Direction == leaktrail.DirIn && ev.DurationS > 0 &&
		(ev.Status == leaktrail.StatusMissed || ev.Status == leaktrail.StatusRejected || ev.Status == leaktrail.StatusBlocked) {
		ev.Flags = append(ev.Flags, "duration_is_ring_time")
	}
}

// Android CallLog types; vendors add 8 and up.
var sbrCallTypes = map[string]struct {
	dir    leaktrail.Direction
	status leaktrail.Status
	flag   string
}{
	"1": {leaktrail.DirIn, leaktrail.StatusAnswered, ""},
	"2": {leaktrail.DirOut, "", ""}, // answered or not, by duration
	"3": {leaktrail.DirIn, leaktrail.StatusMissed, ""},
	"4": {leaktrail.DirIn, leaktrail.StatusVoicemail, ""},
	"5": {leaktrail.DirIn, leaktrail.StatusRejected, ""},
	"6": {leaktrail.DirIn, leaktrail.StatusBlocked, ""},
	"7": {leaktrail.DirIn, leaktrail.StatusAnswered, "answered_elsewhere"},
}

// sbrCall converts one <call>: number, date and type are required.
func sbrCall(tok *xmlToken, ev *leaktrail.Event) error {
	ev.Kind = leaktrail.KindCall
	num, ok := tok.attr("number")
	if !ok {
		return errors.New("missing number")
	}
	at, err := sbrDate(tok, "date")
	if err != nil {
		return err
	}
	ev.At = at
	typ, ok := tok.attr("type")
	if !ok {
		return errors.New("missing type")
	}
	if d := sbrValue(tok, "duration"); d != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(d), 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("invalid duration %q", Excerpt(d))
		}
		ev.DurationS = n
	}
	setCallType(ev, typ)
	switch pres, _ := tok.attr("presentation"); pres {
	case "2":
		ev.Flags = append(ev.Flags, "presentation_restricted")
	case "3":
		ev.Flags = append(ev.Flags, "presentation_unknown")
	case "4":
		ev.Flags = append(ev.Flags, "presentation_payphone")
	}
	if num == "null" {
		num = ""
	}
	ev.NumberRaw = strings.TrimSpace(num)
	ev.ContactName = sbrContactName(tok)
	return nil
}
