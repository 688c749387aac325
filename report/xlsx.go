package report

import (
	"archive/zip"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/leaktrail/leaktrail/classify"
)

// xlsxMaxTimelineRows is how many events fit under the header of one Excel
// sheet (1,048,576 rows in all). A longer timeline is cut there and the
// summary says so; the CSV and JSON timelines hold every event.
const xlsxMaxTimelineRows = excelize.TotalRows - 1

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
// Every sheet goes through excelize's StreamWriter, which spills to a
// temporary file, and the zip is staged in another, so memory does not
// grow with the timeline. The timeline is read from the database
// twice: once to size its columns and count its rows, once to write it.
// Text is always written as text: excelize writes a Go string as a string
// cell and only makes a formula of Cell.Formula, which is never set, so
// message bodies such as =HYPERLINK(...) cannot run.
//
// The output is byte for byte the same for the same data: the document's
// creation time is the latest import of a source, not the clock, the zip
// entries carry no times and are written in name order (excelize writes
// streamed sheets in map order).
func WriteXLSX(ctx context.Context, w io.Writer, d *Data) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, d: d, lang: d.Lang}
	if err := x.styles(); err != nil {
		return fmt.Errorf("xlsx styles: %w", err)
	}
	names := x.sheetNames()
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, name := range names[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// The summary, the first sheet, stays the active one as the new
	// file's Sheet1 was. (SetActiveSheet would read every sheet back.)
	n, err := x.timeline(ctx, names[1])
	if err != nil {
		return fmt.Errorf("xlsx timeline: %w", err)
	}
	for _, s := range []struct {
		name string
		fn   func(string) error
	}{
		{names[0], func(name string) error { return x.summary(name, n) }},
		{names[2], x.numbers},
		{names[3], x.violations},
		{names[4], x.sources},
	} {
		if err := s.fn(s.name); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", s.name, err)
		}
	}
	if err := f.SetDocProps(x.docProps()); err != nil {
		return err
	}
	zw := &sortedZip{w: w}
	defer zw.remove()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	// WriteToBuffer hands every part to zw, which writes the zip to w;
	// the buffer stays empty.
	if _, err := f.WriteToBuffer(); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// sortedZip is the zip writer excelize saves through. It stages the parts
// in a temporary zip, then copies them, still compressed, to w in name
// order ([Content_Types].xml first), whatever order they came in.
type sortedZip struct {
	w     io.Writer
	tmp   *os.File
	stage *zip.Writer
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.stage == nil {
		tmp, err := os.CreateTemp("", "leaktrail-xlsx-*.zip")
		if err != nil {
			return nil, err
		}
		z.tmp, z.stage = tmp, zip.NewWriter(tmp)
	}
	return z.stage.Create(name)
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("xlsx: AddFS not supported")
}

func (z *sortedZip) Close() error {
	if z.stage == nil {
		return errors.New("xlsx: empty workbook")
	}
	if err := z.stage.Close(); err != nil {
		return err
	}
	size, err := z.tmp.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	r, err := zip.NewReader(z.tmp, size)
	if err != nil {
		return err
	}
	files := slices.Clone(r.File)
	rank := func(f *zip.File) int {
		if f.Name == "[Content_Types].xml" {
			return 0
		}
		return 1
	}
	slices.SortFunc(files, func(a, b *zip.File) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Name, b.Name))
	})
	out := zip.NewWriter(z.w)
	for _, f := range files {
		fw, err := out.CreateRaw(&f.FileHeader)
		if err != nil {
			return err
		}
		fr, err := f.OpenRaw()
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, fr); err != nil {
			return err
		}
	}
	return out.Close()
}

// remove deletes the staging file.
func (z *sortedZip) remove() {
	if z.tmp != nil {
		z.tmp.Close()
		os.Remove(z.tmp.Name())
	}
}

type xlsxWriter struct {
	f    *excelize.File
	d    *Data
	lang string
	// styles
	header, text, wrap, integer, score, date, dateTime int
}

// xlsxDay is a calendar day, written as a date cell without a time.
type xlsxDay time.Time

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
	top := &excelize.Alignment{Vertical: "top"}
	dateFmt, dateTimeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&x.header, excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&x.text, excelize.Style{Alignment: top}},
		{&x.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&x.integer, excelize.Style{Alignment: top, NumFmt: 1}},
		{&x.score, excelize.Style{Alignment: top, NumFmt: 2}},
		{&x.date, excelize.Style{Alignment: top, CustomNumFmt: &dateFmt}},
		{&x.dateTime, excelize.Style{Alignment: top, CustomNumFmt: &dateTimeFmt}},
	} {
		id, err := x.f.NewStyle(&s.style)
		if err != nil {
			return err
		}
		*s.id = id
	}
	return nil
}

// column is one column of a sheet's table.
type xlsxColumn struct {
	head string
	wrap bool // long text: wrapped, width capped at xlsxMaxTextWidth
}

// table sizes the columns of a sheet from the values written in them.
type xlsxTable struct {
	cols  []xlsxColumn
	width []int
}

func newXLSXTable(cols []xlsxColumn) *xlsxTable {
	t := &xlsxTable{cols: cols, width: make([]int, len(cols))}
	for i, c := range cols {
		t.width[i] = cellWidth(c.head)
	}
	return t
}

func (t *xlsxTable) measure(row []any) {
	for i, v := range row {
		var n int
		switch v := v.(type) {
		case string:
			n = cellWidth(v)
		case int:
			n = len(strconv.Itoa(v))
		case int64:
			n = len(strconv.FormatInt(v, 10))
		case float64:
			n = 4
		case time.Time:
			n = len("2006-01-02 15:04:05")
		case xlsxDay:
			n = len("2006-01-02")
		}
		t.width[i] = max(t.width[i], n)
	}
}

// widths are the column widths: the widest value plus a margin, capped.
func (t *xlsxTable) widths() []float64 {
	ws := make([]float64, len(t.cols))
	for i, c := range t.cols {
		limit := xlsxMaxOtherWidth
		if c.wrap {
			limit = xlsxMaxTextWidth
		}
		ws[i] = float64(min(max(t.width[i], 6)+2, limit))
	}
	return ws
}

// cell gives v the style its type and column call for.
func (x *xlsxWriter) cell(c xlsxColumn, v any) any {
	style := x.text
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		if v == "" {
			return nil
		}
		if c.wrap {
			style = x.wrap
		}
	case int, int64:
		style = x.integer
	case float64:
		style = x.score
	case time.Time:
		style = x.dateTime
	case xlsxDay:
		style = x.date
		return excelize.Cell{StyleID: style, Value: time.Time(v)}
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// timeline writes the events into the sheet and returns how many there
// are (all of them, including any beyond the sheet's last row).
func (x *xlsxWriter) timeline(ctx context.Context, sheet string) (int, error) {
	cols := []xlsxColumn{
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
	}
	vals := make([]any, len(cols))
	row := func(e Event) []any {
		var dur any
		if e.DurationS >= 0 {
			dur = e.DurationS
		}
		vals[0], vals[1], vals[2] = e.Time.Truncate(time.Second), e.Phone, showCode(x.lang, e.Kind)
		vals[3], vals[4], vals[5] = showDirection(x.lang, e.Kind, e.Direction), showCode(x.lang, e.Status), e.Number
		vals[6], vals[7], vals[8] = e.ContactName, dur, e.Body
		vals[9], vals[10] = showCodes(x.lang, e.Labels, ", "), showCode(x.lang, e.Why)
		vals[11], vals[12], vals[13], vals[14] = showCodes(x.lang, e.Witnesses, ", "), e.Source, e.Locator, e.ID
		return vals
	}
	t := newXLSXTable(cols)
	n := 0
	err := x.d.Events(ctx, func(e Event) error {
		n++
		if n <= xlsxMaxTimelineRows {
			t.measure(row(e))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	rows := min(n, xlsxMaxTimelineRows)
	return n, x.stream(sheet, t, rows, true, func(emit func([]any) error) error {
		written := 0
		return x.d.Events(ctx, func(e Event) error {
			if written == xlsxMaxTimelineRows {
				return nil
			}
			written++
			return emit(row(e))
		})
	})
}

func xlsxFrozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// table writes a sheet of n rows from data in memory: row(i) gives the
// values of row i, once to size the columns and once to write them, so
// that the cells are never all in memory at once.
func (x *xlsxWriter) table(sheet string, cols []xlsxColumn, n int, row func(i int) []any, filter bool) error {
	t := newXLSXTable(cols)
	for i := range n {
		t.measure(row(i))
	}
	return x.stream(sheet, t, n, filter, func(emit func([]any) error) error {
		for i := range n {
			if err := emit(row(i)); err != nil {
				return err
			}
		}
		return nil
	})
}

// stream writes a sheet of n rows under a frozen bold header, with the
// widths t measured and an autofilter when filter; write calls emit for
// each row.
func (x *xlsxWriter) stream(sheet string, t *xlsxTable, n int, filter bool, write func(emit func([]any) error) error) error {
	f := x.f
	if filter && n > 0 {
		// Set before the stream writer reads the sheet, which then
		// writes it after the rows.
		last, err := excelize.CoordinatesToCellName(len(t.cols), n+1)
		if err != nil {
			return err
		}
		if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range t.widths() {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(xlsxFrozenHeader()); err != nil {
		return err
	}
	cells := make([]any, len(t.cols))
	for i, c := range t.cols {
		cells[i] = excelize.Cell{StyleID: x.header, Value: c.head}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	widths := t.widths()
	r := 1
	err = write(func(vals []any) error {
		r++
		lines := 1
		for i, v := range vals {
			cells[i] = x.cell(t.cols[i], v)
			if s, ok := v.(string); ok && t.cols[i].wrap {
				lines = max(lines, wrappedLines(s, widths[i]))
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		if lines > 1 {
			// Set the height of rows with wrapped text: not every
			// spreadsheet fits rows to their text when it opens a file.
			h := min(float64(lines)*xlsxLineHeight, excelize.MaxRowHeight)
			return sw.SetRow(ref, cells, excelize.RowOpts{Height: h})
		}
		return sw.SetRow(ref, cells)
	})
	if err != nil {
		return err
	}
	if r-1 != n {
		return fmt.Errorf("%d rows written, %d counted: the case changed while it was read", r-1, n)
	}
	return sw.Flush()
}

func (x *xlsxWriter) summary(sheet string, events int) error {
	d, a := x.d, x.d.Analysis
	var rows [][]any
	add := func(item string, value any, detail string) {
		rows = append(rows, []any{item, value, detail})
	}
	add(x.t("手机主人", "Phone owner"), a.Owner, "")
	sep := x.t("、", ", ")
	add(x.t("平台", "Platforms"), strings.Join(a.Platforms, sep), "")
	add(x.t("时区", "Time zone"), a.Timezone, "")
	none := x.t("数据不足以确定", "not supported by the data")
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
	add(x.t("催收号码", "Collector numbers"), len(d.Collectors), "")
	add(x.t("本人收到的催收来电", "Collection calls to the owner"), calls, "")
	add(x.t("本人收到的催收短信", "Collection messages to the owner"), msgs, "")
	note := ""
	if events > xlsxMaxTimelineRows {
		note = x.t(fmt.Sprintf("工作表只能容纳前 %d 条；CSV 和 JSON 时间线包含全部事件", xlsxMaxTimelineRows),
			fmt.Sprintf("the sheet holds the first %d; the CSV and JSON timelines hold every event", xlsxMaxTimelineRows))
	}
	add(x.t("时间线事件", "Timeline events"), events, note)
	c := a.Counts
	add(x.t("全部事件", "All events"), c.Events, "")
	add(x.t("通话", "Calls"), c.Calls, "")
	add(x.t("短信", "SMS"), c.SMS, "")
	add(x.t("彩信", "MMS"), c.MMS, "")
	add(x.t("未能导入的记录", "Records not imported"), c.Rejected, "")
	tp := d.ThirdParty
	add(x.t("催收打到的其他手机", "Other phones collectors reached"), strings.Join(tp.Phones, sep), "")
	add(x.t("其中出现的催收号码", "Collector numbers seen there"), tp.Numbers, "")
	add(x.t("其中的来电和短信", "Their calls and messages there"), tp.Events, "")
	add(x.t("亲友转告催收的短信", "Messages relaying a collector's contact"), tp.Relays, "")
	for _, v := range a.Violations {
		add(x.t("可能的违规：", "Possible violation: ")+v.Title, v.Count, v.Source)
	}
	if d.Mask {
		add(x.t("脱敏", "Masked"), x.t("是", "yes"),
			x.t("第三方的号码和姓名已隐去", "third parties' numbers and names are hidden"))
	}
	return x.table(sheet, []xlsxColumn{
		{head: x.t("项目", "Item"), wrap: true},
		{head: x.t("内容", "Value"), wrap: true},
		{head: x.t("依据与说明", "Evidence and notes"), wrap: true},
	}, len(rows), func(i int) []any { return rows[i] }, false)
}

func (x *xlsxWriter) numbers(sheet string) error {
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
	}, len(numbers), func(i int) []any {
		n := &numbers[i]
		return []any{
			n.Number, n.ContactName, showCode(x.lang, n.Category), n.Score,
			x.time(n.FirstSeen), x.time(n.LastSeen), n.Calls, n.Messages,
			strings.Join(n.Phones, ", "), strings.Join(n.Reasons, "\n"),
		}
	}, true)
}

func (x *xlsxWriter) violations(sheet string) error {
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
	}, len(findings), func(i int) []any {
		v, f := findings[i].v, findings[i].f
		ids := make([]string, len(f.Events))
		for i, id := range f.Events {
			ids[i] = strconv.FormatInt(id, 10)
		}
		return []any{
			v.Title, v.Source, x.calendarDay(f.Day), f.Number, f.Phone, f.Count,
			x.time(f.First), x.time(f.Last), strings.Join(ids, ", "),
		}
	}, true)
}

func (x *xlsxWriter) sources(sheet string) error {
	var rows [][]any
	for _, s := range x.d.Sources {
		rejects := make([]string, len(s.Rejects))
		for i, r := range s.Rejects {
			rejects[i] = r.Locator.String() + ": " + rejectText(x.d, r.Reason)
		}
		rows = append(rows, []any{
			s.Name, s.Format, s.Phone, s.SHA256, s.Size, s.Read, s.Inserted, s.Duplicates, s.Rejected,
			strings.Join(rejects, "\n"),
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
	}, len(rows), func(i int) []any { return rows[i] }, true)
}

// time reads a time of the analysis (RFC 3339) into the case's zone; a
// time it cannot read stays text.
func (x *xlsxWriter) time(s string) any {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(x.d.Loc)
}

// calendarDay reads a date of the analysis (2006-01-02); one it cannot
// read stays text.
func (x *xlsxWriter) calendarDay(s string) any {
	t, err := time.ParseInLocation(time.DateOnly, s, x.d.Loc)
	if err != nil {
		return s
	}
	return xlsxDay(t)
}

// docProps are the workbook's properties. Its creation time is the latest
// import of a source, the last change to the evidence, so that the same
// case gives the same bytes; the generation time goes in the manifest.
func (x *xlsxWriter) docProps() *excelize.DocProperties {
	var last int64
	for _, s := range x.d.Sources {
		last = max(last, s.ImportedAt)
	}
	created := time.UnixMilli(last).UTC().Format(time.RFC3339)
	lang := x.t("zh-CN", "en")
	return &excelize.DocProperties{
		Title:          x.t("催收骚扰证据", "Debt-collection harassment evidence"),
		Creator:        "leaktrail",
		LastModifiedBy: "leaktrail",
		Created:        created,
		Modified:       created,
		Language:       lang,
	}
}
