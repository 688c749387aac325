package classify_test

import (
	"bufio"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// BenchmarkAnalyze analyzes cases of 10k to 1M events: 80% messages (45%
// of them collection texts from a pool of 20k numbers, the rest bank,
// code, marketing, scam and personal texts) and 20% calls, streamed by
// internal/synth. The import is set-up, outside the timer.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			db := benchCase(b, n)
			l, err := classify.New()
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := classify.Analyze(b.Context(), db, l, classify.Options{Location: shanghai, Log: benchLog()}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func benchCase(b *testing.B, n int) *sqlite.DB {
	b.Helper()
	ctx := b.Context()
	dir := b.TempDir()
	write := func(name string, fn func(w *bufio.Writer) error) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		if err := fn(w); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		return path
	}
	files := []string{
		write("messages.xml", func(w *bufio.Writer) error { return synth.WriteSBRMessages(w, 1, n*8/10, 0, 0) }),
		write("calls.xml", func(w *bufio.Writer) error { return synth.WriteSBRCalls(w, 1, n*2/10) }),
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	norm, reg := phone.New("CN"), ingest.DefaultRegistry()
	for _, f := range files {
		if _, err := ingest.ImportFile(ctx, db, reg, norm, f, ingest.FileOptions{Location: shanghai}); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// benchLog shows analyze's step times when LEAKTRAIL_TRACE is set.
func benchLog() *slog.Logger {
	if os.Getenv("LEAKTRAIL_TRACE") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
