package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "case.db")
	db, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.UnixMilli(1767225600000) }
	t.Cleanup(func() { db.Close() })
	return db, path
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	db, path := openTemp(t)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != 0o600 {
		t.Errorf("database mode %o, want 600", got)
	}
	// Writing creates the WAL; it must be private too.
	im, err := db.BeginImport(t.Context(), leaktrail.Source{Path: "x", Name: "x", SHA256: "aa", Format: "f", Phone: "owner"}, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Finish(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %o, want 600", filepath.Base(p), st.Mode().Perm())
		}
	}
}

func TestOpenTwiceKeepsSchema(t *testing.T) {
	db, path := openTemp(t)
	db.Close()
	db2, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	names, _ := migrations.ReadDir("migration")
	var v int
	if err := db2.SQL().QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != len(names) {
		t.Errorf("user_version = %d, %v; want %d", v, err, len(names))
	}
}

func TestOpenRejectsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("this is not a database, just some text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(t.Context(), text); err == nil {
		t.Error("opened a text file as a case")
	}
	other := filepath.Join(dir, "other.db")
	db, err := Open(t.Context(), other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(t.Context(), other); err == nil {
		t.Error("opened a database of a newer schema")
	}
}

func event(at int64, number, body string) *leaktrail.Event {
	return &leaktrail.Event{Kind: leaktrail.KindSMS, Direction: leaktrail.DirIn, Status: leaktrail.StatusReceived, At: at,
		NumberRaw: number, Number: number, NumberClass: leaktrail.ClassMobile, DurationS: -1, Body: body,
		Locator: leaktrail.Locator{Line: at, Offset: at * 10}}
}

// importEvents imports n events (with the given start), and the rejects,
// as a source with hash sum.
func importEvents(t *testing.T, db *DB, sum, phone string, start, n int, rejects int) leaktrail.Source {
	t.Helper()
	im, err := db.BeginImport(t.Context(), leaktrail.Source{Path: sum, Name: sum, SHA256: sum, Format: "sbr-messages", Phone: phone}, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for i := start; i < start+n; i++ {
		if err := im.Event(event(int64(i+1), "+8613800138000", fmt.Sprintf("message %d", i))); err != nil {
			t.Fatal(err)
		}
	}
	for i := range rejects {
		if err := im.Reject(&leaktrail.Reject{Locator: leaktrail.Locator{Line: int64(i + 1)}, Reason: "bad"}); err != nil {
			t.Fatal(err)
		}
	}
	src, err := im.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestImportAccounting(t *testing.T) {
	db, _ := openTemp(t)
	// Sizes straddle the batch and commit sizes.
	tests := []struct {
		name         string
		sum, phone   string
		start, n     int
		rejects      int
		want         leaktrail.Counts
		wantEventsDB int64
	}{
		{"first backup", "a1", "owner", 0, 25_000, 3, leaktrail.Counts{Read: 25_003, Inserted: 25_000, Rejected: 3}, 25_000},
		{"overlapping later backup", "a2", "owner", 20_000, 10_000, 0, leaktrail.Counts{Read: 10_000, Inserted: 5_000, Duplicates: 5_000}, 30_000},
		{"same events on another phone", "a3", "mother", 0, 100, 0, leaktrail.Counts{Read: 100, Inserted: 100}, 30_100},
		{"small tail batch", "a4", "owner", 30_000, 7, 1, leaktrail.Counts{Read: 8, Inserted: 7, Rejected: 1}, 30_107},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := importEvents(t, db, tt.sum, tt.phone, tt.start, tt.n, tt.rejects)
			if diff := cmp.Diff(tt.want, src.Counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			stored, err := db.SourceBySHA256(t.Context(), tt.sum)
			if err != nil || stored == nil {
				t.Fatalf("source not stored: %v", err)
			}
			if !stored.Complete || stored.Counts != tt.want {
				t.Errorf("stored source %+v, want complete with %+v", stored, tt.want)
			}
			tot, err := db.Totals(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if tot.Events != tt.wantEventsDB {
				t.Errorf("events in case = %d, want %d", tot.Events, tt.wantEventsDB)
			}
		})
	}
}

func TestInterruptedImportIsReplaced(t *testing.T) {
	db, path := openTemp(t)
	im, err := db.BeginImport(t.Context(), leaktrail.Source{Path: "p", Name: "p", SHA256: "s1", Format: "f", Phone: "owner"}, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	// Past one commit, then the process "dies": no Finish, no Abort, the
	// open transaction lost.
	for i := range commitRows + 500 {
		if err := im.Event(event(int64(i+1), "+8613800138000", "x")); err != nil {
			t.Fatal(err)
		}
	}
	im.stop()
	im.w.tx.Rollback()
	db.Close()

	db2, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	src, err := db2.SourceBySHA256(t.Context(), "s1")
	if err != nil || src == nil {
		t.Fatalf("interrupted source: %v %v", src, err)
	}
	if src.Complete {
		t.Fatal("an interrupted import shows as complete")
	}
	got := importEvents(t, db2, "s1", "owner", 0, commitRows+500, 0)
	want := leaktrail.Counts{Read: commitRows + 500, Inserted: commitRows + 500}
	if got.Counts != want {
		t.Errorf("rerun counts %+v, want %+v", got.Counts, want)
	}
	srcs, _ := db2.Sources(t.Context())
	if len(srcs) != 1 {
		t.Errorf("%d sources after rerun, want 1", len(srcs))
	}
}

func TestAbortRemovesSource(t *testing.T) {
	db, _ := openTemp(t)
	ctx, cancel := context.WithCancel(t.Context())
	im, err := db.BeginImport(ctx, leaktrail.Source{Path: "p", Name: "p", SHA256: "s2", Format: "f", Phone: "owner"}, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		im.Event(event(int64(i+1), "+8613800138000", "x"))
	}
	cancel()
	if err := im.Abort(); err != nil {
		t.Fatal(err)
	}
	tot, _ := db.Totals(t.Context())
	srcs, _ := db.Sources(t.Context())
	if tot.Events != 0 || len(srcs) != 0 {
		t.Errorf("after abort: %d events, %d sources", tot.Events, len(srcs))
	}
}

func TestLocatorRoundTrip(t *testing.T) {
	tests := []leaktrail.Locator{
		{Line: 12, Offset: 3456},
		{Line: 1},
		{Sheet: "2026年03月 语音", Row: 17},
		{Sheet: "Sheet1", Row: 2, Column: "对方号码"},
	}
	for _, want := range tests {
		t.Run(want.String(), func(t *testing.T) {
			if diff := cmp.Diff(want, parseLocator(want.String())); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLinkWitnesses(t *testing.T) {
	db, _ := openTemp(t)
	call := func(at int64, number string, dir leaktrail.Direction, dur int64, w leaktrail.Witness) *leaktrail.Event {
		return &leaktrail.Event{Kind: leaktrail.KindCall, Direction: dir, Status: leaktrail.StatusAnswered, At: at,
			NumberRaw: number, Number: number, NumberClass: leaktrail.ClassMobile, DurationS: dur, Witness: w}
	}
	const a, b = "+8617000001234", "+8613800138000"
	imp := func(sum string, evs ...*leaktrail.Event) {
		im, err := db.BeginImport(t.Context(), leaktrail.Source{Path: sum, Name: sum, SHA256: sum, Format: "f", Phone: "owner"}, "UTC")
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if err := im.Event(ev); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	// The phone's log.
	imp("log",
		call(1_000_000, a, leaktrail.DirIn, 60, ""),  // 1: confirmed by the bill 3 s later
		call(2_000_000, a, leaktrail.DirIn, 60, ""),  // 2: the bill's duration is far off: not the same call
		call(3_000_000, b, leaktrail.DirOut, 10, ""), // 3: the bill says incoming: not the same
		call(4_000_000, b, leaktrail.DirIn, 30, ""),  // 4: two bill records near it; the closer one wins
		call(5_000_000, b, leaktrail.DirIn, 30, ""),  // 5: only on the phone
	)
	// The carrier's bill, with exactly the phone's time for record 1: the
	// witness keeps it from being taken for a duplicate.
	imp("bill",
		call(1_003_000, a, leaktrail.DirIn, 62, leaktrail.WitnessCarrier),
		call(2_000_000, a, leaktrail.DirIn, 200, leaktrail.WitnessCarrier),
		call(3_000_000, b, leaktrail.DirIn, 10, leaktrail.WitnessCarrier),
		call(4_006_000, b, leaktrail.DirIn, 30, leaktrail.WitnessCarrier),
		call(4_001_000, b, leaktrail.DirIn, 31, leaktrail.WitnessCarrier),
		call(9_000_000, b, leaktrail.DirIn, 30, leaktrail.WitnessCarrier), // only on the bill
	)
	n, err := db.LinkWitnesses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("linked %d, want 2", n)
	}
	rows, err := db.SQL().Query(`SELECT c.at, p.at FROM events c JOIN events p ON p.id = c.same_as ORDER BY c.at`)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int64
	for rows.Next() {
		var p [2]int64
		rows.Scan(&p[0], &p[1])
		got = append(got, p)
	}
	rows.Close()
	want := [][2]int64{{1_003_000, 1_000_000}, {4_001_000, 4_000_000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	if again, _ := db.LinkWitnesses(t.Context()); again != 0 {
		t.Errorf("second pass linked %d more", again)
	}
	tot, _ := db.Totals(t.Context())
	if tot.Calls != 9 || tot.Confirmed != 2 {
		t.Errorf("totals: %d calls, %d confirmed; want 9 and 2", tot.Calls, tot.Confirmed)
	}
}
