package classify_test

import (
	"fmt"
	"log/slog"
	"os"
	"testing"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/internal/casetest"
)

// BenchmarkAnalyze analyzes cases of 10k to 1M events: 80% messages (45%
// of them collection texts from a pool of 20k numbers, the rest bank,
// code, marketing, scam and personal texts) and 20% calls, streamed by
// internal/synth. The import is set-up, outside the timer.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			db := casetest.Streamed(b, n)
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

// benchLog shows analyze's step times when LEAKTRAIL_TRACE is set.
func benchLog() *slog.Logger {
	if os.Getenv("LEAKTRAIL_TRACE") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
