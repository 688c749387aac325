package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/leaktrail/leaktrail/report"
)

// verifyCommand is `leaktrail verify`.
type verifyCommand struct {
	stdout, stderr io.Writer
	lang           lang
}

// pathsFlag collects a repeatable flag.
type pathsFlag []string

func (f *pathsFlag) String() string     { return strings.Join(*f, ",") }
func (f *pathsFlag) Set(s string) error { *f = append(*f, s); return nil }

func (c *verifyCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("verify", p, &c.lang)
	var sources pathsFlag
	fs.Var(&sources, "sources", "an original export file, or a folder of them, to check against the manifest (repeatable; more paths may follow the directory)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return &usageError{p.pick("缺少报告目录：leaktrail verify 目录 [--sources 文件...]", "missing the report directory: leaktrail verify DIR [--sources PATH...]")}
	}
	dir := rest[0]
	// Flags may follow the directory: verify DIR --sources a.xml b.xml.
	if err := parseFlags(fs, rest[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		if len(sources) == 0 && !strings.HasPrefix(rest[1], "-") {
			return &usageError{p.pick(fmt.Sprintf("多余的参数 %q：要核对原始文件请用 --sources", fs.Arg(0)),
				fmt.Sprintf("unexpected argument %q: use --sources to check original files", fs.Arg(0)))}
		}
		sources = append(sources, fs.Args()...)
	}
	res, err := report.Verify(ctx, dir, sources)
	if err != nil {
		p.errorf("%v", err)
		return errFailed
	}
	w := newPrinter(c.stdout, &c.lang)
	// Files next to the report that are not news: the case database and
	// the exports just checked as sources.
	known := map[string]bool{}
	for _, s := range res.Sources {
		if s.Path != "" {
			if rel, err := filepath.Rel(dir, s.Path); err == nil {
				known[filepath.ToSlash(rel)] = true
			}
		}
	}
	var ok, extra, unchecked []string
	for _, f := range res.Files {
		switch f.Status {
		case report.StatusOK:
			ok = append(ok, f.Name)
		case report.StatusExtra:
			base := path.Base(f.Name)
			if known[f.Name] || base == "case.db" || base == "case.db-wal" || base == "case.db-shm" {
				continue
			}
			extra = append(extra, f.Name)
		}
	}
	checkedSources := 0
	for _, s := range res.Sources {
		switch s.Status {
		case report.StatusOK:
			checkedSources++
		case report.StatusNotChecked:
			unchecked = append(unchecked, s.Name)
		}
	}
	w.linef("报告文件 %d 个与清单一致。", "%d report files match the manifest.", len(ok))
	if len(sources) > 0 {
		w.linef("原始文件 %d 个与清单一致。", "%d source files match the manifest.", checkedSources)
	}
	if len(unchecked) > 0 {
		w.linef("未核对的原始文件（没有在给出的路径中找到）：%s", "Sources not checked (not found in the paths given): %s", strings.Join(unchecked, ", "))
	}
	if len(extra) > 0 {
		shown := extra[:min(len(extra), 8)]
		more := ""
		if len(extra) > len(shown) {
			more = p.pick(fmt.Sprintf(" 等 %d 个", len(extra)), fmt.Sprintf(" and %d more", len(extra)-len(shown)))
		}
		w.linef("不在清单中的其他文件（未核对）：%s%s", "Other files, not in the manifest (not checked): %s%s", strings.Join(shown, ", "), more)
	}
	if res.OK() {
		w.line("核对通过：清单中的文件都没有被改动。", "Verified: no file the manifest lists has changed.")
		return nil
	}
	for _, f := range res.Files {
		switch f.Status {
		case report.StatusChanged:
			p.errorf("%s", p.pick(fmt.Sprintf("报告文件 %s 已被改动（清单 SHA-256 %s，%d 字节；现在 %s，%d 字节）", f.Name, f.Want, f.WantSize, f.Got, f.GotSize),
				fmt.Sprintf("report file %s changed (manifest sha256 %s, %d bytes; now %s, %d bytes)", f.Name, f.Want, f.WantSize, f.Got, f.GotSize)))
		case report.StatusMissing:
			p.errorf("%s", p.pick(fmt.Sprintf("报告文件 %s 不见了", f.Name), fmt.Sprintf("report file %s is missing", f.Name)))
		}
	}
	for _, s := range res.Sources {
		if s.Status == report.StatusChanged {
			p.errorf("%s", p.pick(fmt.Sprintf("原始文件 %s（%s）已被改动（清单 SHA-256 %s；现在 %s）", s.Name, s.Path, s.Want, s.Got),
				fmt.Sprintf("source %s (%s) changed (manifest sha256 %s; now %s)", s.Name, s.Path, s.Want, s.Got)))
		}
	}
	p.line("核对失败：上面列出的文件与清单不一致。", "Verification failed: the files above differ from the manifest.")
	return errFailed
}
