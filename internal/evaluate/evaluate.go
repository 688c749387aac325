package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

// categories are the number categories, in the order they are reported.
var categories = []string{"collection", "spam", "fraud", "service", "contact", "unknown"}

// summary is the evaluation over all cases.
type summary struct {
	cases []caseResult
	// confusion[truth][got] counts numbers.
	confusion map[string]map[string]int
	// ordinary messages (from contact and service numbers) and how many of
	// them got the collection or threat label.
	ordinary, ordinaryFlagged int
	flaggedExamples           []string
}

// caseResult is one case's outcome.
type caseResult struct {
	seed            int64
	quiet           bool
	onsetTruth      string
	onsetGot        string
	onsetErr        int // days, got - truth; math.MaxInt when one is missing
	leakTruth       string
	leakGot         string
	leakErr         int
	platforms       []string
	platformsGot    []string
	platformsMissed []string
	wrong           []string // misclassified numbers: "number truth->got"
	all             []string // every number: "truth got score reasons"
}

func evaluate(ctx context.Context, dir string, seeds []int64, quiet int, scale float64) (*summary, error) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return nil, err
	}
	labeler, err := classify.New()
	if err != nil {
		return nil, err
	}
	s := &summary{confusion: map[string]map[string]int{}}
	type job struct {
		seed  int64
		quiet bool
	}
	var jobs []job
	for _, seed := range seeds {
		jobs = append(jobs, job{seed, false})
	}
	for i := range quiet {
		jobs = append(jobs, job{int64(1000 + i), true})
	}
	for _, j := range jobs {
		c := synth.Generate(synth.Options{Seed: j.seed, Location: loc, Scale: scale, Quiet: j.quiet})
		r, err := s.runCase(ctx, filepath.Join(dir, fmt.Sprintf("case-%d-%t", j.seed, j.quiet)), c, loc, labeler)
		if err != nil {
			return nil, fmt.Errorf("seed %d: %w", j.seed, err)
		}
		r.seed, r.quiet = j.seed, j.quiet
		s.cases = append(s.cases, r)
	}
	return s, nil
}

func (s *summary) runCase(ctx context.Context, dir string, c *synth.Case, loc *time.Location, labeler *classify.Labeler) (caseResult, error) {
	var r caseResult
	files, err := c.Write(dir)
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		return r, err
	}
	defer db.Close()
	norm := phone.New("CN")
	reg := ingest.DefaultRegistry()
	for _, f := range files {
		if _, err := ingest.ImportFile(ctx, db, reg, norm, f.Path, ingest.FileOptions{Phone: f.Phone, Location: loc}); err != nil {
			return r, fmt.Errorf("import %s: %w", f.Path, err)
		}
	}
	if err := classify.Analyze(ctx, db, labeler, classify.Options{Location: loc}); err != nil {
		return r, err
	}
	a, err := classify.Load(ctx, db, "en")
	if err != nil {
		return r, err
	}

	t := c.Truth
	truth := map[string]string{}
	for raw, cat := range t.Numbers {
		n := norm.Normalize(raw).Canonical
		if n == "" {
			continue
		}
		if prev, ok := truth[n]; ok && prev != cat {
			return r, fmt.Errorf("truth gives %s (%s) two categories: %s and %s", n, raw, prev, cat)
		}
		truth[n] = cat
	}
	got := map[string]string{}
	for _, n := range a.Numbers {
		got[n.Number] = n.Category
		want, ok := truth[n.Number]
		if !ok {
			r.wrong = append(r.wrong, fmt.Sprintf("%s not in truth -> %s", n.Number, n.Category))
			continue
		}
		if s.confusion[want] == nil {
			s.confusion[want] = map[string]int{}
		}
		s.confusion[want][n.Category]++
		r.all = append(r.all, fmt.Sprintf("%s\t%s\t%.2f\t%s", want, n.Category, n.Score, strings.Join(n.Reasons, "; ")))
		if want != n.Category {
			r.wrong = append(r.wrong, fmt.Sprintf("%s %s->%s %.2f %s", n.Number, want, n.Category, n.Score, strings.Join(n.Reasons, "; ")))
		}
	}
	slices.Sort(r.wrong)

	r.onsetTruth, r.leakTruth = t.OnsetDate, t.LoanDate
	if a.Onset != nil {
		r.onsetGot = a.Onset.Date
	}
	if a.Leak != nil {
		r.leakGot = a.Leak.Date
	}
	r.onsetErr = dayDiff(r.onsetGot, r.onsetTruth)
	r.leakErr = dayDiff(r.leakGot, r.leakTruth)
	r.platforms, r.platformsGot = t.Platforms, a.Platforms
	for _, p := range t.Platforms {
		if !slices.Contains(a.Platforms, p) {
			r.platformsMissed = append(r.platformsMissed, p)
		}
	}
	if err := s.ordinaryLabels(ctx, db, truth); err != nil {
		return r, err
	}
	return r, nil
}

// ordinaryLabels counts the messages from contact and service numbers and
// those of them labelled collection or threat.
func (s *summary) ordinaryLabels(ctx context.Context, db *sqlite.DB, truth map[string]string) error {
	rows, err := db.SQL().QueryContext(ctx, `SELECT e.number, e.body, coalesce(l.collection OR l.threat, 0)
		FROM events e LEFT JOIN event_labels l ON l.event_id = e.id
		WHERE e.kind <> 'call' AND e.body <> '' AND e.same_as IS NULL ORDER BY e.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var num, body string
		var flagged bool
		if err := rows.Scan(&num, &body, &flagged); err != nil {
			return err
		}
		if cat := truth[num]; cat != "contact" && cat != "service" {
			continue
		}
		s.ordinary++
		if flagged {
			s.ordinaryFlagged++
			if len(s.flaggedExamples) < 40 {
				s.flaggedExamples = append(s.flaggedExamples, truth[num]+": "+body)
			}
		}
	}
	return rows.Err()
}

func dayDiff(got, want string) int {
	if got == "" && want == "" {
		return 0
	}
	if got == "" || want == "" {
		return math.MaxInt
	}
	g, err1 := time.Parse(time.DateOnly, got)
	w, err2 := time.Parse(time.DateOnly, want)
	if err1 != nil || err2 != nil {
		return math.MaxInt
	}
	return int(g.Sub(w).Hours() / 24)
}

// precisionRecall of category cat over the confusion matrix.
func (s *summary) precisionRecall(cat string) (p, r float64, tp, fp, fn int) {
	for want, row := range s.confusion {
		for got, n := range row {
			switch {
			case want == cat && got == cat:
				tp += n
			case got == cat:
				fp += n
			case want == cat:
				fn += n
			}
		}
	}
	p, r = math.NaN(), math.NaN()
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return p, r, tp, fp, fn
}

// onsetStats: cases with an onset in truth, exact, within one day; and
// quiet cases whose onset is rightly null.
func (s *summary) onsetStats() (cases, exact, withinOne, quiet, quietNull int) {
	for _, c := range s.cases {
		if c.quiet {
			quiet++
			if c.onsetGot == "" && c.leakGot == "" {
				quietNull++
			}
			continue
		}
		cases++
		if c.onsetErr == 0 {
			exact++
		}
		if c.onsetErr != math.MaxInt && c.onsetErr >= -1 && c.onsetErr <= 1 {
			withinOne++
		}
	}
	return
}

func (s *summary) print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "%-6s %-6s %-12s %-12s %5s  %-12s %-12s %5s  %s\n", "seed", "quiet", "onset-truth", "onset-got", "err", "loan-truth", "leak-got", "err", "platforms (missed)")
	for _, c := range s.cases {
		fmt.Fprintf(w, "%-6d %-6t %-12s %-12s %5s  %-12s %-12s %5s  %s (%s)\n", c.seed, c.quiet,
			orDash(c.onsetTruth), orDash(c.onsetGot), errString(c.onsetErr),
			orDash(c.leakTruth), orDash(c.leakGot), errString(c.leakErr),
			strings.Join(c.platformsGot, ","), strings.Join(c.platformsMissed, ","))
		if verbose {
			for _, x := range c.wrong {
				fmt.Fprintf(w, "    %s\n", x)
			}
		}
	}
	fmt.Fprintf(w, "\n%-11s %9s %9s %6s %6s %6s\n", "category", "precision", "recall", "tp", "fp", "fn")
	for _, cat := range categories {
		p, r, tp, fp, fn := s.precisionRecall(cat)
		fmt.Fprintf(w, "%-11s %9.4f %9.4f %6d %6d %6d\n", cat, p, r, tp, fp, fn)
	}
	fmt.Fprintf(w, "\nconfusion (rows truth, columns analysis):\n%-11s", "")
	for _, cat := range categories {
		fmt.Fprintf(w, " %10s", cat)
	}
	fmt.Fprintln(w)
	for _, want := range categories {
		fmt.Fprintf(w, "%-11s", want)
		for _, got := range categories {
			fmt.Fprintf(w, " %10d", s.confusion[want][got])
		}
		fmt.Fprintln(w)
	}
	cases, exact, within, quiet, quietNull := s.onsetStats()
	fmt.Fprintf(w, "\nonset: exact day %d/%d (%.1f%%), within one day %d/%d; quiet cases with null onset and leak %d/%d\n",
		exact, cases, pct(exact, cases), within, cases, quietNull, quiet)
	leakExact, platOK := 0, 0
	for _, c := range s.cases {
		if c.quiet {
			continue
		}
		if c.leakErr == 0 {
			leakExact++
		}
		if len(c.platformsMissed) == 0 {
			platOK++
		}
	}
	fmt.Fprintf(w, "leak on the loan day %d/%d; every platform named in %d/%d cases\n", leakExact, cases, platOK, cases)
	fmt.Fprintf(w, "ordinary messages (contact and service numbers) labelled collection or threat: %d/%d (%.2f%%)\n",
		s.ordinaryFlagged, s.ordinary, pct(s.ordinaryFlagged, s.ordinary))
	if verbose {
		for _, x := range s.flaggedExamples {
			fmt.Fprintf(w, "    %s\n", x)
		}
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func orDash(s string) string { return cmp.Or(s, "-") }

func errString(d int) string {
	if d == math.MaxInt {
		return "miss"
	}
	return fmt.Sprintf("%+d", d)
}
