package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/report"
	"github.com/leaktrail/leaktrail/sqlite"
)

// reportCommand is `leaktrail report`.
type reportCommand struct {
	stdout, stderr io.Writer
	lang           lang
	getenv         func(string) string
}

func (c *reportCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("report", p, &c.lang)
	dbPath := fs.String("db", "", "case database file")
	out := fs.String("out", "", "directory to write the report into")
	formats := fs.String("format", "", "formats to write, comma-separated: html, pdf, xlsx, json, csv, md (default all but pdf)")
	mask := fs.Bool("mask", false, "write the shareable version: third parties' numbers and names masked")
	now := fs.String("now", "", "generation time for the manifest (RFC 3339 or Unix seconds; default SOURCE_DATE_EPOCH, else the current time)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dbPath == "" || *out == "" {
		return &usageError{p.pick("需要 --db 案件数据库和 --out 输出目录", "need --db CASE.db and --out DIR")}
	}
	if fs.NArg() > 0 {
		return &usageError{p.pick(fmt.Sprintf("多余的参数 %q", fs.Arg(0)), fmt.Sprintf("unexpected argument %q", fs.Arg(0)))}
	}
	fmts, err := report.ParseFormats(*formats)
	if err != nil {
		return &usageError{"--format: " + err.Error()}
	}
	when, err := generationTime(*now, c.getenv)
	if err != nil {
		return &usageError{"--now: " + err.Error()}
	}
	db, err := openCase(ctx, p, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return writeReport(ctx, p, newPrinter(c.stdout, &c.lang), db, *out, fmts, report.Options{Lang: string(c.lang), Mask: *mask, Now: when})
}

// writeReport analyzes the case when its analysis is missing or older
// than its sources, then writes the report files and says where they are.
func writeReport(ctx context.Context, p, out *printer, db *sqlite.DB, dir string, formats []string, opts report.Options) error {
	stale, err := classify.Stale(ctx, db)
	if err != nil {
		return err
	}
	if stale {
		p.line("案件还没有分析或分析之后又导入了文件，先进行分析……", "The case is not analyzed, or files were imported since: analyzing first...")
		if _, err := analyze(ctx, db, classify.Options{}, lang(opts.Lang)); err != nil {
			return err
		}
	}
	d, err := report.Load(ctx, db, opts)
	if err != nil {
		return fmt.Errorf("read analysis: %w", err)
	}
	defer d.Close()
	files, err := report.Write(ctx, dir, d, formats)
	var failed bool
	if errors.Is(err, report.ErrNoBrowser) {
		p.warnf("%s", p.pick(
			"没有找到 Chromium 或 Chrome，无法生成 PDF："+err.Error()+"。可以用浏览器打开 report.html，选择“打印 → 另存为 PDF”。",
			"no Chromium or Chrome found, so no PDF: "+err.Error()+". Open report.html in a browser and choose Print → Save as PDF."))
		failed = true
	} else if err != nil {
		return err
	}
	out.linef("报告已写入 %s：", "Report written to %s:", dir)
	for _, f := range files {
		fmt.Fprintf(out.w, "  %s\n", filepath.Join(dir, f))
	}
	fmt.Fprintf(out.w, "  %s\n", filepath.Join(dir, "manifest.json"))
	if html := report.FileName("html"); slices.Contains(files, html) {
		out.linef("用浏览器打开 %s 查看报告；核对文件是否被改动：leaktrail verify %s",
			"Open %s in a browser to read the report; to check that nothing changed: leaktrail verify %s",
			filepath.Join(dir, html), dir)
	}
	if failed {
		return errFailed
	}
	return nil
}

// generationTime is --now, else SOURCE_DATE_EPOCH, else the clock.
func generationTime(flagValue string, getenv func(string) string) (time.Time, error) {
	v := strings.TrimSpace(flagValue)
	if v == "" {
		v = strings.TrimSpace(getenv("SOURCE_DATE_EPOCH"))
	}
	if v == "" {
		return time.Now().UTC().Truncate(time.Second), nil
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(secs, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor Unix seconds", v)
	}
	return t.UTC(), nil
}
