package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoBrowser is returned (wrapped) by PrintPDF when no Chromium or Chrome
// is installed.
var ErrNoBrowser = errors.New("no Chromium or Chrome found")

// browserNames are the commands PrintPDF looks for on PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// pdfTimeout bounds one print; a report of 100k events prints in well
// under a minute.
const pdfTimeout = 5 * time.Minute

// FindBrowser returns the path of a local Chromium or Chrome: the
// LEAKTRAIL_CHROME environment variable when set (a path or a command
// name), else the first of chromium, chromium-browser, google-chrome,
// google-chrome-stable and chrome found on PATH. It fails with an error
// wrapping ErrNoBrowser.
func FindBrowser() (string, error) {
	if b := os.Getenv("LEAKTRAIL_CHROME"); b != "" {
		p, err := exec.LookPath(b)
		if err != nil {
			return "", fmt.Errorf("%w: LEAKTRAIL_CHROME=%s: %v", ErrNoBrowser, b, err)
		}
		return p, nil
	}
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: looked for %s on PATH (set LEAKTRAIL_CHROME to the browser's path, or open the HTML report and print it from the browser)",
		ErrNoBrowser, strings.Join(browserNames, ", "))
}

// PrintPDF prints the HTML report at htmlPath to an A4 PDF at pdfPath with
// a local headless Chromium or Chrome (see FindBrowser). The browser runs
// with a throwaway profile and every host name unresolvable, so printing
// makes no network request; the page numbers are the report's own.
func PrintPDF(ctx context.Context, htmlPath, pdfPath string) error {
	browser, err := FindBrowser()
	if err != nil {
		return err
	}
	in, err := filepath.Abs(htmlPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(in); err != nil {
		return fmt.Errorf("print pdf: %w", err)
	}
	out, err := filepath.Abs(pdfPath)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "leaktrail-chrome")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)

	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	args := append(browserArgs(profile), "--no-pdf-header-footer", "--print-to-pdf="+out, fileURL(in))
	cmd := exec.CommandContext(ctx, browser, args...)
	cmd.WaitDelay = 10 * time.Second
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	os.Remove(out) // so that a stale PDF is not taken for a new one
	err = cmd.Run()
	if ctx.Err() != nil {
		return fmt.Errorf("print pdf with %s: %w", browser, ctx.Err())
	}
	if err != nil {
		return fmt.Errorf("print pdf with %s: %w: %s", browser, err, lastLines(stderr.String(), 5))
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		return fmt.Errorf("print pdf with %s: no PDF written: %s", browser, lastLines(stderr.String(), 5))
	}
	return nil
}

// browserArgs are the flags of a headless browser that keeps nothing and
// reaches nothing: a fresh profile, no GPU, no background services, and
// no host name resolves. Chromium's sandbox cannot run as root.
func browserArgs(profile string) []string {
	args := []string{
		"--headless", "--disable-gpu", "--user-data-dir=" + profile,
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-features=Translate,MediaRouter,OptimizationHints",
		"--host-resolver-rules=MAP * ~NOTFOUND",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox")
	}
	return args
}

func fileURL(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // Windows: file:///C:/...
	}
	return u.String()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
