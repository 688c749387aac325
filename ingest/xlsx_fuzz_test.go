package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// fuzzXLSXLimits keep what one fuzz input may allocate small.
var fuzzXLSXLimits = xlsxLimits{
	input:     4 << 20,
	directory: 1 << 20,
	unzip:     64 << 20,
	streamXML: 64 << 10,
	part:      4 << 20,
	inMemory:  16 << 20,
	token:     256 << 10,
	rowXML:    1 << 20,
	strings:   1 << 16,
	depth:     64,
}

// FuzzXLSX feeds whole files to the XLSX reader.
func FuzzXLSX(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "carrier", "*.xlsx"))
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(zipParts(f, xlsxParts(`<row r="1"><c r="A1" t="inlineStr"><is><t>起始时间</t></is></c><c r="B1"><v>1</v></c></row>`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := openXLSX(t.Context(), bytes.NewReader(data), &fuzzXLSXLimits)
		if err != nil {
			return
		}
		defer src.close()
		checkRows(t, src)
	})
}

// FuzzXLSXSheet feeds sheet XML, in an otherwise valid workbook, to the
// XLSX reader: the guard and the sheet reader read the same bytes.
func FuzzXLSXSheet(f *testing.F) {
	for _, s := range []string{
		sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a&amp;b</t></is></c></row><row r="3"><c r="C3"><v>2.5</v></c></row>`),
		sheetXML(`<row r="5"><c><v>1</v></c></row><row r="3"><c><v>2</v></c></row><!-- <row/> --><row r="9"/><row/>`),
		sheetXML(`<x:row xmlns:x="urn:x" r="2"><x:c><x:v>1</x:v></x:c></x:row></sheetData><sheetData><row r="1"/>`),
		sheetXML(`<row r="1"><c r="A1" s="x"><f aca="maybe">1</f><v>1</v></c></row><row r="2"/>`),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, sheet []byte) {
		parts := xlsxParts("")
		parts["xl/worksheets/sheet1.xml"] = string(sheet)
		parts["xl/sharedStrings.xml"] = `<sst><si><t>共享</t></si></sst>`
		src, err := openXLSX(t.Context(), bytes.NewReader(zipParts(t, parts)), &fuzzXLSXLimits)
		if err != nil {
			return
		}
		defer src.close()
		checkRows(t, src)
	})
}

// FuzzXMLGuard checks the guard's replay of excelize's row iterator: on
// well-formed sheet XML, excelize never numbers a row beyond the last row
// the guard measured. (The guard may count further where encoding/xml
// rejects a name the guard lets through; excelize stops there, and the
// rows it lost are reported.)
func FuzzXMLGuard(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1"><v>1</v></c></row><row r="4"/><row r="9"><c r="A9"><v>9</v></c></row>`,
		`<row r="5"><c><v>5</v></c></row><row r="3"><c><v>3</v></c></row><row><c><v>4</v></c></row><row/><row><c><v>6</v></c></row>`,
		`<row r="3"/></sheetData><foo><row r="9"/></foo><sheetData>`,
		`<row r="1"><c r="A1" s="x"><f aca="maybe">1</f><v>1</v></c></row><row r="2"/>`,
		`<x:row xmlns:x="urn:y" r="6"/><row:row r="8"/>`,
		`<row r=""/></sheetData><foo><row r=""/></foo><sheetData>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, rows []byte) {
		xml := sheetXML(string(rows))
		g := newXMLGuard("sheet", false, &fuzzXLSXLimits)
		if g.feed([]byte(xml)) != nil || g.end() != nil || g.stopMsg != "" {
			return
		}
		parts := xlsxParts("")
		parts["xl/worksheets/sheet1.xml"] = xml
		fx, err := excelize.OpenReader(bytes.NewReader(zipParts(t, parts)))
		if err != nil {
			return
		}
		defer fx.Close()
		it, err := fx.Rows("S")
		if err != nil {
			return
		}
		var last int64
		for it.Next() && last <= g.lastRow {
			last++
			it.Columns()
		}
		if last > g.lastRow {
			t.Errorf("excelize reached row %d, the guard measured up to row %d", last, g.lastRow)
		}
	})
}

// FuzzXLSXReader feeds sheet XML, in an otherwise valid workbook, to
// XLSX's reader and to excelize's row iterator, which XLSX used before:
// both must read the same rows and reject the same ones.
func FuzzXLSXReader(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>a&amp;b</t></r><rPh><t>x</t></rPh></is></c></row><row r="3"><c r="C3"><v>2.5</v></c></row>`,
		`<row r="5"><c><v>5</v></c></row><row r="3"><c><v>3</v></c></row><!-- <row/> --><row r="9"/><row/>`,
		`<x:row xmlns:x="urn:x" r="2"><x:c><x:v>1</x:v></x:c></x:row></sheetData><sheetData><row r="1"/>`,
		`<row r="1"><c r="A1" s="x"><f aca="maybe">1</f><v>1</v></c></row><row r="2"/>`,
		`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b val="x"/></rPr><t>1</t></r></is><v>2</v></c><c t="b"><v>1</v></c></row>`,
		`<row r="2"><c r="A2" t="e"><v>#N/A</v></c><c r="XFD2" t="str"><v>_x0041_</v></c></row><row r="1048577"/>`,
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, rows []byte) {
		parts := xlsxParts(string(rows))
		parts["xl/sharedStrings.xml"] = sstXML(`<si><t>共享</t></si><si><r><t>富</t></r><r><t>文本</t></r></si>`)
		ours, theirs, ok := compareWithExcelize(t, zipParts(t, parts), &fuzzXLSXLimits)
		if !ok {
			return
		}
		if diff := gocmp.Diff(theirs, ours); diff != "" {
			t.Errorf("XLSX and excelize read differently (-excelize +XLSX):\n%s", diff)
		}
	})
}
