package classify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a local time in the case's zone, as Unix ms.
func at(day, clock string) int64 {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, shanghai)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func dayAfter(day string, n int) string {
	t, _ := time.Parse(time.DateOnly, day)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// caseBuilder writes events into a real case database, one source per
// phone, the way an importer would.
type caseBuilder struct {
	t      *testing.T
	events map[string][]leaktrail.Event // by phone
}

func newCase(t *testing.T) *caseBuilder {
	return &caseBuilder{t: t, events: map[string][]leaktrail.Event{}}
}

func (b *caseBuilder) call(ph, num, day, clock string, dir leaktrail.Direction, st leaktrail.Status, dur int64) {
	b.events[ph] = append(b.events[ph], leaktrail.Event{Kind: leaktrail.KindCall, Direction: dir, Status: st,
		At: at(day, clock), NumberRaw: num, DurationS: dur})
}

func (b *caseBuilder) text(ph, num, day, clock string, dir leaktrail.Direction, body, name string) {
	st := leaktrail.StatusReceived
	if dir == leaktrail.DirOut {
		st = leaktrail.StatusSent
	}
	b.events[ph] = append(b.events[ph], leaktrail.Event{Kind: leaktrail.KindSMS, Direction: dir, Status: st,
		At: at(day, clock), NumberRaw: num, DurationS: -1, Body: body, ContactName: name})
}

// build writes the case and returns it open.
func (b *caseBuilder) build() *sqlite.DB {
	t := b.t
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	phones := make([]string, 0, len(b.events))
	for ph := range b.events {
		phones = append(phones, ph)
	}
	slices.Sort(phones)
	for _, ph := range phones {
		casetest.Write(t, db, casetest.File{Name: ph + ".xml", Phone: ph, Events: b.events[ph]})
	}
	return db
}

func analyze(t *testing.T, db *sqlite.DB, lang string) *classify.Analysis {
	t.Helper()
	l, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := classify.Analyze(t.Context(), db, l, classify.Options{Location: shanghai}); err != nil {
		t.Fatal(err)
	}
	a, err := classify.Load(t.Context(), db, lang)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

const (
	friend    = "13800138001"
	sister    = "13900139002"
	collector = "17012345678"
	rotator   = "16512345678"
	caller    = "15212345678"
	gateway   = "1069012345678"
	courier   = "13712345670"
)

// harassment is a small case written for the rules: a month of ordinary
// life, a loan from 速借宝, then collectors.
func harassment(t *testing.T) *caseBuilder {
	b := newCase(t)
	in, out := leaktrail.DirIn, leaktrail.DirOut
	start := "2026-01-01"
	for i := range 30 {
		d := dayAfter(start, i)
		if i%3 == 0 {
			b.text("owner", friend, d, "19:30", in, "周末一起吃饭吗", "小王")
			b.text("owner", friend, d, "19:40", out, "好啊，老地方见", "小王")
		}
		if i%7 == 0 {
			b.call("owner", sister, d, "20:00", out, leaktrail.StatusAnswered, 300)
		}
	}
	b.call("owner", courier, "2026-01-12", "10:00", in, leaktrail.StatusMissed, 0)
	b.call("owner", courier, "2026-01-12", "10:03", out, leaktrail.StatusAnswered, 25)
	b.text("owner", gateway, "2026-01-05", "10:00", in, "【速借宝】您的借款3000元已放款至尾号1234的银行卡，还款日2026-01-19，请按时还款。", "")
	b.text("owner", gateway, "2026-01-19", "09:00", in, "【速借宝】您的借款今日到期，应还3180元，请今日内完成还款。", "")
	// Harassment from 2026-01-21.
	for i := range 10 {
		d := dayAfter("2026-01-21", i)
		b.call("owner", collector, d, "09:05", in, leaktrail.StatusMissed, 0)
		b.text("owner", collector, d, "09:10", in, "你在速借宝的借款已逾期，今天必须还清，否则后果自负", "")
		b.call("owner", rotator, d, "15:00", in, leaktrail.StatusRejected, 0)
	}
	d1 := "2026-01-22"
	for i := range 7 {
		b.call("owner", collector, d1, "11:0"+string(rune('0'+i)), in, leaktrail.StatusMissed, 0)
	}
	b.call("owner", collector, d1, "23:10", in, leaktrail.StatusMissed, 0)
	b.text("owner", collector, "2026-01-23", "10:00", in, "老赖，借钱不还还有脸躲？", "")
	b.text("owner", collector, "2026-01-24", "10:00", in, "我是武侯区人民法院的工作人员，你的借款纠纷已立案，请马上回电", "")
	d2 := "2026-01-25"
	for i := range 4 {
		b.call("owner", rotator, d2, "14:0"+string(rune('0'+i)), in, leaktrail.StatusAnswered, 30)
	}
	// The collectors reach the mother; the sister tells the owner.
	b.call("mother", collector, "2026-01-26", "10:00", in, leaktrail.StatusAnswered, 60)
	b.call("mother", collector, "2026-01-27", "10:00", in, leaktrail.StatusMissed, 0)
	b.text("owner", sister, "2026-01-27", "12:00", in, "刚才有个陌生号码打电话给我，说你借钱不还，让我转告你", "姐姐")
	return b
}

func TestAnalyzeRules(t *testing.T) {
	a := analyze(t, harassment(t).build(), "zh")

	cats := map[string]string{}
	for _, n := range a.Numbers {
		cats[n.Number] = n.Category
	}
	want := map[string]string{
		"+86" + friend:    "contact",
		"+86" + sister:    "contact",
		"+86" + collector: "collection",
		"+86" + rotator:   "collection",
		"+86" + courier:   "unknown",
		gateway:           "service",
	}
	if diff := cmp.Diff(want, cats); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
	if a.Onset == nil || a.Onset.Date != "2026-01-21" {
		t.Errorf("onset = %+v, want 2026-01-21", a.Onset)
	} else if a.Onset.FirstEvent.Number != "+86"+collector || a.Onset.FirstEvent.Kind != "call" {
		t.Errorf("onset's first event = %+v, want the 09:05 call of %s", a.Onset.FirstEvent, collector)
	}
	if a.Leak == nil || a.Leak.Date != "2026-01-05" || a.Leak.Platform != "速借宝" {
		t.Errorf("leak = %+v, want 速借宝's loan on 2026-01-05", a.Leak)
	}
	if diff := cmp.Diff([]string{"速借宝"}, a.Platforms); diff != "" {
		t.Errorf("platforms (-want +got):\n%s", diff)
	}

	type finding struct {
		Rule, Day, Number, Phone string
		Count                    int
	}
	var got []finding
	for _, v := range a.Violations {
		for _, f := range v.Findings {
			if len(f.Events) != f.Count {
				t.Errorf("%s %s: %d events listed, count %d", v.Rule, f.Day, len(f.Events), f.Count)
			}
			got = append(got, finding{v.Rule, f.Day, f.Number, f.Phone, f.Count})
		}
	}
	c := "+86" + collector
	wantF := []finding{
		{"night_contact", "2026-01-22", "", "owner", 1},
		{"daily_connected_calls", "2026-01-25", "", "owner", 4},
		{"daily_attempts", "2026-01-22", c, "owner", 9},
		{"third_party_contact", "2026-01-26", c, "mother", 1},
		{"third_party_contact", "2026-01-27", c, "mother", 1},
		{"third_party_contact", "2026-01-27", "+86" + sister, "owner", 1},
	}
	for i := range 10 {
		d, n := dayAfter("2026-01-21", i), 1
		if d == "2026-01-24" {
			n = 2 // the court impersonation threatens a case too
		}
		wantF = append(wantF, finding{"threat", d, c, "owner", n})
	}
	wantF = append(wantF,
		finding{"insult", "2026-01-23", c, "owner", 1},
		finding{"impersonation", "2026-01-24", c, "owner", 1})
	if diff := cmp.Diff(wantF, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestAnalyzeGolden pins the whole JSON of the rules case, in both
// languages: any change to scores, reasons or wording shows in review.
func TestAnalyzeGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			a := analyze(t, harassment(t).build(), lang)
			got, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "analyze", "harassment."+lang+".golden.json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./classify -run TestAnalyzeGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestAnalyzeQuiet: the same life without a debt has no onset, no leak, no
// collector and no violation.
func TestAnalyzeQuiet(t *testing.T) {
	for _, seed := range []int64{1, 2} {
		db := importSynth(t, synth.Options{Seed: seed, Location: shanghai, Quiet: true})
		a := analyze(t, db, "en")
		if a.Onset != nil || a.Leak != nil {
			t.Errorf("seed %d: onset %+v, leak %+v, want both null", seed, a.Onset, a.Leak)
		}
		for _, n := range a.Numbers {
			if n.Category == "collection" {
				t.Errorf("seed %d: %s is a collector: %v", seed, n.Number, n.Reasons)
			}
		}
		if len(a.Violations) != 0 || len(a.Platforms) != 0 {
			t.Errorf("seed %d: violations %v, platforms %v, want none", seed, a.Violations, a.Platforms)
		}
	}
}

// TestAnalyzeBuffers: the label cache and the label counts flushed to
// SQLite when memory fills are invisible: without a cache, with room for
// a couple of texts and numbers at a time, and with the defaults,
// analysis gives the same result.
func TestAnalyzeBuffers(t *testing.T) {
	db := importSynth(t, synth.Options{Seed: 4, Location: shanghai})
	restore := classify.SetBufferSizes(0, 1<<20)
	want, err := json.Marshal(analyze(t, db, "en"))
	restore()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{1, 1}, {2, 3}, {50, 7}, {1 << 16, 1 << 15}} {
		restore := classify.SetBufferSizes(size[0], size[1])
		got, err := json.Marshal(analyze(t, db, "en"))
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("cache %d texts, counts %d numbers: a different result", size[0], size[1])
		}
	}
}

// TestAnalyzeRerun: a second run rebuilds the same tables: the same JSON
// byte for byte.
func TestAnalyzeRerun(t *testing.T) {
	db := importSynth(t, synth.Options{Seed: 3, Location: shanghai})
	first, err := json.Marshal(analyze(t, db, "zh"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := json.Marshal(analyze(t, db, "zh"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Error("a second analyze gave a different result")
	}
}

func TestLoadNotAnalyzed(t *testing.T) {
	db := newCase(t).build()
	if _, err := classify.Load(t.Context(), db, "zh"); err != classify.ErrNotAnalyzed {
		t.Errorf("Load before Analyze: %v, want ErrNotAnalyzed", err)
	}
}

// TestAnalyzeEmpty: an empty case analyzes to nothing, without error.
func TestAnalyzeEmpty(t *testing.T) {
	a := analyze(t, newCase(t).build(), "zh")
	if a.Onset != nil || a.Leak != nil || len(a.Numbers) != 0 || len(a.Violations) != 0 {
		t.Errorf("empty case: %+v", a)
	}
}

func importSynth(t *testing.T, opts synth.Options) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	files, err := synth.Generate(opts).Write(filepath.Join(dir, "exports"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	norm, reg := phone.New("CN"), ingest.DefaultRegistry()
	for _, f := range files {
		if _, err := ingest.ImportFile(ctx, db, reg, norm, f.Path, ingest.FileOptions{Phone: f.Phone, Location: shanghai}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestStale(t *testing.T) {
	b := harassment(t)
	db := b.build()
	ctx := t.Context()
	if stale, err := classify.Stale(ctx, db); err != nil || !stale {
		t.Fatalf("before analyze: stale %v, %v; want true", stale, err)
	}
	analyze(t, db, "zh")
	if stale, err := classify.Stale(ctx, db); err != nil || stale {
		t.Fatalf("after analyze: stale %v, %v; want false", stale, err)
	}
	im, err := db.BeginImport(ctx, leaktrail.Source{Path: "late.xml", Name: "late.xml", SHA256: "late", Format: "test", Phone: "owner"}, "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Finish(); err != nil {
		t.Fatal(err)
	}
	if stale, err := classify.Stale(ctx, db); err != nil || !stale {
		t.Fatalf("after a later import: stale %v, %v; want true", stale, err)
	}
}

// TestWriteJSON: the streamed JSON is byte for byte what json.Encoder
// writes for Load's Analysis, for a case with violations, one without,
// and one with nothing at all.
func TestWriteJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		db   func(t *testing.T) *sqlite.DB
	}{
		{"harassment", func(t *testing.T) *sqlite.DB { return harassment(t).build() }},
		{"synth", func(t *testing.T) *sqlite.DB { return importSynth(t, synth.Options{Seed: 6, Location: shanghai}) }},
		{"quiet", func(t *testing.T) *sqlite.DB {
			return importSynth(t, synth.Options{Seed: 1, Location: shanghai, Quiet: true})
		}},
		{"empty", func(t *testing.T) *sqlite.DB { return newCase(t).build() }},
	} {
		for _, lang := range []string{"zh", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				db := c.db(t)
				a := analyze(t, db, lang)
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				if err := enc.Encode(a); err != nil {
					t.Fatal(err)
				}
				r, err := classify.Open(t.Context(), db, lang)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				if err := classify.WriteJSON(t.Context(), &got, r); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.String(), got.String()); diff != "" {
					t.Errorf("WriteJSON (-Encoder +WriteJSON):\n%s", diff)
				}
			})
		}
	}
}
