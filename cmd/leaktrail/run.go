package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/report"
	"github.com/leaktrail/leaktrail/sqlite"
)

// runCommand is `leaktrail run`: import, analyze and report in one go.
type runCommand struct {
	stdout, stderr io.Writer
	lang           lang
	getenv         func(string) string
}

func (c *runCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("run", p, &c.lang)
	out := fs.String("out", "", "directory for the case database and the report")
	dbPath := fs.String("db", "", "case database (default OUT/case.db)")
	phoneName := fs.String("phone", leaktrail.DefaultPhone, "whose phone the files came from; NAME=FILE gives one file another phone")
	tz := fs.String("tz", "Asia/Shanghai", "time zone of the case")
	region := fs.String("region", "CN", "default region for numbers written without a country code")
	formats := fs.String("format", "", "report formats, comma-separated (default html, xlsx, json, csv, md)")
	mask := fs.Bool("mask", false, "write the shareable version of the report")
	now := fs.String("now", "", "generation time for the manifest (RFC 3339 or Unix seconds)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return &usageError{p.pick("缺少 --out 输出目录", "missing --out DIR")}
	}
	if fs.NArg() == 0 {
		return &usageError{p.pick("没有要导入的文件", "no files to import")}
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return &usageError{p.pick(fmt.Sprintf("未知时区 %q", *tz), fmt.Sprintf("unknown time zone %q", *tz))}
	}
	fmts, err := report.ParseFormats(*formats)
	if err != nil {
		return &usageError{"--format: " + err.Error()}
	}
	when, err := generationTime(*now, c.getenv)
	if err != nil {
		return &usageError{"--now: " + err.Error()}
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return err
	}
	if *dbPath == "" {
		*dbPath = filepath.Join(*out, "case.db")
	}
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	// Files by phone, in the order given.
	var phones []string
	byPhone := map[string][]string{}
	for _, arg := range fs.Args() {
		ph, path := *phoneName, arg
		if name, file, ok := strings.Cut(arg, "="); ok && validPhoneName(name) {
			if _, err := os.Stat(arg); err != nil {
				ph, path = name, file
			}
		}
		if _, seen := byPhone[ph]; !seen {
			phones = append(phones, ph)
		}
		byPhone[ph] = append(byPhone[ph], path)
	}
	imp := &importCommand{stdout: c.stdout, stderr: c.stderr, lang: c.lang}
	var importFailed bool
	for _, ph := range phones {
		err := imp.importFiles(ctx, p, db, byPhone[ph], importSettings{phone: ph, loc: loc, region: *region})
		if errors.Is(err, errFailed) {
			importFailed = true
			continue
		}
		if err != nil {
			return err
		}
	}
	w := newPrinter(c.stdout, &c.lang)
	w.line("", "")
	err = writeReport(ctx, p, w, db, *out, fmts, report.Options{Lang: string(c.lang), Mask: *mask, Now: when})
	if err != nil {
		return err
	}
	if importFailed {
		p.line("有文件未能导入（见上）；报告只包含已导入的文件。", "Some files could not be imported (see above); the report covers the files that were.")
		return errFailed
	}
	return nil
}

// validPhoneName says whether s can name a phone in NAME=FILE.
func validPhoneName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	return !strings.ContainsAny(s, `/\:. `)
}
