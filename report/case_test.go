package report

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/ingest"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testNow is the generation time of every test report.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// caseDir holds the synthetic case the renderers' tests share: seed 11 at
// a third of the ordinary traffic, imported and analyzed once per test
// binary, with its exports in caseDir/exports.
var caseDir = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "leaktrail-report-test")
	if err != nil {
		return "", err
	}
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return "", err
	}
	files, err := synth.Generate(synth.Options{Seed: 11, Location: loc, Scale: 0.3}).Write(filepath.Join(dir, "exports"))
	if err != nil {
		return "", err
	}
	db, err := sqlite.Open(ctx, filepath.Join(dir, "case.db"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	norm, reg := phone.New("CN"), ingest.DefaultRegistry()
	for _, f := range files {
		if _, err := ingest.ImportFile(ctx, db, reg, norm, f.Path, ingest.FileOptions{Phone: f.Phone, Location: loc}); err != nil {
			return "", err
		}
	}
	l, err := classify.New()
	if err != nil {
		return "", err
	}
	if err := classify.Analyze(ctx, db, l, classify.Options{Location: loc}); err != nil {
		return "", err
	}
	return dir, nil
})

// testData loads the shared test case with opts (Now defaults to testNow).
func testData(t testing.TB, opts Options) *Data {
	t.Helper()
	dir, err := caseDir()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(t.Context(), filepath.Join(dir, "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	d, err := Load(t.Context(), db, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
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
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file; run go test ./report -run %s -update and review the diff", path, t.Name())
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if dir, err := caseDir(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func TestLoadCase(t *testing.T) {
	d := testData(t, Options{})
	if d.Analysis.Onset == nil || len(d.Collectors) == 0 || len(d.Days) == 0 || len(d.Sources) != 5 {
		t.Fatalf("case: onset %v, %d collectors, %d days, %d sources", d.Analysis.Onset, len(d.Collectors), len(d.Days), len(d.Sources))
	}
	var n, relays int
	err := d.Events(t.Context(), func(e Event) error {
		n++
		if e.Why == "relay" {
			relays++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || relays == 0 || d.ThirdParty.Events == 0 {
		t.Errorf("timeline: %d events, %d relays, third party %+v", n, relays, d.ThirdParty)
	}
}
