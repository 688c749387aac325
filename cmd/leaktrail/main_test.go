package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// binary is the leaktrail command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leaktrail-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "leaktrail")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func runCLI(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LEAKTRAIL_LANG=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic:") {
		t.Fatalf("leaktrail %v crashed:\n%s", args, stderr.String())
	}
	return result{stdout.String(), stderr.String(), code}
}

type sourceJSON struct {
	Path            string `json:"path"`
	Format          string `json:"format"`
	SHA256          string `json:"sha256"`
	Read            int64  `json:"read"`
	Inserted        int64  `json:"inserted"`
	Duplicates      int64  `json:"duplicates"`
	Rejected        int64  `json:"rejected"`
	AlreadyImported bool   `json:"already_imported"`
	Error           string `json:"error"`
}

func importJSONOut(t *testing.T, r result) []sourceJSON {
	t.Helper()
	var out struct {
		Sources []sourceJSON `json:"sources"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("import --json printed no JSON: %v\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	for i := range out.Sources {
		out.Sources[i].SHA256 = ""
	}
	return out.Sources
}

func testdata(name string) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		panic(err)
	}
	return p
}

func TestImportEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "case.db")
	msgs, calls, broken := testdata("sbr/v10-sms-mms.xml"), testdata("sbr/v10-calls.xml"), testdata("sbr/broken-truncated.xml")

	r := runCLI(t, dir, "import", "--db", db, "--json", msgs, calls, broken)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := []sourceJSON{
		// The last <sms> repeats the second: one duplicate.
		{Path: msgs, Format: "sbr-messages", Read: 11, Inserted: 10, Duplicates: 1},
		{Path: calls, Format: "sbr-calls", Read: 11, Inserted: 10, Rejected: 1},
		{Path: broken, Format: "sbr-messages", Read: 9, Inserted: 3, Rejected: 6},
	}
	if diff := cmp.Diff(want, importJSONOut(t, r)); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	if !strings.Contains(r.stderr, "broken-truncated.xml: line 11 byte 815: file ends in the middle of a record") {
		t.Errorf("reject position not reported:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "17000001234") || strings.Contains(r.stderr, "没有日期") {
		t.Errorf("numbers or message text on stderr at default verbosity:\n%s", r.stderr)
	}
	st, err := os.Stat(db)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("case database mode: %v %v", st.Mode(), err)
	}

	// Importing the same files again adds nothing and says so.
	r = runCLI(t, dir, "import", "--db", db, "--json", msgs, calls, broken)
	for i := range want {
		want[i].AlreadyImported = true
	}
	if diff := cmp.Diff(want, importJSONOut(t, r)); diff != "" {
		t.Errorf("second import (-want +got):\n%s", diff)
	}

	// A copy under another name is recognised by its hash.
	cp := filepath.Join(dir, "copy.xml")
	b, _ := os.ReadFile(msgs)
	os.WriteFile(cp, b, 0o600)
	r = runCLI(t, dir, "import", "--db", db, cp)
	if r.code != 0 || !strings.Contains(r.stdout, "已导入过") {
		t.Errorf("copy not recognised (exit %d):\n%s", r.code, r.stdout)
	}
}

func TestImportFailures(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "case.db")
	unknown := filepath.Join(dir, "notes.txt")
	os.WriteFile(unknown, []byte("这不是导出文件\n"), 0o600)
	good := testdata("sbr/v10-calls.xml")
	oddHeaders := filepath.Join(dir, "log.csv")
	os.WriteFile(oddHeaders, []byte("拨打时刻,手机,方式\n2026-03-02 13:13:40,13800138000,呼入\n"), 0o600)

	tests := []struct {
		name      string
		args      []string
		code      int
		stderrHas []string
		stdoutHas []string
	}{
		{"no command", nil, 2, []string{"用法"}, nil},
		{"unknown command", []string{"frobnicate"}, 2, []string{"未知命令"}, nil},
		{"missing db", []string{"import", good}, 2, []string{"--db"}, nil},
		{"no files", []string{"import", "--db", db}, 2, []string{"没有要导入的文件"}, nil},
		{"bad flag", []string{"import", "--nope", "--db", db, good}, 2, []string{"nope"}, nil},
		{"bad zone", []string{"import", "--db", db, "--tz", "Mars/Olympus", good}, 2, []string{"Mars/Olympus"}, nil},
		{"missing file, others still imported", []string{"import", "--db", db, filepath.Join(dir, "nope.xml"), good}, 1,
			[]string{"nope.xml"}, []string{"读取 11 条"}},
		{"directory", []string{"import", "--db", db, dir}, 1, []string{"is a directory"}, nil},
		{"unknown format", []string{"import", "--db", db, unknown}, 1, []string{"notes.txt", "unknown format", "text starting"}, nil},
		{"english", []string{"import", "--lang", "en", "--db", db, good}, 0, nil, []string{"already imported"}},
		{"unknown headers", []string{"import", "--db", db, oddHeaders}, 1, []string{"log.csv", "拨打时刻", "--map"}, nil},
		{"headers mapped by hand", []string{"import", "--db", db, "--map", "拨打时刻=time,手机=number,方式=direction", oddHeaders}, 0,
			nil, []string{"读取 1 条：新增 1"}},
		{"bad map", []string{"import", "--db", db, "--map", "拨打时刻", oddHeaders}, 2, []string{"--map"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, dir, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tt.code, r.stderr)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			for _, s := range tt.stdoutHas {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
		})
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "demo")
	r := runCLI(t, dir, "demo", "--out", out, "--seed", "7")
	if r.code != 0 {
		t.Fatalf("demo exit %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "案件数据库") {
		t.Errorf("demo printed no summary:\n%s", r.stdout)
	}
	first := r.stdout
	// Same seed, same output: the demo starts a fresh case every run.
	r = runCLI(t, dir, "demo", "--out", out, "--seed", "7")
	if r.stdout != first {
		t.Errorf("demo output changed between runs:\n%s\n---\n%s", first, r.stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "case.db")); err != nil {
		t.Error(err)
	}
}
