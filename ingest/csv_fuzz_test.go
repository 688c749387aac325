package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
)

// csvSeeds adds the CSV fixtures under ../testdata to a fuzz corpus.
func csvSeeds(f *testing.F) {
	for _, pattern := range []string{"../testdata/csv/*.csv", "../testdata/carrier/*.csv", "../testdata/imazing/*.csv"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte("号码,时间,类型\n13800138000,2026-03-02 13:13:40,呼入\n"))
	f.Add([]byte("a,\"b\nc\",d\r\n\r\n\"x\"\"y\"z,\"q\n"))
	f.Add([]byte("date;number;type;duration\n2026-03-02 13:13:40;+8613800138000;incoming;83\n"))
}

// FuzzCSVParser checks that csvParser splits records exactly as
// encoding/csv does with LazyQuotes when no bound is reached.
func FuzzCSVParser(f *testing.F) {
	csvSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, comma := range []byte{',', ';'} {
			want := stdCSV(data, comma)
			p := newCSVParser(bytes.NewReader(data), comma, 1<<30, 1<<30)
			var got []csvRecord
			for {
				fields, line, long, err := p.read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if long {
					t.Fatal("long record without bounds")
				}
				got = append(got, csvRecord{line, append([]string(nil), fields...)})
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(csvRecord{})); diff != "" {
				t.Fatalf("comma %q: records differ from encoding/csv (-want +got):\n%s", comma, diff)
			}
		}
	})
}

type csvRecord struct {
	line   int64
	fields []string
}

func stdCSV(data []byte, comma byte) []csvRecord {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(comma)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var out []csvRecord
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		line := int64(0)
		if len(rec) > 0 {
			l, _ := r.FieldPos(0)
			line = int64(l)
		}
		out = append(out, csvRecord{line, rec})
		if err != nil {
			return out
		}
	}
}

// countingRows counts the rows a rowSource yields.
type countingRows struct {
	src rowSource
	n   int64
}

func (c *countingRows) Next() ([]string, string, int64, error) {
	cells, sheet, row, err := c.src.Next()
	if err != io.EOF && (err == nil || errors.As(err, new(*rowError))) {
		c.n++
	}
	return cells, sheet, row, err
}

// checkingSink checks every event and reject as it comes.
type checkingSink struct {
	t               *testing.T
	events, rejects int64
}

func (s *checkingSink) Event(ev *leaktrail.Event) error {
	s.events++
	t := s.t
	switch {
	case ev.Kind != leaktrail.KindCall && ev.Kind != leaktrail.KindSMS && ev.Kind != leaktrail.KindMMS:
		t.Fatalf("event without kind: %+v", ev)
	case ev.At <= 0:
		t.Fatalf("event at %d: %+v", ev.At, ev)
	case ev.Locator.Row+ev.Locator.Line <= 0:
		t.Fatalf("event without row: %+v", ev)
	case ev.DurationS < -1:
		t.Fatalf("event with duration %d", ev.DurationS)
	case !slices.IsSorted(ev.Flags):
		t.Fatalf("flags not sorted: %v", ev.Flags)
	}
	for _, s := range append([]string{ev.NumberRaw, ev.Body, ev.Subject, ev.ContactName, ev.Locator.Sheet, ev.Locator.Column}, ev.Flags...) {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 %q in %+v", s, ev)
		}
	}
	return nil
}

func (s *checkingSink) Contact(c *leaktrail.Contact) error {
	s.t.Fatalf("contact from a CSV: %+v", c)
	return nil
}

func (s *checkingSink) Reject(r *leaktrail.Reject) error {
	s.rejects++
	if r.Locator.Row+r.Locator.Line <= 0 || r.Reason == "" || !utf8.ValidString(r.Reason) || !utf8.ValidString(r.Excerpt) ||
		!utf8.ValidString(r.Locator.Column) || len(r.Excerpt) > maxExcerpt+len("…") {
		s.t.Fatalf("bad reject: %+v", r)
	}
	return nil
}

// FuzzCSV imports arbitrary bytes as CSV: no panic, every event valid,
// and every row read accounted for: a title, a header, a skipped row, or a
// record that became exactly one event or reject.
func FuzzCSV(f *testing.F) {
	csvSeeds(f)
	encodings := []string{"", "", "", "gbk", "utf-16le", "utf-16be", "big5", "utf-8"}
	f.Fuzz(func(t *testing.T, data []byte) {
		enc := ""
		if len(data) > 0 {
			enc = encodings[int(data[len(data)-1])%len(encodings)]
		}
		opts := Options{Location: shanghai, Name: "13800138000_202603.csv", Encoding: enc}
		rows, err := newCSVRows(bytes.NewReader(data), opts)
		if err != nil {
			t.Fatal(err)
		}
		src := &countingRows{src: rows}
		sink := &checkingSink{t: t}
		counts, err := importRowsCounted(t.Context(), src, opts, sink)
		if err != nil && !errors.Is(err, ErrNoHeader) {
			t.Fatalf("import: %v", err)
		}
		if err != nil {
			return
		}
		if got := counts.titles + counts.headers + counts.skipped + counts.records; got != src.n {
			t.Fatalf("%d rows read, %+v accounted for", src.n, counts)
		}
		if got := sink.events + sink.rejects; got != counts.records+counts.sheetRejects {
			t.Fatalf("%d events and %d rejects for %+v", sink.events, sink.rejects, counts)
		}
	})
}

// FuzzIMazing imports arbitrary rows below an iMazing messages or calls
// header: no panic, every event valid, and for messages every record
// below the header one event or reject.
func FuzzIMazing(f *testing.F) {
	paths, _ := filepath.Glob("../testdata/imazing/*.csv")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		_, rows, _ := bytes.Cut(b, []byte("\n"))
		f.Add(rows, bytes.HasPrefix(b, []byte("Call type")))
	}
	const (
		messages = "Chat Session,Message Date,Delivered Date,Read Date,Edited Date,Service,Type,Sender ID,Sender Name,Status,Replying to,Subject,Text,Attachment,Attachment type\n"
		calls    = "Call type,Date,Duration,Number,Contact,Location,Service\n"
	)
	f.Fuzz(func(t *testing.T, rows []byte, isCalls bool) {
		data := append([]byte(messages), rows...)
		if isCalls {
			data = append([]byte(calls), rows...)
		}
		sink := &checkingSink{t: t}
		err := IMazingCSV{}.Import(t.Context(), bytes.NewReader(data), Options{Location: shanghai}, sink)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if isCalls {
			return
		}
		// Count the records below the header as the importer reads them.
		p := newCSVParser(bytes.NewReader(data), ',', maxCSVRecord, maxCSVFields)
		var records int64
		for {
			fields, _, long, err := p.read()
			if err != nil {
				break
			}
			// A record the importer rejects (too long, or a quote
			// never closed) counts even when its fields are blank.
			if long || p.openTo > 0 || !blankRow(fields) {
				records++
			}
		}
		if sink.events+sink.rejects != records-1 {
			t.Fatalf("%d records below the header, %d events and %d rejects", records-1, sink.events, sink.rejects)
		}
	})
}
