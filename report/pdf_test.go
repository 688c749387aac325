package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFindBrowser(t *testing.T) {
	t.Setenv("LEAKTRAIL_CHROME", filepath.Join(t.TempDir(), "no-such-chrome"))
	if _, err := FindBrowser(); !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "LEAKTRAIL_CHROME") {
		t.Errorf("LEAKTRAIL_CHROME naming no browser: err = %v, want ErrNoBrowser naming the variable", err)
	}
	t.Setenv("LEAKTRAIL_CHROME", "")
	t.Setenv("PATH", t.TempDir())
	_, err := FindBrowser()
	if !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("empty PATH: err = %v, want ErrNoBrowser", err)
	}
	for _, name := range browserNames {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not say it looked for %s", err, name)
		}
	}
	if err := PrintPDF(t.Context(), "report.html", "report.pdf"); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("PrintPDF without a browser: err = %v, want ErrNoBrowser", err)
	}
}

// browser finds the Chromium the browser tests drive. CI installs one
// (.ci/run), so there a missing browser fails the test.
func browser(t *testing.T) string {
	t.Helper()
	b, err := FindBrowser()
	if errors.Is(err, ErrNoBrowser) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (.ci/run installs the Debian package chromium)", err)
		}
		t.Skipf("browser test skipped: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBrowser opens the report in headless Chromium as a person would: on
// a phone and on a desktop screen, with no console message (a Content
// Security Policy violation or a script error would log one) and no
// request from the page; then prints it to PDF.
func TestBrowser(t *testing.T) {
	chrome := browser(t)
	dir := t.TempDir()
	report := filepath.Join(dir, "report.html")
	if err := os.WriteFile(report, renderHTML(t, testData(t, Options{})), 0o644); err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(dir, "hostile.html")
	if err := os.WriteFile(hostile, renderHTML(t, hostileCase(t)), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name, page string
		w, h       int
	}{
		{"phone", report, 412, 915},
		{"desktop", report, 1280, 900},
		{"hostile", hostile, 412, 915},
	} {
		t.Run(c.name, func(t *testing.T) {
			png := filepath.Join(dir, c.name+".png")
			runBrowser(t, chrome, dir, c.page, "--screenshot="+png, fmt.Sprintf("--window-size=%d,%d", c.w, c.h), "--hide-scrollbars")
			b, err := os.ReadFile(png)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) < 1000 || !bytes.HasPrefix(b, []byte("\x89PNG")) {
				t.Errorf("screenshot %s: %d bytes, not a PNG of a page", png, len(b))
			}
		})
	}

	t.Run("dom", func(t *testing.T) {
		// What the browser built from the hostile report: the messages'
		// markup stayed text.
		dom := strings.ToLower(runBrowser(t, chrome, dir, hostile, "--dump-dom"))
		for _, bad := range []string{"<script", "<img", "<iframe", `<a href="javascript:`, "<h1>假标题"} {
			if strings.Contains(dom, bad) {
				t.Errorf("the page's DOM holds %s", bad)
			}
		}
		if !strings.Contains(dom, "<details") {
			t.Errorf("--dump-dom printed no report (%d bytes)", len(dom))
		}
	})

	t.Run("pdf", func(t *testing.T) {
		pdf := filepath.Join(dir, "report.pdf")
		if err := PrintPDF(t.Context(), report, pdf); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("%s is not a PDF", pdf)
		}
		pages := len(pdfPage.FindAll(b, -1))
		if pages < 2 {
			t.Errorf("PDF has %d pages, want the whole report on several", pages)
		}
		t.Logf("PDF: %d pages, %d bytes", pages, len(b))
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			t.Log("pdftoppm not found: page 1 not rendered")
			return
		}
		out, err := exec.CommandContext(t.Context(), "pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, filepath.Join(dir, "page1")).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, out)
		}
		if st, err := os.Stat(filepath.Join(dir, "page1.png")); err != nil || st.Size() < 1000 {
			t.Errorf("page 1 did not render: %v", err)
		}
	})
}

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// runBrowser runs headless Chromium on page with args, logging to stderr
// and recording its network activity. It fails the test on any console
// message (the report runs no script, so one means a CSP violation or an
// error) and on any request the page made. It returns stdout.
func runBrowser(t *testing.T, chrome, dir, page string, args ...string) string {
	t.Helper()
	profile, err := os.MkdirTemp(dir, "profile")
	if err != nil {
		t.Fatal(err)
	}
	netlog := filepath.Join(profile, "netlog.json")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	all := append(browserArgs(profile), "--enable-logging=stderr", "--v=0", "--log-net-log="+netlog)
	all = append(append(all, args...), fileURL(page))
	cmd := exec.CommandContext(ctx, chrome, all...)
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", chrome, err, lastLines(stderr.String(), 20))
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") || strings.Contains(line, "Content Security Policy") {
			t.Errorf("browser console: %s", line)
		}
	}
	for _, u := range pageRequests(t, netlog) {
		t.Errorf("the page made a request: %s", u)
	}
	return stdout.String()
}

// pageRequests reads a Chromium net log and returns the URLs of the
// requests a page started. The browser's own (updates, sign-in) have no
// initiating origin; all fail anyway, since no host name resolves.
func pageRequests(t *testing.T, netlog string) []string {
	t.Helper()
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatalf("net log %s: %v", netlog, err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log: no URL_REQUEST_START_JOB event type")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type == start && e.Params.URL != "" && e.Params.Initiator != "not an origin" {
			urls = append(urls, e.Params.URL)
		}
	}
	return urls
}
