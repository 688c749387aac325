package ingest

import (
	"testing"
)

// TestSuperBackupBodyCut: a message body over the scanner's bound on a
// value is cut there and flagged, as in SMS Backup & Restore files.
func TestSuperBackupBodyCut(t *testing.T) {
	r := &repeatReader{
		prefix: `<allsms count="1"><sms address="13800138000" date="1767081600000" type="1" body="`,
		fill:   'x', n: defaultMaxValue + 1,
		suffix: `" name="" read="1"/></allsms>`,
	}
	c := &collector{}
	if err := (SuperBackupMessages{}).Import(t.Context(), r, Options{Location: shanghai}, c); err != nil {
		t.Fatal(err)
	}
	if len(c.events) != 1 || len(c.rejects) != 0 {
		t.Fatalf("events %d rejects %+v, want 1 event", len(c.events), c.rejects)
	}
	ev := c.events[0]
	if len(ev.Body) != defaultMaxValue || len(ev.Flags) != 1 || ev.Flags[0] != "body_cut" {
		t.Errorf("body of %d bytes with flags %q, want %d bytes flagged body_cut", len(ev.Body), ev.Flags, defaultMaxValue)
	}
}
