package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/report"
)

// TestReportEndToEnd: the demo writes the package, verify accepts it and
// rejects it after one byte of a report file or of a source changes, and
// report writes the same bytes twice from the same case.
func TestReportEndToEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo")
	r := runCLI(t, dir, "demo", "--out", out, "--seed", "4")
	if r.code != 0 {
		t.Fatalf("demo exit %d:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, filepath.Join(out, "report.html")) {
		t.Errorf("demo does not say where report.html is:\n%s", r.stdout)
	}
	files := []string{"report.html", "report.xlsx", "report.json", "timeline.csv", "complaint.md", "manifest.json"}
	for _, f := range files {
		st, err := os.Stat(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 || st.Size() == 0 {
			t.Errorf("%s: mode %v, %d bytes", f, st.Mode().Perm(), st.Size())
		}
	}
	var m struct {
		Files []struct{ Name string } `json:"files"`
	}
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil || len(m.Files) != len(files)-1 {
		t.Fatalf("manifest lists %+v (%v)", m.Files, err)
	}

	exports := filepath.Join(out, "exports")
	if r := runCLI(t, dir, "verify", out, "--sources", exports); r.code != 0 {
		t.Fatalf("verify of a fresh report: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, f := range []struct{ path, says string }{
		{filepath.Join(out, "report.html"), "report.html"},
		{filepath.Join(exports, "owner-calls.xml"), "owner-calls.xml"},
	} {
		casetest.FlipByte(t, f.path, 200)
		r := runCLI(t, dir, "verify", out, "--sources", exports)
		if r.code != 1 || !strings.Contains(r.stderr, f.says) {
			t.Errorf("verify after a byte of %s changed: exit %d, stderr:\n%s", f.says, r.code, r.stderr)
		}
		casetest.FlipByte(t, f.path, 200)
	}
	if r := runCLI(t, dir, "verify", out); r.code != 0 {
		t.Errorf("verify after restoring: exit %d\n%s", r.code, r.stderr)
	}

	// The same case gives the same bytes; the time is only in the manifest.
	db := filepath.Join(out, "case.db")
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	for _, x := range []struct{ dir, now string }{{a, "2026-03-01T00:00:00Z"}, {b, "2026-03-01T00:00:00Z"}, {c, "1772323200"}} {
		if r := runCLI(t, dir, "report", "--db", db, "--out", x.dir, "--now", x.now); r.code != 0 {
			t.Fatalf("report exit %d:\n%s", r.code, r.stderr)
		}
	}
	for _, f := range files {
		fa, fb, fc := readFile(t, a, f), readFile(t, b, f), readFile(t, c, f)
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two reports of the same case", f)
		}
		if f != "manifest.json" && !bytes.Equal(fa, fc) {
			t.Errorf("%s depends on the generation time", f)
		}
	}
	if strings.Contains(string(readFile(t, a, "manifest.json")), "2026-03-01T00:00:00Z") == false {
		t.Error("manifest does not carry --now")
	}
}

// TestRunAndMask: run imports, analyzes and reports in one go, with
// NAME=FILE for the mother's files; --mask hides a relative's number.
func TestRunAndMask(t *testing.T) {
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo")
	if r := runCLI(t, dir, "demo", "--out", demo, "--seed", "6"); r.code != 0 {
		t.Fatalf("demo exit %d:\n%s", r.code, r.stderr)
	}
	ex := filepath.Join(demo, "exports")
	out := filepath.Join(dir, "run")
	r := runCLI(t, dir, "run", "--out", out, "--mask", "--now", "2026-03-01T00:00:00Z",
		filepath.Join(ex, "owner-messages.xml"), filepath.Join(ex, "owner-calls.xml"), filepath.Join(ex, "owner-contacts.vcf"),
		"mother="+filepath.Join(ex, "mother-messages.xml"), "mother="+filepath.Join(ex, "mother-calls.xml"))
	if r.code != 0 {
		t.Fatalf("run exit %d:\n%s", r.code, r.stderr)
	}
	var a struct {
		Numbers []struct {
			Number, Category string
			Phones           []string
		} `json:"numbers"`
	}
	full := runCLI(t, dir, "analyze", "--db", filepath.Join(demo, "case.db"), "--json")
	if err := json.Unmarshal([]byte(full.stdout), &a); err != nil {
		t.Fatal(err)
	}
	var contact string
	for _, n := range a.Numbers {
		if n.Category == "contact" && strings.HasPrefix(n.Number, "+86") && len(n.Phones) == 2 {
			contact = n.Number
			break
		}
	}
	if contact == "" {
		t.Fatal("no contact on both phones in the demo case")
	}
	// (The XLSX is compressed: report's own tests read it back.)
	for _, f := range []string{"report.html", "report.json", "timeline.csv", "complaint.md"} {
		if bytes.Contains(readFile(t, out, f), []byte(contact[3:])) {
			t.Errorf("masked %s shows the contact %s", f, contact)
		}
	}
	if !bytes.Contains(readFile(t, out, "report.json"), []byte(contact[3:6]+"****"+contact[len(contact)-4:])) {
		t.Errorf("masked report.json lacks the masked form of %s", contact)
	}
	if r := runCLI(t, dir, "verify", out); r.code != 0 {
		t.Errorf("verify of run's report: exit %d\n%s", r.code, r.stderr)
	}
}

func TestReportFailures(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no out", []string{"report", "--db", "x.db"}, 2, "--out"},
		{"bad format", []string{"report", "--db", "x.db", "--out", "o", "--format", "docx"}, 2, "docx"},
		{"bad now", []string{"report", "--db", "x.db", "--out", "o", "--now", "yesterday"}, 2, "yesterday"},
		{"missing db", []string{"report", "--db", filepath.Join(dir, "none.db"), "--out", "o"}, 1, "leaktrail import"},
		{"verify no dir", []string{"verify"}, 2, "verify"},
		{"verify no manifest", []string{"verify", dir}, 1, "manifest.json"},
		{"run no files", []string{"run", "--out", "o"}, 2, "no files"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, dir, append(c.args, "--lang", "en")...)
			if c.name == "verify no dir" || c.name == "verify no manifest" {
				r = runCLI(t, dir, c.args...)
			}
			if r.code != c.code || !strings.Contains(r.stderr, c.says) {
				t.Errorf("exit %d, want %d; stderr must mention %q:\n%s", r.code, c.code, c.says, r.stderr)
			}
		})
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReportPDF prints the report through Chromium twice: the PDF exists,
// and the same case and --now give the same bytes.
func TestReportPDF(t *testing.T) {
	if _, err := report.FindBrowser(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI installs Chromium: %v", err)
		}
		t.Skipf("no browser: %v", err)
	}
	dir := t.TempDir()
	demo := filepath.Join(dir, "demo")
	if r := runCLI(t, dir, "demo", "--out", demo, "--seed", "2"); r.code != 0 {
		t.Fatalf("demo exit %d:\n%s", r.code, r.stderr)
	}
	var pdfs [][]byte
	for _, out := range []string{"p1", "p2"} {
		r := runCLI(t, dir, "report", "--db", filepath.Join(demo, "case.db"), "--out", filepath.Join(dir, out),
			"--format", "pdf", "--now", "2026-03-01T00:00:00Z")
		if r.code != 0 {
			t.Fatalf("report --format pdf exit %d:\n%s", r.code, r.stderr)
		}
		pdf := readFile(t, filepath.Join(dir, out), "report.pdf")
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("D:20260301000000")) {
			t.Fatalf("%s/report.pdf: not a PDF stamped with --now", out)
		}
		pdfs = append(pdfs, pdf)
	}
	if !bytes.Equal(pdfs[0], pdfs[1]) {
		t.Error("two prints of the same case differ")
	}
}
