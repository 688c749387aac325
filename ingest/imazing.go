package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/leaktrail/leaktrail"
)

// IMazingCSV imports the CSV exports of iMazing, the desktop tool that
// copies an iPhone's messages and call history.
//
// Calls ("Call type,Date,Duration,Number,Contact,Location,Service") go
// through importRows like any call log: Call type is the direction word
// (Incoming, Outgoing, Missed, Cancelled, Blocked ...), Duration is
// "00:01:23" or seconds, and calls whose Service is a third-party app
// (WhatsApp, Signal, Teams, Telegram, Skype, WeChat ...) are rejected as not
// phone calls. FaceTime calls are kept, flagged "facetime".
//
// Messages ("Chat Session,Message Date,Delivered Date,Read Date,Edited
// Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,
// Attachment,Attachment type", with or without the columns later versions
// add) are read here. SMS, MMS, RCS and iMessage are messages (iMessage
// flagged "imessage"); other services are rejected. The peer of an
// incoming message is its Sender ID; of an outgoing one the Chat Session
// when it is a number, else the Sender ID seen on incoming messages of the
// same chat when only one was seen; else the message is rejected, since
// its recipient is not in the export. Notification rows are rejected.
//
// Times are local wall-clock "YYYY-MM-DD HH:MM:SS", read in
// Options.Location.
type IMazingCSV struct{}

// Format implements Importer.
func (IMazingCSV) Format() string { return "imazing-csv" }

// Sniff reports whether the first line of head is the header of an
// iMazing messages or calls export.
func (IMazingCSV) Sniff(head []byte, _ string) bool {
	return imazingKind(head) != ""
}

// imazingKind returns "messages" or "calls" when head starts with an
// iMazing header, else "".
func imazingKind(head []byte) string {
	text, ok := headText(head, "")
	if !ok {
		return ""
	}
	p := newCSVParser(bytes.NewReader(text), ',', 64<<10, 256)
	fields, _, _, err := p.read()
	if err != nil {
		return ""
	}
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i], _ = headerKey(f)
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.Contains(keys, n) {
				return false
			}
		}
		return true
	}
	switch {
	case has("chatsession", "messagedate", "type", "senderid", "text"):
		return "messages"
	case has("calltype", "date", "duration", "number", "service"):
		return "calls"
	}
	return ""
}

// Import implements Importer.
func (IMazingCSV) Import(ctx context.Context, r io.Reader, opts Options, sink Sink) error {
	br := bufio.NewReaderSize(r, sniffLen)
	head, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return fmt.Errorf("read: %w", err)
	}
	kind := imazingKind(head)
	// The header was recognised split by commas, as iMazing writes it:
	// sniffing could take rows full of ';' for the delimiter.
	src, err := newCSVRowsDelim(br, opts, ',')
	if err != nil {
		return err
	}
	if kind == "messages" {
		return importIMazingMessages(ctx, src, opts, sink)
	}
	return importRows(ctx, src, opts, sink)
}

// maxIMazingChats bounds the chats whose peer is remembered.
const maxIMazingChats = 1 << 16

// imazingMessages is the state of a messages import.
type imazingMessages struct {
	opts  Options
	sink  Sink
	col   map[string]int // header key -> index
	names map[string]string
	years yearHints
	// chats maps a chat session that is not a number to the one Sender ID
	// seen on its incoming messages, or "" when several were seen.
	chats map[string]string
	ev    leaktrail.Event
}

func importIMazingMessages(ctx context.Context, src rowSource, opts Options, sink Sink) error {
	if opts.Location == nil {
		return errors.New("no time zone")
	}
	m := &imazingMessages{opts: opts, sink: sink, years: yearHints{year: opts.Year}, chats: make(map[string]string)}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cells, _, row, err := src.Next()
		if err == io.EOF {
			if m.col == nil {
				return fmt.Errorf("%w: the file has no rows", ErrNoHeader)
			}
			return nil
		}
		var re *rowError
		if errors.As(err, &re) {
			if err := sink.Reject(&leaktrail.Reject{Locator: rowLocator("", re.Row), Reason: re.Reason, Excerpt: re.Excerpt}); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		if blankRow(cells) {
			continue
		}
		if m.col == nil {
			if err := m.header(cells); err != nil {
				return err
			}
			continue
		}
		if err := m.row(cells, row); err != nil {
			return err
		}
	}
}

func (m *imazingMessages) header(cells []string) error {
	m.col, m.names = make(map[string]int), make(map[string]string)
	for i, c := range cells {
		key, _ := headerKey(c)
		if _, dup := m.col[key]; !dup && key != "" {
			m.col[key] = i
			m.names[key] = strings.TrimSpace(c)
		}
	}
	for _, k := range []string{"messagedate", "type"} {
		if _, ok := m.col[k]; !ok {
			return fmt.Errorf("%w: not an iMazing messages header (no %s column): %s", ErrNoHeader, k, rowExcerpt(cells))
		}
	}
	return nil
}

func (m *imazingMessages) cell(cells []string, key string) string {
	i, ok := m.col[key]
	if !ok || i >= len(cells) {
		return ""
	}
	return cleanCell(cells[i])
}

func (m *imazingMessages) row(cells []string, row int64) error {
	ev := &m.ev
	*ev = leaktrail.Event{
		Kind:        leaktrail.KindSMS,
		DurationS:   -1,
		Locator:     rowLocator("", row),
		Flags:       ev.Flags[:0],
		Attachments: ev.Attachments[:0],
	}
	if key, reason := m.fill(ev, cells); reason != "" {
		return m.sink.Reject(&leaktrail.Reject{
			Locator: withColumn(rowLocator("", row), m.names[key]),
			Reason:  reason,
			Excerpt: rowExcerpt(cells),
		})
	}
	slices.Sort(ev.Flags)
	ev.Flags = slices.Compact(ev.Flags)
	return m.sink.Event(ev)
}

// fill sets ev from a row, or returns the key of the offending column and
// the reason the row cannot be imported.
func (m *imazingMessages) fill(ev *leaktrail.Event, cells []string) (string, string) {
	cell := func(k string) string { return m.cell(cells, k) }
	if svc := cell("service"); svc != "" {
		if reason := applyService(ev, svc); reason != "" {
			return "service", reason
		}
	}
	typ := cell("type")
	if strings.EqualFold(typ, "notification") {
		return "type", "notification: not a message"
	}
	date := cell("messagedate")
	at, err := parseTableTime(date, m.opts.Location, &m.years)
	switch {
	case date == "":
		return "messagedate", "no date and time"
	case errors.Is(err, errNoYear):
		return "messagedate", err.Error()
	case err != nil:
		return "messagedate", fmt.Sprintf("invalid time %q: %v", Excerpt(clip(date, 64)), err)
	}
	ev.At = at
	setDirection(ev, typ, false)
	if status := strings.ToLower(cell("status")); ev.Direction == leaktrail.DirOut &&
		(strings.Contains(status, "fail") || strings.Contains(status, "not delivered")) {
		ev.Status = leaktrail.StatusFailed
	}

	chat, sender := cell("chatsession"), cell("senderid")
	chatIsNumber := looksLikeNumber(chat)
	switch ev.Direction {
	case leaktrail.DirOut:
		switch peer, known := m.chats[chat]; {
		case chatIsNumber:
			ev.NumberRaw = chat
		case known && peer != "":
			ev.NumberRaw = peer
		default:
			return "chatsession", fmt.Sprintf("outgoing message in chat %q: the recipient's number is not in the export", Excerpt(clip(chat, 64)))
		}
		if !chatIsNumber {
			ev.ContactName = chat
		}
	default:
		ev.NumberRaw = sender
		if sender == "" && chatIsNumber {
			ev.NumberRaw = chat
		}
		ev.ContactName = cell("sendername")
		if !chatIsNumber && chat != "" && sender != "" {
			if prev, seen := m.chats[chat]; seen && prev != sender {
				m.chats[chat] = ""
			} else if !seen && len(m.chats) < maxIMazingChats {
				m.chats[chat] = sender
			}
		}
	}
	ev.NumberRaw, ev.Flags = cleanNumber(ev.NumberRaw, ev.Flags)
	if i, ok := m.col["text"]; ok && i < len(cells) {
		ev.Body = strings.ToValidUTF8(cells[i], "\uFFFD")
	}
	ev.Subject = cell("subject")
	if att := cell("attachment"); att != "" {
		ev.Attachments = append(ev.Attachments, leaktrail.Attachment{ContentType: cell("attachmenttype"), Name: att})
		if ev.Kind == leaktrail.KindSMS && !slices.Contains(ev.Flags, "imessage") {
			ev.Kind = leaktrail.KindMMS
		}
	}
	return "", ""
}

// looksLikeNumber reports whether s is a phone number rather than a name
// or an e-mail address: digits, at least three, with only + - ( ) . and
// spaces besides.
func looksLikeNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == '(' || r == ')' || r == '.' || r == ' ':
		default:
			return false
		}
	}
	return digits >= 3
}
