package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAnalyzeEndToEnd runs the built binary on the demo's case: the JSON
// follows DESIGN.md's contract, the summary is Chinese by default and
// English with --lang en, and a second run prints the same.
func TestAnalyzeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo")
	if r := runCLI(t, dir, "demo", "--out", out, "--seed", "5"); r.code != 0 {
		t.Fatalf("demo exit %d:\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, dir, "demo", "--out", out, "--seed", "5"); !strings.Contains(r.stdout, "骚扰开始") {
		t.Errorf("demo printed no analysis:\n%s", r.stdout)
	}
	db := filepath.Join(out, "case.db")

	r := runCLI(t, dir, "analyze", "--db", db, "--json")
	if r.code != 0 {
		t.Fatalf("analyze --json exit %d:\n%s", r.code, r.stderr)
	}
	var got struct {
		Timezone string `json:"timezone"`
		Onset    *struct {
			Date       string  `json:"date"`
			RateBefore float64 `json:"rate_before"`
			RateAfter  float64 `json:"rate_after"`
			Evidence   string  `json:"evidence"`
		} `json:"onset"`
		Leak *struct {
			Date     string `json:"date"`
			Evidence string `json:"evidence"`
		} `json:"leak"`
		Platforms []string `json:"platforms"`
		Numbers   []struct {
			Number    string   `json:"number"`
			Category  string   `json:"category"`
			Score     float64  `json:"score"`
			FirstSeen string   `json:"first_seen"`
			LastSeen  string   `json:"last_seen"`
			Calls     int      `json:"calls"`
			Messages  int      `json:"messages"`
			Phones    []string `json:"phones"`
			Reasons   []string `json:"reasons"`
		} `json:"numbers"`
		Violations []struct {
			Rule  string `json:"rule"`
			Count int    `json:"count"`
			First string `json:"first"`
			Last  string `json:"last"`
		} `json:"violations"`
		Counts struct {
			Events int64 `json:"events"`
			Calls  int64 `json:"calls"`
			SMS    int64 `json:"sms"`
			MMS    int64 `json:"mms"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("analyze --json: %v\n%s", err, r.stdout)
	}
	if got.Timezone != "Asia/Shanghai" || got.Onset == nil || got.Leak == nil || len(got.Platforms) == 0 {
		t.Errorf("case facts: zone %q onset %+v leak %+v platforms %v", got.Timezone, got.Onset, got.Leak, got.Platforms)
	}
	if got.Counts.Events != got.Counts.Calls+got.Counts.SMS+got.Counts.MMS {
		t.Errorf("counts do not add up: %+v", got.Counts)
	}
	cats := map[string]bool{"collection": true, "spam": true, "fraud": true, "service": true, "contact": true, "unknown": true}
	for i, n := range got.Numbers {
		if !cats[n.Category] {
			t.Errorf("%s: category %q", n.Number, n.Category)
		}
		if i > 0 && (got.Numbers[i-1].Score < n.Score || got.Numbers[i-1].Score == n.Score && got.Numbers[i-1].Number > n.Number) {
			t.Errorf("numbers not sorted by score, then number, at %s", n.Number)
		}
		if n.Category == "collection" && len(n.Reasons) < 2 {
			t.Errorf("collector %s has no reasons: %v", n.Number, n.Reasons)
		}
	}
	if len(got.Violations) == 0 {
		t.Error("no violations in the demo case")
	}

	again := runCLI(t, dir, "analyze", "--db", db, "--json")
	if again.stdout != r.stdout {
		t.Error("a second analyze printed a different JSON")
	}
	zh := runCLI(t, dir, "analyze", "--db", db)
	if zh.code != 0 || !strings.Contains(zh.stdout, "可能违反催收规定") {
		t.Errorf("analyze summary (zh), exit %d:\n%s", zh.code, zh.stdout)
	}
	en := runCLI(t, dir, "analyze", "--db", db, "--lang", "en")
	if en.code != 0 || !strings.Contains(en.stdout, "Possible violations of collection rules") {
		t.Errorf("analyze summary (en), exit %d:\n%s", en.code, en.stdout)
	}
	if st, err := os.Stat(db); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("case database mode: %v %v", st.Mode(), err)
	}
}

func TestAnalyzeFailures(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no db", []string{"analyze"}, 2, "--db"},
		{"missing db", []string{"analyze", "--db", filepath.Join(dir, "none.db")}, 1, "leaktrail import"},
		{"bad zone", []string{"analyze", "--db", "x.db", "--tz", "Mars/Olympus"}, 2, "Mars/Olympus"},
		{"extra argument", []string{"analyze", "--db", "x.db", "file.xml"}, 2, "file.xml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, dir, c.args...)
			if r.code != c.code || !strings.Contains(r.stderr, c.says) {
				t.Errorf("exit %d, want %d; stderr must mention %q:\n%s", r.code, c.code, c.says, r.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("analyze created a database that did not exist")
	}
}

// TestLogsHoldNoPersonalData: at default verbosity, what the commands log
// on stderr holds no phone number and no message text (results on stdout
// are the user's own evidence).
func TestLogsHoldNoPersonalData(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo")
	if r := runCLI(t, dir, "demo", "--out", out, "--seed", "9"); r.code != 0 {
		t.Fatalf("demo exit %d:\n%s", r.code, r.stderr)
	}
	exports, err := filepath.Glob(filepath.Join(out, "exports", "*.xml"))
	if err != nil || len(exports) == 0 {
		t.Fatalf("no exports: %v", err)
	}
	// A truncated copy makes the importer reject a record, whose excerpt
	// must stay out of the log.
	data, err := os.ReadFile(exports[0])
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.xml")
	if err := os.WriteFile(cut, data[:len(data)*2/3], 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "case.db")
	var stderr strings.Builder
	for _, args := range [][]string{
		append([]string{"import", "--db", db}, exports...),
		{"import", "--db", db, "--phone", "other", cut},
		{"analyze", "--db", db},
		{"analyze", "--db", db, "--json"},
	} {
		r := runCLI(t, dir, args...)
		stderr.WriteString(r.stderr)
	}
	log := stderr.String()
	if !strings.Contains(log, "拒收") {
		t.Fatalf("the truncated file gave no reject on stderr:\n%s", log)
	}
	if m := regexp.MustCompile(`\d{7,}`).FindString(log); m != "" {
		t.Errorf("stderr holds a number %q:\n%s", m, log)
	}
	for _, word := range []string{"逾期", "还款", "欠款", "通讯录", "验证码"} {
		if strings.Contains(log, word) {
			t.Errorf("stderr holds message text (%q):\n%s", word, log)
		}
	}
}
