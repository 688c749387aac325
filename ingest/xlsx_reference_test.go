package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRows is the rowSource XLSX had before it read sheets itself:
// excelize's row iterator with RawCellValue, behind the same inspection.
// Tests compare the two readers row by row.
type excelizeRows struct {
	dir    string
	f      *excelize.File
	sheets []string
	scans  map[string]*partScan

	i       int
	sheet   string
	rows    *excelize.Rows
	row     int64
	pending *rowError
	cells   []string
}

func openExcelizeRows(t testing.TB, file []byte, lim *xlsxLimits) (*excelizeRows, error) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "input.xlsx")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	pkg, err := inspectXLSX(t.Context(), tmp, int64(len(file)), lim)
	if err != nil {
		return nil, err
	}
	src := &excelizeRows{dir: dir}
	src.f, err = excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    lim.unzip,
		UnzipXMLSizeLimit: lim.streamXML,
		TmpDir:            dir,
	})
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	src.sheets = src.f.GetSheetList()
	if len(src.sheets) == 0 {
		src.close()
		return nil, errors.New("open workbook: no sheets (a zip archive that is not an Excel workbook?)")
	}
	src.scans = map[string]*partScan{}
	list, _ := sheetList(pkg.zr, pkg, lim)
	for _, ref := range list {
		if ref.part != "" {
			src.scans[ref.name] = pkg.scans[ref.part]
		}
	}
	return src, nil
}

func (s *excelizeRows) close() {
	if s.rows != nil {
		s.rows.Close()
		s.rows = nil
	}
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
}

func (s *excelizeRows) Next() ([]string, string, int64, error) {
	for {
		if s.rows == nil {
			if s.pending != nil {
				re := s.pending
				s.pending = nil
				return nil, re.Sheet, re.Row, re
			}
			if s.i >= len(s.sheets) {
				return nil, "", 0, io.EOF
			}
			s.sheet = s.sheets[s.i]
			s.i++
			s.row = 0
			rows, err := s.f.Rows(s.sheet)
			if err != nil {
				return nil, s.sheet, 0, &rowError{Sheet: s.sheet, Reason: validText(fmt.Sprintf("cannot read the sheet: %v", err))}
			}
			s.rows = rows
		}
		if !s.rows.Next() {
			s.endSheet(s.rows.Error())
			s.rows.Close()
			s.rows = nil
			continue
		}
		s.row++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			if errors.Is(err, excelize.ErrMaxRows) && len(cells) > 0 && len(cells) <= maxColumns {
				s.pending = &rowError{Sheet: s.sheet, Row: s.row + 1,
					Reason: fmt.Sprintf("cannot read the sheet after row %d: %v; the rest of the sheet is lost", s.row, err)}
				s.rows.Close()
				s.rows = nil
				if kept, ok := s.keep(cells); ok {
					return kept, s.sheet, s.row, nil
				}
				continue
			}
			return nil, s.sheet, s.row, &rowError{
				Sheet: s.sheet, Row: s.row,
				Reason:  validText(fmt.Sprintf("cannot read the row: %v", err)),
				Excerpt: rowExcerpt(cells[:min(len(cells), 16)]),
			}
		}
		if len(cells) == 0 {
			continue
		}
		if len(cells) > maxColumns {
			return nil, s.sheet, s.row, &rowError{
				Sheet: s.sheet, Row: s.row,
				Reason:  fmt.Sprintf("row has %d columns, more than a worksheet can have (%d)", len(cells), maxColumns),
				Excerpt: rowExcerpt(cells[:16]),
			}
		}
		if kept, ok := s.keep(cells); ok {
			return kept, s.sheet, s.row, nil
		}
	}
}

func (s *excelizeRows) keep(cells []string) ([]string, bool) {
	var ok bool
	s.cells, ok = keepCells(s.cells[:0], cells)
	return s.cells, ok
}

func (s *excelizeRows) endSheet(err error) {
	if err != nil {
		s.pending = &rowError{Sheet: s.sheet, Row: s.row + 1,
			Reason: validText(fmt.Sprintf("cannot read the sheet after row %d: %v; the rest of the sheet is lost", s.row, err))}
		return
	}
	scan := s.scans[s.sheet]
	if scan == nil {
		return
	}
	switch {
	case scan.stop != "":
		s.pending = &rowError{Sheet: s.sheet, Row: max(scan.stopRow, 1),
			Reason: fmt.Sprintf("the sheet's XML is malformed at byte %d (%s): this row may be incomplete and any rows after it are lost", scan.stopOff, scan.stop)}
	case scan.lastRow > s.row:
		s.pending = &rowError{Sheet: s.sheet, Row: s.row + 1,
			Reason: fmt.Sprintf("the sheet's XML cannot be read after row %d: rows up to %d are lost", s.row, scan.lastRow)}
	}
}

// rowLines reads every row of a rowSource as drain does, rejects
// included with their excerpts, without failing on other errors.
func rowLines(src rowSource) []string {
	var got []string
	for n := 0; n < 1<<20; n++ {
		cells, sheet, row, err := src.Next()
		if err == io.EOF {
			return got
		}
		var re *rowError
		switch {
		case errors.As(err, &re):
			got = append(got, fmt.Sprintf("%s!%d: reject: %s [%s]", sheet, row, re.Reason, re.Excerpt))
		case err != nil:
			return append(got, "error: "+err.Error())
		default:
			var b bytes.Buffer
			fmt.Fprintf(&b, "%s!%d:", sheet, row)
			for _, c := range cells {
				fmt.Fprintf(&b, " %q", c)
			}
			got = append(got, b.String())
		}
	}
	return append(got, "rows never end")
}

// compareWithExcelize reads a workbook with XLSX's reader and with
// excelize's, and returns both readings. ok is false when the inspection
// refuses the file (both then fail alike).
func compareWithExcelize(t testing.TB, file []byte, lim *xlsxLimits) (ours, theirs []string, ok bool) {
	t.Helper()
	src, err := openXLSX(t.Context(), bytes.NewReader(file), lim)
	ref, refErr := openExcelizeRows(t, file, lim)
	if err != nil || refErr != nil {
		if src != nil {
			src.close()
		}
		if ref != nil {
			ref.close()
		}
		if (err == nil) != (refErr == nil) {
			return []string{fmt.Sprint(err)}, []string{fmt.Sprint(refErr)}, true
		}
		return nil, nil, false
	}
	defer src.close()
	defer ref.close()
	return rowLines(src), rowLines(ref), true
}
