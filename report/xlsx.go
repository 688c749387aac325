package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/internal/xlsxw"
)

// xlsxMaxTimelineRows is how many events fit under the header of one Excel
// sheet (1,048,576 rows in all). A longer timeline is cut there and the
// summary says so; the CSV and JSON timelines hold every event.
const xlsxMaxTimelineRows = xlsxw.MaxRows - 1

// xlsxLineHeight is the height of a line of text in the default font, in
// points.
const xlsxLineHeight = 15

// Column widths, in characters of the default font.
const (
	xlsxMaxTextWidth  = 60 // wrapped text columns: bodies, reasons, legal bases
	xlsxMaxOtherWidth = 80 // everything else (a SHA-256 takes 64)
)

// WriteXLSX writes the evidence workbook: a summary, the timeline, the
// numbers, the possible violations and the sources, with frozen bold
// headers, autofilters, widths that fit the content and real date cells.
//
// The workbook is written by internal/xlsxw, which compresses each sheet's
// rows as they come and keeps them aside until the sheet's head, with the
// column widths, can be written: the timeline is read from the database
// once, and memory does not grow with it. Text is always written as text,
// never as a formula, so message bodies such as =HYPERLINK(...) cannot
// run.
//
// The output is byte for byte the same for the same data: the document's
// creation time is the latest import of a source, not the clock, and the
// zip's parts come in a fixed order with no times.
func WriteXLSX(ctx context.Context, w io.Writer, d *Data) error {
	x := &xlsxWriter{d: d, lang: d.Lang}
	x.wb = xlsxw.New(x.docProps())
	defer x.wb.Close()
	if err := x.styles(); err != nil {
		return fmt.Errorf("xlsx styles: %w", err)
	}
	names := x.sheetNames()
	sheets := make([]*xlsxw.Sheet, len(names))
	for i, name := range names {
		s, err := x.wb.NewSheet(name)
		if err != nil {
			return err
		}
		sheets[i] = s
	}
	// The timeline first: the summary says how many events it has.
	n, err := x.timeline(ctx, sheets[1])
	if err != nil {
		return fmt.Errorf("xlsx timeline: %w", err)
	}
	for i, fn := range []func(*xlsxw.Sheet) error{
		0: func(s *xlsxw.Sheet) error { return x.summary(s, n) },
		2: x.numbers,
		3: x.violations,
		4: x.sources,
	} {
		if fn == nil {
			continue
		}
		if err := fn(sheets[i]); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", names[i], err)
		}
	}
	if _, err := x.wb.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return x.wb.Close()
}

type xlsxWriter struct {
	wb   *xlsxw.Workbook
	d    *Data
	lang string
	// styles
	header, text, wrap, integer, score, date, dateTime xlsxw.StyleID
}

func (x *xlsxWriter) t(zh, en string) string {
	if x.lang == "zh" {
		return zh
	}
	return en
}

func (x *xlsxWriter) sheetNames() []string {
	if x.lang == "zh" {
		return []string{"概要", "时间线", "号码", "违规", "证据清单"}
	}
	return []string{"Summary", "Timeline", "Numbers", "Violations", "Sources"}
}

func (x *xlsxWriter) styles() error {
	for _, s := range []struct {
		id    *xlsxw.StyleID
		style xlsxw.Style
	}{
		{&x.header, xlsxw.Style{Bold: true, Fill: "E7E6E6", BottomBorder: "808080", Vertical: "top", Wrap: true}},
		{&x.text, xlsxw.Style{Vertical: "top"}},
		{&x.wrap, xlsxw.Style{Vertical: "top", Wrap: true}},
		{&x.integer, xlsxw.Style{Vertical: "top", NumFmt: 1}},
		{&x.score, xlsxw.Style{Vertical: "top", NumFmt: 2}},
		{&x.date, xlsxw.Style{Vertical: "top", Format: "yyyy-mm-dd"}},
		{&x.dateTime, xlsxw.Style{Vertical: "top", Format: "yyyy-mm-dd hh:mm:ss"}},
	} {
		id, err := x.wb.AddStyle(s.style)
		if err != nil {
			return err
		}
		*s.id = id
	}
	return nil
}

// xlsxKind is the type of a cell's value.
type xlsxKind uint8

const (
	xlsxEmpty xlsxKind = iota
	xlsxString
	xlsxInt
	xlsxFloat
	xlsxTime // a date and time
	xlsxDay  // a calendar day, a date without a time
)

// xlsxValue is the value of a cell.
type xlsxValue struct {
	kind xlsxKind
	s    string
	i    int64
	f    float64
	t    time.Time
}

func xText(s string) xlsxValue {
	if s == "" {
		return xlsxValue{}
	}
	return xlsxValue{kind: xlsxString, s: s}
}

func xInt[T int | int64](i T) xlsxValue { return xlsxValue{kind: xlsxInt, i: int64(i)} }

// xFloat is a number; one a cell cannot hold (NaN, ±Inf) is shown as text.
func xFloat(f float64) xlsxValue {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return xText(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return xlsxValue{kind: xlsxFloat, f: f}
}

// xTime is a date and time; one before 1900 or after 9999, which a cell
// cannot hold as a date, is shown as text.
func xTime(t time.Time) xlsxValue {
	if !xlsxw.InDateRange(t) {
		return xText(t.Format(time.DateTime))
	}
	return xlsxValue{kind: xlsxTime, t: t}
}

// xDay is a calendar day, a date without a time; likewise.
func xDay(t time.Time) xlsxValue {
	if !xlsxw.InDateRange(t) {
		return xText(t.Format(time.DateOnly))
	}
	return xlsxValue{kind: xlsxDay, t: t}
}

// xlsxColumn is one column of a sheet's table.
type xlsxColumn struct {
	head string
	wrap bool // long text: wrapped, width capped at xlsxMaxTextWidth
}

// xlsxTable writes the rows of a sheet under a frozen bold header, and
// sizes the columns from the values written in them.
type xlsxTable struct {
	s     *xlsxw.Sheet
	x     *xlsxWriter
	cols  []xlsxColumn
	width []int
	last  []xlsxLines // per column
}

// xlsxLines is how many lines a text takes.
type xlsxLines struct {
	s string
	n int
}

// newTable writes the header of a table in s; filter puts an
// autofilter on it.
func (x *xlsxWriter) newTable(s *xlsxw.Sheet, cols []xlsxColumn, filter bool) (*xlsxTable, error) {
	t := &xlsxTable{s: s, x: x, cols: cols, width: make([]int, len(cols)), last: make([]xlsxLines, len(cols))}
	s.FreezeHeader()
	if filter {
		s.AutoFilter()
	}
	for i, c := range cols {
		t.width[i] = cellWidth(c.head)
		s.Text(i, x.header, c.head)
	}
	return t, s.EndRow(0)
}

// add writes a row, measuring its values. A row with wrapped text is as
// high as its text, since not every spreadsheet fits rows to their text
// when it opens a file.
//
// The lines are counted in a column of the widest width, xlsxMaxTextWidth,
// before the column's width is known; they are as many as in the final
// width: a column narrower than that is wider than any of its lines.
//
// Text is measured only when that can change something: no text is wider
// than its length in bytes (wide characters take three), so a line of
// fewer bytes than the column is wide fits in one line and a text no
// longer than its column's widest so far does not widen it; nor does any
// text widen a column at its widest.
func (t *xlsxTable) add(row []xlsxValue) error {
	x, s := t.x, t.s
	lines := 1
	for i, v := range row {
		c := t.cols[i]
		switch v.kind {
		case xlsxString:
			style := x.text
			if c.wrap {
				style = x.wrap
				lines = max(lines, t.lines(i, v.s))
			}
			if len(v.s) > t.width[i] && t.width[i] < t.limit(i)-2 {
				t.width[i] = max(t.width[i], cellWidth(v.s))
			}
			s.Text(i, style, v.s)
		case xlsxInt:
			t.width[i] = max(t.width[i], digits(v.i))
			s.Int(i, x.integer, v.i)
		case xlsxFloat:
			t.width[i] = max(t.width[i], 4)
			s.Float(i, x.score, v.f)
		case xlsxTime:
			t.width[i] = max(t.width[i], len(time.DateTime))
			s.Time(i, x.dateTime, v.t)
		case xlsxDay:
			t.width[i] = max(t.width[i], len(time.DateOnly))
			s.Time(i, x.date, v.t)
		}
	}
	var h float64
	if lines > 1 {
		h = float64(lines) * xlsxLineHeight
	}
	return s.EndRow(h)
}

// lines is how many lines s takes in column i, wrapped at
// xlsxMaxTextWidth. The last text of each column is remembered, since a
// rule's title and basis repeat on each of its findings.
func (t *xlsxTable) lines(i int, s string) int {
	if len(s) < xlsxMaxTextWidth && strings.IndexByte(s, '\n') < 0 {
		return 1
	}
	l := &t.last[i]
	if l.n == 0 || l.s != s {
		l.s, l.n = s, wrappedLines(s, xlsxMaxTextWidth)
	}
	return l.n
}

// digits is how many characters i takes in decimal.
func digits(i int64) int {
	n := 1
	if i < 0 {
		n++
	}
	for ; i >= 10 || i <= -10; i /= 10 {
		n++
	}
	return n
}

// limit is the widest column i can be.
func (t *xlsxTable) limit(i int) int {
	if t.cols[i].wrap {
		return xlsxMaxTextWidth
	}
	return xlsxMaxOtherWidth
}

// finish sets the column widths: the widest value plus a margin, capped.
func (t *xlsxTable) finish() {
	ws := make([]float64, len(t.cols))
	for i := range t.cols {
		ws[i] = float64(min(max(t.width[i], 6)+2, t.limit(i)))
	}
	t.s.SetColWidths(ws)
}

// timeline writes the events into the sheet and returns how many there
// are (all of them, including any beyond the sheet's last row).
func (x *xlsxWriter) timeline(ctx context.Context, s *xlsxw.Sheet) (int, error) {
	t, err := x.newTable(s, []xlsxColumn{
		{head: x.t("时间", "Time")},
		{head: x.t("手机", "Phone")},
		{head: x.t("类型", "Kind")},
		{head: x.t("方向", "Direction")},
		{head: x.t("状态", "Status")},
		{head: x.t("号码", "Number")},
		{head: x.t("联系人", "Contact name"), wrap: true},
		{head: x.t("时长（秒）", "Duration (s)")},
		{head: x.t("内容", "Text"), wrap: true},
		{head: x.t("标签", "Labels")},
		{head: x.t("证据原因", "Why")},
		{head: x.t("记录来源", "Witnesses")},
		{head: x.t("来源文件", "Source file")},
		{head: x.t("位置", "Locator")},
		{head: x.t("事件编号", "Event ID")},
	}, true)
	if err != nil {
		return 0, err
	}
	// SQLite reads the events on this goroutine while another lays them
	// out, a batch at a time, and xlsxw compresses them on a third.
	const batch = 256
	full, free := make(chan []Event, 2), make(chan []Event, 4) // at most 4 batches: filling, 2 full, laying out
	done := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		var err error
		vals := make([]xlsxValue, len(t.cols))
		for evs := range full {
			for _, e := range evs {
				if err == nil {
					err = t.add(x.timelineRow(vals, e))
				}
			}
			failed.Store(err != nil)
			free <- evs[:0]
		}
		done <- err
	}()
	evs := make([]Event, 0, batch)
	n := 0
	err = x.d.Events(ctx, func(e Event) error {
		n++
		if n > xlsxMaxTimelineRows {
			return nil
		}
		evs = append(evs, e)
		if len(evs) < batch {
			return nil
		}
		if failed.Load() {
			return errXLSXStopped
		}
		full <- evs
		select {
		case evs = <-free:
		default:
			evs = make([]Event, 0, batch)
		}
		return nil
	})
	if err == nil && len(evs) > 0 {
		full <- evs
	}
	close(full)
	if ferr := <-done; ferr != nil {
		err = ferr
	}
	if err != nil {
		return 0, err
	}
	t.finish()
	return n, nil
}

// errXLSXStopped stops reading the timeline when its rows cannot be
// written; the writer's error is returned instead.
var errXLSXStopped = errors.New("timeline rows not written")

// timelineRow fills vals with the values of e's row of the timeline.
func (x *xlsxWriter) timelineRow(vals []xlsxValue, e Event) []xlsxValue {
	dur := xlsxValue{}
	if e.DurationS >= 0 {
		dur = xInt(e.DurationS)
	}
	vals[0], vals[1], vals[2] = xTime(e.Time.Truncate(time.Second)), xText(e.Phone), xText(showCode(x.lang, e.Kind))
	vals[3], vals[4], vals[5] = xText(showDirection(x.lang, e.Kind, e.Direction)), xText(showCode(x.lang, e.Status)), xText(e.Number)
	vals[6], vals[7], vals[8] = xText(e.ContactName), dur, xText(e.Body)
	vals[9], vals[10] = xText(showCodes(x.lang, e.Labels, ", ")), xText(showCode(x.lang, e.Why))
	vals[11], vals[12], vals[13], vals[14] = xText(showCodes(x.lang, e.Witnesses, ", ")), xText(e.Source), xText(e.Locator), xInt(e.ID)
	return vals
}

// table writes a sheet of n rows from data in memory: row(i) gives the
// values of row i.
func (x *xlsxWriter) table(s *xlsxw.Sheet, cols []xlsxColumn, n int, row func(i int) []xlsxValue, filter bool) error {
	t, err := x.newTable(s, cols, filter)
	if err != nil {
		return err
	}
	for i := range n {
		if err := t.add(row(i)); err != nil {
			return err
		}
	}
	t.finish()
	return nil
}

func (x *xlsxWriter) summary(sheet *xlsxw.Sheet, events int) error {
	d, a := x.d, x.d.Analysis
	var rows [][]xlsxValue
	add := func(item string, value xlsxValue, detail string) {
		rows = append(rows, []xlsxValue{xText(item), value, xText(detail)})
	}
	add(x.t("手机主人", "Phone owner"), xText(a.Owner), "")
	sep := x.t("、", ", ")
	add(x.t("平台", "Platforms"), xText(strings.Join(a.Platforms, sep)), "")
	add(x.t("时区", "Time zone"), xText(a.Timezone), "")
	none := xText(x.t("数据不足以确定", "not supported by the data"))
	if o := a.Onset; o != nil {
		add(x.t("骚扰开始", "Harassment began"), x.calendarDay(o.Date), o.Evidence)
	} else {
		add(x.t("骚扰开始", "Harassment began"), none, "")
	}
	if l := a.Leak; l != nil {
		add(x.t("借款（通讯录泄露）", "Loan that leaked the contacts"), x.calendarDay(l.Date), l.Evidence)
	} else {
		add(x.t("借款（通讯录泄露）", "Loan that leaked the contacts"), none, "")
	}
	var calls, msgs int
	for _, dy := range d.Days {
		calls += dy.Calls
		msgs += dy.Messages
	}
	add(x.t("催收号码", "Collector numbers"), xInt(len(d.Collectors)), "")
	add(x.t("本人收到的催收来电", "Collection calls to the owner"), xInt(calls), "")
	add(x.t("本人收到的催收短信", "Collection messages to the owner"), xInt(msgs), "")
	note := ""
	if events > xlsxMaxTimelineRows {
		note = x.t(fmt.Sprintf("工作表只能容纳前 %d 条；CSV 和 JSON 时间线包含全部事件", xlsxMaxTimelineRows),
			fmt.Sprintf("the sheet holds the first %d; the CSV and JSON timelines hold every event", xlsxMaxTimelineRows))
	}
	add(x.t("时间线事件", "Timeline events"), xInt(events), note)
	c := a.Counts
	add(x.t("全部事件", "All events"), xInt(c.Events), "")
	add(x.t("通话", "Calls"), xInt(c.Calls), "")
	add(x.t("短信", "SMS"), xInt(c.SMS), "")
	add(x.t("彩信", "MMS"), xInt(c.MMS), "")
	add(x.t("未能导入的记录", "Records not imported"), xInt(c.Rejected), "")
	tp := d.ThirdParty
	add(x.t("催收打到的其他手机", "Other phones collectors reached"), xText(strings.Join(tp.Phones, sep)), "")
	add(x.t("其中出现的催收号码", "Collector numbers seen there"), xInt(tp.Numbers), "")
	add(x.t("其中的来电和短信", "Their calls and messages there"), xInt(tp.Events), "")
	add(x.t("亲友转告催收的短信", "Messages relaying a collector's contact"), xInt(tp.Relays), "")
	for _, v := range a.Violations {
		add(x.t("可能的违规：", "Possible violation: ")+v.Title, xInt(v.Count), v.Source)
	}
	if d.Mask {
		add(x.t("脱敏", "Masked"), xText(x.t("是", "yes")),
			x.t("第三方的号码和姓名已隐去", "third parties' numbers and names are hidden"))
	}
	return x.table(sheet, []xlsxColumn{
		{head: x.t("项目", "Item"), wrap: true},
		{head: x.t("内容", "Value"), wrap: true},
		{head: x.t("依据与说明", "Evidence and notes"), wrap: true},
	}, len(rows), func(i int) []xlsxValue { return rows[i] }, false)
}

func (x *xlsxWriter) numbers(sheet *xlsxw.Sheet) error {
	numbers := x.d.Analysis.Numbers
	return x.table(sheet, []xlsxColumn{
		{head: x.t("号码", "Number")},
		{head: x.t("联系人", "Contact name"), wrap: true},
		{head: x.t("类别", "Category")},
		{head: x.t("分数", "Score")},
		{head: x.t("首次出现", "First seen")},
		{head: x.t("最后出现", "Last seen")},
		{head: x.t("通话", "Calls")},
		{head: x.t("短信", "Messages")},
		{head: x.t("手机", "Phones")},
		{head: x.t("理由", "Reasons"), wrap: true},
	}, len(numbers), func(i int) []xlsxValue {
		n := &numbers[i]
		return []xlsxValue{
			xText(n.Number), xText(n.ContactName), xText(showCode(x.lang, n.Category)), xFloat(n.Score),
			x.time(n.FirstSeen), x.time(n.LastSeen), xInt(n.Calls), xInt(n.Messages),
			xText(strings.Join(n.Phones, ", ")), xText(strings.Join(n.Reasons, "\n")),
		}
	}, true)
}

func (x *xlsxWriter) violations(sheet *xlsxw.Sheet) error {
	type finding struct {
		v *classify.Violation
		f *classify.Finding
	}
	var findings []finding
	for i := range x.d.Analysis.Violations {
		v := &x.d.Analysis.Violations[i]
		for j := range v.Findings {
			findings = append(findings, finding{v, &v.Findings[j]})
		}
	}
	return x.table(sheet, []xlsxColumn{
		{head: x.t("规则", "Rule"), wrap: true},
		{head: x.t("依据", "Basis"), wrap: true},
		{head: x.t("日期", "Day")},
		{head: x.t("号码", "Number")},
		{head: x.t("手机", "Phone")},
		{head: x.t("次数", "Count")},
		{head: x.t("首次", "First")},
		{head: x.t("末次", "Last")},
		{head: x.t("事件编号", "Event IDs"), wrap: true},
	}, len(findings), func(i int) []xlsxValue {
		v, f := findings[i].v, findings[i].f
		ids := make([]string, len(f.Events))
		for i, id := range f.Events {
			ids[i] = strconv.FormatInt(id, 10)
		}
		return []xlsxValue{
			xText(v.Title), xText(v.Source), x.calendarDay(f.Day), xText(f.Number), xText(f.Phone), xInt(f.Count),
			x.time(f.First), x.time(f.Last), xText(strings.Join(ids, ", ")),
		}
	}, true)
}

func (x *xlsxWriter) sources(sheet *xlsxw.Sheet) error {
	var rows [][]xlsxValue
	for _, s := range x.d.Sources {
		rejects := make([]string, len(s.Rejects))
		for i, r := range s.Rejects {
			rejects[i] = r.Locator.String() + ": " + rejectText(x.d, r.Reason)
		}
		rows = append(rows, []xlsxValue{
			xText(s.Name), xText(s.Format), xText(s.Phone), xText(s.SHA256), xInt(s.Size),
			xInt(s.Read), xInt(s.Inserted), xInt(s.Duplicates), xInt(s.Rejected),
			xText(strings.Join(rejects, "\n")),
		})
	}
	return x.table(sheet, []xlsxColumn{
		{head: x.t("文件名", "File")},
		{head: x.t("格式", "Format")},
		{head: x.t("手机", "Phone")},
		{head: "SHA-256"},
		{head: x.t("大小（字节）", "Size (bytes)")},
		{head: x.t("读取", "Read")},
		{head: x.t("导入", "Inserted")},
		{head: x.t("重复", "Duplicates")},
		{head: x.t("未能导入", "Rejected")},
		{head: x.t("未能导入的记录（前 50 条）", "Rejected records (first 50)"), wrap: true},
	}, len(rows), func(i int) []xlsxValue { return rows[i] }, true)
}

// time reads a time of the analysis (RFC 3339) into the case's zone; a
// time it cannot read stays text.
func (x *xlsxWriter) time(s string) xlsxValue {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return xText(s)
	}
	return xTime(t.In(x.d.Loc))
}

// calendarDay reads a date of the analysis (2006-01-02); one it cannot
// read stays text.
func (x *xlsxWriter) calendarDay(s string) xlsxValue {
	t, err := time.ParseInLocation(time.DateOnly, s, x.d.Loc)
	if err != nil {
		return xText(s)
	}
	return xDay(t)
}

// docProps are the workbook's properties. Its creation time is the latest
// import of a source, the last change to the evidence, so that the same
// case gives the same bytes; the generation time goes in the manifest.
func (x *xlsxWriter) docProps() xlsxw.Properties {
	var last int64
	for _, s := range x.d.Sources {
		last = max(last, s.ImportedAt)
	}
	created := time.UnixMilli(last).UTC().Truncate(time.Second)
	return xlsxw.Properties{
		Title:          x.t("催收骚扰证据", "Debt-collection harassment evidence"),
		Creator:        "leaktrail",
		LastModifiedBy: "leaktrail",
		Created:        created,
		Modified:       created,
		Language:       x.t("zh-CN", "en"),
	}
}
