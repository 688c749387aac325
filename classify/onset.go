package classify

import (
	"math"
	"slices"
)

// Thresholds of DetectOnset. A split of the series is an onset only when it
// passes all three: its log-likelihood ratio exceeds the penalty, the rate
// after is at least OnsetRiseFactor times the rate before plus OnsetRiseMin,
// and the campaign segment holds at least OnsetMinEvents events.
const (
	// OnsetPenaltyFactor is c in the penalty c·ln(n), in natural-log
	// likelihood units, that the LLR of a split of a series of n days must
	// exceed, both for the segmentation to make the split and for the onset
	// to be reported.
	//
	// BIC charges ½·ln(n) per free parameter; a change brings two (its day
	// and the new rate), which gives ln(n). But the day of a change is not a
	// regular parameter: the largest LLR of a series without any change grows
	// with the number of days a split could be placed on, so BIC splits flat
	// series too often. 1.5·ln(n) is the constant part of the modified BIC
	// (Zhang and Siegmund 2007), the default penalty of R's changepoint
	// package (3·ln(n) there, in units of −2·log-likelihood). For 180 days
	// it is 7.8, for 3650 days 12.3. Measured on 2000 flat Poisson series
	// each of 180 days at 0.3, 2 and 10 a day: c = 1 finds an onset in 0.2% to
	// 0.6% of them, c = 1.5 in at most 0.05%; c = 2 finds a campaign of 10
	// days at 1.5 a day after silence in 73% of series, against 93% for 1.5.
	OnsetPenaltyFactor = 1.5

	// OnsetRiseFactor and OnsetRiseMin: the campaign rate must be at least
	// OnsetRiseFactor·RateBefore + OnsetRiseMin. The factor asks that
	// activity at least double; the added event a day keeps a rise from
	// nothing to a stray event every few days (0 to 0.3 a day) from counting:
	// collectors who start a campaign call or text every day.
	OnsetRiseFactor = 2
	OnsetRiseMin    = 1

	// OnsetMinEvents is the fewest events the campaign segment must hold:
	// a few calls, even on consecutive days (a wrong number calling back, a
	// courier), are not a campaign.
	OnsetMinEvents = 5
)

// onsetMinDays is the shortest series DetectOnset looks at. With two days
// the "background" would be a single day.
const onsetMinDays = 3

// Onset is where a daily series of collection activity starts.
type Onset struct {
	Day        int       // index into the series of the first day of the campaign
	RateBefore float64   // mean count per day over days [0, Day)
	RateAfter  float64   // mean count per day over the campaign segment that begins at Day (up to the segment's end as found by the segmentation)
	LLR        float64   // log-likelihood ratio of the split at Day against no split (natural log), >= 0
	Segments   []Segment // the full segmentation found, in order, for explanation
}

// Segment is a run of days with one rate of activity.
type Segment struct {
	Start, End int     // [Start, End) day indexes
	Rate       float64 // mean per day
}

// DetectOnset returns the onset of the series, or ok=false when the series
// shows no sustained rise in activity (all zeros, a flat rate, a few stray
// events).
//
// counts[i] is the number of calls and messages from collector numbers on
// local day i. A series shorter than 3 days, or with a negative count, has no
// onset.
//
// The method, step by step:
//
//  1. Model. Each segment of days [a, b) has its own Poisson rate, estimated
//     by its mean. Its log-likelihood, leaving out the terms that are the same
//     whatever the split (the ln(x!) of each day), is ll(a, b) = S·ln(S/L) − S
//     for S events over L days (0 when S = 0). Splitting [a, b) at k gains
//     LLR = ll(a, k) + ll(k, b) − ll(a, b) ≥ 0. Prefix sums make each ll O(1).
//
//  2. Segmentation (binary segmentation). Find the k that maximizes the LLR
//     of splitting the whole series; if that LLR exceeds the penalty
//     OnsetPenaltyFactor·ln(n), split there and repeat on both halves, until
//     no split clears the penalty. Ties go to the earliest day. Then place
//     each cut again at the best split of the two segments around it, so
//     that a cut made early, against the mean of everything after it, is
//     set against the segment that follows it. This is O(n·depth) time,
//     O(n²) at worst. Binary segmentation makes one cut at a time, so a short
//     burst in the middle of a long quiet series is found only when a cut at
//     one of its ends clears the penalty by itself: 5 events in 2 days in
//     the middle of 180 silent days are not.
//
//  3. Candidates. Walk the boundaries between segments in order and keep
//     those where the rate goes up; the onset is the first one that passes
//     the tests of step 5, so later segments (a lull, weekends, the campaign
//     winding down or stopping) never move it.
//
//  4. Refinement of the boundary k. The segmentation may leave the weak
//     first day of a campaign (one call in the morning, dozens the next days)
//     with the quiet days before it. First step forward over leading zero
//     days of the campaign segment, to its first active day d. Then, when
//     the days just before d have events and a day without events comes
//     before them, step back over those active days one at a time, as long
//     as a day's count is more likely under the campaign's rate (the mean of
//     the segment from k) than under the background rate (the mean of the
//     days before that run of active days, so that the run does not count as
//     its own background): x·ln(after/before) − (after − before) > 0, the
//     Poisson log-likelihood ratio of a day with x events. When the
//     background is silent (rate 0) any day with an event steps back. A day
//     without events is more likely under the lower background rate, so the
//     walk stops at the first zero day and never crosses a run of zero days.
//
//     A stray event weeks before makes the background rate small but not 0,
//     and then a single call is far likelier as background than at a rate of
//     dozens a day: the onset is the day after it. This is the price of the
//     likelihood rule; a rule that took such days in would also take in the
//     ordinary events of a low background on the eve of a campaign (one that
//     weighed the first day as a part of a day at the campaign's rate placed
//     95% of steps like those of TestDetectOnsetStep to the day, against 98.4%).
//
//  5. Tests, on the refined day d and the campaign segment [d, e): the LLR of
//     splitting [0, e) at d exceeds the penalty, RateAfter ≥
//     OnsetRiseFactor·RateBefore + OnsetRiseMin, and [d, e) holds at least
//     OnsetMinEvents events.
//
// The returned Segments are the segmentation with the boundary moved to the
// refined day, so Segments has a segment that starts at Day and whose Rate
// is RateAfter. The same counts always give the same result.
func DetectOnset(counts []int) (o Onset, ok bool) {
	n := len(counts)
	if n < onsetMinDays {
		return Onset{}, false
	}
	s := onsetSeries{counts: counts, sum: make([]float64, n+1)}
	for i, c := range counts {
		if c < 0 {
			return Onset{}, false
		}
		s.sum[i+1] = s.sum[i] + float64(c)
	}
	penalty := OnsetPenaltyFactor * math.Log(float64(n))
	segs := s.segment(penalty)

	for j := 1; j < len(segs); j++ {
		k, e := segs[j].Start, segs[j].End
		if !(segs[j].Rate > segs[j-1].Rate) {
			continue
		}
		d := s.refine(k, e, segs[j].Rate)
		if d == e {
			continue
		}
		o = Onset{
			Day:        d,
			RateBefore: s.rate(0, d),
			RateAfter:  s.rate(d, e),
			LLR:        s.llr(0, d, e),
		}
		if !(o.LLR > penalty) ||
			o.RateAfter < OnsetRiseFactor*o.RateBefore+OnsetRiseMin ||
			s.events(d, e) < OnsetMinEvents {
			continue
		}
		o.Segments = s.moveBoundary(segs, j, d)
		return o, true
	}
	return Onset{}, false
}

// onsetSeries is a daily series of counts with its prefix sums: sum[i] is the
// total of counts[:i]. The sums are float64 so that no count can overflow
// them; they are exact up to 2⁵³ events.
type onsetSeries struct {
	counts []int
	sum    []float64
}

// events returns the number of events over days [a, b).
func (s onsetSeries) events(a, b int) float64 { return s.sum[b] - s.sum[a] }

// rate returns the mean count per day over days [a, b), 0 when empty.
func (s onsetSeries) rate(a, b int) float64 {
	if b <= a {
		return 0
	}
	return s.events(a, b) / float64(b-a)
}

// ll returns the Poisson log-likelihood of days [a, b) at their mean rate,
// without the terms that do not depend on how the series is split.
func (s onsetSeries) ll(a, b int) float64 {
	S := s.events(a, b)
	if !(S > 0) || b <= a {
		return 0
	}
	return S*math.Log(S/float64(b-a)) - S
}

// llr returns the log-likelihood ratio of splitting [a, b) at k against not
// splitting it, never below 0 (it is ≥ 0 in exact arithmetic).
func (s onsetSeries) llr(a, k, b int) float64 {
	return max(0, s.ll(a, k)+s.ll(k, b)-s.ll(a, b))
}

// bestSplit returns the k in (a, b) whose split of [a, b) has the largest
// LLR, the earliest on ties, or k = -1 when [a, b) is shorter than 2 days.
func (s onsetSeries) bestSplit(a, b int) (k int, llr float64) {
	k = -1
	whole := s.ll(a, b)
	for i := a + 1; i < b; i++ {
		if r := s.ll(a, i) + s.ll(i, b) - whole; k < 0 || r > llr {
			k, llr = i, r
		}
	}
	return k, llr
}

// onsetRefitPasses bounds the passes of segment's refit. Each pass that
// moves a cut raises the likelihood of the segmentation, so the refit ends on
// its own; the bound only guards against rounding making two placements of a
// cut look better than each other in turn.
const onsetRefitPasses = 20

// segment splits the series by binary segmentation, then refits the cuts.
//
// Binary segmentation makes the best split of a segment when its LLR exceeds
// penalty, then looks at each half in turn. A cut is placed with what was
// known when it was made: a cut made on the whole series weighs the first
// days of a campaign against the mean of everything after them, wind-down
// included, and may take a busy background day into the campaign. So each
// cut is then placed again, left to right, at the best split of the two
// segments around it, until a pass moves none. The refit moves cuts only; it
// never adds or removes one.
func (s onsetSeries) segment(penalty float64) []Segment {
	n := len(s.counts)
	cuts := []int{0, n}
	todo := [][2]int{{0, n}}
	for len(todo) > 0 {
		ab := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		k, llr := s.bestSplit(ab[0], ab[1])
		if k < 0 || !(llr > penalty) {
			continue
		}
		cuts = append(cuts, k)
		todo = append(todo, [2]int{ab[0], k}, [2]int{k, ab[1]})
	}
	slices.Sort(cuts)

	for range onsetRefitPasses {
		moved := false
		for i := 1; i < len(cuts)-1; i++ {
			a, b := cuts[i-1], cuts[i+1]
			k, llr := s.bestSplit(a, b)
			if k != cuts[i] && llr > s.llr(a, cuts[i], b) {
				cuts[i], moved = k, true
			}
		}
		if !moved {
			break
		}
	}

	segs := make([]Segment, 0, len(cuts)-1)
	for i := 1; i < len(cuts); i++ {
		segs = append(segs, Segment{Start: cuts[i-1], End: cuts[i], Rate: s.rate(cuts[i-1], cuts[i])})
	}
	return segs
}

// refine moves the boundary k of the campaign segment [k, e) whose rate is
// after: forward over the segment's leading zero days to its first active
// day d (e when it has none), then back over the days of the run of active
// days that ends just before d, one at a time, while a day's count is more
// likely under after than under the rate of the days before that run. The
// run must follow a day without events: when every day before d has events
// there is no quiet background to tell a weak first day from, and d stays.
func (s onsetSeries) refine(k, e int, after float64) int {
	d := k
	for d < e && s.counts[d] == 0 {
		d++
	}
	if d == e {
		return e
	}
	r := d
	for r > 0 && s.counts[r-1] > 0 {
		r--
	}
	if r == 0 {
		return d
	}
	before := s.rate(0, r)
	for d > r && onsetLikelierAfter(s.counts[d-1], before, after) {
		d--
	}
	return d
}

// onsetLikelierAfter reports whether x events in a day are more likely
// under a Poisson rate after than under a rate before:
// ln P(x|after) − ln P(x|before) = x·ln(after/before) − (after − before) > 0.
// A rate of 0 gives 0 events for certain and never any other count.
func onsetLikelierAfter(x int, before, after float64) bool {
	switch {
	case before <= 0:
		return x > 0 && after > 0
	case after <= 0:
		return x == 0
	}
	return float64(x)*math.Log(after/before) > after-before
}

// moveBoundary returns segs with the start of segs[j] moved to d: segments
// that begin at or after d are dropped before segs[j], the one holding d ends
// there, and the rates of the segments changed are computed again.
func (s onsetSeries) moveBoundary(segs []Segment, j, d int) []Segment {
	out := make([]Segment, 0, len(segs))
	for _, g := range segs[:j] {
		if g.Start >= d {
			break
		}
		out = append(out, g)
	}
	if len(out) > 0 {
		last := &out[len(out)-1]
		last.End = d
		last.Rate = s.rate(last.Start, last.End)
	}
	out = append(out, Segment{Start: d, End: segs[j].End, Rate: s.rate(d, segs[j].End)})
	return append(out, segs[j+1:]...)
}
