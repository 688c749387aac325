package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIMazingSniff(t *testing.T) {
	tests := []struct {
		name, head, kind string
	}{
		{"messages", "Chat Session,Message Date,Delivered Date,Read Date,Edited Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,Attachment,Attachment type\r\n", "messages"},
		{"messages before edited date", "Chat Session,Message Date,Delivered Date,Read Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,Attachment,Attachment type\n", "messages"},
		{"messages with ids and reactions", "\uFEFFChat Session,Message ID,Message Date,Delivered Date,Read Date,Edited Date,Deleted Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,Reactions,Attachment,Attachment type\n", "messages"},
		{"calls", "Call type,Date,Duration,Number,Contact,Location,Service\n", "calls"},
		{"generic call log", "Date,Time,Number,Type,Duration\n", ""},
		{"chinese", "号码,时间,类型\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := imazingKind([]byte(tt.head)); got != tt.kind {
				t.Errorf("imazingKind = %q, want %q", got, tt.kind)
			}
			if got := (IMazingCSV{}).Sniff([]byte(tt.head), "x.csv"); got != (tt.kind != "") {
				t.Errorf("Sniff = %v", got)
			}
		})
	}
}

func TestIMazingMessagesPeers(t *testing.T) {
	const header = "Chat Session,Message Date,Delivered Date,Read Date,Edited Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,Attachment,Attachment type\n"
	data := header +
		// A contact's chat: the outgoing message goes to the one sender seen.
		"王五,2026-03-02 10:00:00,,,,SMS,Incoming,+8613900139001,王五,Read,,,a,,\n" +
		"王五,2026-03-02 10:01:00,,,,SMS,Outgoing,,,Delivered,,,b,,\n" +
		// A group: two senders, so an outgoing message has no one peer.
		"群,2026-03-02 11:00:00,,,,SMS,Incoming,+8613700137002,,Read,,,c,,\n" +
		"群,2026-03-02 11:01:00,,,,SMS,Incoming,+8613600136003,,Read,,,d,,\n" +
		"群,2026-03-02 11:02:00,,,,SMS,Outgoing,,,Delivered,,,e,,\n" +
		// An outgoing message before any incoming one of its chat.
		"赵六,2026-03-02 12:00:00,,,,SMS,Outgoing,,,Not Delivered,,,f,,\n" +
		"+86 135 0013 5005,2026-03-02 13:00:00,,,,SMS,Outgoing,,,Not Delivered,,,g,,\n" +
		"+86 135 0013 5005,2026-03-02 13:00:01,,,,WhatsApp,Incoming,+86 135 0013 5005,,Read,,,h,,\n"
	c := &collector{}
	if err := (IMazingCSV{}).Import(t.Context(), strings.NewReader(data), Options{Location: shanghai}, c); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range c.events {
		got = append(got, strings.Join([]string{string(ev.Direction), string(ev.Status), ev.NumberRaw, ev.ContactName, ev.Body}, " "))
	}
	want := []string{
		"in received +8613900139001 王五 a",
		"out sent +8613900139001 王五 b",
		"in received +8613700137002  c",
		"in received +8613600136003  d",
		"out failed +86 135 0013 5005  g",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	var reasons []string
	for _, r := range c.rejects {
		reasons = append(reasons, r.Locator.String()+": "+r.Reason)
	}
	wantReasons := []string{
		`line 6 column Chat Session: outgoing message in chat "群": the recipient's number is not in the export`,
		`line 7 column Chat Session: outgoing message in chat "赵六": the recipient's number is not in the export`,
		`line 9 column Service: WhatsApp message: not an SMS`,
	}
	if diff := cmp.Diff(wantReasons, reasons); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

func TestIMazingMessagesBadHeader(t *testing.T) {
	err := (IMazingCSV{}).Import(t.Context(), bytes.NewReader([]byte("\n\n")), Options{Location: shanghai}, &collector{})
	if !errors.Is(err, ErrNoHeader) {
		t.Errorf("err = %v, want ErrNoHeader", err)
	}
}
