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

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/internal/synth"
	"github.com/leaktrail/leaktrail/report"
	"github.com/leaktrail/leaktrail/sqlite"
)

// demoCommand is `leaktrail demo`: a synthetic case, end to end.
type demoCommand struct {
	stdout, stderr io.Writer
	lang           lang
	getenv         func(string) string
}

func (c *demoCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("demo", p, &c.lang)
	out := fs.String("out", "leaktrail-demo", "directory for the generated exports and the case database")
	seed := fs.Int64("seed", 1, "seed of the synthetic case: the same seed gives the same case")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{p.pick("demo 不接受文件参数", "demo takes no file arguments")}
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	exports := filepath.Join(*out, "exports")
	if err := os.MkdirAll(exports, 0o700); err != nil {
		return err
	}
	sc := synth.Generate(synth.Options{Seed: *seed, Location: loc})
	files, err := sc.Write(exports)
	if err != nil {
		return fmt.Errorf("write demo exports: %w", err)
	}
	w := newPrinter(c.stdout, &c.lang)
	w.linef("示范案件（种子 %d，合成数据）：%s 在 %s 借款后被催收。生成的导出文件在 %s",
		"Demo case (seed %d, synthetic): %s, harassed after borrowing from %s. Exports written to %s",
		*seed, sc.Truth.Owner, strings.Join(sc.Truth.Platforms, p.pick("、", ", ")), exports)

	// A fresh case every run, so that the demo shows a first import.
	dbPath := filepath.Join(*out, "case.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	imp := &importCommand{stdout: c.stdout, stderr: c.stderr, lang: c.lang}
	for _, f := range files {
		if err := imp.importFiles(ctx, p, db, []string{f.Path}, importSettings{phone: f.Phone, loc: loc, region: "CN"}); err != nil {
			return err
		}
	}
	tot, err := db.Totals(ctx)
	if err != nil {
		return err
	}
	w.linef("\n案件数据库 %s：%d 条记录（通话 %d，短信 %d，彩信 %d），通讯录 %d 条，拒收 %d 条。",
		"\nCase database %s: %d events (%d calls, %d SMS, %d MMS), %d contacts, %d rejected.",
		dbPath, tot.Events, tot.Calls, tot.SMS, tot.MMS, tot.Contacts, tot.Rejected)
	w.linef("可用 sqlite3 %s 查看，表结构见 README。", "Open it with sqlite3 %s; the schema is in README.", dbPath)

	w.line("\n分析结果：", "\nAnalysis:")
	a, err := analyze(ctx, db, classify.Options{Location: loc}, c.lang)
	if err != nil {
		return err
	}
	if err := printAnalysis(ctx, w, a, 5, dbPath); err != nil {
		return err
	}

	w.line("", "")
	when, err := generationTime("", c.getenv)
	if err != nil {
		return err
	}
	return writeReport(ctx, p, w, db, *out, report.DefaultFormats, report.Options{Lang: string(c.lang), Now: when})
}
