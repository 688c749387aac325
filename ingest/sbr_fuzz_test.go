package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
)

// checkSink verifies every record as it arrives.
type checkSink struct {
	t      *testing.T
	events []string
}

func (s *checkSink) Event(ev *leaktrail.Event) error {
	if ev.Kind != leaktrail.KindSMS && ev.Kind != leaktrail.KindMMS && ev.Kind != leaktrail.KindCall {
		s.t.Errorf("bad kind %q", ev.Kind)
	}
	if ev.At <= 0 {
		s.t.Errorf("bad time %d", ev.At)
	}
	for _, text := range []string{ev.Body, ev.Subject, ev.ContactName, ev.NumberRaw} {
		if !utf8.ValidString(text) {
			s.t.Errorf("invalid UTF-8 %q", text)
		}
	}
	if ev.Locator.Line < 1 {
		s.t.Errorf("event without line: %+v", ev.Locator)
	}
	if !slices.IsSorted(ev.Flags) {
		s.t.Errorf("flags not sorted: %v", ev.Flags)
	}
	s.events = append(s.events, ev.Body+"|"+ev.NumberRaw+"|"+ev.Locator.String())
	return nil
}

func (s *checkSink) Contact(c *leaktrail.Contact) error {
	s.t.Errorf("SBR produced a contact")
	return nil
}

func (s *checkSink) Reject(r *leaktrail.Reject) error {
	if r.Reason == "" || !utf8.ValidString(r.Reason) || !utf8.ValidString(r.Excerpt) {
		s.t.Errorf("bad reject %+v", r)
	}
	s.events = append(s.events, "reject "+r.Reason+"|"+r.Locator.String())
	return nil
}

// FuzzSBR feeds arbitrary bytes to the SBR reader: it must never panic,
// every record must be valid, and the result must not depend on how the
// input is split into reads.
func FuzzSBR(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/sbr/*.xml")
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<smses><sms address='1' date='1' type='1' body='&#55357;&#56834;&#1;'/></smses>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := &checkSink{t: t}
		if err := importSBR(t.Context(), strings.NewReader(string(data)), whole); err != nil {
			t.Fatalf("import: %v", err)
		}
		split := &checkSink{t: t}
		if err := importSBR(t.Context(), &chunkReader{s: string(data), n: 3}, split); err != nil {
			t.Fatalf("import in small reads: %v", err)
		}
		if !slices.Equal(whole.events, split.events) {
			t.Errorf("result depends on read sizes:\n%q\n%q", whole.events, split.events)
		}
		calls := &checkSink{t: t}
		if err := (SBRCalls{}).Import(t.Context(), strings.NewReader(string(data)), Options{Location: shanghai}, calls); err != nil {
			t.Fatalf("calls: %v", err)
		}
	})
}

// FuzzSuperBackup feeds arbitrary bytes to both Super Backup readers.
func FuzzSuperBackup(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/superbackup/*.xml")
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, imp := range []Importer{SuperBackupCalls{}, SuperBackupMessages{}} {
			whole := &checkSink{t: t}
			if err := imp.Import(t.Context(), strings.NewReader(string(data)), Options{Location: shanghai}, whole); err != nil {
				t.Fatalf("%s: %v", imp.Format(), err)
			}
			split := &checkSink{t: t}
			if err := imp.Import(t.Context(), &chunkReader{s: string(data), n: 5}, Options{Location: shanghai}, split); err != nil {
				t.Fatalf("%s in small reads: %v", imp.Format(), err)
			}
			if !slices.Equal(whole.events, split.events) {
				t.Errorf("%s: result depends on read sizes", imp.Format())
			}
		}
	})
}
