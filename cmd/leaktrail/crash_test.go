package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/sqlite"
)

var kills = flag.Int("kills", 12, "how many times TestKilledImport kills an import")

// TestKilledImport kills imports with SIGKILL at random points, again and
// again, checking after each kill that the case database is intact and
// that no half-imported file shows as complete; then a last run must end
// with exactly the counts and rows of an uninterrupted import.
func TestKilledImport(t *testing.T) {
	if testing.Short() {
		t.Skip("kills imports for several seconds")
	}
	dir := t.TempDir()
	msgs := casetest.WriteFile(t, filepath.Join(dir, "messages.xml"), func(w *bufio.Writer) error {
		return synth.WriteSBRMessages(w, 3, 60_000, 50, 2_000)
	})
	calls := casetest.WriteFile(t, filepath.Join(dir, "calls.xml"), func(w *bufio.Writer) error {
		return synth.WriteSBRCalls(w, 3, 20_000)
	})

	// The reference: one uninterrupted import, timed.
	ref := filepath.Join(dir, "ref.db")
	start := time.Now()
	if r := runCLI(t, dir, "import", "--db", ref, msgs, calls); r.code != 0 {
		t.Fatalf("reference import exit %d:\n%s", r.code, r.stderr)
	}
	took := time.Since(start)
	want := caseState(t, ref)

	db := filepath.Join(dir, "case.db")
	rnd := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for i := range *kills {
		cmd := exec.Command(binary, "import", "--db", db, msgs, calls)
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Anywhere from the first instant to the end of a full import.
		time.Sleep(time.Duration(rnd.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		finished := true
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
			finished = false
		}
		got := caseState(t, db)
		if finished {
			// Nothing left to interrupt: start the next round afresh.
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(db + suffix)
			}
		}
		for _, s := range got.sources {
			if s.complete && s.read != s.inserted+s.duplicates+s.rejected {
				t.Fatalf("kill %d: source %s complete but unbalanced: %+v", i, s.name, s)
			}
			if s.complete && s != want.byName(s.name) {
				t.Fatalf("kill %d: source %s complete with counts %+v, want %+v", i, s.name, s, want.byName(s.name))
			}
		}
	}
	t.Logf("killed %d of %d imports (full import takes %v)", killed, *kills, took)

	if r := runCLI(t, dir, "import", "--db", db, msgs, calls); r.code != 0 {
		t.Fatalf("final import exit %d:\n%s", r.code, r.stderr)
	}
	got := caseState(t, db)
	if got.events != want.events || got.rejects != want.rejects || len(got.sources) != len(want.sources) {
		t.Fatalf("after the kills: %d events, %d rejects, %d sources; want %d, %d, %d",
			got.events, got.rejects, len(got.sources), want.events, want.rejects, len(want.sources))
	}
	for _, s := range want.sources {
		if g := got.byName(s.name); g != s {
			t.Errorf("source %s: %+v, want %+v", s.name, g, s)
		}
	}
}

type sourceState struct {
	name                                 string
	complete                             bool
	read, inserted, duplicates, rejected int64
}

type state struct {
	sources         []sourceState
	events, rejects int64
}

func (s state) byName(name string) sourceState {
	for _, x := range s.sources {
		if x.name == name {
			return x
		}
	}
	return sourceState{}
}

// caseState checks the database's integrity and reads its counts.
func caseState(t *testing.T, path string) state {
	t.Helper()
	var st state
	if _, err := os.Stat(path); err != nil {
		return st // killed before the database was created
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open %s after a kill: %v", path, err)
	}
	defer db.Close()
	q := db.SQL()
	var check string
	if err := q.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	rows, err := q.QueryContext(ctx, "SELECT name, complete, read, inserted, duplicates, rejected FROM sources ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s sourceState
		if err := rows.Scan(&s.name, &s.complete, &s.read, &s.inserted, &s.duplicates, &s.rejected); err != nil {
			t.Fatal(err)
		}
		st.sources = append(st.sources, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q   string
		dst *int64
	}{
		{"SELECT count(*) FROM events", &st.events},
		{"SELECT count(*) FROM rejects", &st.rejects},
	} {
		if err := q.QueryRowContext(ctx, c.q).Scan(c.dst); err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
	}
	return st
}

// TestInterruptedImport: Ctrl-C (SIGINT) in the middle of an import stops
// it within a second, says how to resume, leaves an intact database in
// which the interrupted file is not complete, and running the same
// command again ends with the counts of an uninterrupted import.
func TestInterruptedImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 150k records twice")
	}
	dir := t.TempDir()
	msgs := casetest.WriteFile(t, filepath.Join(dir, "messages.xml"), func(w *bufio.Writer) error {
		return synth.WriteSBRMessages(w, 5, 150_000, 50, 2_000)
	})
	ref := filepath.Join(dir, "ref.db")
	if r := runCLI(t, dir, "import", "--db", ref, msgs); r.code != 0 {
		t.Fatalf("reference import exit %d:\n%s", r.code, r.stderr)
	}
	want := caseState(t, ref)

	db := filepath.Join(dir, "case.db")
	cmd := exec.Command(binary, "import", "--db", db, msgs)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LEAKTRAIL_LANG=en")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the first rows are committed: the import is under way.
	deadline := time.Now().Add(time.Minute)
	for importedRows(db) == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no rows written after a minute")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	signalled := time.Now()
	err := cmd.Wait()
	stopped := time.Since(signalled)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("interrupted import: %v, want exit status 1 (stderr:\n%s)", err, stderr.String())
	}
	if stopped > 2*time.Second {
		t.Errorf("took %v to stop after Ctrl-C", stopped)
	}
	if !strings.Contains(stderr.String(), "Run the same command again to resume") {
		t.Errorf("stderr does not say how to resume:\n%s", stderr.String())
	}
	if strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stack trace on Ctrl-C:\n%s", stderr.String())
	}
	got := caseState(t, db)
	for _, s := range got.sources {
		if s.complete {
			t.Errorf("interrupted source %s shows as complete: %+v", s.name, s)
		}
	}
	if r := runCLI(t, dir, "import", "--db", db, msgs); r.code != 0 {
		t.Fatalf("resumed import exit %d:\n%s", r.code, r.stderr)
	}
	got = caseState(t, db)
	if got.events != want.events || len(got.sources) != 1 || got.sources[0] != want.sources[0] {
		t.Errorf("after resuming: %d events, sources %+v; want %d, %+v", got.events, got.sources, want.events, want.sources)
	}
	t.Logf("stopped %v after Ctrl-C", stopped)
}

// importedRows counts the events an import in progress has committed to
// path, 0 while there is no database or table yet.
func importedRows(path string) int64 {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM events").Scan(&n); err != nil {
		return 0
	}
	return n
}
