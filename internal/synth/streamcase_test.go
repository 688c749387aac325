package synth_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// streamedFile is one file of the streamed case, written by a synth
// writer and imported with leaktrail's importers.
type streamedFile struct {
	name  string
	phone string
	write func(io.Writer) error
	// What the import must give: the importer, the events by kind and the
	// contacts inserted (every record read inserted: no duplicates, no
	// rejects), and the bill rows linked to the phone's own calls.
	format   string
	kinds    map[string]int64
	contacts int64
	linked   int64
}

// TestStreamedCaseImports writes a small streamed case into t.TempDir()
// and imports it, file by file in the table's order, into one case
// database, as bench/run.sh does at full size.
func TestStreamedCaseImports(t *testing.T) {
	const (
		seed      = 7
		messages  = 4000
		calls     = 3000
		billRows  = 800
		cards     = 400
		relMsgs   = 1200
		relCalls  = 600
		smallBill = 40
	)
	shared := int64(synth.SharedBillRows(seed, calls, billRows))
	if shared != billRows*4/5 {
		t.Fatalf("SharedBillRows = %d, want %d: the calls file has too few connected calls for the test", shared, billRows*4/5)
	}
	dir := t.TempDir()
	files := []streamedFile{
		{name: "messages.xml", phone: "owner", format: "sbr-messages",
			write: func(w io.Writer) error { return synth.WriteSBRMessages(w, seed, messages, 200, 100) },
			kinds: map[string]int64{"mms": messages / 200, "sms": messages - messages/200}},
		{name: "calls.xml", phone: "owner", format: "sbr-calls",
			write: func(w io.Writer) error { return synth.WriteSBRCalls(w, seed, calls) },
			kinds: map[string]int64{"call": calls}},
		{name: "bill.xlsx", phone: "owner", format: "xlsx",
			write: func(w io.Writer) error { return synth.WriteCarrierBill(w, seed, calls, billRows) },
			kinds: map[string]int64{"call": billRows}, linked: shared},
		// A bill with no calls file to go with: none of its calls is the
		// phone's.
		{name: "bill-alone.xlsx", phone: "owner", format: "xlsx",
			write: func(w io.Writer) error { return synth.WriteCarrierBill(w, seed+1, 0, smallBill) },
			kinds: map[string]int64{"call": smallBill}},
		{name: "bill-empty.xlsx", phone: "owner", format: "xlsx",
			write: func(w io.Writer) error { return synth.WriteCarrierBill(w, seed, calls, 0) },
			kinds: map[string]int64{}},
		{name: "contacts.vcf", phone: "owner", format: "vcard",
			write:    func(w io.Writer) error { return synth.WriteContacts(w, seed, cards) },
			kinds:    map[string]int64{},
			contacts: -1, // the TEL lines of the file: see below
		},
		{name: "relative-messages.csv", phone: "mother", format: "csv",
			write: func(w io.Writer) error { return synth.WriteRelativeMessages(w, seed, relMsgs) },
			kinds: map[string]int64{"sms": relMsgs}},
		{name: "relative-calls.csv", phone: "mother", format: "csv",
			write: func(w io.Writer) error { return synth.WriteRelativeCalls(w, seed, relCalls) },
			kinds: map[string]int64{"call": relCalls}},
	}

	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	reg, norm := ingest.DefaultRegistry(), phone.New("CN")
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name)
			writeFile(t, path, f.write)
			if f.contacts < 0 {
				f.contacts = vcardTELs(t, path, cards)
			}
			res, err := ingest.ImportFile(t.Context(), db, reg, norm, path, ingest.FileOptions{Phone: f.phone, Location: loc})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			src := res.Source
			if src.Format != f.format || src.Phone != f.phone {
				t.Errorf("format %s, phone %s; want %s, %s", src.Format, src.Phone, f.format, f.phone)
			}
			var events int64
			for _, n := range f.kinds {
				events += n
			}
			type counts struct{ Read, Inserted, Duplicates, Rejected int64 }
			got := counts{src.Read, src.Inserted, src.Duplicates, src.Rejected}
			want := counts{Read: events + f.contacts, Inserted: events + f.contacts}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
				logRejects(t, db, src.ID)
			}
			if diff := cmp.Diff(f.kinds, kindsOf(t, db.SQL(), src.ID)); diff != "" {
				t.Errorf("events by kind (-want +got):\n%s", diff)
			}
			if res.Linked != f.linked {
				t.Errorf("linked %d bill rows to the phone's calls, want %d", res.Linked, f.linked)
			}
		})
	}

	// One case: the mother's collectors write to the owner, the owner's
	// contacts call or text the owner, the mother's family is the owner's.
	for _, q := range []struct {
		what, query string
	}{
		{"numbers of the mother's log in the owner's messages and calls", `
			SELECT count(DISTINCT m.number) FROM events m
			JOIN events o ON o.number = m.number AND o.phone = 'owner' AND o.witness = 'phone'
			WHERE m.phone = 'mother'`},
		{"contacts in the owner's messages and calls", `
			SELECT count(DISTINCT c.number) FROM contacts c
			JOIN events o ON o.number = c.number AND o.phone = 'owner'`},
		{"contacts in the mother's log", `
			SELECT count(DISTINCT c.number) FROM contacts c
			JOIN events m ON m.number = c.number AND m.phone = 'mother'`},
		{"texts to the mother about the debt", `
			SELECT count(*) FROM events WHERE phone = 'mother' AND kind = 'sms' AND body LIKE '%逾期%'`},
	} {
		var n int64
		if err := db.SQL().QueryRowContext(t.Context(), q.query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d", q.what, n)
		if n == 0 {
			t.Errorf("no %s", q.what)
		}
	}
	var bad int64
	if err := db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM events WHERE body LIKE '%'||char(65533)||'%'`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d message bodies with U+FFFD: text lost on the way", bad)
	}
}

// TestStreamedCaseDeterministic: the same seed gives the same bytes, another
// seed other bytes.
func TestStreamedCaseDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(w io.Writer, seed int64) error
	}{
		{"bill", func(w io.Writer, seed int64) error { return synth.WriteCarrierBill(w, seed, 500, 200) }},
		{"contacts", func(w io.Writer, seed int64) error { return synth.WriteContacts(w, seed, 100) }},
		{"relative messages", func(w io.Writer, seed int64) error { return synth.WriteRelativeMessages(w, seed, 200) }},
		{"relative calls", func(w io.Writer, seed int64) error { return synth.WriteRelativeCalls(w, seed, 200) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a, b, c bytes.Buffer
			for _, x := range []struct {
				buf  *bytes.Buffer
				seed int64
			}{{&a, 1}, {&b, 1}, {&c, 2}} {
				if err := tc.write(x.buf, x.seed); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("same seed, different output")
			}
			if bytes.Equal(a.Bytes(), c.Bytes()) {
				t.Error("seeds 1 and 2 give the same output")
			}
		})
	}
}

func TestStreamedCaseNegative(t *testing.T) {
	for name, err := range map[string]error{
		"bill calls": synth.WriteCarrierBill(io.Discard, 1, -1, 10),
		"bill rows":  synth.WriteCarrierBill(io.Discard, 1, 10, -1),
		"contacts":   synth.WriteContacts(io.Discard, 1, -1),
		"messages":   synth.WriteRelativeMessages(io.Discard, 1, -1),
		"calls":      synth.WriteRelativeCalls(io.Discard, 1, -1),
	} {
		if err == nil {
			t.Errorf("%s: negative size, no error", name)
		}
	}
}

func writeFile(t *testing.T, path string, write func(io.Writer) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// vcardTELs counts the TEL lines of a vCard file, checking that it has the
// cards asked for.
func vcardTELs(t *testing.T, path string, cards int) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("BEGIN:VCARD\r\n")); n != cards {
		t.Errorf("%d cards, want %d", n, cards)
	}
	return int64(bytes.Count(b, []byte("\r\nTEL;")))
}

func kindsOf(t *testing.T, db *sql.DB, source int64) map[string]int64 {
	t.Helper()
	got := map[string]int64{}
	err := sqlite.EachRow(t.Context(), db, `SELECT kind, count(*) FROM events WHERE source_id = ? GROUP BY kind ORDER BY kind`, func(rows *sql.Rows) error {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			return err
		}
		got[kind] = n
		return nil
	}, source)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func logRejects(t *testing.T, db *sqlite.DB, source int64) {
	t.Helper()
	rejects, err := db.Rejects(t.Context(), source)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rejects {
		if i == 10 {
			t.Logf("... %d more", len(rejects)-i)
			break
		}
		t.Logf("rejected %s: %s: %s", fmt.Sprint(r.Locator), r.Reason, r.Excerpt)
	}
}
