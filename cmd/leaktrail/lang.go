package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// lang is the language of user-facing text: Chinese by default.
type lang string

const (
	langZH lang = "zh"
	langEN lang = "en"
)

// langFromEnv reads LEAKTRAIL_LANG; anything starting "en" means English.
func langFromEnv(getenv func(string) string) lang {
	if strings.HasPrefix(strings.ToLower(getenv("LEAKTRAIL_LANG")), "en") {
		return langEN
	}
	return langZH
}

// langFlag lets a subcommand take --lang zh|en.
type langFlag struct{ l *lang }

func (f langFlag) String() string {
	if f.l == nil {
		return string(langZH)
	}
	return string(*f.l)
}

func (f langFlag) Set(s string) error {
	switch strings.ToLower(s) {
	case "zh", "cn", "zh-cn":
		*f.l = langZH
	case "en":
		*f.l = langEN
	default:
		return fmt.Errorf("unknown language %q (zh or en)", s)
	}
	return nil
}

// printer writes user-facing messages in the chosen language.
type printer struct {
	w    io.Writer
	lang *lang // read at each message: a --lang flag may change it
}

func newPrinter(w io.Writer, l *lang) *printer { return &printer{w: w, lang: l} }

// pick returns the text for the printer's language.
func (p *printer) pick(zh, en string) string {
	if *p.lang == langEN {
		return en
	}
	return zh
}

func (p *printer) line(zh, en string) { fmt.Fprintln(p.w, p.pick(zh, en)) }

func (p *printer) linef(zh, en string, args ...any) {
	fmt.Fprintf(p.w, p.pick(zh, en)+"\n", args...)
}

func (p *printer) errorf(format string, args ...any) {
	fmt.Fprintf(p.w, "leaktrail: "+p.pick("错误：", "error: ")+format+"\n", args...)
}

func (p *printer) warnf(format string, args ...any) {
	fmt.Fprintf(p.w, "leaktrail: "+p.pick("警告：", "warning: ")+format+"\n", args...)
}

func (p *printer) usage() {
	p.line(`leaktrail：把手机导出的通话记录、短信和通讯录整理成可核验的催收骚扰证据。

用法：
  leaktrail import --db 案件.db [--phone 手机名] [--tz Asia/Shanghai] [--json] 文件...
      导入导出文件：SMS Backup & Restore 与超级备份的短信/通话 XML、vCard 通讯录、
      运营商通话/短信详单（XLS、XLSX、CSV）、其他手机或应用的通话记录 CSV、iMazing 导出。
      --phone 说明文件来自谁的手机（默认 owner，即本人），例如 mother。
      --year 年份：详单日期没有年份时使用；--encoding gbk：指定 CSV 编码；
      --map 号码=number,时间=time：手动指定表头对应的列。
  leaktrail analyze --db 案件.db [--json] [--tz 时区] [--owner 手机名]
      分析案件：哪些号码在催收（附理由）、骚扰何时开始、借款与通讯录泄露的日期、
      可能违反的催收规定（附依据的每一条记录）。--json 输出完整结果。
  leaktrail report --db 案件.db --out 目录 [--format html,pdf,xlsx,json,csv,md] [--mask]
      生成证据包：report.html（可打印为 PDF）、report.xlsx、report.json、timeline.csv、
      complaint.md（投诉书草稿）和 manifest.json（每个文件的 SHA-256）。
      --mask 生成可分享的版本（隐去第三方的号码和姓名）。
  leaktrail run --out 目录 [--phone 手机名] 文件...
      一步完成导入、分析和生成报告；mother=文件 表示该文件来自 mother 的手机。
  leaktrail verify 目录 [--sources 原始文件或目录...]
      重新计算哈希，核对报告和原始文件是否被改动。
  leaktrail demo [--out 目录] [--seed N]
      生成一个合成的示范案件，导入、分析并生成完整的证据包。

退出状态：0 成功；1 有文件无法读取或运行失败；2 命令行用法错误。
设置 LEAKTRAIL_LANG=en 或使用 --lang en 显示英文。`,
		`leaktrail: turn a phone's own exports (call logs, SMS, contacts) into verifiable evidence of debt-collection harassment.

Usage:
  leaktrail import --db CASE.db [--phone NAME] [--tz Asia/Shanghai] [--json] FILE...
      Import exports: SMS Backup & Restore and Super Backup messages/calls XML,
      vCard contacts, carrier detail bills (XLS, XLSX, CSV), call logs of other
      phones and apps as CSV, iMazing exports.
      --phone names whose phone the files came from (default owner), e.g. mother.
      --year YEAR for bill dates without a year; --encoding gbk for a CSV's
      encoding; --map 号码=number,时间=time to name columns by hand.
  leaktrail analyze --db CASE.db [--json] [--tz ZONE] [--owner PHONE]
      Analyze a case: which numbers collect (with reasons), when the
      harassment began, the loan that leaked the contacts list, and possible
      violations of collection rules with the events behind each. --json
      prints everything.
  leaktrail report --db CASE.db --out DIR [--format html,pdf,xlsx,json,csv,md] [--mask]
      Write the evidence package: report.html (print it to PDF), report.xlsx,
      report.json, timeline.csv, complaint.md (a complaint draft) and
      manifest.json (the SHA-256 of every file). --mask writes a shareable
      version with third parties' numbers and names masked.
  leaktrail run --out DIR [--phone NAME] FILE...
      Import, analyze and report in one go; mother=FILE says a file came from
      mother's phone.
  leaktrail verify DIR [--sources PATH...]
      Re-hash the report and the original exports against the manifest.
  leaktrail demo [--out DIR] [--seed N]
      Generate a synthetic example case, import and analyze it, and write the
      whole evidence package.

Exit status: 0 ok; 1 a file could not be read or the run failed; 2 usage error.
Set LEAKTRAIL_LANG=en or pass --lang en for English.`)
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// whose usage goes to the printer.
func newFlagSet(name string, p *printer, l *lang) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(p.w)
	fs.Var(langFlag{l}, "lang", "language of messages: zh or en")
	return fs
}

// parseFlags parses args, turning a bad flag into a usage error (the flag
// package has printed it) and keeping flag.ErrHelp for -h.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &usageError{}
}
