package report

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Formats are the outputs Write knows, in the order it writes them.
var Formats = []string{"html", "pdf", "xlsx", "json", "csv", "md"}

// DefaultFormats are written when none are asked for: everything but the
// PDF, which needs a browser.
var DefaultFormats = []string{"html", "xlsx", "json", "csv", "md"}

// fileNames are the files of each format inside the report directory.
var fileNames = map[string]string{
	"html": "report.html",
	"pdf":  "report.pdf",
	"xlsx": "report.xlsx",
	"json": "report.json",
	"csv":  "timeline.csv",
	"md":   "complaint.md",
}

// FileName is the name of a format's file in the report directory.
func FileName(format string) string { return fileNames[format] }

// ParseFormats reads a comma-separated list of formats ("html,xlsx");
// empty means DefaultFormats.
func ParseFormats(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return slices.Clone(DefaultFormats), nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("unknown format %q (known: %s)", f, strings.Join(Formats, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(Formats, a) - slices.Index(Formats, b) })
	return out, nil
}

// Write writes the formats into dir (created with mode 0700; files 0600)
// and then dir/manifest.json listing their hashes. It returns the files
// written, relative to dir. A PDF needs the HTML: asking for pdf writes
// both. When no browser is found for the PDF, the other files are still
// written and the error wraps ErrNoBrowser.
func Write(ctx context.Context, dir string, d *Data, formats []string) ([]string, error) {
	if slices.Contains(formats, "pdf") && !slices.Contains(formats, "html") {
		formats = append([]string{"html"}, formats...)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("make report directory: %w", err)
	}
	// The renderers run side by side, as many at a time as there are
	// CPUs, each replaying the timeline read once by Prime; the PDF,
	// printed from the HTML file, comes after them.
	if err := d.Prime(ctx); err != nil {
		return nil, fmt.Errorf("read the timeline: %w", err)
	}
	writers := map[string]func(io.Writer) error{
		"html": func(w io.Writer) error { return WriteHTML(ctx, w, d) },
		"xlsx": func(w io.Writer) error { return WriteXLSX(ctx, w, d) },
		"json": func(w io.Writer) error { return WriteJSON(ctx, w, d) },
		"csv":  func(w io.Writer) error { return WriteCSV(ctx, w, d) },
		"md":   func(w io.Writer) error { return WriteComplaint(ctx, w, d) },
	}
	var todo []string
	for _, f := range Formats {
		if slices.Contains(formats, f) && writers[f] != nil {
			todo = append(todo, f)
		}
	}
	errs := make([]error, len(todo))
	workers := runtime.GOMAXPROCS(0)
	if !d.primed() {
		workers = 1 // no copy of the timeline (no temporary file): each reads SQLite
	}
	slots := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, f := range todo {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			errs[i] = writeFile(filepath.Join(dir, fileNames[f]), writers[f])
		})
	}
	wg.Wait()
	var written []string
	// names lists the files written, in the order of Formats.
	names := func() []string {
		var files []string
		for _, f := range Formats {
			if slices.Contains(written, f) {
				files = append(files, fileNames[f])
			}
		}
		return files
	}
	for i, f := range todo {
		if errs[i] != nil {
			return names(), fmt.Errorf("write %s: %w", fileNames[f], errs[i])
		}
		written = append(written, f)
	}
	var pdfErr error
	if slices.Contains(formats, "pdf") {
		err := printPDF(ctx, filepath.Join(dir, fileNames["html"]), filepath.Join(dir, fileNames["pdf"]), d.Now)
		switch {
		case errors.Is(err, ErrNoBrowser):
			pdfErr = err
		case err != nil:
			return names(), fmt.Errorf("write %s: %w", fileNames["pdf"], err)
		default:
			written = append(written, "pdf")
		}
	}
	files := names()
	if err := WriteManifest(dir, d, files); err != nil {
		return files, fmt.Errorf("write manifest: %w", err)
	}
	return files, pdfErr
}

// printPDF prints the HTML to a PDF through a temporary file, so that a
// failed print leaves no partial PDF. The browser stamps the PDF with the
// time it printed; that stamp becomes the report's generation time, so
// that the same case and --now give the same PDF.
func printPDF(ctx context.Context, htmlPath, pdfPath string, now time.Time) error {
	tmp := pdfPath + ".part"
	if err := PrintPDF(ctx, htmlPath, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := stampPDF(tmp, now); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, pdfPath)
}

// stampPDF rewrites the PDF's /CreationDate and /ModDate (D:YYYYMMDDHHmmSS,
// in the document information near the start) to now, in place: the same
// number of bytes, so the cross-reference table stays right.
func stampPDF(path string, now time.Time) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = stampDates(f, now)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func stampDates(f *os.File, now time.Time) error {
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	head = head[:n]
	stamp := []byte(now.UTC().Format("20060102150405"))
	for _, key := range []string{"/CreationDate (D:", "/ModDate (D:"} {
		i := bytes.Index(head, []byte(key))
		if i < 0 {
			continue
		}
		at := i + len(key)
		if at+len(stamp) > len(head) || !allDigits(head[at:at+len(stamp)]) {
			continue
		}
		if _, err := f.WriteAt(stamp, int64(at)); err != nil {
			return err
		}
	}
	return nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeFile writes path through a temporary file in the same directory,
// synced and renamed into place once complete, with mode 0600: a crash
// leaves the old file or the new one, never half of one.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
