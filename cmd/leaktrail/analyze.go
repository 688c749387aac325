package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/sqlite"
)

// analyzeCommand is `leaktrail analyze`.
type analyzeCommand struct {
	stdout, stderr io.Writer
	lang           lang
}

func (c *analyzeCommand) Run(ctx context.Context, args []string) error {
	p := newPrinter(c.stderr, &c.lang)
	fs := newFlagSet("analyze", p, &c.lang)
	dbPath := fs.String("db", "", "case database file")
	tz := fs.String("tz", "", "time zone whose days and nights the rules use (default: the zone the case was imported with)")
	owner := fs.String("owner", "", "the debtor's phone, as named at import (default: owner)")
	asJSON := fs.Bool("json", false, "print the whole analysis as JSON on stdout")
	top := fs.Int("top", 10, "collector numbers to list in the summary")
	verbose := fs.Bool("v", false, "print how long each step of the analysis took")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dbPath == "" {
		return &usageError{p.pick("缺少 --db 案件数据库文件", "missing --db CASE.db")}
	}
	if fs.NArg() > 0 {
		return &usageError{p.pick(fmt.Sprintf("多余的参数 %q", fs.Arg(0)), fmt.Sprintf("unexpected argument %q", fs.Arg(0)))}
	}
	var loc *time.Location
	if *tz != "" {
		var err error
		if loc, err = time.LoadLocation(*tz); err != nil {
			return &usageError{p.pick(fmt.Sprintf("未知时区 %q", *tz), fmt.Sprintf("unknown time zone %q", *tz))}
		}
	}
	db, err := openCase(ctx, p, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opts := classify.Options{Location: loc, Owner: *owner}
	if *verbose {
		opts.Log = slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := analyze(ctx, db, opts, c.lang)
	if err != nil {
		return err
	}
	if *asJSON {
		return classify.WriteJSON(ctx, c.stdout, a)
	}
	return printAnalysis(ctx, newPrinter(c.stdout, &c.lang), a, *top, *dbPath)
}

// openCase opens an existing case database; a missing one is the user's
// mistake, said in words, not created empty.
func openCase(ctx context.Context, p *printer, path string) (*sqlite.DB, error) {
	if _, err := os.Stat(path); err != nil {
		p.errorf("%s", p.pick(fmt.Sprintf("找不到案件数据库 %s：请先用 leaktrail import 导入", path),
			fmt.Sprintf("no case database %s: import files first with leaktrail import", path)))
		return nil, errFailed
	}
	return sqlite.Open(ctx, path)
}

// analyze runs the analysis of a case and opens its result.
func analyze(ctx context.Context, db *sqlite.DB, opts classify.Options, l lang) (*classify.Reader, error) {
	labeler, err := classify.New()
	if err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	if err := classify.Analyze(ctx, db, labeler, opts); err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	a, err := classify.Open(ctx, db, string(l))
	if errors.Is(err, classify.ErrNotAnalyzed) {
		return nil, errors.New("analysis left no result")
	}
	return a, err
}

// printAnalysis writes the readable summary of an analysis, reading its
// numbers and findings one at a time.
func printAnalysis(ctx context.Context, p *printer, r *classify.Reader, top int, dbName string) error {
	a := r.Facts()
	c := a.Counts
	p.linef("案件共 %d 条记录（通话 %d，短信 %d，彩信 %d）；时区 %s；本人手机 %s。",
		"The case holds %d records (%d calls, %d texts, %d MMS); zone %s; debtor's phone %s.",
		c.Events, c.Calls, c.SMS, c.MMS, a.Timezone, a.Owner)
	if len(a.Platforms) > 0 {
		p.linef("催收短信点名的借款平台：%s", "Lending platforms the collectors name: %s", strings.Join(a.Platforms, p.pick("、", ", ")))
	} else {
		p.line("催收短信没有点名借款平台。", "The collectors' texts name no lending platform.")
	}
	if a.Leak != nil {
		p.linef("通讯录泄露（借款）：%s。%s", "Leak (the loan): %s. %s", a.Leak.Date, a.Leak.Evidence)
	} else {
		p.line("通讯录泄露：数据中没有所点名平台的借款短信，无法确定日期。", "Leak: no loan message of a named platform in the data; no date.")
	}
	if a.Onset != nil {
		p.linef("骚扰开始：%s。%s", "Harassment began: %s. %s", a.Onset.Date, a.Onset.Evidence)
	} else {
		p.line("骚扰开始：数据中没有持续的催收活动，无法确定日期。", "Onset: no sustained collection activity in the data; no date.")
	}

	sum, err := r.Summary(ctx)
	if err != nil {
		return err
	}
	byCat := sum.Categories
	total := 0
	for _, n := range byCat {
		total += n
	}
	// The first collectors by score: numbers come by score, collectors
	// (score 0.5 and up) first, so the reading stops early.
	var collectors []classify.Number
	enough := errors.New("enough")
	if top > 0 && byCat["collection"] > 0 {
		err := r.Numbers(ctx, func(n *classify.Number) error {
			if n.Category == "collection" {
				collectors = append(collectors, *n)
			}
			if len(collectors) == top || n.Score < 0.5 {
				return enough
			}
			return nil
		})
		if err != nil && !errors.Is(err, enough) {
			return err
		}
	}
	p.linef("号码 %d 个：催收 %d，垃圾营销 %d，诈骗 %d，服务 %d，联系人 %d，不明 %d。",
		"%d numbers: %d collection, %d spam, %d fraud, %d service, %d contact, %d unknown.",
		total, byCat["collection"], byCat["spam"], byCat["fraud"], byCat["service"], byCat["contact"], byCat["unknown"])
	if len(collectors) > 0 {
		p.linef("\n催收号码（前 %d 个，按可信度）：", "\nCollector numbers (top %d by score):", len(collectors))
		for _, n := range collectors {
			fmt.Fprintf(p.w, "  %s  %.2f  %s\n", n.Number, n.Score, strings.Join(n.Reasons, p.pick("；", "; ")))
		}
	}

	var rules []classify.Violation
	if err := r.Violations(ctx, func(v *classify.Violation) error {
		rules = append(rules, *v)
		return nil
	}, nil); err != nil {
		return err
	}
	if len(rules) > 0 {
		p.line("\n可能违反催收规定（供投诉参考，不是法律结论）：", "\nPossible violations of collection rules (for a complaint; not a legal finding):")
		for _, v := range rules {
			p.linef("  %s：%d 次，%d 天，%s 至 %s\n    依据：%s", "  %s: %d events on %d days, %s to %s\n    source: %s",
				v.Title, v.Count, sum.RuleDays[v.Rule], v.First[:10], v.Last[:10], v.Source)
		}
	} else {
		p.line("\n没有发现可能违反催收规定的记录。", "\nNo possible violation of collection rules found.")
	}
	p.linef("\n完整结果（含每条依据的记录）：leaktrail analyze --db %s --json", "\nFull result, with the events behind each finding: leaktrail analyze --db %s --json", dbName)
	return nil
}
