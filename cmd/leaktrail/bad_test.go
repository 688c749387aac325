//go:build linux

package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/leaktrail/leaktrail/sqlite"
)

// badCase is one hostile input of testdata/bad/expected.json and what
// importing it must do. See testdata/bad/README.md.
type badCase struct {
	Name string `json:"name"`
	// File is the input's name in testdata/bad, or the name Generator
	// gives it in a temporary folder.
	File      string `json:"file"`
	Generator string `json:"generator,omitempty"`
	// User "nobody" runs the import as user nobody when the test runs as
	// root, who can read any file.
	User string `json:"user,omitempty"`
	// Exit is the exit status of `import --json FILE`.
	Exit int `json:"exit"`
	// Stderr are substrings of the messages: the file's name and, for a
	// rejected record, its position.
	Stderr []string `json:"stderr"`
	// Error is a substring of the "error" of import --json, for a file
	// that cannot be read at all.
	Error string `json:"error,omitempty"`

	Format     string `json:"format,omitempty"`
	Read       int64  `json:"read"`
	Inserted   int64  `json:"inserted"`
	Duplicates int64  `json:"duplicates"`
	Rejected   int64  `json:"rejected"`

	// Events, Contacts and Rejects are rows the case must hold, by
	// locator; the counts above say how many there are in all.
	Events   []badEvent   `json:"events,omitempty"`
	Contacts []badContact `json:"contacts,omitempty"`
	Rejects  []badReject  `json:"rejects,omitempty"`
}

type badEvent struct {
	Locator string `json:"locator"`
	Number  string `json:"number"`
	// Body, when not nil, is the whole body; BodyBytes, when not 0, its
	// length.
	Body        *string `json:"body,omitempty"`
	BodyBytes   int     `json:"body_bytes,omitempty"`
	ContactName *string `json:"contact_name,omitempty"`
	Flags       string  `json:"flags,omitempty"`
}

type badContact struct {
	Locator string `json:"locator"`
	Number  string `json:"number"`
	Name    string `json:"name"`
}

type badReject struct {
	Locator string `json:"locator"`
	Reason  string `json:"reason"` // a substring
}

// badGenerators write the inputs too large to keep in the repository,
// and those a repository cannot hold (a directory, an unreadable file).
var badGenerators = map[string]func(path string) error{
	"directory":             func(path string) error { return os.Mkdir(path, 0o700) },
	"unreadable":            genUnreadable,
	"sbr-body-100mib":       genSBRBody,
	"superbackup-body-5mib": genSuperBackupBody,
	"sbr-nested-100k":       genSBRNested,
	"xlsx-zip-bomb-16gib":   genXLSXBomb,
	"xlsx-million-columns":  genXLSXWide,
	"csv-field-50mib":       genCSVBigField,
	"csv-million-columns":   genCSVWide,
	"csv-gbk-after-head":    genCSVGBKAfterHead,
}

// maxRSS bounds the peak resident memory of every import, in KiB.
const maxRSS = 300 << 10

// TestHostileInputs imports every input of testdata/bad/expected.json,
// each into a case of its own, and checks the outcome: exit status,
// messages that name the file and the position of each rejected record,
// the counts of import --json and of the case database, the rows kept,
// and the import's peak memory. An import never crashes (runCLI's
// check), every source balances (read = inserted + duplicates +
// rejected), no canonical number holds an invisible character, no text
// holds a NUL, and the database stays intact.
func TestHostileInputs(t *testing.T) {
	cases := loadBadCases(t)
	gen := t.TempDir()
	type measured struct {
		name        string
		size        int64
		exit        int
		counts      string
		rss, parent int64 // KiB
	}
	var table []measured
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			genDir, dir, bin, cred := gen, t.TempDir(), binary, (*syscall.Credential)(nil)
			if c.User == "nobody" && os.Geteuid() == 0 {
				genDir, dir, bin = nobodyDirs(t)
				cred = &syscall.Credential{Uid: nobody, Gid: nobody}
			}
			path := c.path(t, genDir)
			var size int64
			if st, err := os.Stat(path); err == nil && !st.IsDir() {
				size = st.Size()
			}
			db := filepath.Join(dir, "case.db")
			parent := selfPeakRSS()
			r, rss := runMeasuredAs(t, bin, cred, dir, "import", "--db", db, "--json", path)
			if rss > maxRSS {
				t.Errorf("peak RSS %d MiB, want at most %d MiB", rss>>10, maxRSS>>10)
			}
			got := c.check(t, r, db, path)
			table = append(table, measured{c.Name, size, r.code,
				fmt.Sprintf("%d/%d/%d/%d", got.Read, got.Inserted, got.Duplicates, got.Rejected), rss, parent})
		})
	}

	// All the committed inputs in one import: a file that cannot be read
	// stops neither the others nor their accounting.
	t.Run("all at once", func(t *testing.T) {
		dir := t.TempDir()
		db := filepath.Join(dir, "case.db")
		args := []string{"import", "--db", db, "--json"}
		var want []sourceJSON
		exit := 0
		for _, c := range cases {
			if c.Generator != "" {
				continue
			}
			path := c.path(t, gen)
			args = append(args, path)
			want = append(want, c.source(path))
			exit = max(exit, c.Exit)
		}
		r, rss := runMeasured(t, dir, args...)
		if r.code != exit {
			t.Errorf("exit %d, want %d\nstderr: %s", r.code, exit, r.stderr)
		}
		if rss > maxRSS {
			t.Errorf("peak RSS %d MiB, want at most %d MiB", rss>>10, maxRSS>>10)
		}
		got := importJSONOut(t, r)
		for i := range min(len(got), len(want)) {
			got[i].Error = matchError(got[i].Error, want[i].Error)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("sources (-want +got):\n%s", diff)
		}
		checkCase(t, db)
	})

	// Linux starts a child's peak RSS at the peak of the process that
	// started it (the exec'd memory was the parent's, under vfork): a
	// figure not above the test's own peak only bounds the import's.
	var b strings.Builder
	fmt.Fprintf(&b, "%-36s %12s %4s %18s %10s\n", "case", "bytes", "exit", "r/i/d/rej", "peak RSS")
	for _, m := range table {
		rss := fmt.Sprintf("%d MiB", m.rss>>10)
		if m.rss <= m.parent {
			rss = "≤" + rss
		}
		fmt.Fprintf(&b, "%-36s %12d %4d %18s %10s\n", m.name, m.size, m.exit, m.counts, rss)
	}
	t.Logf("imports of testdata/bad (≤: no more than the test process's own peak, which Linux counts in):\n%s", b.String())
}

func loadBadCases(t *testing.T) []badCase {
	t.Helper()
	b, err := os.ReadFile(testdata("bad/expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []badCase
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&all); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	for _, c := range all {
		if c.Generator != "" && badGenerators[c.Generator] == nil {
			t.Fatalf("expected.json: case %s: no generator %q", c.Name, c.Generator)
		}
		if c.User != "" && c.User != "nobody" {
			t.Fatalf("expected.json: case %s: user %q is not nobody", c.Name, c.User)
		}
	}
	return all
}

// path returns the input of c, generating it into dir the first time.
func (c badCase) path(t *testing.T, dir string) string {
	t.Helper()
	if c.Generator == "" {
		return testdata(filepath.Join("bad", c.File))
	}
	path := filepath.Join(dir, c.File)
	if _, err := os.Lstat(path); err == nil {
		return path
	}
	if err := badGenerators[c.Generator](path); err != nil {
		t.Fatalf("generate %s: %v", c.File, err)
	}
	return path
}

// source is the line of import --json that c expects for path.
func (c badCase) source(path string) sourceJSON {
	s := sourceJSON{Path: path, Format: c.Format, Read: c.Read, Inserted: c.Inserted, Duplicates: c.Duplicates, Rejected: c.Rejected}
	if c.Error != "" {
		s = sourceJSON{Path: path, Error: c.Error}
	}
	return s
}

// matchError returns want when got contains it, so that the error
// expected can be a substring of the one printed.
func matchError(got, want string) string {
	if want != "" && strings.Contains(got, want) {
		return want
	}
	return got
}

// check compares what importing c printed and stored with what the case
// expects, and returns the source as import --json printed it.
func (c badCase) check(t *testing.T, r result, db, path string) sourceJSON {
	t.Helper()
	if r.code != c.Exit {
		t.Errorf("exit %d, want %d\nstderr: %s", r.code, c.Exit, r.stderr)
	}
	for _, s := range c.Stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	sources := importJSONOut(t, r)
	if len(sources) != 1 {
		t.Fatalf("import --json printed %d sources, want 1:\n%s", len(sources), r.stdout)
	}
	got := sources[0]
	cmpGot := got
	cmpGot.Error = matchError(got.Error, c.Error)
	if diff := cmp.Diff(c.source(path), cmpGot); diff != "" {
		t.Errorf("import --json (-want +got):\n%s", diff)
	}
	if got.Error != "" && !strings.Contains(r.stderr, filepath.Base(path)+": ") {
		t.Errorf("the error does not name the file:\n%s", r.stderr)
	}

	q := checkCase(t, db)
	ctx := context.Background()
	var id, read, inserted, dups, rejected, rows, stored int64
	var name string
	var complete bool
	err := q.SQL().QueryRowContext(ctx, `SELECT id, name, complete, read, inserted, duplicates, rejected FROM sources`).
		Scan(&id, &name, &complete, &read, &inserted, &dups, &rejected)
	switch {
	case c.Error != "" && errors.Is(err, sql.ErrNoRows):
		return got
	case c.Error != "" && err == nil:
		t.Errorf("a file that could not be read left a source %s in the case", name)
		return got
	case err != nil:
		t.Fatalf("source: %v", err)
	}
	if !complete || read != got.Read || inserted != got.Inserted || dups != got.Duplicates || rejected != got.Rejected {
		t.Errorf("source in the case: complete %v, %d/%d/%d/%d; import --json said %d/%d/%d/%d", complete,
			read, inserted, dups, rejected, got.Read, got.Inserted, got.Duplicates, got.Rejected)
	}
	for _, s := range []struct {
		query string
		want  int64
	}{
		{`SELECT (SELECT count(*) FROM events WHERE source_id = ?1) + (SELECT count(*) FROM contacts WHERE source_id = ?1)`, inserted},
		{`SELECT count(*) FROM rejects WHERE source_id = ?1`, rejected},
	} {
		if err := q.SQL().QueryRowContext(ctx, s.query, id).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != s.want {
			t.Errorf("%s: %d rows, want %d", s.query, rows, s.want)
		}
		stored += rows
	}
	if stored+dups != read {
		t.Errorf("rows stored %d + duplicates %d != read %d", stored, dups, read)
	}
	c.checkRows(t, q, name, r.stderr)
	return got
}

// checkRows compares the rows of the case with the ones c lists, and
// checks that every reject (up to the ten printed) is on stderr with
// its position.
func (c badCase) checkRows(t *testing.T, q *sqlite.DB, name, stderr string) {
	t.Helper()
	ctx := context.Background()
	// Bodies over 64 KiB are measured in SQLite, not read: they would
	// swell this process, whose peak Linux counts in the next import's.
	events := map[string]badEvent{}
	rows, err := q.SQL().QueryContext(ctx, `SELECT locator, number, length(CAST(body AS BLOB)),
		CASE WHEN length(CAST(body AS BLOB)) <= 65536 THEN body ELSE '(over 64 KiB)' END, contact_name, flags FROM events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e badEvent
		var body, contact string
		if err := rows.Scan(&e.Locator, &e.Number, &e.BodyBytes, &body, &contact, &e.Flags); err != nil {
			t.Fatal(err)
		}
		e.Body, e.ContactName = &body, &contact
		events[e.Locator] = e
	}
	rows.Close()
	for _, want := range c.Events {
		got, ok := events[want.Locator]
		if !ok {
			t.Errorf("no event at %s; events are at %q", want.Locator, slices.Sorted(maps.Keys(events))[:min(len(events), 10)])
			continue
		}
		if want.Body == nil {
			got.Body = nil
		}
		if want.BodyBytes == 0 {
			got.BodyBytes = 0
		}
		if want.ContactName == nil {
			got.ContactName = nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("event at %s (-want +got):\n%s", want.Locator, diff)
		}
	}

	contacts := map[string]badContact{}
	rows, err = q.SQL().QueryContext(ctx, `SELECT locator, number, name FROM contacts ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k badContact
		if err := rows.Scan(&k.Locator, &k.Number, &k.Name); err != nil {
			t.Fatal(err)
		}
		contacts[k.Locator] = k
	}
	rows.Close()
	for _, want := range c.Contacts {
		if diff := cmp.Diff(want, contacts[want.Locator]); diff != "" {
			t.Errorf("contact at %s (-want +got):\n%s", want.Locator, diff)
		}
	}

	var rejects []badReject
	rows, err = q.SQL().QueryContext(ctx, `SELECT locator, reason FROM rejects ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r badReject
		if err := rows.Scan(&r.Locator, &r.Reason); err != nil {
			t.Fatal(err)
		}
		rejects = append(rejects, r)
	}
	rows.Close()
	for i, r := range rejects {
		if r.Locator == "" {
			t.Errorf("reject %q has no position", r.Reason)
		}
		if line := name + ": " + r.Locator + ": " + r.Reason; i < 10 && !strings.Contains(stderr, line) {
			t.Errorf("stderr lacks the reject %q:\n%s", line, stderr)
		}
	}
	for _, want := range c.Rejects {
		i := slices.IndexFunc(rejects, func(r badReject) bool { return r.Locator == want.Locator })
		if i < 0 || !strings.Contains(rejects[i].Reason, want.Reason) {
			t.Errorf("no reject at %s for %q; rejects: %q", want.Locator, want.Reason, rejects)
		}
	}
}

// checkCase opens the case database, checks its integrity and that no
// text holds a NUL and no canonical number an invisible character, and
// returns it open.
func checkCase(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	caseState(t, path) // integrity_check
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// instr() on blobs finds a NUL that text functions would stop at.
	for _, tc := range []struct {
		table, number, others string
		text                  []string
	}{
		{"events", "number", "others", []string{"locator", "number_raw", "number", "others", "body", "subject", "contact_name"}},
		{"contacts", "number", "''", []string{"locator", "number_raw", "number", "name", "label", "org"}},
		{"rejects", "''", "''", []string{"locator", "reason", "excerpt"}},
	} {
		var nuls []string
		for _, col := range tc.text {
			nuls = append(nuls, fmt.Sprintf("instr(CAST(%s AS BLOB), X'00') > 0", col))
		}
		q := fmt.Sprintf("SELECT locator, %s, %s, %s FROM %s", tc.number, tc.others, strings.Join(nuls, " OR "), tc.table)
		rows, err := db.SQL().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var loc, number, others string
			var hasNUL bool
			if err := rows.Scan(&loc, &number, &others, &hasNUL); err != nil {
				t.Fatal(err)
			}
			if strings.ContainsFunc(number+others, invisible) {
				t.Errorf("%s at %s: number %+q holds an invisible character", tc.table, loc, number+" "+others)
			}
			if hasNUL {
				t.Errorf("%s at %s holds a NUL", tc.table, loc)
			}
		}
		rows.Close()
	}
	return db
}

// invisible reports format characters: zero-width spaces, bidi controls.
func invisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

// nobody is the user ID of nobody on Linux.
const nobody = 65534

// nobodyDirs returns a folder for inputs, a folder for the case and a
// copy of the leaktrail binary that user nobody can reach and use.
func nobodyDirs(t *testing.T) (inputs, caseDir, bin string) {
	t.Helper()
	inputs, err := os.MkdirTemp("", "leaktrail-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(inputs) })
	caseDir = filepath.Join(inputs, "case")
	bin = filepath.Join(inputs, "leaktrail")
	if err := copyFile(bin, binary, 0o755); err != nil {
		t.Fatal(err)
	}
	err = os.Mkdir(caseDir, 0o700)
	if err == nil {
		err = errors.Join(os.Chmod(inputs, 0o755), os.Chown(caseDir, nobody, nobody))
	}
	if err != nil {
		t.Fatal(err)
	}
	return inputs, caseDir, bin
}

// copyFile copies the file src to a new file dst of mode perm.
func copyFile(dst, src string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}

// runMeasured runs leaktrail like runCLI and also returns its peak
// resident memory in KiB.
func runMeasured(t *testing.T, dir string, args ...string) (result, int64) {
	t.Helper()
	return runMeasuredAs(t, binary, nil, dir, args...)
}

// runMeasuredAs is runMeasured with the binary bin, run as cred when it
// is not nil.
func runMeasuredAs(t *testing.T, bin string, cred *syscall.Credential, dir string, args ...string) (result, int64) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LEAKTRAIL_LANG=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case cred != nil && errors.Is(err, syscall.EPERM):
		t.Skipf("cannot run leaktrail as user %d: %v", cred.Uid, err)
	case err != nil:
		t.Fatal(err)
	}
	if strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "panic:") {
		t.Fatalf("leaktrail %v crashed:\n%s", args, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("leaktrail %v killed by %v:\n%s", args, ws.Signal(), stderr.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KiB on Linux
	}
	return result{stdout.String(), stderr.String(), code}, rss
}

// selfPeakRSS returns this process's peak resident memory in KiB
// (VmHWM), or 0 where /proc does not say.
func selfPeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kib int64
			fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kib)
			return kib
		}
	}
	return 0
}

// badT is 2026-03-02 10:00:00 +08:00 in Unix milliseconds, as in the
// committed inputs.
const badT = 1772416800000

const sbrHead = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n" +
	"<!--File Created By SMS Backup & Restore v10.20.002 on 01/03/2026 10:00:00-->\n"

func sbrSMS(address string, date int64, body string) string {
	return fmt.Sprintf(`  <sms protocol="0" address="%s" date="%d" type="1" subject="null" body="%s" read="1" status="-1" contact_name="(Unknown)" />`+"\n",
		address, date, body)
}

// writeFile writes what fn writes to a new file at path, buffered.
func writeFile(path string, fn func(w *bufio.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = fn(w)
	if err == nil {
		err = w.Flush()
	}
	return errors.Join(err, f.Close())
}

// repeat writes s n times.
func repeat(w io.Writer, s string, n int) error {
	per := max(1, (64<<10)/len(s))
	chunk := strings.Repeat(s, per)
	for ; n >= per; n -= per {
		if _, err := io.WriteString(w, chunk); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, chunk[:n*len(s)])
	return err
}

// genUnreadable writes a call log nobody but root can read.
func genUnreadable(path string) error {
	err := writeFile(path, func(w *bufio.Writer) error {
		fmt.Fprintf(w, "%s<calls count=\"2\">\n", sbrHead)
		fmt.Fprintf(w, `  <call number="13800138201" duration="5" date="%d" type="1" presentation="1" />`+"\n", badT)
		fmt.Fprintf(w, `  <call number="13800138202" duration="0" date="%d" type="3" presentation="1" />`+"\n", badT+60000)
		_, err := w.WriteString("</calls>\n")
		return err
	})
	if err != nil {
		return err
	}
	return os.Chmod(path, 0)
}

// genSBRBody writes a message whose body is one attribute of 100 MiB,
// between two ordinary messages.
func genSBRBody(path string) error {
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString(sbrHead + "<smses count=\"3\">\n")
		w.WriteString(sbrSMS("13800138211", badT, "before"))
		fmt.Fprintf(w, `  <sms protocol="0" address="13800138212" date="%d" type="1" subject="null" body="`, badT+1000)
		if err := repeat(w, "逾期还款", 100<<20/len("逾期还款")); err != nil {
			return err
		}
		w.WriteString(`" read="1" status="-1" contact_name="(Unknown)" />` + "\n")
		w.WriteString(sbrSMS("13800138213", badT+2000, "after"))
		_, err := w.WriteString("</smses>\n")
		return err
	})
}

// genSuperBackupBody writes a Super Backup message of a 5 MiB body.
func genSuperBackupBody(path string) error {
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<allsms count=\"3\">\n")
		line := `<sms address="%s" time="2026年3月2日 10:00:0%d" date="%d" type="1" body="%s" name="" read="1" />` + "\n"
		fmt.Fprintf(w, line, "13800138221", 0, badT, "before")
		fmt.Fprintf(w, `<sms address="13800138222" time="2026年3月2日 10:00:01" date="%d" type="1" body="`, badT+1000)
		if err := repeat(w, "逾期还款", 5<<20/len("逾期还款")); err != nil {
			return err
		}
		w.WriteString(`" name="" read="1" />` + "\n")
		fmt.Fprintf(w, line, "13800138223", 2, badT+2000, "after")
		_, err := w.WriteString("</allsms>\n")
		return err
	})
}

// genSBRNested writes a message inside 100,000 nested elements, between
// two ordinary messages.
func genSBRNested(path string) error {
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString(sbrHead + "<smses count=\"3\">\n")
		w.WriteString(sbrSMS("13800138231", badT, "before"))
		repeat(w, "<x>", 100_000)
		w.WriteString("\n" + sbrSMS("13800138232", badT+1000, "inside"))
		repeat(w, "</x>", 100_000)
		w.WriteString("\n" + sbrSMS("13800138233", badT+2000, "after"))
		_, err := w.WriteString("</smses>\n")
		return err
	})
}

// workbookParts are the parts of a one-sheet workbook whose sheet is
// named 详单, but the sheet itself.
var workbookParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`</Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?>` +
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="详单" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`</Relationships>`,
}

const (
	sheetHead = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
)

// writeWorkbook writes a zip of workbookParts, [Content_Types].xml
// first, and lets sheet write xl/worksheets/sheet1.xml.
func writeWorkbook(path string, sheet func(zw *zip.Writer) error) error {
	return writeFile(path, func(w *bufio.Writer) error {
		zw := zip.NewWriter(w)
		names := []string{"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml"}
		for _, name := range names {
			pw, err := zw.Create(name)
			if err != nil {
				return err
			}
			io.WriteString(pw, workbookParts[name])
		}
		if err := sheet(zw); err != nil {
			return err
		}
		return zw.Close()
	})
}

// inlineRow is a <row> of inline string cells.
func inlineRow(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n, c)
	}
	b.WriteString("</row>")
	return b.String()
}

// genXLSXWide writes a bill whose third row has a million cells.
func genXLSXWide(path string) error {
	return writeWorkbook(path, func(zw *zip.Writer) error {
		w, err := zw.Create("xl/worksheets/sheet1.xml")
		if err != nil {
			return err
		}
		io.WriteString(w, sheetHead)
		io.WriteString(w, inlineRow(1, "起始时间", "对方号码", "通话时长（秒）"))
		io.WriteString(w, inlineRow(2, "2026-03-02 10:00:00", "13800138241", "35"))
		io.WriteString(w, `<row r="3">`)
		repeat(w, "<c/>", 999_999)
		io.WriteString(w, `<c><v>7</v></c></row>`)
		io.WriteString(w, inlineRow(4, "2026-03-02 10:02:00", "13800138243", "12"))
		_, err = io.WriteString(w, sheetTail)
		return err
	})
}

// genXLSXBomb writes a zip bomb: a workbook whose sheet is a real
// deflate stream of 16 GiB of spaces between <sheetData> and its end
// tag, with the true sizes and checksum in the zip, in 17 MB.
func genXLSXBomb(path string) error {
	return writeWorkbook(path, func(zw *zip.Writer) error { return addBombSheet(zw, 16<<10) })
}

// addBombSheet adds xl/worksheets/sheet1.xml holding mib MiB of spaces.
//
// Deflate compresses a MiB of spaces to about a KiB of back-references.
// After a sync flush the compressor's output for the next MiB of spaces,
// which refers only to spaces, decodes the same wherever spaces precede
// it, so that block is written mib-1 times instead of compressing 16 GiB.
func addBombSheet(zw *zip.Writer, mib int) error {
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return err
	}
	fw.Write([]byte(sheetHead))
	fw.Write(spaces)
	fw.Flush()
	head := out.Len()
	var blocks [2][]byte
	for i := range blocks {
		start := out.Len()
		fw.Write(spaces)
		fw.Flush()
		blocks[i] = out.Bytes()[start:]
	}
	if !bytes.Equal(blocks[0], blocks[1]) {
		return errors.New("deflate blocks of spaces differ: cannot repeat one")
	}
	// The tail as a final stored block: the stream is byte-aligned after
	// a sync flush.
	tail := []byte{1, byte(len(sheetTail)), byte(len(sheetTail) >> 8), ^byte(len(sheetTail)), ^byte(len(sheetTail) >> 8)}
	tail = append(tail, sheetTail...)

	crc := crc32.ChecksumIEEE([]byte(sheetHead))
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(sheetTail))
	compressed := head + (mib-1)*len(blocks[0]) + len(tail)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(compressed),
		UncompressedSize64: uint64(len(sheetHead)) + uint64(mib)<<20 + uint64(len(sheetTail)),
	})
	if err != nil {
		return err
	}
	w.Write(out.Bytes()[:head])
	for range mib - 1 {
		w.Write(blocks[0])
	}
	_, err = w.Write(tail)
	return err
}

// TestXLSXBombIsReal checks that addBombSheet makes a valid zip entry: a
// small one inflates to its declared size and checksum.
func TestXLSXBombIsReal(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := addBombSheet(zw, 5); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc) // archive/zip checks the size and CRC-32
	if err != nil {
		t.Fatal(err)
	}
	if want := sheetHead + strings.Repeat(" ", 5<<20) + sheetTail; string(b) != want {
		t.Errorf("inflated to %d bytes, want %d", len(b), len(want))
	}
}

const csvHeader = "Date,Time,Number,Name,Type,Body\n"

// genCSVBigField writes a message whose quoted body is 50 MiB, between
// two ordinary ones.
func genCSVBigField(path string) error {
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString(csvHeader + "2026-03-02,10:00:00,13800138251,Before,Incoming,before\n")
		w.WriteString(`2026-03-02,10:00:01,13800138252,Big,Incoming,"`)
		const text = "逾期还款,\"\"请\"\"\n"
		if err := repeat(w, text, 50<<20/len(text)); err != nil {
			return err
		}
		_, err := w.WriteString("\"\n2026-03-02,10:00:02,13800138253,After,Incoming,after\n")
		return err
	})
}

// genCSVWide writes a record of a million fields between two ordinary
// ones.
func genCSVWide(path string) error {
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString(csvHeader + "2026-03-02,10:00:00,13800138261,Before,Incoming,before\n")
		w.WriteString("2026-03-02,10:00:01,13800138262,Wide,Incoming,x")
		repeat(w, ",", 1_000_000)
		_, err := w.WriteString("\n2026-03-02,10:00:02,13800138263,After,Incoming,after\n")
		return err
	})
}

// genCSVGBKAfterHead writes a UTF-8 message log whose first 64 KiB, all
// the detector sees, are UTF-8 Chinese, then a GBK line, then UTF-8.
func genCSVGBKAfterHead(path string) error {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("2026-03-02,11:00:00,13800138272,李四,Incoming,请尽快还款\n")
	if err != nil {
		return err
	}
	return writeFile(path, func(w *bufio.Writer) error {
		w.WriteString(csvHeader)
		for i := range 1000 {
			fmt.Fprintf(w, "2026-03-02,10:%02d:%02d,13800138271,张三,Incoming,您好，第%d条\n", i/60, i%60, i)
		}
		w.WriteString(gbk)
		_, err := w.WriteString("2026-03-02,11:00:01,13800138273,王五,Incoming,再见\n")
		return err
	})
}
