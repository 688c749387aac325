// Package xlsxw writes XLSX workbooks (SpreadsheetML, ECMA-376 Part 1) a
// row at a time, in memory that does not grow with the rows.
//
// A sheet's rows are compressed as they come and kept aside (in memory
// while small, then in a temporary file), and the sheet is put together
// when the workbook is written: its head, which holds the column widths,
// the frozen header and the size of its table, goes in front of the rows
// already compressed. A caller can thus measure its columns while it
// writes them, and read its data once.
//
// Text is always written as text (an inline string): a cell never holds a
// formula, so text such as =HYPERLINK(...) stays text. What XML cannot
// hold becomes U+FFFD.
//
// The same calls give the same bytes: the parts are written in a fixed
// order, [Content_Types].xml first, and the zip entries carry no times.
package xlsxw

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Properties are the document's properties (docProps/core.xml). Empty
// fields and zero times are left out.
type Properties struct {
	Title          string
	Creator        string
	LastModifiedBy string
	Language       string // such as "en" or "zh-CN"
	Created        time.Time
	Modified       time.Time
}

// A Style is how a cell looks.
type Style struct {
	Bold bool
	// Fill is the colour of a solid fill, as RRGGBB; "" for none.
	Fill string
	// BottomBorder is the colour of a thin border under the cell, as
	// RRGGBB; "" for none.
	BottomBorder string
	// Vertical is the vertical alignment: "top", "center", "bottom", or
	// "" for the default (bottom).
	Vertical string
	// Wrap wraps text to the column's width.
	Wrap bool
	// NumFmt is the id of one of Excel's built-in number formats, such as
	// 1 for "0" or 2 for "0.00".
	NumFmt int
	// Format is a custom number format, such as "yyyy-mm-dd"; it takes
	// the place of NumFmt.
	Format string
}

// A StyleID is the style of a cell: 0 is the default style, AddStyle
// gives the others.
type StyleID int

// A Workbook is written by WriteTo once its sheets are filled. Close it to
// delete its temporary files.
type Workbook struct {
	// TempDir is where sheets too large for memory wait for WriteTo;
	// "" is os.TempDir.
	TempDir string

	props    Properties
	styles   []Style
	sheets   []*Sheet
	inMemory int // see inMemory
	written  bool
}

// New starts a workbook with the given properties.
func New(props Properties) *Workbook {
	return &Workbook{props: props, inMemory: inMemory}
}

// AddStyle adds a style for cells.
func (wb *Workbook) AddStyle(s Style) (StyleID, error) {
	for _, c := range []string{s.Fill, s.BottomBorder} {
		if c != "" && !rgb(c) {
			return 0, fmt.Errorf("style colour %q is not RRGGBB", c)
		}
	}
	switch s.Vertical {
	case "", "top", "center", "bottom":
	default:
		return 0, fmt.Errorf("vertical alignment %q", s.Vertical)
	}
	if s.NumFmt < 0 || s.NumFmt > 163 {
		return 0, fmt.Errorf("built-in number format %d", s.NumFmt)
	}
	if !utf8.ValidString(s.Format) || strings.ContainsFunc(s.Format, func(r rune) bool { return !xmlChar(r) }) {
		return 0, fmt.Errorf("number format %q", s.Format)
	}
	wb.styles = append(wb.styles, s)
	return StyleID(len(wb.styles)), nil
}

func rgb(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// NewSheet adds a sheet after the others. Its name must be one Excel
// allows: 1 to 31 characters, none of : \ / ? * [ ], not starting or
// ending with an apostrophe, and unlike the other sheets' names
// (ignoring case).
func (wb *Workbook) NewSheet(name string) (*Sheet, error) {
	if wb.written {
		return nil, errors.New("new sheet: the workbook is written")
	}
	if err := checkSheetName(name); err != nil {
		return nil, err
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(s.name, name) {
			return nil, fmt.Errorf("sheet name %q: taken by %q", name, s.name)
		}
	}
	s := &Sheet{wb: wb, name: name, ref: []byte("1"), buf: make([]byte, 0, chunkSize+chunkSize/4)}
	s.body.out.dir, s.body.out.limit = wb.TempDir, wb.inMemory
	wb.sheets = append(wb.sheets, s)
	return s, nil
}

func checkSheetName(name string) error {
	n := 0
	for _, r := range name {
		n += utf16.RuneLen(r)
	}
	switch {
	case n == 0 || n > 31:
		return fmt.Errorf("sheet name %q: %d characters, want 1 to 31", name, n)
	case !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || !xmlChar(r) }):
		return fmt.Errorf("sheet name %q: a character XML cannot hold", name)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf(`sheet name %q: one of : \ / ? * [ ]`, name)
	case name[0] == '\'' || name[len(name)-1] == '\'':
		return fmt.Errorf("sheet name %q: starts or ends with an apostrophe", name)
	}
	return nil
}

// Close deletes the workbook's temporary files. The workbook cannot be
// written afterwards.
func (wb *Workbook) Close() error {
	var errs []error
	for _, s := range wb.sheets {
		s.body.stop()
		errs = append(errs, s.body.out.remove())
	}
	return errors.Join(errs...)
}

// WriteTo writes the workbook to w as an XLSX file, once. Rows not ended
// are left out.
func (wb *Workbook) WriteTo(w io.Writer) (int64, error) {
	if wb.written {
		return 0, errors.New("the workbook is written")
	}
	if len(wb.sheets) == 0 {
		return 0, errors.New("a workbook needs a sheet")
	}
	for _, s := range wb.sheets {
		if s.err != nil {
			return 0, s.err
		}
		if err := s.body.finish(s.buf); err != nil {
			return 0, fmt.Errorf("sheet %q: %w", s.name, err)
		}
		s.buf = nil
	}
	wb.written = true
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	parts := []struct {
		name string
		data func([]byte) []byte
	}{
		{"[Content_Types].xml", wb.contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appProps},
		{"docProps/core.xml", wb.coreProps},
		{"xl/workbook.xml", wb.workbook},
		{"xl/_rels/workbook.xml.rels", wb.workbookRels},
		{"xl/styles.xml", wb.stylesheet},
	}
	var b []byte
	for _, p := range parts {
		b = p.data(append(b[:0], xmlHeader...))
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return cw.n, err
		}
		if _, err := f.Write(b); err != nil {
			return cw.n, err
		}
	}
	fw, err := flate.NewWriter(io.Discard, level)
	if err != nil {
		return cw.n, err
	}
	for i, s := range wb.sheets {
		if err := s.writeTo(zw, fw, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), i == 0); err != nil {
			return cw.n, fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	err = zw.Close()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeTo writes the sheet as the zip entry name: its head, compressed
// now with fw, the rows compressed as they came, and its tail, as one
// deflate stream, whose CRC-32 joins the three parts' ones.
func (s *Sheet) writeTo(zw *zip.Writer, fw *flate.Writer, name string, first bool) error {
	head := s.head([]byte(xmlHeader), first)
	tail := s.tail(nil)
	var hz, tz bytes.Buffer
	fw.Reset(&hz)
	if _, err := fw.Write(head); err != nil {
		return err
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	fw.Reset(&tz)
	if _, err := fw.Write(tail); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	body := &s.body
	crc := crc32.ChecksumIEEE(head)
	crc = crc32Combine(crc, body.crc, body.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	f, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc,
		CompressedSize64:   uint64(int64(hz.Len()) + body.out.n + int64(tz.Len())),
		UncompressedSize64: uint64(int64(len(head)) + body.size + int64(len(tail))),
	})
	if err != nil {
		return err
	}
	if _, err := f.Write(hz.Bytes()); err != nil {
		return err
	}
	if _, err := io.Copy(f, body.out.reader()); err != nil {
		return err
	}
	_, err = f.Write(tz.Bytes())
	return err
}

const (
	xmlHeader  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain     = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRels     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRels  = `http://schemas.openxmlformats.org/package/2006/relationships`
	typeSheet  = `application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml`
	relSheet   = nsRels + `/worksheet`
	relStyles  = nsRels + `/styles`
	relOffice  = nsRels + `/officeDocument`
	relApp     = nsRels + `/extended-properties`
	relCore    = `http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties`
	dateFormat = "2006-01-02T15:04:05Z"
)

// head is the sheet's XML up to its first row.
func (s *Sheet) head(b []byte, first bool) []byte {
	b = append(b, `<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRels+`"><dimension ref="A1`...)
	if s.rows > 0 && s.cols > 0 {
		b = append(b, ':')
		b = appendRef(b, s.cols-1, s.rows, false)
	}
	b = append(b, `"/><sheetViews><sheetView`...)
	if first {
		b = append(b, ` tabSelected="1"`...)
	}
	b = append(b, ` workbookViewId="0"`...)
	if s.freeze {
		b = append(b, `><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
			`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>`...)
	} else {
		b = append(b, `/>`...)
	}
	b = append(b, `</sheetViews><sheetFormatPr defaultRowHeight="15"/>`...)
	cols := false
	for i, w := range s.widths {
		if w <= 0 {
			continue
		}
		if !cols {
			b = append(b, `<cols>`...)
			cols = true
		}
		b = append(b, `<col min="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" max="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" width="`...)
		b = appendFloat(b, min(w, 255))
		b = append(b, `" customWidth="1"/>`...)
	}
	if cols {
		b = append(b, `</cols>`...)
	}
	return append(b, `<sheetData>`...)
}

// filterRef is the range the autofilter covers, "" for none.
func (s *Sheet) filterRef(b []byte, absolute bool) []byte {
	b = appendRef(b, 0, 1, absolute)
	b = append(b, ':')
	return appendRef(b, s.cols-1, s.rows, absolute)
}

func (s *Sheet) filtered() bool { return s.filter && s.rows > 0 && s.cols > 0 }

// tail is the sheet's XML after its last row.
func (s *Sheet) tail(b []byte) []byte {
	b = append(b, `</sheetData>`...)
	if s.filtered() {
		b = append(b, `<autoFilter ref="`...)
		b = s.filterRef(b, false)
		b = append(b, `"/>`...)
	}
	return append(b, `</worksheet>`...)
}

func (wb *Workbook) contentTypes(b []byte) []byte {
	b = append(b, `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`+
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`...)
	for i := range wb.sheets {
		b = append(b, `<Override PartName="/xl/worksheets/sheet`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `.xml" ContentType="`+typeSheet+`"/>`...)
	}
	return append(b, `</Types>`...)
}

func rootRels(b []byte) []byte {
	return append(b, `<Relationships xmlns="`+nsPkgRels+`">`+
		`<Relationship Id="rId1" Type="`+relOffice+`" Target="xl/workbook.xml"/>`+
		`<Relationship Id="rId2" Type="`+relCore+`" Target="docProps/core.xml"/>`+
		`<Relationship Id="rId3" Type="`+relApp+`" Target="docProps/app.xml"/>`+
		`</Relationships>`...)
}

func appProps(b []byte) []byte {
	return append(b, `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">`+
		`<Application>leaktrail</Application></Properties>`...)
}

func (wb *Workbook) coreProps(b []byte) []byte {
	p := wb.props
	b = append(b, `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`+
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"`+
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`...)
	for _, e := range []struct{ tag, v string }{
		{"dc:title", p.Title},
		{"dc:creator", p.Creator},
		{"cp:lastModifiedBy", p.LastModifiedBy},
		{"dc:language", p.Language},
	} {
		if e.v == "" {
			continue
		}
		b = append(b, '<')
		b = append(b, e.tag...)
		b = append(b, '>')
		b = appendEscaped(b, e.v)
		b = append(b, "</"...)
		b = append(b, e.tag...)
		b = append(b, '>')
	}
	for _, e := range []struct {
		tag string
		t   time.Time
	}{{"dcterms:created", p.Created}, {"dcterms:modified", p.Modified}} {
		if e.t.IsZero() {
			continue
		}
		b = append(b, '<')
		b = append(b, e.tag...)
		b = append(b, ` xsi:type="dcterms:W3CDTF">`...)
		b = e.t.UTC().AppendFormat(b, dateFormat)
		b = append(b, "</"...)
		b = append(b, e.tag...)
		b = append(b, '>')
	}
	return append(b, `</cp:coreProperties>`...)
}

func (wb *Workbook) workbook(b []byte) []byte {
	b = append(b, `<workbook xmlns="`+nsMain+`" xmlns:r="`+nsRels+`">`+
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`...)
	for i, s := range wb.sheets {
		b = append(b, `<sheet name="`...)
		b = appendEscaped(b, s.name)
		b = append(b, `" sheetId="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" r:id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `"/>`...)
	}
	b = append(b, `</sheets>`...)
	names := false
	for i, s := range wb.sheets {
		if !s.filtered() {
			continue
		}
		if !names {
			b = append(b, `<definedNames>`...)
			names = true
		}
		// Excel keeps the range of a sheet's autofilter in this hidden
		// name, and wants it.
		b = append(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `" hidden="1">`...)
		b = appendEscaped(b, "'"+strings.ReplaceAll(s.name, "'", "''")+"'!")
		b = s.filterRef(b, true)
		b = append(b, `</definedName>`...)
	}
	if names {
		b = append(b, `</definedNames>`...)
	}
	return append(b, `</workbook>`...)
}

func (wb *Workbook) workbookRels(b []byte) []byte {
	b = append(b, `<Relationships xmlns="`+nsPkgRels+`">`...)
	for i := range wb.sheets {
		b = append(b, `<Relationship Id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" Type="`+relSheet+`" Target="worksheets/sheet`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `.xml"/>`...)
	}
	b = append(b, `<Relationship Id="rId`...)
	b = strconv.AppendInt(b, int64(len(wb.sheets)+1), 10)
	b = append(b, `" Type="`+relStyles+`" Target="styles.xml"/></Relationships>`...)
	return b
}

// stylesheet writes the styles: each Style becomes a cell format (xf)
// whose font, fill, border and number format are shared with the other
// styles that have the same.
func (wb *Workbook) stylesheet(b []byte) []byte {
	var formats, fills, borders []string
	index := func(list *[]string, v string) int {
		for i, w := range *list {
			if w == v {
				return i
			}
		}
		*list = append(*list, v)
		return len(*list) - 1
	}
	bold := false
	for _, s := range wb.styles {
		if s.Format != "" {
			index(&formats, s.Format)
		}
		if s.Fill != "" {
			index(&fills, strings.ToUpper(s.Fill))
		}
		if s.BottomBorder != "" {
			index(&borders, strings.ToUpper(s.BottomBorder))
		}
		bold = bold || s.Bold
	}
	b = append(b, `<styleSheet xmlns="`+nsMain+`">`...)
	if len(formats) > 0 {
		b = append(b, `<numFmts count="`...)
		b = strconv.AppendInt(b, int64(len(formats)), 10)
		b = append(b, `">`...)
		for i, f := range formats {
			b = append(b, `<numFmt numFmtId="`...)
			b = strconv.AppendInt(b, int64(164+i), 10)
			b = append(b, `" formatCode="`...)
			b = appendEscaped(b, f)
			b = append(b, `"/>`...)
		}
		b = append(b, `</numFmts>`...)
	}
	const font = `<sz val="11"/><name val="Calibri"/><family val="2"/></font>`
	if bold {
		b = append(b, `<fonts count="2"><font>`+font+`<font><b/>`+font+`</fonts>`...)
	} else {
		b = append(b, `<fonts count="1"><font>`+font+`</fonts>`...)
	}
	// The first two fills are reserved.
	b = append(b, `<fills count="`...)
	b = strconv.AppendInt(b, int64(2+len(fills)), 10)
	b = append(b, `"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>`...)
	for _, c := range fills {
		b = append(b, `<fill><patternFill patternType="solid"><fgColor rgb="FF`...)
		b = append(b, c...)
		b = append(b, `"/><bgColor indexed="64"/></patternFill></fill>`...)
	}
	b = append(b, `</fills><borders count="`...)
	b = strconv.AppendInt(b, int64(1+len(borders)), 10)
	b = append(b, `"><border><left/><right/><top/><bottom/><diagonal/></border>`...)
	for _, c := range borders {
		b = append(b, `<border><left/><right/><top/><bottom style="thin"><color rgb="FF`...)
		b = append(b, c...)
		b = append(b, `"/></bottom><diagonal/></border>`...)
	}
	b = append(b, `</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="`...)
	b = strconv.AppendInt(b, int64(1+len(wb.styles)), 10)
	b = append(b, `"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`...)
	for _, s := range wb.styles {
		numFmt, font, fill, border := s.NumFmt, 0, 0, 0
		if s.Format != "" {
			numFmt = 164 + index(&formats, s.Format)
		}
		if s.Bold {
			font = 1
		}
		if s.Fill != "" {
			fill = 2 + index(&fills, strings.ToUpper(s.Fill))
		}
		if s.BottomBorder != "" {
			border = 1 + index(&borders, strings.ToUpper(s.BottomBorder))
		}
		b = append(b, `<xf numFmtId="`...)
		b = strconv.AppendInt(b, int64(numFmt), 10)
		b = append(b, `" fontId="`...)
		b = strconv.AppendInt(b, int64(font), 10)
		b = append(b, `" fillId="`...)
		b = strconv.AppendInt(b, int64(fill), 10)
		b = append(b, `" borderId="`...)
		b = strconv.AppendInt(b, int64(border), 10)
		b = append(b, `" xfId="0"`...)
		for _, a := range []struct {
			name string
			on   bool
		}{
			{"applyNumberFormat", numFmt != 0},
			{"applyFont", font != 0},
			{"applyFill", fill != 0},
			{"applyBorder", border != 0},
			{"applyAlignment", s.Vertical != "" || s.Wrap},
		} {
			if a.on {
				b = append(b, ' ')
				b = append(b, a.name...)
				b = append(b, `="1"`...)
			}
		}
		if s.Vertical == "" && !s.Wrap {
			b = append(b, `/>`...)
			continue
		}
		b = append(b, `><alignment`...)
		if s.Vertical != "" {
			b = append(b, ` vertical="`...)
			b = append(b, s.Vertical...)
			b = append(b, '"')
		}
		if s.Wrap {
			b = append(b, ` wrapText="1"`...)
		}
		b = append(b, `/></xf>`...)
	}
	return append(b, `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`...)
}

// appendEscaped appends s escaped for an attribute's value or an
// element's text.
func appendEscaped(b []byte, s string) []byte {
	for len(s) > 0 {
		i := strings.IndexAny(s, `"'`)
		if i < 0 {
			return appendText(b, s)
		}
		b = appendText(b, s[:i])
		if s[i] == '"' {
			b = append(b, "&quot;"...)
		} else {
			b = append(b, "&apos;"...)
		}
		s = s[i+1:]
	}
	return b
}
