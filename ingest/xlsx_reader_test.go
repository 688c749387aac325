package ingest

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// sstXML wraps shared string items in a shared string part.
func sstXML(items string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + items + `</sst>`
}

// stylesXML is a styles part with a built-in date format (14), a custom
// date format (164) and a plain number format.
const stylesXML = `<?xml version="1.0" encoding="UTF-8"?>` +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm:ss"/></numFmts>` +
	`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="2" applyNumberFormat="1"/></cellXfs>` +
	`</styleSheet>`

// TestXLSXReader reads sheet XML with XLSX's reader, checks the rows and
// checks that excelize's row iterator, which XLSX used before, reads the
// same.
func TestXLSXReader(t *testing.T) {
	tests := []struct {
		name   string
		sheet  string
		sst    string            // shared string items
		parts  map[string]string // more parts, or replacements
		want   []string
		differ string // why excelize reads otherwise, when it does
	}{
		{
			name:  "shared and inline strings",
			sheet: `<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>内联</t></is></c><c r="C1" t="s"><v> 0 </v></c></row>`,
			sst:   `<si><t>共享0</t></si><si><t>共享1</t></si>`,
			want:  []string{"S!1: 共享1|内联|共享0"},
		},
		{
			name:  "rich text runs, phonetic runs left out",
			sheet: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></is></c></row>`,
			sst:   `<si><r><rPr><rFont val="宋体"/></rPr><t>对方</t></r><r><t>号码</t></r><rPh sb="0" eb="2"><t>たいほう</t></rPh><phoneticPr fontId="1"/></si>`,
			want:  []string{"S!1: 对方号码|富 文本 "},
		},
		{
			name:  "a <t> before the runs comes first, the last <t> wins",
			sheet: `<row r="1"><c r="A1" t="inlineStr"><is><r><t>b</t></r><t>x</t><t>a</t></is></c></row>`,
			want:  []string{"S!1: ab"},
		},
		{
			name:  "gaps in rows and columns",
			sheet: `<row r="2"><c r="C2"><v>1</v></c><c r="F2"><v>2</v></c></row><row r="7"><c r="B7" t="str"><v>x</v></c></row>`,
			want:  []string{"S!2: ||1|||2", "S!7: |x"},
		},
		{
			name:  "rows and cells without references",
			sheet: `<row><c><v>1</v></c><c/><c><v>3</v></c></row><row/><row><c r="C3"><v>4</v></c><c><v>5</v></c></row>`,
			want:  []string{"S!1: 1||3", "S!3: ||4|5"},
		},
		{
			name:  "cells out of order are appended, as excelize does",
			sheet: `<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row>`,
			want:  []string{"S!1: ||3|1"},
		},
		{
			name:  "date cells with built-in and custom formats are read raw",
			sheet: `<row r="1"><c r="A1" s="1"><v>46082</v></c><c r="B1" s="2"><v>46082.5416666667</v></c><c r="C1" s="3"><v>0.15</v></c><c r="D1" t="d"><v>2026-03-01T13:00:00</v></c></row>`,
			parts: map[string]string{"xl/styles.xml": stylesXML},
			want:  []string{"S!1: 46082|46082.5416666667|0.15|2026-03-01T13:00:00"},
		},
		{
			name:  "a 1904 workbook's serials are read raw too",
			sheet: `<row r="1"><c r="A1" s="2"><v>44620.5</v></c></row>`,
			parts: map[string]string{
				"xl/styles.xml": stylesXML,
				"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?>` +
					`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
					`<workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			},
			want: []string{"S!1: 44620.5"},
		},
		{
			name:  "booleans, errors and formulas",
			sheet: `<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1"><f>A1</f></c><c r="E1" t="str"><f>"a"</f><v>a</v></c></row>`,
			want:  []string{"S!1: 1|0|||a"},
		},
		{
			name:  "entities, character references, CDATA and line ends",
			sheet: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lt;a&gt; &amp; &quot;&apos; &#x4E2D;&#25991;</t></is></c><c r=\"B1\"><v><![CDATA[<x>&amp;]]></v></c><c r=\"C1\" t=\"inlineStr\"><is><t>a\r\nb\rc&#13;</t></is></c></row>",
			want:  []string{"S!1: <a> & \"' 中文|<x>&amp;|a\nb\nc\r"},
		},
		{
			name:  "_xHHHH_ escapes",
			sheet: `<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b_x005F_x0041_c_xD800_d_x41_</t></is></c><c r="B1" t="str"><v>_x0041_</v></c></row>`,
			want:  []string{"S!1: a\rb_x0041_cd_x41_|_x0041_"},
		},
		{
			name:  "comments and processing instructions",
			sheet: `<row r="1"><!-- <c r="A1"><v>9</v></c> --><c r="B1"><?pi x?><v>1<!-- 2 -->3</v></c></row>`,
			want:  []string{"S!1: |13"},
		},
		{
			name:  "prefixed elements",
			sheet: `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c></x:row>`,
			want:  []string{"S!1: p"},
		},
		{
			name:  "a shared string index out of the table",
			sheet: `<row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1" t="s"><v>x</v></c><c r="C1"><v>1</v></c></row>`,
			sst:   `<si><t>零</t></si>`,
			want:  []string{"S!1: |零|1"},
		},
		{
			name:  "a cell reference beyond the last column",
			sheet: `<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</v></c></row>`,
			want:  []string{"S!1: reject: cannot read the row: the column number must be greater than or equal to 1 and less than or equal to 16384", "S!2: 3"},
		},
		{
			name:  "a row number beyond the last row",
			sheet: `<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>`,
			want:  []string{"S!1: 1", "S!2: reject: cannot read the sheet after row 1: row number exceeds maximum limit; the rest of the sheet is lost"},
		},
		{
			name:  "a style that is not a number ends the cell",
			sheet: `<row r="1"><c r="B1" s="x"><v>1</v></c><c><v>2</v></c></row>`,
			want:  []string{"S!1: ||2"},
		},
		{
			name:  "a formula attribute that is not a boolean ends the cell",
			sheet: `<row r="1"><c r="A1"><f aca="maybe">1+1</f><v>2</v></c><c r="B1"><v>3</v></c></row>`,
			want:  []string{"S!1: |3"},
		},
		{
			name:  "rows of more columns than a sheet has",
			sheet: `<row r="1">` + strings.Repeat(`<c><v>1</v></c>`, maxColumns+1) + `</row><row r="2"><c r="A2"><v>2</v></c></row>`,
			want:  []string{"S!1: reject: row has 16385 columns, more than a worksheet can have (16384)", "S!2: 2"},
		},
		{
			name:  "hostile text",
			sheet: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\u202e1380013800\u0000</t></is></c></row>",
			want:  []string{"S!1: reject: the sheet's XML is malformed at byte 168 (illegal character code U+0000): this row may be incomplete and any rows after it are lost"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := xlsxParts(tt.sheet)
			if tt.sst != "" {
				parts["xl/sharedStrings.xml"] = sstXML(tt.sst)
			}
			for k, v := range tt.parts {
				parts[k] = v
			}
			file := zipParts(t, parts)
			got, err := readXLSX(t, file, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			ours, theirs, ok := compareWithExcelize(t, file, &defaultXLSXLimits)
			if !ok {
				t.Fatal("the inspection refused the file")
			}
			if diff := gocmp.Diff(theirs, ours); diff != "" {
				t.Errorf("XLSX and excelize read differently (-excelize +XLSX):\n%s", diff)
			}
		})
	}
}

// TestXLSXReaderSheets checks the sheet list: workbook order, hidden
// sheets included, sheets whose part is missing or whose name excelize
// refuses rejected.
func TestXLSXReaderSheets(t *testing.T) {
	parts := xlsxParts(`<row r="1"><c r="A1"><v>1</v></c></row>`)
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<sheets><sheet name="二月" sheetId="2" r:id="rId3"/><sheet name="S" sheetId="1" r:id="rId1" state="hidden"/>` +
		`<sheet name="gone" sheetId="3" r:id="rId9"/><sheet name="a/b" sheetId="4" r:id="rId1"/></sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = strings.Replace(parts["xl/_rels/workbook.xml.rels"], `</Relationships>`,
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>`, 1)
	parts["xl/worksheets/sheet2.xml"] = sheetXML(`<row r="3"><c r="A3" t="inlineStr"><is><t>二</t></is></c></row>`)
	file := zipParts(t, parts)
	got, err := readXLSX(t, file, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"二月!3: 二",
		"S!1: 1",
		"gone!0: reject: cannot read the sheet: sheet gone does not exist",
		"a/b!0: reject: cannot read the sheet: the sheet can not contain any of the characters :\\/?*[or]",
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	ours, theirs, _ := compareWithExcelize(t, file, &defaultXLSXLimits)
	if diff := gocmp.Diff(theirs, ours); diff != "" {
		t.Errorf("XLSX and excelize read differently (-excelize +XLSX):\n%s", diff)
	}
}

// TestXLSXReaderSharedStringBudget: the shared strings held in memory are
// bounded.
func TestXLSXReaderSharedStringBudget(t *testing.T) {
	lim := defaultXLSXLimits
	lim.inMemory = 1 << 20
	parts := xlsxParts(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)
	parts["xl/sharedStrings.xml"] = sstXML(strings.Repeat(`<si><t>`+strings.Repeat("号", 1000)+`</t></si>`, 400))
	_, err := readXLSX(t, zipParts(t, parts), &lim)
	if want := "shared strings held in memory exceeds 1 MiB"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestXLSXReaderFixtures reads the carrier fixtures with XLSX's reader and
// with excelize's.
func TestXLSXReaderFixtures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "*", "*.xlsx"))
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ours, theirs, ok := compareWithExcelize(t, file, &defaultXLSXLimits)
			if !ok {
				t.Skip("the inspection refuses the file")
			}
			if diff := gocmp.Diff(theirs, ours); diff != "" {
				t.Errorf("XLSX and excelize read differently (-excelize +XLSX):\n%s", diff)
			}
		})
	}
}

// BenchmarkXLSXRows200k reads the rows of the 200k-row bill without the
// table core: the inspection and the reader.
func BenchmarkXLSXRows200k(b *testing.B) {
	path := *bigXLSX
	if path == "" {
		b.Skip("run with -big-xlsx=path (see BenchmarkXLSX200k)")
	}
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		src, err := openXLSX(context.Background(), f, &defaultXLSXLimits)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, _, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		src.close()
		if n != bigRows+2 {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64((bigRows+2)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkXLSXRows200kExcelize is BenchmarkXLSXRows200k with the
// excelize reader XLSX used before, for comparison.
func BenchmarkXLSXRows200kExcelize(b *testing.B) {
	path := *bigXLSX
	if path == "" {
		b.Skip("run with -big-xlsx=path (see BenchmarkXLSX200k)")
	}
	file, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		src, err := openExcelizeRows(b, file, &defaultXLSXLimits)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, _, err := src.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		src.close()
		if n != bigRows+2 {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64((bigRows+2)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestXLSXReaderBigBill compares the two readers on the benchmark's bill
// (or any workbook named by -big-xlsx, such as the same bill saved by
// LibreOffice with shared strings).
func TestXLSXReaderBigBill(t *testing.T) {
	if *bigXLSX == "" {
		t.Skip("run with -big-xlsx=path")
	}
	file, err := os.ReadFile(*bigXLSX)
	if err != nil {
		t.Fatal(err)
	}
	ours, theirs, ok := compareWithExcelize(t, file, &defaultXLSXLimits)
	if !ok {
		t.Fatal("the inspection refused the file")
	}
	if len(ours) != len(theirs) {
		t.Errorf("XLSX read %d rows, excelize %d", len(ours), len(theirs))
	}
	for i := range min(len(ours), len(theirs)) {
		if ours[i] != theirs[i] {
			t.Fatalf("row %d: XLSX read %s, excelize %s", i, ours[i], theirs[i])
		}
	}
	t.Logf("%d rows alike", len(ours))
}
