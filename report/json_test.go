package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail/classify"
)

func renderJSON(t testing.TB, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(t.Context(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jsonDoc is WriteJSON's output as a reader decodes it.
type jsonDoc struct {
	Generator     string             `json:"generator"`
	FormatVersion int                `json:"format_version"`
	Lang          string             `json:"lang"`
	Masked        bool               `json:"masked"`
	Analysis      *classify.Analysis `json:"analysis"`
	Sources       []jsonSource       `json:"sources"`
	Days          []jsonDay          `json:"days"`
	ThirdParty    jsonThirdParty     `json:"third_party"`
	Timeline      []jsonEvent        `json:"timeline"`
}

func decodeJSON(t *testing.T, b []byte) jsonDoc {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc jsonDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// importTimes are the sources' import times, which change with every
// import of the test case.
var importTimes = regexp.MustCompile(`"imported_at":"[^"]*"`)

func TestJSONGolden(t *testing.T) {
	d := testData(t, Options{})
	b := renderJSON(t, d)
	golden(t, "json/case.zh.golden.json", importTimes.ReplaceAll(b, []byte(`"imported_at":"<import time>"`)))
	if !bytes.Equal(b, renderJSON(t, testData(t, Options{Now: testNow.Add(time.Hour)}))) {
		t.Error("two renders of the same case differ")
	}
	for _, now := range []string{"2026-03-02", "2026-03-02T11"} {
		if bytes.Contains(b, []byte(now)) {
			t.Errorf("the JSON shows the generation time %s", now)
		}
	}
}

func TestJSONContent(t *testing.T) {
	d := testData(t, Options{})
	doc := decodeJSON(t, renderJSON(t, d))
	if doc.Generator != "leaktrail" || doc.FormatVersion != 1 || doc.Lang != "zh" || doc.Masked {
		t.Errorf("header %q %d %q %v", doc.Generator, doc.FormatVersion, doc.Lang, doc.Masked)
	}
	if diff := cmp.Diff(d.Analysis, doc.Analysis); diff != "" {
		t.Errorf("analysis (-want +got):\n%s", diff)
	}
	if len(doc.Sources) != len(d.Sources) || len(doc.Days) != len(d.Days) || doc.ThirdParty.Events != d.ThirdParty.Events {
		t.Errorf("%d sources, %d days, third party %+v", len(doc.Sources), len(doc.Days), doc.ThirdParty)
	}
	var want []jsonEvent
	err := d.Events(t.Context(), func(e Event) error {
		var dur *int64
		if e.DurationS >= 0 {
			dur = &e.DurationS
		}
		want = append(want, jsonEvent{ID: e.ID, Time: e.Time.Format(jsonTimeMillis), Phone: e.Phone, Kind: e.Kind,
			Direction: e.Direction, Status: e.Status, Number: e.Number, Category: e.Category,
			ContactName: e.ContactName, DurationS: dur, Body: e.Body, Labels: e.Labels, Why: e.Why,
			Witnesses: e.Witnesses, Source: e.Source, Locator: e.Locator})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, doc.Timeline); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
	for _, e := range doc.Timeline {
		at, err := time.Parse(time.RFC3339, e.Time)
		if err != nil || !strings.HasSuffix(e.Time, "+08:00") {
			t.Fatalf("event %d: time %q is not RFC 3339 with the case's offset (%v)", e.ID, e.Time, err)
		}
		if at.Nanosecond()%int(time.Millisecond) != 0 {
			t.Errorf("event %d: time %q", e.ID, e.Time)
		}
	}
}

func TestJSONMasked(t *testing.T) {
	number := relayNumber(t, testData(t, Options{}))
	full := string(renderJSON(t, testData(t, Options{})))
	b := renderJSON(t, testData(t, Options{Mask: true}))
	if !strings.Contains(full, number) {
		t.Fatalf("the unmasked JSON does not show %s", number)
	}
	for _, s := range []string{number, strings.TrimPrefix(number, "+86")} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("the masked JSON shows the third party's number %s", s)
		}
	}
	if !decodeJSON(t, b).Masked {
		t.Error("the masked JSON does not say masked")
	}
}

// TestJSONHostile wants hostile texts back exactly, and the masked JSON
// to mask the numbers a rejected line quotes.
func TestJSONHostile(t *testing.T) {
	doc := decodeJSON(t, renderJSON(t, tabularHostileCase(t, Options{})))
	bodies := map[string]bool{}
	for _, e := range doc.Timeline {
		bodies[e.Body] = true
	}
	for _, b := range tabularHostileBodies {
		if !bodies[b] {
			t.Errorf("no event with the body %q", b)
		}
	}
	if len(doc.Sources) != 1 || len(doc.Sources[0].Rejects) != 1 {
		t.Fatalf("sources %+v", doc.Sources)
	}
	want := jsonReject{Locator: "line 999", Reason: "bad date in 13800138001", Excerpt: "13800138001,=1+1"}
	if diff := cmp.Diff(want, doc.Sources[0].Rejects[0]); diff != "" {
		t.Errorf("reject (-want +got):\n%s", diff)
	}
	b := renderJSON(t, tabularHostileCase(t, Options{Mask: true}))
	if bytes.Contains(b, []byte("13800138001")) {
		t.Error("the masked JSON shows the friend's number")
	}
	// The shared copy leaves raw excerpts out and masks reasons.
	if r := decodeJSON(t, b).Sources[0].Rejects[0]; r.Excerpt != "" || r.Reason != "bad date in 138****8001" {
		t.Errorf("masked reject %+v", r)
	}
}

// BenchmarkJSON writes the JSON of the cases of BenchmarkXLSX.
func BenchmarkJSON(b *testing.B) {
	benchTimeline(b, WriteJSON)
}

// TestAnalysisJSONStreamed: the analysis is written one number and one
// finding at a time, in exactly the lines writeJSONLines makes of the
// whole value, with findings, without, and with no numbers at all.
func TestAnalysisJSONStreamed(t *testing.T) {
	full := testData(t, Options{}).Analysis
	noFindings := *full
	noFindings.Violations = []classify.Violation{{Rule: "night_contact", Title: "t", Count: 0}}
	empty := *full
	empty.Numbers, empty.Violations, empty.Platforms, empty.Onset, empty.Leak = []classify.Number{}, []classify.Violation{}, []string{}, nil, nil
	for name, a := range map[string]*classify.Analysis{"case": full, "no findings": &noFindings, "empty": &empty} {
		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
		if err := writeJSONLines(ww, raw, "  ", 2); err != nil {
			t.Fatal(err)
		}
		if err := writeAnalysisJSON(gw, a); err != nil {
			t.Fatal(err)
		}
		ww.Flush()
		gw.Flush()
		if want.String() != got.String() {
			t.Errorf("%s: streamed analysis differs:\n%s", name, cmp.Diff(want.String(), got.String()))
		}
	}
}
