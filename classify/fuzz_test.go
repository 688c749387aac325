package classify

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail"
)

// FuzzLabel labels arbitrary text: no panic; labels sorted, unique and
// known; weights and rules consistent with them; platforms plausible; the
// same result twice; Normalize idempotent.
func FuzzLabel(f *testing.F) {
	for _, g := range caseGroups {
		for _, tc := range g.cases {
			f.Add(tc.body)
		}
	}
	for _, tc := range platformCases {
		f.Add(tc.body)
	}
	for _, tc := range normalizeCases {
		f.Add(tc.in)
	}
	for _, m := range benchMessages {
		f.Add(m)
	}
	for _, m := range ordinaryMessages {
		f.Add(m)
	}
	lb, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if got, want := clean(body), cleanSlow(body); got != want {
			t.Fatalf("clean(%+q) = %+q, NFKC then filter gives %+q", body, got, want)
		}
		if got, want := fold(body), foldRunes(nfkc(body)); got != want {
			t.Fatalf("fold(%+q) = %+q, NFKC then fold gives %+q", body, got, want)
		}
		n := Normalize(body)
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(%q) = %q, Normalize of that = %q", body, n, again)
		}
		if !utf8.ValidString(n) || strings.ContainsAny(n, "\t\n\r\u200b\u3000") || n != strings.TrimSpace(n) {
			t.Fatalf("Normalize(%q) = %q: invalid or untrimmed", body, n)
		}

		got := lb.Label(body)
		if !slices.IsSorted(got.Labels) || len(slices.Compact(slices.Clone(got.Labels))) != len(got.Labels) {
			t.Fatalf("labels not sorted and unique: %v", got.Labels)
		}
		if len(got.Weights) != len(got.Labels) {
			t.Fatalf("%d weights for %d labels", len(got.Weights), len(got.Labels))
		}
		for i, label := range got.Labels {
			if labelIndex(label) < 0 {
				t.Fatalf("unknown label %q", label)
			}
			if w := got.Weights[i]; w.Label != label || !(w.Weight > 0 && w.Weight <= 1) {
				t.Fatalf("weight %d = %+v for label %q", i, w, label)
			}
		}
		if !slices.IsSorted(got.Rules) || len(slices.Compact(slices.Clone(got.Rules))) != len(got.Rules) {
			t.Fatalf("rules not sorted and unique: %v", got.Rules)
		}
		for _, id := range got.Rules {
			label, ok := lb.RuleLabel(id)
			if !ok || !got.Has(label) {
				t.Fatalf("rule %q (label %q) does not match labels %v", id, label, got.Labels)
			}
		}
		if !slices.IsSorted(got.Platforms) || len(slices.Compact(slices.Clone(got.Platforms))) != len(got.Platforms) {
			t.Fatalf("platforms not sorted and unique: %v", got.Platforms)
		}
		for _, p := range got.Platforms {
			if c := utf8.RuneCountInString(p); c < 2 || c > maxName || !strings.Contains(stripInvisible(body), p) {
				t.Fatalf("platform %q of %q", p, body)
			}
		}
		if len(got.Platforms) > 0 && !slices.ContainsFunc(got.Labels, func(l leaktrail.Label) bool { return debtLabels.has(labelIndex(l)) }) {
			t.Fatalf("platforms %v without a debt label: %v", got.Platforms, got.Labels)
		}
		if again := lb.Label(body); !cmp.Equal(got, again) {
			t.Fatalf("Label(%q) not deterministic:\n%+v\n%+v", body, got, again)
		}
	})
}
