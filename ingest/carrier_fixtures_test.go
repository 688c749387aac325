package ingest

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// go test ./ingest -run TestWriteSpreadsheetFixtures -write-spreadsheet-fixtures
// rewrites the spreadsheet fixtures: the carrier bills of
// ../testdata/carrier and the reader fixture of testdata/xls. Each
// workbook is built with excelize; the .xls files and one .xlsx are then
// written by LibreOffice (soffice must be on PATH), so that they are real
// BIFF8 and a second program's XLSX. LibreOffice 7 no longer writes BIFF5
// (Excel 95): the BIFF5 tests build their streams by hand. All names and
// numbers are invented (138 0013 8xxx, 170 0000 xxxx, 010 8765 xxxx ...).
var writeFixtures = flag.Bool("write-spreadsheet-fixtures", false, "rewrite the spreadsheet fixtures (needs LibreOffice)")

func TestWriteSpreadsheetFixtures(t *testing.T) {
	if !*writeFixtures {
		t.Skip("run with -write-spreadsheet-fixtures to rewrite the fixtures")
	}
	tmp := t.TempDir()
	carrier := filepath.Join("..", "testdata", "carrier")
	reader := filepath.Join("testdata", "xls")
	for _, dir := range []string{carrier, reader} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lo := &libreOffice{t: t, profile: filepath.Join(tmp, "profile")}

	lo.convert(chinaMobileCalls(t), filepath.Join(tmp, "china-mobile-2026-03-calls.xlsx"), carrier, "xls", "MS Excel 97")
	lo.convert(chinaUnicomVoice(t), filepath.Join(tmp, "china-unicom-2026-q1-voice.xlsx"), carrier, "xls", "MS Excel 97")
	lo.convert(chinaTelecom(t), filepath.Join(tmp, "china-telecom-2026-02.xlsx"), carrier, "xlsx", "Calc MS Excel 2007 XML")
	save(t, chinaMobileSMS(t), filepath.Join(carrier, "china-mobile-2026-02-sms.xlsx"))

	lo.convert(readerFeatures(t), filepath.Join(tmp, "reader-features.xlsx"), reader, "xls", "MS Excel 97")
}

func save(t *testing.T, f *excelize.File, path string) {
	t.Helper()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

type libreOffice struct {
	t       *testing.T
	profile string
}

// convert saves f as the .xlsx src and has LibreOffice write it to outDir
// in the format ext with the export filter named.
func (lo *libreOffice) convert(f *excelize.File, src, outDir, ext, filter string) {
	t := lo.t
	t.Helper()
	save(t, f, src)
	cmd := exec.Command("soffice", "--headless", "--norestore",
		"-env:UserInstallation=file://"+lo.profile,
		"--convert-to", ext+":"+filter, "--outdir", outDir, src)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice %s: %v\n%s", src, err, out)
	}
	want := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"."+ext)
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("soffice wrote no %s: %s", want, out)
	}
}

// sheetWriter fills a sheet row by row.
type sheetWriter struct {
	t     *testing.T
	f     *excelize.File
	sheet string
	row   int
}

func newSheet(t *testing.T, f *excelize.File, name string) *sheetWriter {
	t.Helper()
	if f.SheetCount == 1 && f.GetSheetName(0) == "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			t.Fatal(err)
		}
	} else if _, err := f.NewSheet(name); err != nil {
		t.Fatal(err)
	}
	return &sheetWriter{t: t, f: f, sheet: name}
}

// add writes the next row; nil values leave cells empty.
func (w *sheetWriter) add(values ...any) {
	w.t.Helper()
	w.row++
	for i, v := range values {
		if v == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, w.row)
		var err error
		switch v := v.(type) {
		case formula:
			err = w.f.SetCellFormula(w.sheet, cell, string(v))
		case bool:
			err = w.f.SetCellBool(w.sheet, cell, v)
		default:
			err = w.f.SetCellValue(w.sheet, cell, v)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// skip leaves n rows empty.
func (w *sheetWriter) skip(n int) { w.row += n }

// style applies a number format to a column from a row on.
func (w *sheetWriter) style(col string, from int, numFmt string) {
	w.t.Helper()
	id, err := w.f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.f.SetCellStyle(w.sheet, fmt.Sprintf("%s%d", col, from), fmt.Sprintf("%s%d", col, w.row), id); err != nil {
		w.t.Fatal(err)
	}
}

type formula string

// serial is an Excel date serial of a wall-clock time.
func serial(s string) float64 {
	tm, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	d := tm.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC))
	return math.Round(d.Seconds()) / 86400
}

// chinaMobileCalls is a China Mobile 通话详单 for March 2026 as the
// carrier's web page exports it: title rows, year-less start times as text,
// "2分32秒" durations, fees as numbers, a masked number, a landline saved
// as a number (its leading 0 lost) and a total row.
func chinaMobileCalls(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	w := newSheet(t, f, "通话详单")
	w.add("从2026-03-01到2026-03-31 类型：通话详单")
	w.add("客户姓名：张**  手机号码：138****8000")
	w.skip(1)
	w.add("起始时间", "通信地点", "通信方式", "对方号码", "通信时长", "通信类型", "套餐优惠", "实收通信费(元)")
	rows := [][]any{
		{"03-01 10:02:13", "北京", "主叫", "13800138111", "2分32秒", "本地", "套餐内", 0},
		{"03-02 13:13:40", "北京", "被叫", "17000001234", "15秒", "本地", "", 0},
		{"03-02 13:20:05", "北京", "被叫", "17000001234", "1分2秒", "本地", "", 0},
		{"03-02 18:45:31", "北京", "被叫", "17000005678", "42秒", "本地", "", 0},
		{"03-03 08:01:09", "北京", "被叫", "17000001234", "8秒", "本地", "", 0},
		{"03-03 08:03:44", "北京", "被叫", "***", "33秒", "本地", "", 0},
		{"03-03 12:30:00", "北京", "主叫", 1087654321, "3分5秒", "本地", "套餐内", 0},
		{"03-04 09:15:27", "北京", "被叫", "17000009012", "1分40秒", "国内长途", "", 0},
		{"03-04 21:58:02", "北京", "被叫", "17000001234", "5秒", "本地", "", 0},
		{"03-05 07:40:19", "北京", "呼转", "17000005678", "20秒", "本地", "", 0.15},
		{"03-06 11:11:11", "上海", "被叫", "02187654321", "1小时2分3秒", "漫游", "", 2.4},
		{"03-06 14:00:56", "上海", "主叫", "95555", "6分0秒", "漫游", "", 0.3},
		{"03-07 19:26:48", "北京", "被叫", "17000001234", "12秒", "本地", "", 0},
		{"03-08 20:03:15", "北京", "主叫", "13800138111", "10分15秒", "本地", "套餐内", 0},
		{"03-09 09:00:02", "北京", "被叫", "+8617000005678", "50秒", "本地", "", 0},
		{"03-10 16:42:37", "北京", "被叫", "17000009012", "2分", "国内长途", "", 0},
	}
	for _, r := range rows {
		w.add(r...)
	}
	w.add("合计：16条", nil, nil, nil, nil, nil, nil, 2.85)
	return f
}

// chinaUnicomVoice is a China Unicom 语音通信 bill for the first quarter
// of 2026: one sheet per month, real date cells, "0086" numbers, integer
// seconds, two fee columns and a subtotal formula.
func chinaUnicomVoice(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	months := []struct {
		sheet string
		rows  [][]any
	}{
		{"2026年01月语音通信", [][]any{
			{"2026-01-05 08:30:15", 62, "被叫", "008617000001234", "广州", "本地", 0, 0},
			{"2026-01-05 08:31:40", 7, "被叫", "008617000001234", "广州", "本地", 0, 0},
			{"2026-01-12 19:02:51", 305, "主叫", "008613800138222", "广州", "本地", 0.3, 0},
			{"2026-01-20 22:14:09", 1, "被叫", "008617000005678", "深圳", "国内长途", 0, 0},
		}},
		{"2026年02月语音通信", [][]any{
			{"2026-02-01 00:00:31", 44, "被叫", "008617000001234", "广州", "本地", 0, 0},
			{"2026-02-14 12:59:59", 3600, "主叫", "00862087654321", "广州", "本地", 1.2, 0.1},
			{"2026-02-28 23:59:58", 9, "被叫", "17000009012", "广州", "本地", 0, 0},
		}},
		{"2026年03月语音通信", [][]any{
			{"2026-03-01 07:07:07", 15, "被叫", "008617000001234", "广州", "本地", 0, 0},
			{"2026-03-02 13:13:40", 152, "主叫", "008613800138222", "广州", "本地", 0, 0},
			{"2026-03-02 13:20:05", 0, "被叫", "008617000005678", "广州", "本地", 0, 0},
		}},
	}
	for _, m := range months {
		w := newSheet(t, f, m.sheet)
		w.add(strings.TrimSuffix(m.sheet, "语音通信") + "语音通信详单")
		w.add("序号", "业务类型", "通话起始时间", "通话时长", "呼叫类型", "对方号码", "通话地点", "通话类型", "通话费", "其他费", "小计")
		for i, r := range m.rows {
			n := w.row + 1
			w.add(i+1, "语音", serial(r[0].(string)), r[1], r[2], r[3], r[4], r[5], r[6], r[7], formula(fmt.Sprintf("I%d+J%d", n, n)))
		}
		w.style("C", 3, "yyyy-mm-dd hh:mm:ss")
	}
	return f
}

// chinaTelecom is a China Telecom bill for February 2026: "yyyy/MM/dd
// HH:mm:ss" times and seconds under 通话时长（秒）.
func chinaTelecom(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	w := newSheet(t, f, "语音详单")
	w.add("中国电信 2026年02月 语音通信详单")
	w.add("序号", "起始时间", "通话时长（秒）", "呼叫类型", "对方号码", "通话地点", "通话类型", "费用（元）")
	rows := [][]any{
		{"2026/02/03 09:15:27", 48, "被叫", "17000001234", "杭州", "本地", 0},
		{"2026/02/03 09:20:41", 3, "被叫", "17000001234", "杭州", "本地", 0},
		{"2026/02/03 21:07:00", 600, "主叫", "13800138333", "杭州", "本地", 0},
		{"2026/02/10 10:10:10", 75, "被叫", "057187654321", "杭州", "本地", 0},
		{"2026/02/11 16:45:03", 130, "主叫", "4000000000", "杭州", "国内长途", 0.5},
		{"2026/02/27 23:59:59", 1, "被叫", "17000005678", "杭州", "本地", 0},
	}
	for i, r := range rows {
		w.add(append([]any{i + 1}, r...)...)
	}
	return f
}

// chinaMobileSMS is a China Mobile 短信详单 for February 2026, written by
// excelize itself: year-less times, 接收/发送, a gateway sender.
func chinaMobileSMS(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	w := newSheet(t, f, "短信详单")
	w.add("从2026-02-01到2026-02-28 类型：短信详单")
	w.add("起始时间", "通信地点", "对方号码", "通信方式", "信息类型", "业务名称", "套餐优惠", "通信费(元)")
	rows := [][]any{
		{"02-03 10:01:22", "北京", "17000001234", "接收", "国内短信", "点对点短信", "", 0},
		{"02-03 10:05:09", "北京", "17000001234", "接收", "国内短信", "点对点短信", "", 0},
		{"02-03 10:06:30", "北京", "13800138111", "发送", "国内短信", "点对点短信", "套餐内", 0},
		{"02-14 20:33:01", "北京", "1069000012345", "接收", "国内短信", "梦网短信", "", 0},
		{"02-20 08:00:00", "北京", "17000005678", "接收", "国内彩信", "点对点彩信", "", 0},
		{"02-28 23:59:59", "北京", "17000001234", "发送", "国内短信", "点对点短信", "", 0.1},
	}
	for _, r := range rows {
		w.add(r...)
	}
	return f
}

// readerFeatures holds the cell kinds the BIFF reader must decode, for
// TestXLSReaderFeatures: integers, decimals and large numbers (RK, MULRK,
// NUMBER), booleans, formulas with number, string, boolean and error
// results, sparse rows and columns, a chart-free second sheet and shared
// strings long enough to need CONTINUE records, one of them Chinese.
func readerFeatures(t *testing.T) *excelize.File {
	f := excelize.NewFile()
	w := newSheet(t, f, "cells")
	w.add("text", 1, 2, 3, -4, 0.15, 123456789012, 45000.5416666667, 1e-7)
	w.add(true, false, formula("1+1"), formula(`"abc"&"def"`), formula("1=1"), formula("1/0"), formula(`""`))
	w.skip(3)
	w.add(nil, nil, "sparse", nil, nil, nil, nil, nil, nil, nil, "far")
	long := strings.Repeat("abcdefghij", 900)
	w.add(long, strings.Repeat("通话详单", 1500), long+"中", "after")
	w2 := newSheet(t, f, "第二页")
	w2.add("二", 2)
	return f
}
