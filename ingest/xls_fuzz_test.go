package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
)

// fuzzXLSLimits keep what one fuzz input may allocate small.
var fuzzXLSLimits = xlsLimits{
	input:     4 << 20,
	directory: 1 << 20,
	sst:       4 << 20,
	strings:   1 << 16,
	sheets:    64,
}

// checkRows reads every row of src: it must end, never panic, and return
// valid UTF-8 cells in rows no wider than a worksheet.
func checkRows(t *testing.T, src rowSource) {
	t.Helper()
	for n := 0; ; n++ {
		if n > 1<<20 {
			t.Fatal("rows never end")
		}
		cells, _, row, err := src.Next()
		if err == io.EOF {
			return
		}
		var re *rowError
		if errors.As(err, &re) {
			if re.Reason == "" || !utf8.ValidString(re.Reason) || !utf8.ValidString(re.Excerpt) {
				t.Fatalf("bad row error %+v", re)
			}
			continue
		}
		if err != nil {
			return // the file cannot be read further
		}
		if row < 1 || len(cells) > maxColumns {
			t.Fatalf("row %d with %d cells", row, len(cells))
		}
		for _, c := range cells {
			if !utf8.ValidString(c) {
				t.Fatalf("invalid UTF-8 cell %q", c)
			}
		}
	}
}

// FuzzXLS feeds an .xls file (OLE2 signature) or a bare Workbook stream
// (anything else) to the reader.
func FuzzXLS(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "carrier", "*.xls"))
	paths = append(paths, filepath.Join("testdata", "xls", "reader-features.xls"))
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		doc, err := mscfb.New(bytes.NewReader(b))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range doc.File {
			if e.Name == "Workbook" {
				stream, _ := io.ReadAll(e)
				f.Add(stream)
			}
		}
	}
	f.Add(biff8Workbook(func(w *biffBuilder) {
		w.rec(biffSST, u32(2), u32(2), u16(6), u8(0x0C), u16(1), u32(2), []byte("abc"))
		w.rec(biffContinue, u8(1), utf16le("中文"), u32(0), u16(0))
		w.rec(biffCodePage, u16(936))
	}, []testSheet{{name: "s", cells: func(w *biffBuilder) {
		w.rec(biffLabelSST, cell(0, 0), u32(0))
		w.rec(biffMulRK, u16(0), u16(1), u16(15), u32(7<<2|2), u16(15), u32(8<<2|3), u16(2))
		w.rec(biffFormula, cell(1, 0), u8(0), []byte{0, 0, 0, 0, 0}, u16(0xFFFF), u16(0), u32(0), u16(0))
		w.rec(biffString, xlString("结果"))
		w.rec(biffBoolErr, cell(2, 3), u8(1), u8(0))
	}}}, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		if (XLS{}).Sniff(data, "") {
			src, err := openXLS(bytes.NewReader(data), &fuzzXLSLimits)
			if err != nil {
				return
			}
			defer src.close()
			checkRows(t, src)
			return
		}
		x := &xlsRows{rw: -1, formula: -1}
		if err := x.start(bytes.NewReader(data), int64(len(data)), "Workbook", &fuzzXLSLimits); err != nil {
			return
		}
		checkRows(t, x)
	})
}
