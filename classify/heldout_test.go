package classify_test

// TestHeldout measures the message classifier against a held-out corpus of
// hand-labelled Chinese SMS (testdata/heldout/messages.jsonl), written without
// looking at the classifier's rules or the synthetic generator's texts.
//
// It prints per-label precision and recall, the exact-match rate and every
// disagreement (run with -v). It fails only on corpus format errors and when
// the classifier is badly broken: see the floors below.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
)

// heldoutLabels is the fixed label set, in the order the table prints.
var heldoutLabels = []leaktrail.Label{
	leaktrail.LabelCollection,
	leaktrail.LabelThreat,
	leaktrail.LabelContactsExposure,
	leaktrail.LabelInsult,
	leaktrail.LabelImpersonation,
	leaktrail.LabelRelay,
	leaktrail.LabelLoan,
	leaktrail.LabelSpam,
	leaktrail.LabelFraud,
	leaktrail.LabelService,
	leaktrail.LabelVerification,
}

// collectionSide are the labels that mark a message as coming from the
// collection side; a message with none of them is "benign" for the
// false-alarm floor.
var collectionSide = []leaktrail.Label{
	leaktrail.LabelCollection,
	leaktrail.LabelThreat,
	leaktrail.LabelContactsExposure,
	leaktrail.LabelInsult,
	leaktrail.LabelImpersonation,
}

var heldoutGroups = []string{"collector", "relay", "loan", "ordinary"}

// floors: the test fails below these. They catch a broken classifier, not
// a mediocre one; never lower them to make the test pass.
type floors struct {
	collectionPrecision, threatPrecision, collectionRecall float64
	benignAlarm                                            float64 // ceiling: benign messages labelled collection or threat
}

var corpusFloors = map[string]floors{
	// The development set: its figures are 1.00 since the rules were
	// reworked against it; these are its original floors.
	"heldout": {0.80, 0.80, 0.70, 0.02},
	// Never used to write rules. First measured (2026-11-27, rules of
	// e83ec14): collection P 0.96 R 0.88, threat P 0.92 R 0.71, 5/207
	// benign alarms; the floors sit a little below, as a regression guard.
	// Keep it unseen: fix misses with rules written from other texts.
	"heldout2": {0.90, 0.85, 0.80, 0.03},
}

type heldoutMessage struct {
	Text   string            `json:"text"`
	Labels []leaktrail.Label `json:"labels"`
	Note   string            `json:"note,omitempty"`
	Group  string            `json:"group,omitempty"`

	line int
}

func loadHeldout(t *testing.T, path string) []heldoutMessage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer f.Close()

	var (
		msgs  []heldoutMessage
		texts = map[string]int{}
		bad   int
	)
	fail := func(line int, format string, args ...any) {
		bad++
		t.Errorf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		if len(bytes.TrimSpace(raw)) == 0 {
			fail(line, "blank line")
			continue
		}
		var m heldoutMessage
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			fail(line, "parse: %v", err)
			continue
		}
		if dec.More() {
			fail(line, "trailing data after the JSON object")
			continue
		}
		if !bytes.Contains(raw, []byte(`"labels"`)) || m.Labels == nil {
			fail(line, `missing "labels" (use [] for none)`)
		}
		if strings.TrimSpace(m.Text) == "" {
			fail(line, "empty text")
		}
		if prev, ok := texts[m.Text]; ok {
			fail(line, "duplicate text, first on line %d", prev)
		}
		texts[m.Text] = line
		seen := map[leaktrail.Label]bool{}
		for _, l := range m.Labels {
			if !slices.Contains(heldoutLabels, l) {
				fail(line, "unknown label %q", l)
			}
			if seen[l] {
				fail(line, "label %q repeated", l)
			}
			seen[l] = true
		}
		if m.Group != "" && !slices.Contains(heldoutGroups, m.Group) {
			fail(line, "unknown group %q", m.Group)
		}
		m.line = line
		msgs = append(msgs, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	if bad > 0 {
		t.Fatalf("corpus has %d format errors", bad)
	}
	if len(msgs) < 300 {
		t.Fatalf("corpus has %d messages, want at least 300", len(msgs))
	}
	return msgs
}

type labelCounts struct{ tp, fp, fn int }

// ratio returns a/b, or NaN when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func fmtRatio(x float64) string {
	if math.IsNaN(x) {
		return "   -"
	}
	return fmt.Sprintf("%.2f", x)
}

func labelSet(ls []leaktrail.Label) map[leaktrail.Label]bool {
	s := make(map[leaktrail.Label]bool, len(ls))
	for _, l := range ls {
		s[l] = true
	}
	return s
}

func joinLabels(ls []leaktrail.Label) string {
	if len(ls) == 0 {
		return "[]"
	}
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	slices.Sort(s)
	return "[" + strings.Join(s, " ") + "]"
}

func hasAny(set map[leaktrail.Label]bool, ls []leaktrail.Label) bool {
	for _, l := range ls {
		if set[l] {
			return true
		}
	}
	return false
}

// TestHeldout measures the labels on two hand-labelled corpora written by
// people who saw neither the rules nor the synthetic generator. The first
// ("heldout") was used as a development set when the rules were reworked,
// so its figures flatter them; the second ("heldout2") was written after
// and never looked at while writing rules: its figures are the honest ones.
func TestHeldout(t *testing.T) {
	for _, dir := range []string{"heldout", "heldout2"} {
		t.Run(dir, func(t *testing.T) { heldout(t, filepath.Join("testdata", dir, "messages.jsonl"), corpusFloors[dir]) })
	}
}

func heldout(t *testing.T, path string, fl floors) {
	msgs := loadHeldout(t, path)

	l, err := classify.New()
	if err != nil {
		t.Fatalf("classify.New: %v", err)
	}

	counts := map[leaktrail.Label]*labelCounts{}
	for _, lb := range heldoutLabels {
		counts[lb] = &labelCounts{}
	}
	var extra []leaktrail.Label // labels the classifier returned outside the set
	type groupStat struct{ n, exact int }
	groups := map[string]*groupStat{}
	var (
		exact             int
		benign, benignHit int
		disagreements     []string
		benignAlarms      []string
	)
	for _, m := range msgs {
		r := l.Label(m.Text)
		got := labelSet(r.Labels)
		want := labelSet(m.Labels)
		for lb := range got {
			if _, ok := counts[lb]; !ok {
				counts[lb] = &labelCounts{}
				extra = append(extra, lb)
			}
		}
		same := true
		var missing, spurious []leaktrail.Label
		for lb, c := range counts {
			switch {
			case want[lb] && got[lb]:
				c.tp++
			case want[lb]:
				c.fn++
				missing = append(missing, lb)
				same = false
			case got[lb]:
				c.fp++
				spurious = append(spurious, lb)
				same = false
			}
		}
		g := m.Group
		if g == "" {
			g = "(none)"
		}
		if groups[g] == nil {
			groups[g] = &groupStat{}
		}
		groups[g].n++
		if same {
			exact++
			groups[g].exact++
		} else {
			d := fmt.Sprintf("line %d [%s] %q\n\twant %s got %s (missing %s, extra %s)",
				m.line, g, m.Text, joinLabels(m.Labels), joinLabels(r.Labels),
				joinLabels(missing), joinLabels(spurious))
			if m.Note != "" {
				d += "\n\tnote: " + m.Note
			}
			disagreements = append(disagreements, d)
		}
		if !hasAny(want, collectionSide) {
			benign++
			if got[leaktrail.LabelCollection] || got[leaktrail.LabelThreat] {
				benignHit++
				benignAlarms = append(benignAlarms, fmt.Sprintf("line %d %q got %s",
					m.line, m.Text, joinLabels(r.Labels)))
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "held-out corpus %s: %d messages\n", path, len(msgs))
	fmt.Fprintf(&b, "%-18s %5s %5s %5s %5s %9s %6s %6s\n",
		"label", "want", "got", "tp", "fp", "precision", "recall", "f1")
	order := append(slices.Clone(heldoutLabels), extra...)
	for _, lb := range order {
		c := counts[lb]
		p := ratio(c.tp, c.tp+c.fp)
		rc := ratio(c.tp, c.tp+c.fn)
		f1 := math.NaN()
		if !math.IsNaN(p) && !math.IsNaN(rc) && p+rc > 0 {
			f1 = 2 * p * rc / (p + rc)
		}
		fmt.Fprintf(&b, "%-18s %5d %5d %5d %5d %9s %6s %6s\n",
			lb, c.tp+c.fn, c.tp+c.fp, c.tp, c.fp, fmtRatio(p), fmtRatio(rc), fmtRatio(f1))
	}
	fmt.Fprintf(&b, "exact match: %d/%d = %.3f\n", exact, len(msgs), ratio(exact, len(msgs)))
	for _, g := range append(slices.Clone(heldoutGroups), "(none)") {
		if s := groups[g]; s != nil {
			fmt.Fprintf(&b, "  group %-9s exact %3d/%3d = %.3f\n", g, s.exact, s.n, ratio(s.exact, s.n))
		}
	}
	fmt.Fprintf(&b, "benign messages (none of collection/threat/contacts_exposure/insult/impersonation) labelled collection or threat: %d/%d = %.3f\n",
		benignHit, benign, ratio(benignHit, benign))
	t.Log("\n" + b.String())

	if len(disagreements) > 0 {
		t.Logf("%d disagreements:\n%s", len(disagreements), strings.Join(disagreements, "\n"))
	}

	// Floors.
	check := func(name string, x, floor float64) {
		if math.IsNaN(x) {
			t.Errorf("%s undefined (no predictions or no positives), want >= %.2f", name, floor)
		} else if x < floor {
			t.Errorf("%s = %.3f, want >= %.2f", name, x, floor)
		}
	}
	cc, tc := counts[leaktrail.LabelCollection], counts[leaktrail.LabelThreat]
	check("collection precision", ratio(cc.tp, cc.tp+cc.fp), fl.collectionPrecision)
	check("threat precision", ratio(tc.tp, tc.tp+tc.fp), fl.threatPrecision)
	check("collection recall", ratio(cc.tp, cc.tp+cc.fn), fl.collectionRecall)
	if rate := ratio(benignHit, benign); rate > fl.benignAlarm {
		t.Errorf("%d/%d = %.3f benign messages labelled collection or threat, want <= %.2f:\n%s",
			benignHit, benign, rate, fl.benignAlarm, strings.Join(benignAlarms, "\n"))
	}
}
