// Package casetest writes events straight into a case database for tests,
// the way an importer does (numbers normalized, one source per file, every
// record counted), and analyzes the case. Tests that need a case of a few
// dozen hand-written events use it instead of writing export files.
package casetest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// File is one imported file of a test case.
type File struct {
	Name  string // file name; the source's SHA-256 is that of the name
	Path  string // as imported; Name when empty
	Phone string // whose phone; leaktrail.DefaultPhone when empty
	Size  int64
	// Events are written in order; their numbers are normalized (region
	// CN) and, when unset, their locators are "line FirstLine+i".
	Events    []leaktrail.Event
	FirstLine int64 // 1 when 0
	Rejects   []leaktrail.Reject
}

// Write imports files into db as complete sources.
func Write(t testing.TB, db *sqlite.DB, files ...File) {
	t.Helper()
	norm := phone.New("CN")
	for _, f := range files {
		sum := sha256.Sum256([]byte(f.Name))
		src := leaktrail.Source{Path: f.Path, Name: f.Name, SHA256: hex.EncodeToString(sum[:]), Size: f.Size, Format: "test", Phone: f.Phone}
		if src.Path == "" {
			src.Path = f.Name
		}
		if src.Phone == "" {
			src.Phone = leaktrail.DefaultPhone
		}
		im, err := db.BeginImport(t.Context(), src, "Asia/Shanghai")
		if err != nil {
			t.Fatal(err)
		}
		first := f.FirstLine
		if first == 0 {
			first = 1
		}
		for i, ev := range f.Events {
			n := norm.Normalize(ev.NumberRaw)
			ev.Number, ev.NumberClass = n.Canonical, n.Class
			if ev.Locator == (leaktrail.Locator{}) {
				ev.Locator = leaktrail.Locator{Line: first + int64(i)}
			}
			if err := im.Event(&ev); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range f.Rejects {
			if err := im.Reject(&r); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := im.Finish(); err != nil {
			t.Fatal(err)
		}
	}
}

// Analyze runs the analysis in the Asia/Shanghai zone.
func Analyze(t testing.TB, db *sqlite.DB) {
	t.Helper()
	l, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	if err := classify.Analyze(t.Context(), db, l, classify.Options{Location: loc}); err != nil {
		t.Fatal(err)
	}
}

// WriteFile writes path through a buffered writer filled by fn.
func WriteFile(t testing.TB, path string, fn func(w *bufio.Writer) error) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	if err := fn(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// Streamed imports a case of n events streamed by internal/synth (80%
// messages, 20% calls, no MMS) into a new database in a temporary folder,
// for benchmarks.
func Streamed(t testing.TB, n int) *sqlite.DB {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	files := []string{
		WriteFile(t, filepath.Join(dir, "messages.xml"), func(w *bufio.Writer) error { return synth.WriteSBRMessages(w, 1, n*8/10, 0, 0) }),
		WriteFile(t, filepath.Join(dir, "calls.xml"), func(w *bufio.Writer) error { return synth.WriteSBRCalls(w, 1, n*2/10) }),
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	norm, reg := phone.New("CN"), ingest.DefaultRegistry()
	for _, f := range files {
		if _, err := ingest.ImportFile(ctx, db, reg, norm, f, ingest.FileOptions{Location: loc}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// FlipByte changes one bit of the byte at offset at of the file at path,
// in place: the smallest tampering verify must catch.
func FlipByte(t testing.TB, path string, at int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, at); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x01
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}
