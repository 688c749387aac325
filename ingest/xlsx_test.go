package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// xlsxParts are the parts of a minimal workbook with one sheet named S;
// tests replace or add parts.
func xlsxParts(sheet string) map[string]string {
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`</Relationships>`,
		"xl/worksheets/sheet1.xml": sheetXML(sheet),
	}
}

// sheetXML wraps rows in a worksheet.
func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData></worksheet>`
}

// zipParts builds a zip of the parts, [Content_Types].xml first, the
// others in name order.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := slices.SortedFunc(maps.Keys(parts), func(a, b string) int {
		// [Content_Types].xml first, as Office writes it.
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rank(name string) int {
	if name == "[Content_Types].xml" {
		return 0
	}
	return 1
}

// readXLSX reads every row of a workbook.
func readXLSX(t *testing.T, file []byte, lim *xlsxLimits) ([]string, error) {
	t.Helper()
	if lim == nil {
		lim = &defaultXLSXLimits
	}
	src, err := openXLSX(t.Context(), bytes.NewReader(file), lim)
	if err != nil {
		return nil, err
	}
	defer src.close()
	return drain(t, src), nil
}

func TestXLSXRows(t *testing.T) {
	f := excelize.NewFile()
	w := newSheet(t, f, "第3页")
	w.add("起始时间", "对方号码", "通话时长（秒）")
	w.skip(2)
	w.add("2026/02/03 09:15:27", 13800138000, 48, true, formula("1/0"), 0.15, "")
	w.add(nil, nil, nil, nil, "far")
	w.add("", "")
	w2 := newSheet(t, f, "第1页")
	w2.add(46082.5416666667, "x")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := readXLSX(t, buf.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"第3页!1: 起始时间|对方号码|通话时长（秒）",
		"第3页!4: 2026/02/03 09:15:27|13800138000|48|1||0.15",
		"第3页!5: ||||far",
		"第1页!1: 46082.5416666667|x",
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestXLSXSheetXML(t *testing.T) {
	tests := []struct {
		name  string
		sheet string
		sst   string
		want  []string
	}{
		{
			name:  "shared, inline and error cells",
			sheet: `<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>内联</t></is></c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" t="str"><v>公式</v></c><c r="E1" t="b"><v>0</v></c></row>`,
			sst:   `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>零</t></si><si><r><t>富</t></r><r><t>文本</t></r></si></sst>`,
			want:  []string{"S!1: 富文本|内联||公式|0"},
		},
		{
			name:  "rows and cells without references",
			sheet: `<row><c><v>1</v></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>b</t></is></c></row>`,
			want:  []string{"S!1: 1|2", "S!2: b"},
		},
		{
			name: "a row numbered below the one before is merged into it, as excelize does",
			sheet: `<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row>` +
				`<row r="6"><c r="A6"><v>3</v></c></row>`,
			want: []string{"S!5: 1|2", "S!6: 3"},
		},
		{
			name:  "markup that is not a row",
			sheet: `<!-- <row r="2"> --><row r="1"><c r="A1"><v><![CDATA[<row r="9">]]></v></c></row><?pi <row r="7"> ?><row r="2"><c r="A2"><v>&lt;row&gt;</v></c></row>`,
			want:  []string{"S!1: <row r=\"9\">", "S!2: <row>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := xlsxParts(tt.sheet)
			if tt.sst != "" {
				parts["xl/sharedStrings.xml"] = tt.sst
			}
			got, err := readXLSX(t, zipParts(t, parts), nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestXLSXDamagedSheet checks that rows lost to malformed sheet XML,
// where excelize's row iterator stops without a word, are rejected.
func TestXLSXDamagedSheet(t *testing.T) {
	rows := `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`
	lost := func(at int, why string) string {
		return fmt.Sprintf("S!3: reject: the sheet's XML is malformed at byte %d (%s): this row may be incomplete and any rows after it are lost", at, why)
	}
	cut := `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `<row r="3"><c r="A3"><v>3`
	entity := sheetXML(rows + `<row r="3"><c r="A3" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row><row r="4"><c r="A4"><v>4</v></c></row>`)
	mismatch := sheetXML(rows + `<row r="3"><c r="A3"><v>3</v></x></row><row r="4"><c r="A4"><v>4</v></c></row>`)
	utf8 := sheetXML(rows + "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>\xff</t></is></c></row>")
	tests := []struct {
		name  string
		sheet string
		want  []string
	}{
		// The value of the cut cell is lost with its </v>: row 3 is blank.
		{"cut in the middle of a row", cut, []string{"S!1: 1", "S!2: 2", lost(len(cut), "unexpected EOF")}},
		{"unknown entity", entity, []string{"S!1: 1", "S!2: 2", lost(strings.Index(entity, "a&nbsp;"), "invalid character entity &nbsp;")}},
		{"mismatched end tag", mismatch, []string{"S!1: 1", "S!2: 2", "S!3: 3", lost(strings.Index(mismatch, "</x>"), "element <c> closed by </x>")}},
		{"invalid UTF-8", utf8, []string{"S!1: 1", "S!2: 2", lost(strings.Index(utf8, "\xff"), "invalid UTF-8")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := xlsxParts("")
			parts["xl/worksheets/sheet1.xml"] = tt.sheet
			got, err := readXLSX(t, zipParts(t, parts), nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// bomb returns n bytes of XML that deflate shrinks a thousandfold.
func bomb(n int, unit string) string {
	return strings.Repeat(unit, n/len(unit))
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestXLSXZipBomb(t *testing.T) {
	small := defaultXLSXLimits
	small.unzip = 16 << 20
	tests := []struct {
		name string
		lim  *xlsxLimits
		file func() []byte
		want string
	}{
		{
			name: "a sheet that unzips past the total",
			lim:  &small,
			file: func() []byte {
				return zipParts(t, xlsxParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>`+bomb(32<<20, "a")+`</t></is></c></row>`))
			},
			want: "decompressed size exceeds 16 MiB",
		},
		{
			name: "a part that says it unzips to 5 GiB",
			file: func() []byte { return declaredBomb(t, "xl/worksheets/sheet1.xml", 5<<30) },
			want: "decompressed size exceeds 4 GiB",
		},
		{
			name: "a styles part held in memory",
			file: func() []byte {
				parts := xlsxParts("")
				parts["xl/styles.xml"] = "<styleSheet>" + bomb(20<<20, " ") + "</styleSheet>"
				return zipParts(t, parts)
			},
			want: "decompressed size of part xl/styles.xml exceeds 16 MiB",
		},
		{
			name: "one cell of 32 MiB",
			file: func() []byte {
				return zipParts(t, xlsxParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>`+bomb(32<<20, "a")+`</t></is></c></row>`))
			},
			want: fmt.Sprintf("part xl/worksheets/sheet1.xml: XML token at byte %d exceeds 1 MiB", strings.Index(sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>a`), "<t>a")+3),
		},
		{
			name: "a row of two million cells",
			file: func() []byte {
				return zipParts(t, xlsxParts(`<row r="1">`+bomb(2e6*15, "<c><v>1</v></c>")+`</row>`))
			},
			want: "part xl/worksheets/sheet1.xml: XML of row 1 exceeds 8 MiB",
		},
		{
			name: "four million shared strings",
			file: func() []byte {
				parts := xlsxParts(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
				parts["xl/sharedStrings.xml"] = "<sst>" + bomb(5<<22*5, "<si/>") + "</sst>"
				return zipParts(t, parts)
			},
			want: "part xl/sharedStrings.xml: shared string items exceeds 4194304 shared strings",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file()
			var err error
			n := allocated(func() { _, err = readXLSX(t, file, tt.lim) })
			var le *limitError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a *limitError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("got %q, want %q", err, tt.want)
			}
			if n > 16<<20 {
				t.Errorf("allocated %d MiB reading a %d KiB file", n>>20, len(file)>>10)
			}
			t.Logf("%d KiB file refused after allocating %d KiB", len(file)>>10, n>>10)
		})
	}
}

// declaredBomb is a workbook whose part name claims size bytes
// decompressed (zip64), with only a little data behind it.
func declaredBomb(t *testing.T, name string, size uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := xlsxParts("")
	delete(parts, name)
	for _, n := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[n])
	}
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(data.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestXLSXWideRow: a row of a million columns, within the bound on a
// row's XML, is rejected and the next row is read.
func TestXLSXWideRow(t *testing.T) {
	sheet := `<row r="1">` + bomb(999_999*4, "<c/>") + `<c><v>7</v></c></row><row r="2"><c r="A2"><v>8</v></c></row>`
	var got []string
	var err error
	n := allocated(func() { got, err = readXLSX(t, zipParts(t, xlsxParts(sheet)), nil) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"S!1: reject: row has 1000000 columns, more than a worksheet can have (16384)", "S!2: 8"}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	t.Logf("allocated %d MiB", n>>20)
}

func TestXLSXTruncated(t *testing.T) {
	whole, err := os.ReadFile(filepath.Join("..", "testdata", "carrier", "china-telecom-2026-02.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{4, 100, len(whole) / 2, len(whole) - 22, len(whole) - 1} {
		_, err := readXLSX(t, whole[:n], nil)
		if !errors.Is(err, zip.ErrFormat) || !strings.Contains(err.Error(), "truncated") {
			t.Errorf("cut at %d: got %v, want a zip format error that says the file may be truncated", n, err)
		}
	}
}

func TestXLSXRefused(t *testing.T) {
	inCell := sheetXML(`<row r="1"><c r="A1"><f aca="x"><row r="1048576"/></f></c></row>`)
	sheetDataInCell := sheetXML(`<row r="1"><c r="A1"><sheetData/></c></row>`)
	cellInCell := sheetXML(`<row r="1"><c r="A1"><c r="B1"/></c></row>`)
	tests := []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"DOCTYPE", map[string]string{"xl/worksheets/sheet1.xml": `<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>`}, "part xl/worksheets/sheet1.xml: a DOCTYPE or other directive exceeds what leaktrail reads"},
		{"entity in a row number", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="&#49;"/>`)}, "part xl/worksheets/sheet1.xml: a character reference in a row number or cell reference exceeds what leaktrail reads"},
		{"deep nesting", map[string]string{"xl/worksheets/sheet1.xml": strings.Repeat("<a>", 300)}, "part xl/worksheets/sheet1.xml: element nesting exceeds 256"},
		// excelize would read on inside the cell when decoding <f> fails
		// and take the row for a new one, numbered 1048576.
		{"row inside a cell", map[string]string{"xl/worksheets/sheet1.xml": inCell}, fmt.Sprintf("part xl/worksheets/sheet1.xml: <row> inside a cell at byte %d exceeds what leaktrail reads", strings.Index(inCell, `<row r="1048576"`))},
		{"cell inside a cell", map[string]string{"xl/worksheets/sheet1.xml": cellInCell}, fmt.Sprintf("part xl/worksheets/sheet1.xml: <c> inside a cell at byte %d exceeds what leaktrail reads", strings.Index(cellInCell, `<c r="B1"`))},
		{"sheetData inside a cell", map[string]string{"xl/worksheets/sheet1.xml": sheetDataInCell}, fmt.Sprintf("part xl/worksheets/sheet1.xml: <sheetData> inside a cell at byte %d exceeds what leaktrail reads", strings.Index(sheetDataInCell, "<sheetData/>"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := xlsxParts("")
			for k, v := range tt.parts {
				parts[k] = v
			}
			_, err := readXLSX(t, zipParts(t, parts), nil)
			var le *limitError
			if !errors.As(err, &le) || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestXMLGuardReplaysExcelize checks the guard's idea of the last row of a
// sheet against what excelize's row iterator returns.
func TestXMLGuardReplaysExcelize(t *testing.T) {
	for _, rows := range []string{
		`<row r="1"><c r="A1"><v>1</v></c></row><row r="4"/><row r="9"><c r="A9"><v>9</v></c></row>`,
		`<row><c><v>1</v></c></row><row/><row><c><v>3</v></c></row>`,
		`<row r="5"><c><v>5</v></c></row><row r="3"><c><v>3</v></c></row><row><c><v>4</v></c></row><row/><row><c><v>6</v></c></row>`,
		`<row r="2" xmlns:r="urn:x"><c><v>1</v></c></row><row r="7"/>`,
		`<row r="-3"><c><v>1</v></c></row><row r="0"/><row r="2"/>`,
		`<row r="x"/><row r="4"/><row/>`,
		`<row r="3"/></sheetData><sheetData><row r="2"><c><v>1</v></c></row><row r="8"/>`,
		`<row r="3"/></sheetData><foo><row r="9"/></foo><sheetData>`,
		`<row r="1"><c r="A1"><f aca="maybe">1+1</f><v>2</v></c></row><row r="2"/>`,
		`<x:row xmlns:x="urn:y" r="6"/><row:row r="8"/><a:b:row r="9"/>`,
		`<row r="1"/><row r="99999999"/><row r="2"/>`,
		`<row r=""/></sheetData><foo><row r=""/></foo><sheetData>`,
		`<row r="3"><c><v>1</v></c></row><row r="x"/><row r="2"/><row r="4"/><row r="4"/><row r="5"/>`,
		`<row r="x"><c><v>1</v></c></row><row r="1"/></sheetData><sheetData><row r="2"/>`,
		`<row r="41"><c r="51"><v>1</v></c></row><row r="4"/><row r=" "><c r="A9"><v>9</v></c></row>`,
		`<row r="2"><c r="A2"><v>1</v></c><c r="XFE2"><v>2</v></c><c r="B2"><v>3</v></c></row><row r="2"/><row r="3"/>`,
		`<row r="2"><c s="x" r="ZZ"><v>1</v></c></row><row r="1"/><row r="3"/>`,
		`<row r="2"><c r="ZZ" s="x"><v>1</v></c></row><row r="1"/><row r="3"/>`,
		`<row r="2"><c xmlns:r="urn:r"><v>1</v></c></row><row r="1"/><row r="4"/>`,
		`<0:row/><row r="3"/>`, // malformed: excelize stops at once
	} {
		t.Run(rows, func(t *testing.T) {
			xml := sheetXML(rows)
			g := newXMLGuard("sheet", false, &defaultXLSXLimits)
			if err := g.feed([]byte(xml)); err != nil {
				t.Fatal(err)
			}
			if err := g.end(); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(zipParts(t, xlsxParts(rows))))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			it, err := f.Rows("S")
			if err != nil {
				t.Fatal(err)
			}
			var last int64
			for it.Next() {
				last++
				it.Columns()
			}
			if g.lastRow != last {
				t.Errorf("guard: last row %d (stop %q), excelize: %d", g.lastRow, g.stopMsg, last)
			}
			if malformed := strings.HasPrefix(rows, "<0:"); malformed != (g.stopMsg != "") {
				t.Errorf("guard stop %q", g.stopMsg)
			}
		})
	}
}

func BenchmarkXMLGuard(b *testing.B) {
	var sb strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&sb, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>13800138000</v></c><c r="C%d"><v>45000.5416666667</v></c></row>`, i+1, i+1, i, i+1, i+1)
	}
	xml := []byte(sheetXML(sb.String()))
	b.SetBytes(int64(len(xml)))
	for b.Loop() {
		g := newXMLGuard("sheet", false, &defaultXLSXLimits)
		if err := g.feed(xml); err != nil {
			b.Fatal(err)
		}
	}
}

func TestXLSXSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		file string
		want bool
	}{
		{"workbook", "PK\x03\x04....[Content_Types].xml....PK\x03\x04...._rels/.rels....xl/workbook.xml", "bill", true},
		{"workbook parts after a long first part", "PK\x03\x04....[Content_Types].xml....", "bill", true},
		{"Word document", "PK\x03\x04....[Content_Types].xml....word/document.xml", "letter", false},
		{"PowerPoint", "PK\x03\x04....[Content_Types].xml....ppt/presentation.xml", "slides", false},
		{"other zip named .xlsx", "PK\x03\x04....data.bin", "bill.XLSX", true},
		{"other zip", "PK\x03\x04....data.bin", "backup.zip", false},
		{"not a zip", "[Content_Types].xml xl/", "bill.xlsx", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (XLSX{}).Sniff([]byte(tt.head), tt.file); got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}
