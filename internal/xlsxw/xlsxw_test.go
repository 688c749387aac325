package xlsxw

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// build writes a workbook that fill fills.
func build(t testing.TB, fill func(wb *Workbook)) []byte {
	t.Helper()
	wb := New(Properties{Title: "Evidence", Creator: "leaktrail", LastModifiedBy: "leaktrail", Language: "en",
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Modified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	wb.TempDir = t.TempDir()
	defer wb.Close()
	fill(wb)
	var b bytes.Buffer
	n, err := wb.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo says %d bytes, wrote %d", n, b.Len())
	}
	if err := wb.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func addStyle(t testing.TB, wb *Workbook, s Style) StyleID {
	t.Helper()
	id, err := wb.AddStyle(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newSheet(t testing.TB, wb *Workbook, name string) *Sheet {
	t.Helper()
	s, err := wb.NewSheet(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func endRow(t testing.TB, s *Sheet, height float64) {
	t.Helper()
	if err := s.EndRow(height); err != nil {
		t.Fatal(err)
	}
}

func open(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

var shanghai = time.FixedZone("CST", 8*60*60)

// sample is a workbook with a table in the first sheet, under a frozen
// bold header with an autofilter, and a second sheet with a few cells.
func sample(t testing.TB, wb *Workbook) {
	header := addStyle(t, wb, Style{Bold: true, Fill: "E7E6E6", BottomBorder: "808080", Vertical: "top", Wrap: true})
	wrap := addStyle(t, wb, Style{Vertical: "top", Wrap: true})
	integer := addStyle(t, wb, Style{Vertical: "top", NumFmt: 1})
	score := addStyle(t, wb, Style{Vertical: "top", NumFmt: 2})
	day := addStyle(t, wb, Style{Vertical: "top", Format: "yyyy-mm-dd"})
	dateTime := addStyle(t, wb, Style{Vertical: "top", Format: "yyyy-mm-dd hh:mm:ss"})

	s := newSheet(t, wb, "Timeline")
	s.FreezeHeader()
	s.AutoFilter()
	for i, h := range []string{"Time", "Day", "Text", "Count", "Score"} {
		s.Text(i, header, h)
	}
	endRow(t, s, 0)
	s.Time(0, dateTime, time.Date(2026, 1, 4, 10, 11, 12, 0, shanghai))
	s.Time(1, day, time.Date(2026, 1, 4, 0, 0, 0, 0, shanghai))
	s.Text(2, wrap, "你的欠款\n今天必须还清")
	s.Int(3, integer, 42)
	s.Float(4, score, 0.75)
	endRow(t, s, 30)
	s.Text(2, wrap, "=HYPERLINK(\"http://x\",\"x\")") // columns A, B, D and E empty
	endRow(t, s, 0)
	s.Int(3, integer, -7)
	endRow(t, s, 1000) // cut to MaxRowHeight
	s.SetColWidths([]float64{21, 12, 60, 0, 8})

	o := newSheet(t, wb, "概要")
	o.Text(0, 0, "Owner")
	o.Text(1, 0, "  owner  ")
	endRow(t, o, 0)
}

func TestReadBack(t *testing.T) {
	f := open(t, build(t, func(wb *Workbook) { sample(t, wb) }))
	if got, want := f.GetSheetList(), []string{"Timeline", "概要"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows("Timeline")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Time", "Day", "Text", "Count", "Score"},
		{"2026-01-04 10:11:12", "2026-01-04", "你的欠款\n今天必须还清", "42", "0.75"},
		{"", "", `=HYPERLINK("http://x","x")`},
		{"", "", "", "-7"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Timeline rows (-want +got):\n%s", diff)
	}
	if got, err := f.GetCellValue("概要", "B1"); err != nil || got != "  owner  " {
		t.Errorf("概要!B1 = %q, %v, want %q", got, err, "  owner  ")
	}

	panes, err := f.GetPanes("Timeline")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	if panes, _ := f.GetPanes("概要"); panes.Freeze {
		t.Errorf("概要 has frozen panes")
	}
	var filters []string
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, n.Scope+" "+n.RefersTo)
		}
	}
	if want := []string{"Timeline 'Timeline'!$A$1:$E$4"}; !slices.Equal(filters, want) {
		t.Errorf("filters %q, want %q", filters, want)
	}

	for col, want := range map[string]float64{"A": 21, "B": 12, "C": 60, "E": 8} {
		if got, err := f.GetColWidth("Timeline", col); err != nil || got != want {
			t.Errorf("column %s width %v, %v, want %v", col, got, err, want)
		}
	}
	for row, want := range map[int]float64{1: 15, 2: 30, 3: 15, 4: MaxRowHeight} {
		if got, err := f.GetRowHeight("Timeline", row); err != nil || got != want {
			t.Errorf("row %d height %v, %v, want %v", row, got, err, want)
		}
	}

	for _, c := range []struct {
		cell   string
		typ    excelize.CellType
		raw    string
		bold   bool
		wrap   bool
		format string
	}{
		{"A1", excelize.CellTypeInlineString, "Time", true, true, ""},
		{"A2", excelize.CellTypeUnset, "46026.42444444444", false, false, "yyyy-mm-dd hh:mm:ss"},
		{"B2", excelize.CellTypeUnset, "46026", false, false, "yyyy-mm-dd"},
		{"C2", excelize.CellTypeInlineString, "你的欠款\n今天必须还清", false, true, ""},
		{"D2", excelize.CellTypeUnset, "42", false, false, "#1"},
		{"E2", excelize.CellTypeUnset, "0.75", false, false, "#2"},
		{"C3", excelize.CellTypeInlineString, `=HYPERLINK("http://x","x")`, false, true, ""},
	} {
		typ, err := f.GetCellType("Timeline", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := f.GetCellValue("Timeline", c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		formula, err := f.GetCellFormula("Timeline", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		id, err := f.GetCellStyle("Timeline", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		format := ""
		if st.CustomNumFmt != nil {
			format = *st.CustomNumFmt
		} else if st.NumFmt != 0 {
			format = "#" + strconv.Itoa(st.NumFmt)
		}
		bold := st.Font != nil && st.Font.Bold
		wrap := st.Alignment != nil && st.Alignment.WrapText
		if typ != c.typ || raw != c.raw || formula != "" || bold != c.bold || wrap != c.wrap || format != c.format {
			t.Errorf("%s: type %v, %q, formula %q, bold %v, wrap %v, format %q; want type %v, %q, no formula, bold %v, wrap %v, format %q",
				c.cell, typ, raw, formula, bold, wrap, format, c.typ, c.raw, c.bold, c.wrap, c.format)
		}
	}

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	wantProps := excelize.DocProperties{Title: "Evidence", Creator: "leaktrail", LastModifiedBy: "leaktrail",
		Language: "en", Created: "2026-01-02T03:04:05Z", Modified: "2026-01-02T03:04:05Z"}
	if diff := cmp.Diff(wantProps, *props); diff != "" {
		t.Errorf("properties (-want +got):\n%s", diff)
	}
}

// hostile are texts that would run, link, mislead or break the file if a
// writer let them through.
var hostile = []string{
	`=HYPERLINK("http://x","点击查看")`,
	`+cmd|' /C calc'!A0`,
	`-2+3`,
	`@SUM(A1)`,
	"\t=1+1",
	"  =1+2",
	"\r=1+3",
	"＝1+4",
	`<script>alert("x")</script>`,
	"]]><x>&amp;",
	"你的欠款\u202egnp.exe 今天必须还清",
	"_x0041_ 今天还钱",
	"_x005F_x0041__xD800_",
	"\x07响铃\x1b[31m红字\x00",
	"bad \xff\xfe utf-8 \xc3",
	"lone \xed\xa0\x80 surrogate",
	"\uFFFE\uFFFF",
	"ends in a line break\n",
	"谢谢兄弟🙏",
	strings.Repeat("长", MaxCellChars+100),
	strings.Repeat("a", MaxCellChars-1) + "🙏",
}

// TestHostileText writes each hostile text in a cell and reads it back as
// exactly the sanitized text, in a string cell with no formula.
func TestHostileText(t *testing.T) {
	b := build(t, func(wb *Workbook) {
		s := newSheet(t, wb, "Texts")
		for _, h := range hostile {
			s.Text(0, 0, h)
			endRow(t, s, 0)
		}
	})
	f := open(t, b)
	for i, h := range hostile {
		cell := "A" + strconv.Itoa(i+1)
		got, err := f.GetCellValue("Texts", cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := sanitize(h); got != want {
			t.Errorf("%s holds %q, want %q", cell, abbrev(got), abbrev(want))
		}
		typ, err := f.GetCellType("Texts", cell)
		if err != nil {
			t.Fatal(err)
		}
		formula, err := f.GetCellFormula("Texts", cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString || formula != "" {
			t.Errorf("%s has type %v and formula %q, want a string", cell, typ, formula)
		}
	}
}

func abbrev(s string) string {
	if len(s) > 80 {
		return s[:40] + "…" + s[len(s)-40:]
	}
	return s
}

// big is a workbook large enough that its rows go through the background
// compressor in several chunks.
func big(t testing.TB, wb *Workbook) {
	style := addStyle(t, wb, Style{Format: "yyyy-mm-dd hh:mm:ss"})
	s := newSheet(t, wb, "Big")
	s.FreezeHeader()
	s.AutoFilter()
	s.Text(0, 0, "Time")
	s.Text(1, 0, "Text")
	endRow(t, s, 0)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	for i := range 20_000 {
		s.Time(0, style, at.Add(time.Duration(i)*time.Minute))
		s.Text(1, 0, "第"+strconv.Itoa(i)+"条：你在速借宝的借款已逾期，今天必须还清")
		endRow(t, s, 0)
	}
	s.SetColWidths([]float64{20, 60})
}

// TestDeterministic wants the same bytes from the same calls, whether the
// rows wait in memory or in a file.
func TestDeterministic(t *testing.T) {
	for _, c := range []struct {
		name string
		fill func(testing.TB, *Workbook)
	}{
		{"small", sample},
		{"big", big},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := build(t, func(wb *Workbook) { c.fill(t, wb) })
			b := build(t, func(wb *Workbook) { c.fill(t, wb) })
			f := build(t, func(wb *Workbook) { wb.inMemory = 0; c.fill(t, wb) })
			if !bytes.Equal(a, b) || !bytes.Equal(a, f) {
				t.Errorf("the same workbook gave different bytes (%d, %d, %d through a file)", len(a), len(b), len(f))
			}
		})
	}
}

// TestZip reads every part back, which checks their CRC-32s, and wants
// them in a fixed order, with no times.
func TestZip(t *testing.T) {
	b := build(t, func(wb *Workbook) { sample(t, wb); big(t, wb) })
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
		if f.ModifiedDate != 0 || f.ModifiedTime != 0 || len(f.Extra) != 0 {
			t.Errorf("%s has a time: %v %v, extra %x", f.Name, f.ModifiedDate, f.ModifiedTime, f.Extra)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		if err != nil {
			t.Errorf("read %s: %v", f.Name, err)
		}
		if uint64(n) != f.UncompressedSize64 {
			t.Errorf("%s: %d bytes, header says %d", f.Name, n, f.UncompressedSize64)
		}
		rc.Close()
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
		"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
		"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("parts %q, want %q", names, want)
	}
	f := open(t, b)
	rows, err := f.Rows("Big")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if n != 20_001 {
		t.Errorf("Big has %d rows, want 20001", n)
	}
}

// TestTempFiles wants the files of large sheets gone after Close, also
// when the workbook was never written.
func TestTempFiles(t *testing.T) {
	for _, write := range []bool{false, true} {
		dir := t.TempDir()
		wb := New(Properties{})
		wb.TempDir, wb.inMemory = dir, 0
		big(t, wb)
		if write {
			if _, err := wb.WriteTo(io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		if err := wb.Close(); err != nil {
			t.Fatal(err)
		}
		if ents, err := os.ReadDir(dir); err != nil || len(ents) != 0 {
			t.Errorf("after Close (written %v): %v, %v", write, ents, err)
		}
	}
}

func TestErrors(t *testing.T) {
	wb := New(Properties{})
	defer wb.Close()
	if _, err := wb.WriteTo(io.Discard); err == nil {
		t.Error("a workbook without sheets was written")
	}
	for _, name := range []string{"", strings.Repeat("长", 32), "a/b", "a[1]", "'quoted'", "bell\x07", "bad \xff"} {
		if _, err := wb.NewSheet(name); err == nil {
			t.Errorf("NewSheet(%q) took the name", name)
		}
	}
	if _, err := wb.NewSheet("Data"); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.NewSheet("DATA"); err == nil {
		t.Error("two sheets named Data and DATA")
	}
	for _, s := range []Style{{Fill: "red"}, {BottomBorder: "12345"}, {Vertical: "middle"}, {NumFmt: 200}, {Format: "\x00"}} {
		if _, err := wb.AddStyle(s); err == nil {
			t.Errorf("AddStyle(%+v) took it", s)
		}
	}

	for _, c := range []struct {
		name string
		fill func(*Sheet)
	}{
		{"columns out of order", func(s *Sheet) { s.Int(2, 0, 1); s.Int(1, 0, 1) }},
		{"column twice", func(s *Sheet) { s.Int(1, 0, 1); s.Int(1, 0, 1) }},
		{"too many columns", func(s *Sheet) { s.Int(MaxCols, 0, 1) }},
		{"no such style", func(s *Sheet) { s.Text(0, 99, "x") }},
		{"NaN", func(s *Sheet) { s.Float(0, 0, math.NaN()) }},
		{"infinity", func(s *Sheet) { s.Float(0, 0, math.Inf(1)) }},
		{"before 1900", func(s *Sheet) { s.Time(0, 0, time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)) }},
		{"after 9999", func(s *Sheet) { s.Time(0, 0, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			wb := New(Properties{})
			defer wb.Close()
			s := newSheet(t, wb, "Data")
			c.fill(s)
			if err := s.EndRow(0); err == nil {
				t.Fatal("EndRow took the row")
			}
			if _, err := wb.WriteTo(io.Discard); err == nil {
				t.Error("WriteTo wrote the sheet")
			}
		})
	}
}

// TestWrittenOnce wants a workbook written once, and no rows after.
func TestWrittenOnce(t *testing.T) {
	wb := New(Properties{})
	defer wb.Close()
	s := newSheet(t, wb, "Data")
	s.Int(0, 0, 1)
	endRow(t, s, 0)
	if _, err := wb.WriteTo(io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := wb.WriteTo(io.Discard); err == nil {
		t.Error("written twice")
	}
	if _, err := wb.NewSheet("More"); err == nil {
		t.Error("a sheet added after writing")
	}
	s.Int(0, 0, 2)
	if err := s.EndRow(0); err == nil {
		t.Error("a row added after writing")
	}
}

func TestTooManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a million rows")
	}
	wb := New(Properties{})
	defer wb.Close()
	wb.TempDir = t.TempDir()
	s := newSheet(t, wb, "Data")
	for range MaxRows {
		if err := s.EndRow(0); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.EndRow(0); err == nil {
		t.Fatalf("row %d ended", MaxRows+1)
	}
}

func TestExcelTime(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want float64
	}{
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), 1},
		{time.Date(1900, 2, 28, 12, 0, 0, 0, time.UTC), 59.5},
		{time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), 61},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 25569},
		{time.Date(2026, 1, 4, 6, 0, 0, 0, time.UTC), 46026.25},
		// The wall clock counts, not the instant.
		{time.Date(2026, 1, 4, 6, 0, 0, 0, shanghai), 46026.25},
		{time.Date(1969, 12, 31, 18, 0, 0, 0, time.FixedZone("", -5*60*60)), 25568.75},
		{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 2958465},
	} {
		got, ok := excelTime(c.t)
		if !ok || got != c.want {
			t.Errorf("excelTime(%v) = %v, %v, want %v", c.t, got, ok, c.want)
		}
	}
}

// FuzzText writes any text in a cell, and wants excelize to read back the
// sanitized text.
func FuzzText(f *testing.F) {
	for _, h := range hostile {
		if len(h) < 1000 {
			f.Add(h)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := build(t, func(wb *Workbook) {
			sh := newSheet(t, wb, "Text")
			sh.Text(0, 0, s)
			endRow(t, sh, 0)
		})
		x := open(t, b)
		got, err := x.GetCellValue("Text", "A1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := sanitize(s); got != want {
			t.Errorf("A1 holds %q, want %q", got, want)
		}
	})
}

func BenchmarkSheet(b *testing.B) {
	wb := New(Properties{})
	defer wb.Close()
	text := addStyle(b, wb, Style{Vertical: "top"})
	wrap := addStyle(b, wb, Style{Vertical: "top", Wrap: true})
	dateTime := addStyle(b, wb, Style{Format: "yyyy-mm-dd hh:mm:ss"})
	s := newSheet(b, wb, "Timeline")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, shanghai)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Time(0, dateTime, at)
		s.Text(1, text, "owner")
		s.Text(2, text, "短信")
		s.Text(3, text, "收到")
		s.Text(4, text, "+8617080451064")
		s.Text(8, wrap, "你在速借宝的借款已逾期，今天必须还清，否则后果自负。我们将联系你的通讯录好友。")
		s.Text(12, text, "messages.xml")
		s.Text(13, text, "line 1045 byte 430166")
		s.Int(14, 0, int64(i))
		if err := s.EndRow(0); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := wb.WriteTo(io.Discard); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
