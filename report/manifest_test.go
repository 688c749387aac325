package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leaktrail/leaktrail/internal/casetest"
)

// tinyReport are the fixed contents of a tiny report directory.
var tinyReport = map[string]string{
	"report.html":       "<!doctype html><title>report</title>\n",
	"complaint.md":      "# 投诉书\n",
	"timeline/all.csv":  "datetime,message\n2026-01-04T10:11:03+08:00,x\n",
	"report.xlsx":       "PK\x03\x04 not really a workbook",
	"timeline/all.json": "{}\n",
}

// writeReport writes tinyReport and their manifest into a new directory.
func writeTinyReport(t *testing.T, d *Data) string {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, body := range tinyReport {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.FromSlash(name))
	}
	slices.Sort(names)
	if err := WriteManifest(dir, d, names); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestManifestGolden(t *testing.T) {
	d := testData(t, Options{})
	dir := writeTinyReport(t, d)
	got, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("manifest mode %o, want 600", mode)
	}
	if !bytes.HasSuffix(got, []byte("}\n")) {
		t.Errorf("manifest does not end with a newline")
	}
	if n := bytes.Count(got, []byte(testNow.Format("2006-01-02T15:04:05"))); n != 1 {
		t.Errorf("generation time appears %d times in the manifest, want once", n)
	}
	// The sources' paths are where the test case was written: a temporary
	// directory.
	cd, err := caseDir()
	if err != nil {
		t.Fatal(err)
	}
	got = bytes.ReplaceAll(got, []byte(cd), []byte("$CASE"))
	golden(t, "manifest/manifest.json", got)

	// The same data and files give the same manifest.
	again := writeTinyReport(t, d)
	b, err := os.ReadFile(filepath.Join(again, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.ReplaceAll(b, []byte(cd), []byte("$CASE")), got) {
		t.Error("a second manifest of the same report differs")
	}
}

func TestWriteManifestRejectsPathsOutside(t *testing.T) {
	d := testData(t, Options{})
	dir := t.TempDir()
	for _, name := range []string{"../x.html", "/etc/passwd", ManifestName} {
		if err := WriteManifest(dir, d, []string{name}); err == nil {
			t.Errorf("WriteManifest(%q) succeeded", name)
		}
	}
	if err := WriteManifest(dir, d, []string{"missing.html"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteManifest of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// statuses sums up a verify result as name -> status.
func checkStatuses(cs []FileCheck) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		out[c.Name] = c.Status
	}
	return out
}

func TestVerify(t *testing.T) {
	d := testData(t, Options{})
	allOK := map[string]string{}
	for name := range tinyReport {
		allOK[name] = StatusOK
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range allOK {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}
	for _, c := range []struct {
		name    string
		change  func(t *testing.T, dir string)
		want    map[string]string
		ok      bool
		problem string
	}{
		{"unchanged", func(*testing.T, string) {}, allOK, true, ""},
		{"one byte flipped", func(t *testing.T, dir string) { casetest.FlipByte(t, filepath.Join(dir, "timeline", "all.csv"), 10) },
			with(map[string]string{"timeline/all.csv": StatusChanged}), false, "report file timeline/all.csv: changed"},
		{"deleted", func(t *testing.T, dir string) { verifyRemove(t, filepath.Join(dir, "report.xlsx")) },
			with(map[string]string{"report.xlsx": StatusMissing}), false, "report file report.xlsx: missing"},
		{"added", func(t *testing.T, dir string) { verifyWrite(t, filepath.Join(dir, "timeline", "notes.txt"), "mine") },
			with(map[string]string{"timeline/notes.txt": StatusExtra}), true, "report file timeline/notes.txt: extra"},
		{"hash in the manifest edited", func(t *testing.T, dir string) {
			m, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, ManifestName)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(m.Files, func(f ManifestFile) bool { return f.Name == "report.html" })
			verifyWrite(t, path, strings.Replace(string(b), m.Files[i].SHA256, strings.Repeat("0", 64), 1))
		}, with(map[string]string{"report.html": StatusChanged}), false, "report file report.html: changed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTinyReport(t, d)
			c.change(t, dir)
			r, err := Verify(t.Context(), dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, checkStatuses(r.Files)); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
			if r.OK() != c.ok {
				t.Errorf("OK() = %v, want %v; problems %q", r.OK(), c.ok, r.Problems())
			}
			probs := strings.Join(r.Problems(), "\n")
			if c.problem == "" && probs != "" || !strings.Contains(probs, c.problem) {
				t.Errorf("problems %q, want %q", probs, c.problem)
			}
			if len(r.Sources) != 0 {
				t.Errorf("sources checked without sources given: %+v", r.Sources)
			}
		})
	}
}

func TestVerifyChangedReportNamesHashes(t *testing.T) {
	d := testData(t, Options{})
	dir := writeTinyReport(t, d)
	verifyWrite(t, filepath.Join(dir, "report.html"), "<!doctype html><title>forged!</title>\n")
	r, err := Verify(t.Context(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(r.Files, func(c FileCheck) bool { return c.Name == "report.html" })
	c := r.Files[i]
	if c.Status != StatusChanged || c.Want == c.Got || len(c.Got) != 64 || c.WantSize != c.GotSize-1 {
		t.Errorf("report.html: %+v", c)
	}
}

// copyExports copies the test case's exports into a new directory.
func copyCaseExports(t *testing.T) string {
	t.Helper()
	cd, err := caseDir()
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(cd, "exports"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestVerifySources(t *testing.T) {
	d := testData(t, Options{})
	var names []string
	for _, s := range d.Sources {
		names = append(names, s.Name)
	}
	all := func(status string) map[string]string {
		m := map[string]string{}
		for _, n := range names {
			m[n] = status
		}
		return m
	}
	with := func(base map[string]string, k, v string) map[string]string {
		base[k] = v
		return base
	}
	for _, c := range []struct {
		name string
		// prepare returns the sources to give Verify.
		prepare func(t *testing.T, exports string) []string
		want    map[string]string
		ok      bool
	}{
		{"directory unchanged", func(t *testing.T, exports string) []string { return []string{exports} }, all(StatusOK), true},
		{"renamed files match by content", func(t *testing.T, exports string) []string {
			for _, n := range names {
				if err := os.Rename(filepath.Join(exports, n), filepath.Join(exports, "copy of "+n)); err != nil {
					t.Fatal(err)
				}
			}
			return []string{exports}
		}, all(StatusOK), true},
		{"one byte of a source changed", func(t *testing.T, exports string) []string {
			casetest.FlipByte(t, filepath.Join(exports, "owner-messages.xml"), 1000)
			return []string{exports}
		}, with(all(StatusOK), "owner-messages.xml", StatusChanged), false},
		{"one file given", func(t *testing.T, exports string) []string {
			return []string{filepath.Join(exports, "mother-calls.xml")}
		}, with(all(StatusNotChecked), "mother-calls.xml", StatusOK), true},
		{"a file the manifest does not know", func(t *testing.T, exports string) []string {
			other := filepath.Join(t.TempDir(), "other.xml")
			verifyWrite(t, other, "<smses/>")
			return []string{filepath.Join(exports, "mother-calls.xml"), other}
		}, with(with(all(StatusNotChecked), "mother-calls.xml", StatusOK), "other.xml", StatusExtra), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTinyReport(t, d)
			r, err := Verify(t.Context(), dir, c.prepare(t, copyCaseExports(t)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, checkStatuses(r.Sources)); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(StatusOK, checkStatuses(r.Files)["report.html"]); diff != "" {
				t.Errorf("report.html (-want +got):\n%s", diff)
			}
			if r.OK() != c.ok {
				t.Errorf("OK() = %v, want %v; problems %q", r.OK(), c.ok, r.Problems())
			}
		})
	}
}

func TestVerifyChangedSourceSaysWhere(t *testing.T) {
	d := testData(t, Options{})
	dir := writeTinyReport(t, d)
	exports := copyCaseExports(t)
	path := filepath.Join(exports, "owner-calls.xml")
	casetest.FlipByte(t, path, 500)
	r, err := Verify(t.Context(), dir, []string{exports})
	if err != nil {
		t.Fatal(err)
	}
	want := "source owner-calls.xml: changed: " + path + " has sha256 "
	if probs := r.Problems(); len(probs) != 1 || !strings.HasPrefix(probs[0], want) {
		t.Errorf("problems %q, want one starting %q", probs, want)
	}
}

func TestVerifyBadManifest(t *testing.T) {
	for _, c := range []struct {
		name, manifest string
		notExist       bool
	}{
		{"missing", "", true},
		{"not JSON", "{\"generator\": \"leaktrail\",", false},
		{"another program's", `{"generator": "other", "format_version": 1}`, false},
		{"a file outside", `{"generator": "leaktrail", "format_version": 1, "files": [{"name": "../secret"}]}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.manifest != "" {
				verifyWrite(t, filepath.Join(dir, ManifestName), c.manifest)
			}
			_, err := Verify(t.Context(), dir, nil)
			if err == nil {
				t.Fatal("Verify succeeded")
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, ManifestName)) {
				t.Errorf("error %q does not name the manifest", err)
			}
			if errors.Is(err, fs.ErrNotExist) != c.notExist {
				t.Errorf("error %v: fs.ErrNotExist %v, want %v", err, !c.notExist, c.notExist)
			}
		})
	}
}

func verifyRemove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func verifyWrite(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
