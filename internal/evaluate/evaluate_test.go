package main

import (
	"math"
	"strings"
	"testing"
)

// TestTargets holds analysis to issue 4's targets over 20 synthetic
// seeds and two cases without debt: collection numbers precision >= 0.98
// and recall >= 0.95; onset on the exact day in >= 90% of cases and
// within one day in all; no onset or leak without a debt; every platform
// named; <= 1% of ordinary messages labelled collection or threat.
func TestTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes 22 synthetic cases")
	}
	seeds := make([]int64, 20)
	for i := range seeds {
		seeds[i] = int64(i + 1)
	}
	s, err := evaluate(t.Context(), t.TempDir(), seeds, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	s.print(&b, false)
	t.Log("\n" + b.String())

	p, r, _, _, _ := s.precisionRecall("collection")
	if math.IsNaN(p) || p < 0.98 || math.IsNaN(r) || r < 0.95 {
		t.Errorf("collection numbers: precision %.4f recall %.4f, want >= 0.98 and >= 0.95", p, r)
	}
	cases, exact, within, quiet, quietNull := s.onsetStats()
	if float64(exact) < 0.9*float64(cases) || within != cases {
		t.Errorf("onset: exact %d/%d, within one day %d/%d", exact, cases, within, cases)
	}
	if quietNull != quiet {
		t.Errorf("cases without debt: %d/%d with null onset and leak", quietNull, quiet)
	}
	for _, c := range s.cases {
		if len(c.platformsMissed) > 0 {
			t.Errorf("seed %d: platforms %v not named (got %v)", c.seed, c.platformsMissed, c.platformsGot)
		}
	}
	if rate := float64(s.ordinaryFlagged) / float64(s.ordinary); rate > 0.01 {
		t.Errorf("%d/%d = %.4f ordinary messages labelled collection or threat, want <= 0.01", s.ordinaryFlagged, s.ordinary, rate)
	}
}
