package classify

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// onsetPoisson draws a Poisson count of mean lambda by Knuth's method:
// multiply uniform draws until the product falls to e^−lambda or below; the
// number of draws before that is the count. Exact, and quick for the rates
// used here (up to 30 a day, where e^−30 ≈ 1e−13 is still far from
// float64's limits).
func onsetPoisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	limit := math.Exp(-lambda)
	k, p := 0, r.Float64()
	for p > limit {
		k++
		p *= r.Float64()
	}
	return k
}

// onsetDraw returns n days drawn from a Poisson of mean rate(day), from a PCG
// generator seeded with seed: the same seed gives the same series.
func onsetDraw(seed uint64, n int, rate func(day int) float64) []int {
	r := rand.New(rand.NewPCG(seed, 0x6f6e736574))
	counts := make([]int, n)
	for i := range counts {
		counts[i] = onsetPoisson(r, rate(i))
	}
	return counts
}

// onsetStep is a rate function: before until day start, after from then on.
func onsetStep(start int, before, after float64) func(int) float64 {
	return func(day int) float64 {
		if day < start {
			return before
		}
		return after
	}
}

// onsetSet returns counts with the given days set to the given values, in
// pairs (day, count, day, count ...).
func onsetSet(counts []int, dayCount ...int) []int {
	for i := 0; i+1 < len(dayCount); i += 2 {
		counts[dayCount[i]] = dayCount[i+1]
	}
	return counts
}

// onsetRepeat returns n days of count c.
func onsetRepeat(n, c int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = c
	}
	return s
}

// onsetResult is what TestDetectOnset compares: ok, and the day when ok.
type onsetResult struct {
	OK  bool
	Day int
}

// onsetCase is a series and its onset. series draws the series for a seed;
// the case is checked on seeds 0 to seeds−1 (on seed 0 alone when seeds is 0,
// for series that ignore the seed).
type onsetCase struct {
	name   string
	series func(seed uint64) []int
	seeds  int
	want   onsetResult
}

// fixed makes a series function of a fixed series.
func fixed(counts []int) func(uint64) []int { return func(uint64) []int { return counts } }

// campaign is the rate of a typical campaign: a background of before a day,
// 15 a day from day 60.
func campaign(before float64) func(int) float64 { return onsetStep(60, before, 15) }

var onsetCases = []onsetCase{
	// A step from nothing.
	{"zero then 15 a day", func(seed uint64) []int { return onsetDraw(seed, 100, campaign(0)) }, 200, onsetResult{true, 60}},
	{"constant step", fixed(slices.Concat(onsetRepeat(60, 0), onsetRepeat(40, 10))), 0, onsetResult{true, 60}},

	// The weak first day: one call on day 60, the flood from day 61.
	{"weak first day after silence", func(seed uint64) []int {
		return onsetSet(onsetDraw(seed, 100, onsetStep(61, 0, 15)), 60, 1)
	}, 200, onsetResult{true, 60}},
	{"weak first day before a slow campaign", func(seed uint64) []int {
		c := onsetSet(onsetDraw(seed, 100, onsetStep(61, 0, 4)), 60, 1)
		c[61] = max(c[61], 1) // a slow campaign may skip a day; this case is about the first day
		return c
	}, 200, onsetResult{true, 60}},
	{"two weak days after silence", func(seed uint64) []int {
		return onsetSet(onsetDraw(seed, 100, onsetStep(62, 0, 20)), 60, 1, 61, 2)
	}, 200, onsetResult{true, 60}},
	// A stray weeks before makes the background 1/60 a day, not 0: then one
	// call is likelier as background than at 20 a day, and the onset is the
	// day after it (see DetectOnset, step 4).
	{"weak first day after a stray weeks before", fixed(onsetSet(slices.Concat(onsetRepeat(60, 0), []int{1}, onsetRepeat(39, 20)), 30, 1)), 0, onsetResult{true, 61}},
	// A quiet day after the first call: a zero day is always likelier as
	// background, so the walk back stops there, and the onset is the day
	// activity became sustained.
	{"weak first day then a quiet day", fixed(slices.Concat(onsetRepeat(60, 0), []int{1, 0}, onsetRepeat(38, 20))), 0, onsetResult{true, 62}},

	// Strays weeks before, and a low background.
	{"stray 20 days before", func(seed uint64) []int { return onsetSet(onsetDraw(seed, 100, campaign(0)), 40, 1) }, 200, onsetResult{true, 60}},
	{"stray 40 days before", func(seed uint64) []int { return onsetSet(onsetDraw(seed, 100, campaign(0)), 20, 1) }, 200, onsetResult{true, 60}},
	{"two strays 20 to 40 days before", func(seed uint64) []int {
		r := rand.New(rand.NewPCG(seed, 2))
		a := 20 + r.IntN(21)
		b := 20 + (a-20+1+r.IntN(20))%21 // another day in [20, 40]
		return onsetSet(onsetDraw(seed, 100, campaign(0)), a, 1, b, 1)
	}, 200, onsetResult{true, 60}},
	{"stray of two events 30 days before", func(seed uint64) []int { return onsetSet(onsetDraw(seed, 100, campaign(0)), 30, 2) }, 200, onsetResult{true, 60}},
	{"background 0.2 a day", func(seed uint64) []int { return onsetDraw(seed, 100, campaign(0.2)) }, 200, onsetResult{true, 60}},
	{"background 0.2 a day over a year", func(seed uint64) []int {
		return onsetDraw(seed, 365, onsetStep(300, 0.2, 15))
	}, 200, onsetResult{true, 300}},

	// What follows the start does not move it.
	{"holiday lull", func(seed uint64) []int {
		return onsetDraw(seed, 130, func(day int) float64 {
			if day >= 80 && day < 84 {
				return 0
			}
			return campaign(0.2)(day)
		})
	}, 200, onsetResult{true, 60}},
	{"weekends at half rate", func(seed uint64) []int {
		return onsetDraw(seed, 150, func(day int) float64 {
			r := campaign(0.2)(day)
			if day >= 60 && day%7 >= 5 {
				r /= 2
			}
			return r
		})
	}, 200, onsetResult{true, 60}},
	{"winding down to 1 a day", func(seed uint64) []int {
		return onsetDraw(seed, 180, func(day int) float64 {
			switch {
			case day < 60:
				return 0.2
			case day < 90:
				return 15
			case day < 130: // 15 to 1 a day, geometrically
				return 15 * math.Pow(1.0/15, float64(day-90)/40)
			}
			return 1
		})
	}, 200, onsetResult{true, 60}},
	{"stopping for the last 20 days", func(seed uint64) []int {
		return onsetDraw(seed, 120, func(day int) float64 {
			if day >= 100 {
				return 0
			}
			return campaign(0)(day)
		})
	}, 200, onsetResult{true, 60}},
	{"escalation after a week", func(seed uint64) []int {
		return onsetDraw(seed, 120, func(day int) float64 {
			if day >= 67 {
				return 30
			}
			return campaign(0)(day)
		})
	}, 200, onsetResult{true, 60}},
	{"all of it", func(seed uint64) []int {
		r := rand.New(rand.NewPCG(seed, 3))
		stray := 20 + r.IntN(21)
		return onsetSet(onsetDraw(seed, 200, func(day int) float64 {
			switch {
			case day < 60:
				return 0.1
			case day >= 75 && day < 78: // holiday
				return 0
			case day < 120:
				if day%7 >= 5 {
					return 6
				}
				return 12
			case day < 150:
				return 1
			}
			return 0
		}), stray, 1)
	}, 200, onsetResult{true, 60}},

	// No campaign.
	{"all zeros", fixed(make([]int, 180)), 0, onsetResult{}},
	{"flat 0.3 a day", func(seed uint64) []int { return onsetDraw(seed, 180, onsetStep(0, 0, 0.3)) }, 200, onsetResult{}},
	{"flat 2 a day", func(seed uint64) []int { return onsetDraw(seed, 180, onsetStep(0, 0, 2)) }, 200, onsetResult{}},
	{"one stray event", fixed(onsetSet(make([]int, 180), 90, 1)), 0, onsetResult{}},
	{"two stray events", fixed(onsetSet(make([]int, 180), 40, 1, 130, 1)), 0, onsetResult{}},
	{"two stray events on consecutive days", fixed(onsetSet(make([]int, 180), 90, 1, 91, 1)), 0, onsetResult{}},
	{"two stray events at the end", fixed(onsetSet(make([]int, 180), 178, 1, 179, 1)), 0, onsetResult{}},
	{"nil", fixed(nil), 0, onsetResult{}},
	{"empty", fixed([]int{}), 0, onsetResult{}},
	{"one day", fixed([]int{40}), 0, onsetResult{}},
	{"two days", fixed([]int{0, 40}), 0, onsetResult{}},
	{"negative count", fixed(onsetSet(slices.Concat(onsetRepeat(60, 0), onsetRepeat(40, 10)), 10, -1)), 0, onsetResult{}},

	// The thresholds.
	{"three days", fixed([]int{0, 0, 30}), 0, onsetResult{true, 2}},
	{"one-day burst", fixed(onsetSet(make([]int, 180), 100, 12)), 0, onsetResult{true, 100}},
	// One cut at a time: a cut at either end of a short burst amid silence
	// must clear the penalty by itself.
	{"five events in two days amid silence", fixed(onsetSet(make([]int, 180), 100, 3, 101, 2)), 0, onsetResult{}},
	{"five events in two days after silence", fixed(onsetSet(make([]int, 180), 178, 3, 179, 2)), 0, onsetResult{true, 178}},
	{"four events", fixed(slices.Concat(onsetRepeat(16, 0), []int{1, 1, 1, 1})), 0, onsetResult{}},
	{"five events", fixed(slices.Concat(onsetRepeat(16, 0), []int{1, 1, 1, 2})), 0, onsetResult{true, 16}},
	{"rise to less than twice plus one", fixed(slices.Concat(onsetRepeat(90, 2), onsetRepeat(90, 4))), 0, onsetResult{}},
	{"rise to twice plus one", fixed(slices.Concat(onsetRepeat(90, 2), onsetRepeat(90, 5))), 0, onsetResult{true, 90}},
	{"rise from 2 to 4 a day", func(seed uint64) []int { return onsetDraw(seed, 180, onsetStep(90, 2, 4)) }, 200, onsetResult{}},
	// 27 days of 1 then days of 3: the LLR of 5 such days is 5.06, under the
	// penalty 1.5·ln(32) = 5.20; that of 6 days is 5.82, over 1.5·ln(33) =
	// 5.24.
	{"rise under the penalty", fixed(slices.Concat(onsetRepeat(27, 1), onsetRepeat(5, 3))), 0, onsetResult{}},
	{"rise over the penalty", fixed(slices.Concat(onsetRepeat(27, 1), onsetRepeat(6, 3))), 0, onsetResult{true, 27}},
}

// TestDetectOnset checks the onset day of each case on each of its seeds,
// and that the same series gives the same Onset twice without being changed.
func TestDetectOnset(t *testing.T) {
	for _, tc := range onsetCases {
		t.Run(tc.name, func(t *testing.T) {
			n := max(tc.seeds, 1)
			got := make([]onsetResult, n)
			want := make([]onsetResult, n)
			for seed := range n {
				counts := tc.series(uint64(seed))
				in := slices.Clone(counts)
				o, ok := DetectOnset(counts)
				got[seed] = onsetResult{ok, o.Day}
				want[seed] = tc.want
				if !ok && !cmp.Equal(o, Onset{}) {
					t.Errorf("seed %d: not ok but %+v", seed, o)
				}
				if again, ok2 := DetectOnset(counts); ok2 != ok || !cmp.Equal(again, o) {
					t.Errorf("seed %d: second call gave %+v, %v; first %+v, %v", seed, again, ok2, o, ok)
				}
				if !slices.Equal(in, counts) {
					t.Errorf("seed %d: series changed", seed)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("onset by seed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDetectOnsetEvidence checks the whole Onset on series whose numbers can
// be worked out by hand.
func TestDetectOnsetEvidence(t *testing.T) {
	// ll is the log-likelihood of DetectOnset's doc: S·ln(S/L) − S.
	ll := func(S, L float64) float64 {
		if S == 0 {
			return 0
		}
		return S*math.Log(S/L) - S
	}
	tests := []struct {
		name   string
		counts []int
		want   Onset
	}{
		{"step from 0 to 10", slices.Concat(onsetRepeat(60, 0), onsetRepeat(40, 10)), Onset{
			Day: 60, RateBefore: 0, RateAfter: 10,
			LLR:      ll(400, 40) - ll(400, 100), // = 400·ln(2.5)
			Segments: []Segment{{0, 60, 0}, {60, 100, 10}},
		}},
		{"step from 1 to 5, then silence", slices.Concat(onsetRepeat(30, 1), onsetRepeat(20, 5), onsetRepeat(30, 0)), Onset{
			Day: 30, RateBefore: 1, RateAfter: 5,
			LLR:      ll(30, 30) + ll(100, 20) - ll(130, 50),
			Segments: []Segment{{0, 30, 1}, {30, 50, 5}, {50, 80, 0}},
		}},
		// The segmentation puts day 60 (one call) with the silence before;
		// the refinement takes it into the campaign, and Segments shows the
		// boundary moved.
		{"weak first day", slices.Concat(onsetRepeat(60, 0), []int{1}, onsetRepeat(39, 20)), Onset{
			Day: 60, RateBefore: 0, RateAfter: 781.0 / 40,
			LLR:      ll(781, 40) - ll(781, 100),
			Segments: []Segment{{0, 60, 0}, {60, 100, 781.0 / 40}},
		}},
		// A short lull does not split the campaign segment; a long one
		// does, and the onset stays the first rise.
		{"short lull", slices.Concat(onsetRepeat(40, 0), onsetRepeat(20, 8), onsetRepeat(5, 0), onsetRepeat(20, 8)), Onset{
			Day: 40, RateBefore: 0, RateAfter: 320.0 / 45,
			LLR:      ll(320, 45) - ll(320, 85),
			Segments: []Segment{{0, 40, 0}, {40, 85, 320.0 / 45}},
		}},
		{"long lull", slices.Concat(onsetRepeat(40, 0), onsetRepeat(20, 8), onsetRepeat(20, 0), onsetRepeat(20, 8)), Onset{
			Day: 40, RateBefore: 0, RateAfter: 8,
			LLR:      ll(160, 20) - ll(160, 60),
			Segments: []Segment{{0, 40, 0}, {40, 60, 8}, {60, 80, 0}, {80, 100, 8}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DetectOnset(tt.counts)
			if !ok {
				t.Fatal("no onset")
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("DetectOnset (-want +got):\n%s", diff)
			}
		})
	}
}

// onsetOracle returns the day k in (0, len(counts)) at which a series with
// one change from rate before to rate after most likely changed, knowing the
// two rates: the best any method can do on one series.
func onsetOracle(counts []int, before, after float64) int {
	logp := func(x int, rate float64) float64 {
		if rate == 0 {
			if x == 0 {
				return 0
			}
			return math.Inf(-1)
		}
		return float64(x)*math.Log(rate) - rate // without ln(x!), the same under both rates
	}
	var sum float64 // log-likelihood with the change at k, days [0, k) before
	for _, x := range counts {
		sum += logp(x, after)
	}
	best, bestK := math.Inf(-1), -1
	for k := 1; k < len(counts); k++ {
		sum += logp(counts[k-1], before) - logp(counts[k-1], after)
		if bestK < 0 || sum > best || math.IsInf(best, -1) && !math.IsInf(sum, -1) {
			best, bestK = sum, k
		}
	}
	return bestK
}

// TestDetectOnsetStep draws a step (60 days at a background rate, then 40
// at a campaign rate, both drawn per seed) for 1000 seeds and counts how
// often the onset is the exact first day of the campaign, and how often it is
// within one day.
//
// With rates after in [3, 30] and before in [0, 0.5], some steps cannot be
// placed to the day from the data: at 3 a day against a background of 0.5
// the first day of the campaign is often as quiet as the background, and a
// background day just before it as busy as the campaign. onsetOracle, which
// knows both rates, places 98.5% of such steps exactly and 99.8% within a
// day (measured on 20,000 seeds), so 99% exact and all within a day cannot
// be asked there. DetectOnset, which does not know the rates, must do as
// well as the oracle less half a point on the same series. From 10 a day
// up, or after a silent background, the first day is clear and DetectOnset
// must place 99% exactly and all within a day.
func TestDetectOnsetStep(t *testing.T) {
	const start, days, seeds = 60, 100, 1000
	tests := []struct {
		name          string
		before, after [2]float64 // ranges the rates are drawn from
		minExact      float64    // fraction of seeds with the exact day
		minNear       float64    // fraction of seeds within one day
	}{
		{"after 3 to 30, before 0 to 0.5", [2]float64{0, 0.5}, [2]float64{3, 30}, 0.98, 0.99},
		{"after 10 to 30, before 0 to 0.5", [2]float64{0, 0.5}, [2]float64{10, 30}, 0.99, 1},
		{"after 3 to 30, before 0", [2]float64{0, 0}, [2]float64{3, 30}, 0.99, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exact, near, oracleExact, oracleNear int
			for seed := range uint64(seeds) {
				r := rand.New(rand.NewPCG(seed, 1))
				before := tt.before[0] + r.Float64()*(tt.before[1]-tt.before[0])
				after := tt.after[0] + r.Float64()*(tt.after[1]-tt.after[0])
				counts := onsetDraw(seed, days, onsetStep(start, before, after))
				if o, ok := DetectOnset(counts); ok {
					exact += onsetHit(o.Day, start, 0)
					near += onsetHit(o.Day, start, 1)
				}
				k := onsetOracle(counts, before, after)
				oracleExact += onsetHit(k, start, 0)
				oracleNear += onsetHit(k, start, 1)
			}
			t.Logf("exact day %d/%d, within one day %d/%d; oracle %d/%d and %d/%d",
				exact, seeds, near, seeds, oracleExact, seeds, oracleNear, seeds)
			if got := float64(exact) / seeds; got < tt.minExact || exact < oracleExact-seeds/200 {
				t.Errorf("exact day in %.1f%% of series, want at least %.1f%% and the oracle's %.1f%% less 0.5",
					100*got, 100*tt.minExact, 100*float64(oracleExact)/seeds)
			}
			if got := float64(near) / seeds; got < tt.minNear || near < oracleNear-seeds/200 {
				t.Errorf("within one day in %.1f%% of series, want at least %.1f%% and the oracle's %.1f%% less 0.5",
					100*got, 100*tt.minNear, 100*float64(oracleNear)/seeds)
			}
		})
	}
}

// onsetHit returns 1 when day is within tolerance days of want, else 0.
func onsetHit(day, want, tolerance int) int {
	if day >= want-tolerance && day <= want+tolerance {
		return 1
	}
	return 0
}

// TestOnsetRefine checks the refinement of a boundary on its own, including
// the step forward that the segmentation rarely calls for.
func TestOnsetRefine(t *testing.T) {
	tests := []struct {
		name   string
		counts []int
		k, e   int
		after  float64
		want   int
	}{
		{"leading zero days", []int{0, 0, 0, 0, 0, 9, 9, 9}, 3, 8, 27.0 / 5, 5},
		{"weak day after silence", []int{0, 0, 0, 1, 9, 9, 9}, 4, 7, 9, 3},
		{"weak days after silence", []int{0, 0, 1, 2, 9, 9, 9}, 4, 7, 9, 2},
		{"background day", []int{0, 1, 0, 1, 0, 1, 9, 9, 9}, 6, 9, 9, 6},
		{"busy day after a background", []int{0, 1, 0, 1, 0, 6, 9, 9, 9}, 6, 9, 9, 5},
		{"no quiet day before", []int{1, 2, 1, 2, 9, 9, 9}, 4, 7, 9, 4},
		{"no events", []int{0, 0, 0, 0}, 2, 4, 0, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := onsetSeries{counts: tt.counts, sum: make([]float64, len(tt.counts)+1)}
			for i, c := range tt.counts {
				s.sum[i+1] = s.sum[i] + float64(c)
			}
			got := s.refine(tt.k, tt.e, tt.after)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("refine(%d, %d, %g) (-want +got):\n%s", tt.k, tt.e, tt.after, diff)
			}
		})
	}
}

// TestOnsetFalseAlarms counts onsets found in flat series, where there is
// none: the penalty should make them rare.
func TestOnsetFalseAlarms(t *testing.T) {
	const seeds = 1000
	for _, tt := range []struct {
		name string
		days int
		rate float64
	}{
		{"0.3 a day, half a year", 180, 0.3},
		{"2 a day, half a year", 180, 2},
		{"10 a day, half a year", 180, 10},
		{"0.5 a day, ten years", 3650, 0.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var alarms []int
			for seed := range uint64(seeds) {
				if _, ok := DetectOnset(onsetDraw(seed, tt.days, onsetStep(0, 0, tt.rate))); ok {
					alarms = append(alarms, int(seed))
				}
			}
			t.Logf("%d false alarms in %d series", len(alarms), seeds)
			if len(alarms) > seeds/200 {
				t.Errorf("onsets found in %d of %d flat series (seeds %v), want at most 0.5%%", len(alarms), seeds, alarms)
			}
		})
	}
}

// FuzzDetectOnset reads each byte as one day's count, up to 200 days: no
// panic; an onset inside the series, with finite non-negative rates and
// LLR, that passes the thresholds; Segments covering the series without gap
// or overlap with the mean of their days, one of them starting at Day with
// RateAfter. (TestDetectOnset checks that a second call gives the same.)
func FuzzDetectOnset(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 30})
	f.Add(slices.Repeat([]byte{0}, 100))
	for _, tc := range onsetCases {
		counts := tc.series(0)
		b := make([]byte, len(counts))
		for i, c := range counts {
			b[i] = byte(min(max(c, 0), 255))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// Time grows as the square of the length in the worst case
		// (alternating 0 and 255: 60 ms for 1000 days, 1.5 s for 5000, and
		// coverage instrumentation slows it further); no path depends on
		// the length beyond a few days.
		b = b[:min(len(b), 200)]
		counts := make([]int, len(b))
		for i, c := range b {
			counts[i] = int(c)
		}
		o, ok := DetectOnset(counts)
		if !ok {
			if !cmp.Equal(o, Onset{}) {
				t.Fatalf("not ok but %+v", o)
			}
			return
		}
		n := len(counts)
		if o.Day <= 0 || o.Day >= n {
			t.Fatalf("day %d of %d", o.Day, n)
		}
		for _, v := range []float64{o.RateBefore, o.RateAfter, o.LLR} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("rates %g, %g, LLR %g", o.RateBefore, o.RateAfter, o.LLR)
			}
		}
		var before float64
		for _, c := range counts[:o.Day] {
			before += float64(c)
		}
		if want := before / float64(o.Day); math.Abs(o.RateBefore-want) > 1e-9*max(1, want) {
			t.Fatalf("RateBefore %g, mean of [0, %d) is %g", o.RateBefore, o.Day, want)
		}
		if !(o.LLR > OnsetPenaltyFactor*math.Log(float64(n))) || o.RateAfter < OnsetRiseFactor*o.RateBefore+OnsetRiseMin {
			t.Fatalf("onset under the thresholds: %+v", o)
		}
		end, found := 0, false
		for i, g := range o.Segments {
			if g.Start != end || g.End <= g.Start || g.End > n {
				t.Fatalf("segment %d is %+v after %d: %+v", i, g, end, o.Segments)
			}
			var sum float64
			for _, c := range counts[g.Start:g.End] {
				sum += float64(c)
			}
			if want := sum / float64(g.End-g.Start); math.Abs(g.Rate-want) > 1e-9*max(1, want) {
				t.Fatalf("segment %+v has mean %g", g, want)
			}
			if g.Start == o.Day {
				found = true
				if g.Rate != o.RateAfter || sum < OnsetMinEvents {
					t.Fatalf("campaign segment %+v holds %g events, RateAfter %g", g, sum, o.RateAfter)
				}
			}
			end = g.End
		}
		if end != n || !found {
			t.Fatalf("segments %+v of %d days, onset %d", o.Segments, n, o.Day)
		}
	})
}

// BenchmarkDetectOnset times a year and ten years of a campaign that starts
// after a low background, with a lull, weekends and a wind-down.
func BenchmarkDetectOnset(b *testing.B) {
	for _, days := range []int{365, 3650} {
		start := days * 3 / 5
		counts := onsetDraw(1, days, func(day int) float64 {
			switch {
			case day < start:
				return 0.2
			case day >= start+20 && day < start+24:
				return 0
			case day < start+90:
				if day%7 >= 5 {
					return 6
				}
				return 12
			}
			return 1
		})
		b.Run("days="+strconv.Itoa(days), func(b *testing.B) {
			for b.Loop() {
				DetectOnset(counts)
			}
		})
	}
}
