package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/leaktrail/leaktrail"
)

// SuperBackupCalls reads call logs of 超级备份 (Super Backup), common on
// Chinese phones: <alllogs> with <log number time date type name dur/>.
// The locale text in time is ignored: date holds epoch milliseconds.
type SuperBackupCalls struct{}

// SuperBackupMessages reads SMS of 超级备份: <allsms> with
// <sms address time date type body name read/>.
type SuperBackupMessages struct{}

func (SuperBackupCalls) Format() string    { return "superbackup-calls" }
func (SuperBackupMessages) Format() string { return "superbackup-messages" }

func (SuperBackupCalls) Sniff(head []byte, _ string) bool    { return xmlRoot(head) == "alllogs" }
func (SuperBackupMessages) Sniff(head []byte, _ string) bool { return xmlRoot(head) == "allsms" }

func (SuperBackupCalls) Import(ctx context.Context, r io.Reader, _ Options, sink Sink) error {
	return importFlatXML(ctx, r, sink, "log", superBackupCall)
}

func (SuperBackupMessages) Import(ctx context.Context, r io.Reader, _ Options, sink Sink) error {
	return importFlatXML(ctx, r, sink, "sms", superBackupSMS)
}

// importFlatXML reads a file whose records are single elements named
// record, converting each with conv. A conversion error becomes a reject of
// that record.
func importFlatXML(ctx context.Context, r io.Reader, sink Sink, record string,
	conv func(tok *xmlToken, ev *leaktrail.Event) error) error {
	sc := newXMLScanner(r)
	var ev leaktrail.Event
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		tok, err := sc.next()
		loc := leaktrail.Locator{Line: sc.markLine, Offset: sc.markOff}
		var se *xmlSyntaxError
		switch {
		case err == nil:
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, errTruncated):
			if sc.markName != record {
				return nil
			}
			return sink.Reject(&leaktrail.Reject{Locator: loc, Reason: "file ends in the middle of a record (truncated)"})
		case errors.As(err, &se):
			if sc.markName == record {
				if err := sink.Reject(&leaktrail.Reject{Locator: loc, Reason: "malformed XML: " + se.Msg}); err != nil {
					return err
				}
			}
			continue
		default:
			return fmt.Errorf("read: %w", err)
		}
		if tok.kind != tokStart || tok.name != record {
			continue
		}
		ev = leaktrail.Event{Locator: loc, DurationS: -1, Flags: ev.Flags[:0]}
		if err := conv(tok, &ev); err != nil {
			if err := sink.Reject(&leaktrail.Reject{Locator: loc, Reason: fmt.Sprintf("<%s>: %v", record, err), Excerpt: tagExcerpt(tok)}); err != nil {
				return err
			}
			continue
		}
		slices.Sort(ev.Flags)
		if err := sink.Event(&ev); err != nil {
			return err
		}
	}
}

func superBackupCall(tok *xmlToken, ev *leaktrail.Event) error {
	ev.Kind = leaktrail.KindCall
	num, ok := tok.attr("number")
	if !ok {
		return errors.New("missing number")
	}
	ev.NumberRaw = strings.TrimSpace(num)
	at, err := sbrDate(tok, "date")
	if err != nil {
		return err
	}
	ev.At = at
	if d, ok := tok.attr("dur"); ok && strings.TrimSpace(d) != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(d), 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("invalid dur %q", Excerpt(d))
		}
		ev.DurationS = n
	}
	typ, ok := tok.attr("type")
	if !ok {
		return errors.New("missing type")
	}
	setCallType(ev, typ)
	ev.ContactName = strings.TrimSpace(sbrValue(tok, "name"))
	return nil
}

func superBackupSMS(tok *xmlToken, ev *leaktrail.Event) error {
	ev.Kind = leaktrail.KindSMS
	addr, ok := tok.attr("address")
	if !ok {
		return errors.New("missing address")
	}
	addrs := splitAddresses(addr)
	ev.NumberRaw = addrs[0]
	ev.Others = append(ev.Others[:0], addrs[1:]...)
	at, err := sbrDate(tok, "date")
	if err != nil {
		return err
	}
	ev.At = at
	typ, ok := tok.attr("type")
	if !ok {
		return errors.New("missing type")
	}
	setSMSType(ev, typ)
	ev.Body = sbrValue(tok, "body")
	if a, ok := tok.attrInfo("body"); ok && a.cut {
		ev.Flags = append(ev.Flags, "body_cut")
	}
	ev.ContactName = strings.TrimSpace(sbrValue(tok, "name"))
	return nil
}
