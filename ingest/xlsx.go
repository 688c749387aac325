package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX reads Office Open XML workbooks (.xlsx, .xlsm): every sheet in
// workbook order, row by row, through the alias table of importRows.
//
// The zip needs random access, so the input is first copied to a private
// temporary file (mode 0600, removed afterwards). Before anything is
// parsed, inspectXLSX checks the zip's directory and reads every part once
// through an xmlGuard, without holding it: the decompressed size of the
// whole package and of every part, the number of shared strings, the
// length of any XML token and the XML of any one row are bounded, and
// DOCTYPE and entities are refused; a workbook that breaks a bound is
// refused with a *limitError. Then the workbook part names the sheets,
// the shared strings are read into memory (bounded by xlsxLimits.inMemory)
// and each sheet's XML is streamed from the zip row by row (xlsxsheet.go).
// The reader returns what excelize's row iterator returned, which XLSX
// used until it read sheets itself.
//
// Cells are read raw: numbers as the workbook stores them (Excel and
// LibreOffice write the shortest decimal that round-trips, so a date is its
// serial "45000.5416666667"), strings as written, booleans "1" and "0",
// error values ("#N/A") as "".
type XLSX struct {
	// limits, when not nil, replaces defaultXLSXLimits (tests use small
	// ones).
	limits *xlsxLimits
}

// xlsxLimits are the bounds that keep an XLSX import's memory flat.
type xlsxLimits struct {
	input     int64 // the .xlsx file itself
	directory int64 // bytes read to load the zip's central directory
	unzip     int64 // all parts, decompressed
	streamXML int64 // sheets and shared strings larger than this stream from temporary files
	part      int64 // any part not streamed (streamedPart)
	inMemory  int64 // all parts not streamed together; the shared strings held
	token     int64 // one XML token (text run, tag, comment ...)
	rowXML    int64 // the XML of one row, and of one shared string
	strings   int64 // shared string items
	depth     int   // element nesting
}

var defaultXLSXLimits = xlsxLimits{
	input:     1 << 30,
	directory: 8 << 20,
	unzip:     4 << 30,
	streamXML: 1 << 20,
	part:      16 << 20,
	inMemory:  128 << 20,
	token:     1 << 20,
	rowXML:    8 << 20,
	strings:   4 << 20,
	depth:     256,
}

// maxColumns bounds the cells of a spreadsheet row: rows wider than a
// worksheet can be (Excel's XFD, 16384 columns) are rejected.
const maxColumns = 16384

func (x XLSX) lim() *xlsxLimits {
	if x.limits != nil {
		return x.limits
	}
	return &defaultXLSXLimits
}

// Format implements Importer.
func (XLSX) Format() string { return "xlsx" }

// Sniff implements Importer: a zip archive whose head names the parts of
// an Office Open XML workbook (a Word or PowerPoint file names its own),
// or any zip archive named *.xlsx or *.xlsm.
func (XLSX) Sniff(head []byte, name string) bool {
	if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return false
	}
	if bytes.Contains(head, []byte("xl/")) {
		return true
	}
	if bytes.Contains(head, []byte("[Content_Types].xml")) &&
		!bytes.Contains(head, []byte("word/")) && !bytes.Contains(head, []byte("ppt/")) {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return false
}

// Import implements Importer.
func (x XLSX) Import(ctx context.Context, r io.Reader, opts Options, sink Sink) error {
	src, err := openXLSX(ctx, r, x.lim())
	if err != nil {
		return err
	}
	defer src.close()
	return importRows(ctx, src, opts, sink)
}

// limitError reports input that breaks one of the bounds of an import.
type limitError struct {
	What  string // "decompressed size", "part xl/styles.xml" ...
	Limit string // "4 GiB", "4194304 shared strings"
}

func (e *limitError) Error() string {
	return fmt.Sprintf("%s exceeds %s", e.What, e.Limit)
}

// byteSize renders a size in bytes the way limits are written.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// spool copies r to a new temporary file in dir, at most limit bytes, and
// returns it open and rewound.
func spool(r io.Reader, dir, pattern string, limit int64) (*os.File, int64, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, 0, fmt.Errorf("spool: %w", err)
	}
	n, err := io.Copy(f, io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = &limitError{What: "file size", Limit: byteSize(limit)}
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, 0, fmt.Errorf("spool: %w", err)
	}
	return f, n, nil
}

// xlsxRows is the rowSource of a workbook: its sheets in workbook order.
type xlsxRows struct {
	dir  string
	tmp  *os.File
	zr   *zip.Reader
	lim  *xlsxLimits
	pkg  *xlsxPackage
	sst  *sharedStrings
	list []xlsxSheetRef

	i       int // next sheet in list
	sheet   string
	part    io.ReadCloser
	rows    *xlsxSheet
	scan    *partScan // what inspectXLSX learned of the sheet's XML
	row     int64
	pending *rowError // reported once the sheet's rows are done
	cells   []string
}

// openXLSX spools r, inspects the package and reads its workbook part and
// shared strings.
func openXLSX(ctx context.Context, r io.Reader, lim *xlsxLimits) (*xlsxRows, error) {
	dir, err := os.MkdirTemp("", "leaktrail-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	src := &xlsxRows{dir: dir, lim: lim}
	ok := false
	defer func() {
		if !ok {
			src.close()
		}
	}()
	var size int64
	src.tmp, size, err = spool(r, dir, "input-*.xlsx", lim.input)
	if err != nil {
		return nil, err
	}
	src.pkg, err = inspectXLSX(ctx, src.tmp, size, lim)
	if err != nil {
		return nil, err
	}
	src.zr = src.pkg.zr
	src.list, err = sheetList(src.zr, src.pkg, lim)
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	if len(src.list) == 0 {
		return nil, errors.New("open workbook: no sheets (a zip archive that is not an Excel workbook?)")
	}
	if err := src.readSharedStrings(ctx); err != nil {
		return nil, err
	}
	ok = true
	return src, nil
}

// readSharedStrings reads the shared string table, if the workbook has
// one, into memory. The text held counts against limits.inMemory.
func (s *xlsxRows) readSharedStrings(ctx context.Context) error {
	zf := s.findPart("xl/sharedStrings.xml", true)
	if zf == nil {
		return nil
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return fmt.Errorf("read shared strings: %w", err)
	}
	defer rc.Close()
	s.sst, err = readSharedStrings(ctx, newXLSXXML(rc, s.lim.token), s.lim.inMemory)
	if err != nil {
		var le *limitError
		if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return fmt.Errorf("read shared strings: %w", err)
	}
	return nil
}

// findPart is the zip entry of a part, by its name (ignoring case if
// fold).
func (s *xlsxRows) findPart(name string, fold bool) *zip.File {
	for _, zf := range s.zr.File {
		n := partName(zf.Name)
		if n == name || fold && strings.EqualFold(n, name) {
			return zf
		}
	}
	return nil
}

// openPart opens a part's XML up to where the guard found it malformed:
// encoding/xml, and so excelize, read nothing after that.
func (s *xlsxRows) openPart(zf *zip.File) (io.ReadCloser, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	if scan := s.pkg.scans[partName(zf.Name)]; scan != nil && scan.stop != "" {
		return struct {
			io.Reader
			io.Closer
		}{io.LimitReader(rc, scan.stopOff), rc}, nil
	}
	return rc, nil
}

func (s *xlsxRows) closeSheet() {
	if s.part != nil {
		s.part.Close()
		s.part = nil
	}
	s.rows = nil
}

func (s *xlsxRows) close() {
	s.closeSheet()
	if s.tmp != nil {
		s.tmp.Close()
		s.tmp = nil
	}
	os.RemoveAll(s.dir)
}

// openSheet starts reading a sheet, or says why it cannot, as excelize's
// File.Rows did.
func (s *xlsxRows) openSheet(ref xlsxSheetRef) error {
	if err := checkSheetName(ref.name); err != nil {
		return err
	}
	if ref.part == "" {
		return excelize.ErrSheetNotExist{SheetName: ref.name}
	}
	zf := s.findPart(ref.part, false)
	if zf == nil {
		return excelize.ErrSheetNotExist{SheetName: ref.name}
	}
	rc, err := s.openPart(zf)
	if err != nil {
		return err
	}
	s.part = rc
	s.scan = s.pkg.scans[ref.part]
	s.rows = &xlsxSheet{x: newXLSXXML(rc, s.lim.token), sst: s.sst}
	return nil
}

// checkSheetName is excelize's check of a sheet name, which File.Rows
// made first.
func checkSheetName(name string) error {
	if name == "" {
		return excelize.ErrSheetNameBlank
	}
	if len(utf16.Encode([]rune(name))) > excelize.MaxSheetNameLength {
		return excelize.ErrSheetNameLength
	}
	if strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") {
		return excelize.ErrSheetNameSingleQuote
	}
	if strings.ContainsAny(name, ":\\/?*[]") {
		return excelize.ErrSheetNameInvalid
	}
	return nil
}

// xlsxErrorValues are the error values a formula cell can hold.
var xlsxErrorValues = map[string]bool{
	"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true, "#NAME?": true,
	"#NUM!": true, "#N/A": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true,
}

// Next implements rowSource.
func (s *xlsxRows) Next() ([]string, string, int64, error) {
	for {
		if s.rows == nil {
			if s.pending != nil {
				re := s.pending
				s.pending = nil
				return nil, re.Sheet, re.Row, re
			}
			if s.i >= len(s.list) {
				return nil, "", 0, io.EOF
			}
			ref := s.list[s.i]
			s.sheet = ref.name
			s.i++
			s.row = 0
			if err := s.openSheet(ref); err != nil {
				return nil, s.sheet, 0, &rowError{Sheet: s.sheet, Reason: validText(fmt.Sprintf("cannot read the sheet: %v", err))}
			}
		}
		if !s.rows.next() {
			err := s.rows.err
			if err == nil && s.rows.x.err != nil {
				err = s.rows.x.err
			}
			s.endSheet(err)
			s.closeSheet()
			continue
		}
		s.row++
		err := s.rows.columns()
		cells, width := s.rows.cells, s.rows.width
		if err != nil {
			if errors.Is(err, excelize.ErrMaxRows) && width > 0 && width <= maxColumns {
				// The error is about the next row, whose number is too
				// large: this one is whole, and the sheet ends after it.
				s.pending = &rowError{Sheet: s.sheet, Row: s.row + 1,
					Reason: fmt.Sprintf("cannot read the sheet after row %d: %v; the rest of the sheet is lost", s.row, err)}
				s.closeSheet()
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
		if width == 0 {
			continue
		}
		if width > maxColumns {
			return nil, s.sheet, s.row, &rowError{
				Sheet: s.sheet, Row: s.row,
				Reason:  fmt.Sprintf("row has %d columns, more than a worksheet can have (%d)", width, maxColumns),
				Excerpt: rowExcerpt(cells[:16]),
			}
		}
		if kept, ok := s.keep(cells); ok {
			return kept, s.sheet, s.row, nil
		}
	}
}

// validText replaces invalid UTF-8, which errors quoting the file's bytes
// may hold.
func validText(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// keep copies a row's cells with error values blanked; ok is false for a
// row with nothing in it.
func (s *xlsxRows) keep(cells []string) ([]string, bool) {
	var ok bool
	s.cells, ok = keepCells(s.cells[:0], cells)
	return s.cells, ok
}

// keepCells appends cells to dst with error values (#N/A ...) blanked;
// ok is false when nothing is left in them.
func keepCells(dst, cells []string) (_ []string, ok bool) {
	for _, c := range cells {
		if xlsxErrorValues[c] {
			c = ""
		}
		if c != "" {
			ok = true
		}
		dst = append(dst, c)
	}
	return dst, ok
}

// endSheet notes what was lost when a sheet's rows ended early: the
// reader, like excelize's row iterator, ends silently at malformed XML
// (it is given the bytes before it), so its last row is compared with the
// last row the inspection found.
func (s *xlsxRows) endSheet(err error) {
	if err != nil {
		s.pending = &rowError{Sheet: s.sheet, Row: s.row + 1,
			Reason: validText(fmt.Sprintf("cannot read the sheet after row %d: %v; the rest of the sheet is lost", s.row, err))}
		return
	}
	scan := s.scan
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

// xlsxPackage is what inspectXLSX learned of a workbook.
type xlsxPackage struct {
	zr    *zip.Reader
	scans map[string]*partScan // by part name
}

// inspectXLSX checks the zip's directory and reads every part once,
// refusing a workbook that breaks the limits.
func inspectXLSX(ctx context.Context, f *os.File, size int64, lim *xlsxLimits) (*xlsxPackage, error) {
	ra := &budgetReaderAt{r: f, budget: lim.directory}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		if ra.exceeded {
			return nil, &limitError{What: "zip directory", Limit: byteSize(lim.directory)}
		}
		return nil, fmt.Errorf("read zip directory (is the file truncated?): %w", err)
	}
	ra.budget = -1

	var total, inMemory int64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > math.MaxInt64 {
			return nil, &limitError{What: "decompressed size", Limit: byteSize(lim.unzip)}
		}
		n := int64(zf.UncompressedSize64)
		total += n
		if total > lim.unzip || total < 0 {
			return nil, &limitError{What: "decompressed size", Limit: byteSize(lim.unzip)}
		}
		if streamedPart(partName(zf.Name), n, lim) || zf.FileInfo().IsDir() {
			continue
		}
		if n > lim.part {
			return nil, &limitError{What: fmt.Sprintf("decompressed size of part %s", partName(zf.Name)), Limit: byteSize(lim.part)}
		}
		inMemory += n
		if inMemory > lim.inMemory {
			return nil, &limitError{What: "decompressed size of the parts held in memory", Limit: byteSize(lim.inMemory)}
		}
	}

	pkg := &xlsxPackage{zr: zr, scans: map[string]*partScan{}}
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		name := partName(zf.Name)
		scan, err := scanPart(ctx, zf, strings.EqualFold(name, "xl/sharedStrings.xml"), lim)
		if err != nil {
			var le *limitError
			if errors.As(err, &le) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, err
			}
			return nil, fmt.Errorf("read part %s (the file is damaged): %w", name, err)
		}
		pkg.scans[name] = scan
	}
	return pkg, nil
}

// partName is a zip entry's name as excelize stores it.
func partName(name string) string { return strings.ReplaceAll(name, "\\", "/") }

// streamedPart reports whether a part is exempt from the bounds on parts
// held whole: worksheets, which are streamed, and the shared strings,
// whose text held is bounded on its own. Smaller ones count, as when
// excelize held them (File.ReadZipReader).
func streamedPart(name string, size int64, lim *xlsxLimits) bool {
	if size <= lim.streamXML {
		return false
	}
	return strings.EqualFold(name, "xl/sharedStrings.xml") ||
		strings.HasPrefix(strings.ToLower(name), "xl/worksheets/sheet")
}

// budgetReaderAt fails once more than budget bytes have been read, unless
// budget is negative: it bounds what archive/zip allocates for the
// central directory, which it reads whole.
type budgetReaderAt struct {
	r        io.ReaderAt
	budget   int64
	exceeded bool
}

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.budget >= 0 {
		if int64(len(p)) > b.budget {
			b.exceeded = true
			return 0, errors.New("zip directory too large")
		}
		b.budget -= int64(len(p))
	}
	return b.r.ReadAt(p, off)
}

// xlsxSheetRef is a sheet the workbook part lists.
type xlsxSheetRef struct {
	name  string
	part  string // the worksheet part, "" when the relationships do not say
	state string // "", "visible", "hidden" or "veryHidden"
}

// sheetList lists the workbook's sheets in order and finds their parts,
// the way excelize does (workbook from _rels/.rels, its relationships,
// r:id of each sheet). Hidden sheets are listed too: excelize read them.
// The list is empty when the package names no workbook.
func sheetList(zr *zip.Reader, pkg *xlsxPackage, lim *xlsxLimits) ([]xlsxSheetRef, error) {
	read := func(name string) ([]byte, error) {
		if scan := pkg.scans[name]; scan != nil && scan.stop != "" {
			return nil, fmt.Errorf("part %s is malformed at byte %d (%s)", name, scan.stopOff, scan.stop)
		}
		for _, zf := range zr.File {
			if partName(zf.Name) != name || zf.UncompressedSize64 > uint64(lim.part) {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return nil, fmt.Errorf("read part %s: %w", name, err)
			}
			defer rc.Close()
			b, err := io.ReadAll(io.LimitReader(rc, lim.part))
			if err != nil {
				return nil, fmt.Errorf("read part %s: %w", name, err)
			}
			return b, nil
		}
		return nil, nil
	}
	type rel struct{ id, typ, target string }
	rels := func(name string) ([]rel, error) {
		b, err := read(name)
		if err != nil {
			return nil, err
		}
		var out []rel
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := d.Token()
			if err != nil {
				return out, nil
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
				var r rel
				for _, a := range se.Attr {
					switch a.Name.Local {
					case "Id":
						r.id = a.Value
					case "Type":
						r.typ = a.Value
					case "Target":
						r.target = a.Value
					}
				}
				out = append(out, r)
			}
		}
	}
	var wb string
	pkgRels, _ := rels("_rels/.rels") // excelize ignores a damaged one
	for _, r := range pkgRels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			wb = strings.TrimPrefix(r.target, "/")
			break
		}
	}
	if wb == "" {
		return nil, nil
	}
	relsPath := "_rels/" + path.Base(wb) + ".rels"
	if dir := path.Dir(wb); dir != "." {
		relsPath = strings.TrimPrefix(dir+"/_rels/"+path.Base(wb)+".rels", "/")
	}
	wbRels, err := rels(relsPath)
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range wbRels {
		t := strings.ReplaceAll(r.target, "\\", "/")
		if strings.HasPrefix(t, "/") {
			targets[r.id] = strings.TrimPrefix(path.Clean(t), "/")
		} else {
			targets[r.id] = strings.TrimPrefix(path.Clean(path.Dir(wb)+"/"+t), "/")
		}
	}
	b, err := read(wb)
	if err != nil {
		return nil, err
	}
	var list []xlsxSheetRef
	var stack []string
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return list, nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if len(stack) != 3 || stack[1] != "sheets" || t.Name.Local != "sheet" {
				continue
			}
			var ref xlsxSheetRef
			var id string
			for _, a := range t.Attr {
				switch {
				case a.Name.Local == "name" && a.Name.Space == "":
					ref.name = a.Value
				case a.Name.Local == "state" && a.Name.Space == "":
					ref.state = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					id = a.Value
				}
			}
			ref.part = targets[id]
			list = append(list, ref)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// partScan is what scanPart learned of one part.
type partScan struct {
	// lastRow is the number of the last row excelize's row iterator will
	// return, when the XML is well formed.
	lastRow int64
	// stop is why the XML is malformed ("" when it is not), stopOff the
	// byte where that shows and stopRow the row being read there.
	stop    string
	stopOff int64
	stopRow int64
}

// scanPart reads one part through an xmlGuard.
func scanPart(ctx context.Context, zf *zip.File, sst bool, lim *xlsxLimits) (*partScan, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	g := newXMLGuard(partName(zf.Name), sst, lim)
	buf := make([]byte, 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := rc.Read(buf)
		if n > 0 {
			if gerr := g.feed(buf[:n]); gerr != nil {
				return nil, gerr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if g.done() {
			// Nothing after a syntax error reaches excelize; the rest
			// is still read so that the zip's checksum is verified.
			if _, err := io.Copy(io.Discard, rc); err != nil {
				return nil, err
			}
			break
		}
	}
	if err := g.end(); err != nil {
		return nil, err
	}
	return &partScan{lastRow: g.lastRow, stop: g.stopMsg, stopOff: g.stopOff, stopRow: g.stopRow}, nil
}

// xmlGuard is a byte-level XML lexer that reads a part the way
// encoding/xml (and so excelize) would, without holding any of it, to
// bound what excelize's decoder will hold:
//
//   - every token (text run, tag, comment, CDATA section, processing
//     instruction) is at most limits.token bytes;
//   - elements nest at most limits.depth deep;
//   - the bytes that one call of excelize's Rows.Columns reads (from a
//     row's start tag to the start tag of the next row it returns at) are
//     at most limits.rowXML, and so are the bytes of one shared string
//     item; shared string items are at most limits.strings.
//
// To find where Rows.Columns returns it replays excelize's row iterator
// (v2.11.1 rows.go): a <row> whose r attribute is not above the row being
// read is merged into it; a row number that does not parse, or a cell
// reference CellNameToCoordinates rejects, ends the call with an error,
// after which Rows.Next takes the next <row> whatever its number. The
// replay is exact as long as excelize and the guard see the same <row>,
// <c> and </sheetData> tags. The one place where they could differ is
// inside a cell: excelize decodes a cell's children with DecodeElement
// and, when that fails on a bad attribute value (<f aca="maybe">), goes on
// reading the rest of the cell as if it were the row. So a <row>, <c> or
// <sheetData> tag inside a <c> element, which no valid worksheet has,
// refuses the part. The lexer is at least as
// permissive as encoding/xml: it stops (and then has nothing more to
// check, since excelize's decoder stops there too) only at input that
// encoding/xml rejects, and where it cannot be sure how encoding/xml reads
// something (DOCTYPE, entities in a row number) it refuses the part.
type xmlGuard struct {
	part string
	sst  bool
	lim  *xlsxLimits

	off      int64 // offset of the next byte fed
	state    int
	tokStart int64 // where the token being read started

	// The tag being read.
	name      []byte // element name, or the attribute name being read
	elem      []byte // local name of the element of a start tag
	closing   bool   // an end tag
	quote     byte
	attr      int    // what the attribute being read is: attrOther, attrRowR ...
	rval      []byte // its value, for the kinds kept
	rowNum    int    // the row number, as excelize's attrValToInt reads it
	rowErr    bool   // an r attribute of a <row> failed to parse; later ones are ignored
	cellRef   []byte // the r attribute of a <c>, as excelize's cellXMLAttrHandler keeps it
	cellStop  bool   // an s attribute of a <c> failed to parse; later attributes are ignored
	selfClose bool

	// Comments, CDATA sections and processing instructions: the last two
	// bytes seen, and how much of "[CDATA[" matched.
	b0, b1 byte
	match  int

	// Character references: the bytes after '&' and the state to go
	// back to.
	ent    []byte
	entRet int

	utf8 utf8Check

	// Open elements: their raw names end to end.
	names []byte
	ends  []int

	// excelize's row iterator, replayed.
	reading  bool  // inside a Rows.Columns call
	seek     int64 // the row being read (Rows.seekRow)
	cur      int64 // Rows.curRow
	gapStart int64 // where the Columns call being replayed started
	ended    bool  // Rows.Next has returned false
	cDepth   int   // depth of the <c> being read, 0 outside a cell
	lastRow  int64

	// Shared strings.
	siDepth int
	siStart int64
	items   int64

	stopMsg string
	stopOff int64
	stopRow int64
}

const (
	gText = iota
	gLT
	gStartName
	gEndName
	gEndSpace
	gTag
	gAttrName
	gAttrEq
	gAttrQuote
	gAttrValue
	gSlash
	gBang
	gBangDash
	gCDATAOpen
	gComment
	gCDATA
	gPIName
	gPI
	gEntity
	gStopped
)

// maxXMLName bounds element and attribute names.
const maxXMLName = 256

func newXMLGuard(part string, sst bool, lim *xlsxLimits) *xmlGuard {
	return &xmlGuard{part: part, sst: sst, lim: lim}
}

func (g *xmlGuard) done() bool { return g.state == gStopped }

// refuse is a bound broken or a construct the guard cannot follow.
func (g *xmlGuard) refuse(what string, limit string) error {
	return &limitError{What: fmt.Sprintf("part %s: %s", g.part, what), Limit: limit}
}

// stop ends the scan at input encoding/xml rejects.
func (g *xmlGuard) stop(msg string) {
	if g.state == gStopped {
		return
	}
	g.stopMsg, g.stopOff = strings.ToValidUTF8(msg, "\uFFFD"), g.tokStart
	if g.reading {
		g.stopRow = g.seek
	} else {
		g.stopRow = g.seek + 1
	}
	g.state = gStopped
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// badControl reports a byte XML never allows.
func badControl(c byte) bool { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' }

// xmlDelim reports bytes that end a name.
func xmlDelim(c byte) bool {
	return isXMLSpace(c) || c == '/' || c == '>' || c == '=' || c == '"' || c == '\'' || c == '<' || badControl(c)
}

// feed lexes the next bytes of the part.
func (g *xmlGuard) feed(p []byte) error {
	for i := 0; i < len(p); i++ {
		if g.state == gStopped {
			g.off += int64(len(p) - i)
			return nil
		}
		c := p[i]
		switch g.state {
		case gText:
			switch {
			case c == '<':
				if !g.utf8.complete() {
					g.stop("invalid UTF-8")
					break
				}
				if err := g.checkToken(g.off); err != nil {
					return err
				}
				g.tokStart = g.off
				g.state = gLT
			case c == '&':
				g.ent, g.entRet, g.state = g.ent[:0], gText, gEntity
			case c < 0x80:
				if badControl(c) || !g.utf8.complete() {
					g.stop(fmt.Sprintf("illegal character code U+%04X", c))
				}
			default:
				if !g.utf8.step(c) {
					g.stop("invalid UTF-8")
				}
			}
		case gEntity:
			if c == ';' {
				if !validEntity(g.ent) {
					g.stop("invalid character entity &" + clip(string(g.ent), 40) + ";")
					break
				}
				g.state = g.entRet
				break
			}
			if c >= 0x80 || len(g.ent) >= 32 {
				// Not sure how encoding/xml reads it: go on as text.
				g.state = g.entRet
				i--
				continue
			}
			if !isEntityByte(c, len(g.ent)) {
				g.stop("invalid character entity &" + clip(string(g.ent), 40) + " (no semicolon)")
				break
			}
			g.ent = append(g.ent, c)
		case gLT:
			switch {
			case c == '/':
				g.closing, g.name, g.state = true, g.name[:0], gEndName
			case c == '?':
				g.state = gPIName
			case c == '!':
				g.state = gBang
			case xmlDelim(c) || !nameStart(c):
				g.stop("expected element name after <")
			default:
				g.closing, g.selfClose = false, false
				g.name = append(g.name[:0], c)
				g.state = gStartName
			}
		case gStartName:
			if !xmlDelim(c) {
				if !nameByte(c) {
					g.stop("invalid XML name")
					break
				}
				if len(g.name) >= maxXMLName {
					return g.refuse("element name", fmt.Sprintf("%d bytes", maxXMLName))
				}
				g.name = append(g.name, c)
				break
			}
			if !utf8.Valid(g.name) {
				g.stop("invalid XML name")
				break
			}
			g.elem = append(g.elem[:0], xmlLocal(g.name)...)
			g.push(g.name)
			g.rowNum, g.rowErr, g.cellRef, g.cellStop = 0, false, g.cellRef[:0], false
			g.state = gTag
			i--
			g.off--
		case gTag:
			switch {
			case isXMLSpace(c):
			case c == '>':
				if err := g.startTag(); err != nil {
					return err
				}
			case c == '/':
				g.state = gSlash
			case xmlDelim(c) || !nameStart(c):
				g.stop("expected attribute name in element")
			default:
				g.name = append(g.name[:0], c)
				g.state = gAttrName
			}
		case gSlash:
			if c != '>' {
				g.stop("expected /> in element")
				break
			}
			g.selfClose = true
			if err := g.startTag(); err != nil {
				return err
			}
		case gAttrName:
			switch {
			case isXMLSpace(c):
				g.state = gAttrEq
			case c == '=':
				g.state = gAttrQuote
			case xmlDelim(c):
				g.stop("attribute name without = in element")
			case !nameByte(c):
				g.stop("invalid XML name")
			default:
				if len(g.name) >= maxXMLName {
					return g.refuse("attribute name", fmt.Sprintf("%d bytes", maxXMLName))
				}
				g.name = append(g.name, c)
			}
			if g.state != gAttrName && g.state != gStopped && !utf8.Valid(g.name) {
				g.stop("invalid XML name")
			}
			if g.state != gAttrName {
				g.attr = attrKind(g.elem, xmlLocal(g.name))
			}
		case gAttrEq:
			switch {
			case isXMLSpace(c):
			case c == '=':
				g.state = gAttrQuote
			default:
				g.stop("attribute name without = in element")
			}
		case gAttrQuote:
			switch {
			case isXMLSpace(c):
			case c == '"' || c == '\'':
				g.quote, g.rval, g.state = c, g.rval[:0], gAttrValue
			default:
				g.stop("unquoted or missing attribute value in element")
			}
		case gAttrValue:
			switch {
			case c == g.quote:
				if !g.utf8.complete() {
					g.stop("invalid UTF-8")
					break
				}
				g.attrValue()
				g.state = gTag
			case c == '<':
				g.stop("unescaped < inside quoted string")
			case c == '&':
				if g.attr != attrOther {
					return g.refuse("a character reference in a row number or cell reference", "what leaktrail reads")
				}
				g.ent, g.entRet, g.state = g.ent[:0], gAttrValue, gEntity
			case c < 0x80:
				if badControl(c) || !g.utf8.complete() {
					g.stop(fmt.Sprintf("illegal character code U+%04X", c))
					break
				}
				if err := g.rowAttrByte(c); err != nil {
					return err
				}
			default:
				if !g.utf8.step(c) {
					g.stop("invalid UTF-8")
					break
				}
				if err := g.rowAttrByte(c); err != nil {
					return err
				}
			}
		case gEndName:
			if !xmlDelim(c) {
				if len(g.name) == 0 && !nameStart(c) || !nameByte(c) {
					g.stop("expected element name after </")
					break
				}
				if len(g.name) >= maxXMLName {
					return g.refuse("element name", fmt.Sprintf("%d bytes", maxXMLName))
				}
				g.name = append(g.name, c)
				break
			}
			if len(g.name) == 0 || !utf8.Valid(g.name) {
				g.stop("expected element name after </")
				break
			}
			g.state = gEndSpace
			i--
			g.off--
		case gEndSpace:
			switch {
			case isXMLSpace(c):
			case c == '>':
				if err := g.endTag(); err != nil {
					return err
				}
			default:
				g.stop("invalid characters between </" + clip(string(g.name), 40) + " and >")
			}
		case gBang:
			switch c {
			case '-':
				g.state = gBangDash
			case '[':
				g.match, g.state = 0, gCDATAOpen
			default:
				return g.refuse("a DOCTYPE or other directive", "what leaktrail reads")
			}
		case gBangDash:
			if c != '-' {
				g.stop("invalid sequence <!- not part of <!--")
				break
			}
			g.b0, g.b1, g.state = 0, 0, gComment
		case gCDATAOpen:
			if c != "CDATA["[g.match] {
				g.stop("invalid <![ sequence")
				break
			}
			g.match++
			if g.match == 6 {
				g.b0, g.b1, g.state = 0, 0, gCDATA
			}
		case gComment:
			if g.b0 == '-' && g.b1 == '-' {
				if c != '>' {
					g.stop(`invalid sequence "--" not allowed in comments`)
					break
				}
				if err := g.endMarkup(); err != nil {
					return err
				}
				break
			}
			g.b0, g.b1 = g.b1, c
		case gCDATA:
			if g.b0 == ']' && g.b1 == ']' && c == '>' {
				if err := g.endMarkup(); err != nil {
					return err
				}
				break
			}
			g.b0, g.b1 = g.b1, c
		case gPIName:
			if xmlDelim(c) || c == '?' {
				g.stop("expected target name after <?")
				break
			}
			g.b0, g.state = 0, gPI
		case gPI:
			if g.b0 == '?' && c == '>' {
				if err := g.endMarkup(); err != nil {
					return err
				}
				break
			}
			g.b0 = c
		}
		g.off++
	}
	if g.state != gStopped {
		if err := g.checkToken(g.off); err != nil {
			return err
		}
		if err := g.checkSpans(g.off); err != nil {
			return err
		}
	}
	return nil
}

// end is the end of the part.
func (g *xmlGuard) end() error {
	if g.state != gStopped {
		if err := g.checkToken(g.off); err != nil {
			return err
		}
		if err := g.checkSpans(g.off); err != nil {
			return err
		}
		if g.state != gText || len(g.ends) > 0 || !g.utf8.complete() {
			g.tokStart = g.off
			g.stop("unexpected EOF")
		}
	}
	return nil
}

// checkToken bounds the token being read.
func (g *xmlGuard) checkToken(at int64) error {
	if at-g.tokStart > g.lim.token {
		return g.refuse(fmt.Sprintf("XML token at byte %d", g.tokStart), byteSize(g.lim.token))
	}
	return nil
}

// checkSpans bounds the row and the shared string being read.
func (g *xmlGuard) checkSpans(at int64) error {
	if g.reading && !g.ended && at-g.gapStart > g.lim.rowXML {
		return g.refuse(fmt.Sprintf("XML of row %d", g.seek), byteSize(g.lim.rowXML))
	}
	if g.sst && g.siDepth > 0 && at-g.siStart > g.lim.rowXML {
		return g.refuse(fmt.Sprintf("shared string item at byte %d", g.siStart), byteSize(g.lim.rowXML))
	}
	return nil
}

// endMarkup ends a comment, CDATA section or processing instruction.
func (g *xmlGuard) endMarkup() error {
	if err := g.checkToken(g.off + 1); err != nil {
		return err
	}
	g.state, g.tokStart = gText, g.off+1
	return nil
}

// Attributes whose values the guard keeps.
const (
	attrOther = iota
	attrRowR  // r of a <row>: its number
	attrCellR // r of a <c>: its reference
	attrCellS // s of a <c>: its style
)

// attrKind says which attribute local of element elem is. excelize reads
// attributes by local name, whatever their prefix (so xmlns:r counts).
func attrKind(elem, local []byte) int {
	switch {
	case string(elem) == "row" && string(local) == "r":
		return attrRowR
	case string(elem) == "c" && string(local) == "r":
		return attrCellR
	case string(elem) == "c" && string(local) == "s":
		return attrCellS
	}
	return attrOther
}

// rowAttrByte keeps a byte of an attribute value the guard reads.
func (g *xmlGuard) rowAttrByte(c byte) error {
	if g.attr == attrOther {
		return nil
	}
	if len(g.rval) >= 64 {
		return g.refuse("row number or cell reference", "64 bytes")
	}
	g.rval = append(g.rval, c)
	return nil
}

// attrValue takes a kept attribute value the way excelize reads it.
func (g *xmlGuard) attrValue() {
	if g.attr == attrOther {
		return
	}
	v := g.rval
	if bytes.IndexByte(v, '\r') >= 0 {
		// encoding/xml turns "\r\n" and "\r" into "\n".
		v = bytes.ReplaceAll(bytes.ReplaceAll(v, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	}
	switch g.attr {
	case attrRowR:
		// attrValToInt: the last r wins, the first that fails ends it.
		if !g.rowErr {
			n, err := atoiBytes(v)
			g.rowNum = n
			g.rowErr = err != nil
		}
	case attrCellR:
		if !g.cellStop {
			g.cellRef = append(g.cellRef[:0], v...)
		}
	case attrCellS:
		// cellXMLAttrHandler stops at an s that is not an integer.
		if !isInt64(v) {
			g.cellStop = true
		}
	}
}

// atoiBytes is strconv.Atoi, without a copy for plain digits.
func atoiBytes(b []byte) (int, error) {
	if len(b) > 0 && len(b) <= 18 {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return strconv.Atoi(string(b))
			}
			n = n*10 + int(c-'0')
		}
		return n, nil
	}
	return strconv.Atoi(string(b))
}

// isInt64 reports whether strconv.ParseInt(b, 10, 64) succeeds.
func isInt64(b []byte) bool {
	if len(b) > 0 && len(b) <= 18 {
		for _, c := range b {
			if c < '0' || c > '9' {
				_, err := strconv.ParseInt(string(b), 10, 64)
				return err == nil
			}
		}
		return true
	}
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}

func (g *xmlGuard) push(name []byte) {
	g.names = append(g.names, name...)
	g.ends = append(g.ends, len(g.names))
}

// startTag handles a start tag ended at g.off.
func (g *xmlGuard) startTag() error {
	end := g.off + 1
	if err := g.checkToken(end); err != nil {
		return err
	}
	if len(g.ends) > g.lim.depth {
		return g.refuse("element nesting", strconv.Itoa(g.lim.depth))
	}
	start := g.tokStart
	depth := len(g.ends)
	switch string(g.elem) {
	case "row", "sheetData":
		if g.cDepth != 0 {
			return g.refuse(fmt.Sprintf("<%s> inside a cell at byte %d", g.elem, start), "what leaktrail reads")
		}
	}
	switch string(g.elem) {
	case "row":
		if err := g.rowStart(start, end); err != nil {
			return err
		}
	case "c":
		if g.cDepth != 0 {
			return g.refuse(fmt.Sprintf("<c> inside a cell at byte %d", start), "what leaktrail reads")
		}
		if err := g.cellStart(end); err != nil {
			return err
		}
		if !g.selfClose {
			g.cDepth = depth
		}
	case "si":
		if g.sst {
			g.items++
			if g.items > g.lim.strings {
				return g.refuse("shared string items", fmt.Sprintf("%d shared strings", g.lim.strings))
			}
			if !g.selfClose && g.siDepth == 0 {
				g.siDepth, g.siStart = depth, start
			}
		}
	}
	if g.selfClose {
		g.pop()
		if string(g.elem) == "sheetData" {
			if err := g.sheetDataEnd(end); err != nil {
				return err
			}
		}
	}
	g.state, g.tokStart = gText, end
	return nil
}

// endTag handles an end tag ended at g.off.
func (g *xmlGuard) endTag() error {
	end := g.off + 1
	if err := g.checkToken(end); err != nil {
		return err
	}
	if len(g.ends) == 0 {
		g.stop("unexpected end element </" + clip(string(g.name), 40) + ">")
		return nil
	}
	top := g.names[g.topStart():]
	if !bytes.Equal(top, g.name) {
		g.stop("element <" + clip(string(xmlLocal(top)), 40) + "> closed by </" + clip(string(xmlLocal(g.name)), 40) + ">")
		return nil
	}
	g.pop()
	if g.sst && g.siDepth > 0 && len(g.ends) < g.siDepth {
		g.siDepth = 0
		if end-g.siStart > g.lim.rowXML {
			return g.refuse(fmt.Sprintf("shared string item at byte %d", g.siStart), byteSize(g.lim.rowXML))
		}
	}
	if string(xmlLocal(g.name)) == "sheetData" {
		if err := g.sheetDataEnd(end); err != nil {
			return err
		}
	}
	g.state, g.tokStart = gText, end
	return nil
}

func (g *xmlGuard) topStart() int {
	if len(g.ends) < 2 {
		return 0
	}
	return g.ends[len(g.ends)-2]
}

func (g *xmlGuard) pop() {
	g.names = g.names[:g.topStart()]
	g.ends = g.ends[:len(g.ends)-1]
	if g.cDepth > 0 && len(g.ends) < g.cDepth {
		g.cDepth = 0
	}
}

// rowStart replays excelize's Rows.Next and Rows.Columns at a <row> start
// tag spanning [start, end). A row number that does not parse
// (g.rowErr) makes Rows.Columns return at once with an error: the row's
// content is then skipped by Rows.Next, as between sheets.
func (g *xmlGuard) rowStart(start, end int64) error {
	if g.ended {
		return nil
	}
	v := int64(g.rowNum)
	if v > excelize.TotalRows {
		// Rows.Next or Rows.Columns fail with ErrMaxRows: the sheet ends.
		if err := g.checkSpans(end); err != nil {
			return err
		}
		g.ended = true
		return nil
	}
	if v != 0 {
		g.cur = v
	} else {
		g.cur++
	}
	if !g.reading {
		// Rows.Next returns at this row, and Rows.Columns reads from it
		// once Rows.Next has counted up to its number.
		g.seek = max(g.seek+1, g.cur)
		g.lastRow = g.seek
		g.reading, g.gapStart = !g.rowErr, start
		return nil
	}
	switch {
	case g.cur > g.seek:
		// Rows.Columns returns here; the next call reads this row.
		if err := g.checkSpans(end); err != nil {
			return err
		}
		g.seek, g.gapStart, g.lastRow = g.cur, start, g.cur
	case g.rowErr:
		// Rows.Columns returns here with the error.
		if err := g.checkSpans(end); err != nil {
			return err
		}
		g.reading = false
	}
	return nil
}

// cellStart replays excelize at a <c> start tag ended at end: Rows.Columns
// returns in the middle of its row at a cell reference that
// CellNameToCoordinates rejects, and Rows.Next then reads on to the next
// <row> whatever its number.
func (g *xmlGuard) cellStart(end int64) error {
	if !g.reading || g.ended || len(g.cellRef) == 0 {
		return nil
	}
	if _, err := cellColumn(g.cellRef); err == nil {
		return nil
	}
	if err := g.checkSpans(end); err != nil {
		return err
	}
	g.reading = false
	return nil
}

// sheetDataEnd replays excelize at </sheetData> ended at end.
func (g *xmlGuard) sheetDataEnd(end int64) error {
	if g.ended {
		return nil
	}
	if !g.reading {
		g.ended = true
		return nil
	}
	if err := g.checkSpans(end); err != nil {
		return err
	}
	g.reading = false
	return nil
}

// xmlLocal is the local part of a name as encoding/xml splits it.
func xmlLocal(name []byte) []byte {
	i := -1
	for j, c := range name {
		if c == ':' {
			if i >= 0 {
				return name
			}
			i = j
		}
	}
	if i <= 0 || i == len(name)-1 {
		return name
	}
	return name[i+1:]
}

// nameStart reports whether encoding/xml may accept c as the first byte
// of a name: an ASCII letter, '_' or ':', or a byte of a multi-byte
// character (not checked).
func nameStart(c byte) bool {
	return c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
}

// nameByte reports whether encoding/xml may accept c inside a name.
func nameByte(c byte) bool {
	return nameStart(c) || '0' <= c && c <= '9' || c == '.' || c == '-'
}

func isEntityByte(c byte, at int) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-' || c == '#' && at == 0
}

// validEntity reports whether encoding/xml (strict, no custom entities)
// accepts &ent;.
func validEntity(ent []byte) bool {
	s := string(ent)
	switch s {
	case "lt", "gt", "amp", "apos", "quot":
		return true
	}
	if !strings.HasPrefix(s, "#") {
		return false
	}
	base := 10
	s = s[1:]
	if strings.HasPrefix(s, "x") {
		base, s = 16, s[1:]
	}
	n, err := strconv.ParseUint(s, base, 64)
	if err != nil || n > unicode.MaxRune {
		return false
	}
	return xmlCharOK(rune(n))
}

// xmlCharOK is encoding/xml's isInCharacterRange.
func xmlCharOK(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// utf8Check validates UTF-8 a byte at a time, as encoding/xml's
// utf8.DecodeRune and character range check would.
type utf8Check struct {
	need   int
	lo, hi byte
	r      rune
}

func (u *utf8Check) complete() bool { return u.need == 0 }

// step takes a byte >= 0x80 (or a continuation byte) and reports whether
// the text is still valid.
func (u *utf8Check) step(c byte) bool {
	if u.need > 0 {
		if c < u.lo || c > u.hi {
			return false
		}
		u.r = u.r<<6 | rune(c&0x3F)
		u.need--
		u.lo, u.hi = 0x80, 0xBF
		return u.need > 0 || xmlCharOK(u.r)
	}
	u.lo, u.hi = 0x80, 0xBF
	switch {
	case c >= 0xC2 && c <= 0xDF:
		u.need, u.r = 1, rune(c&0x1F)
	case c == 0xE0:
		u.need, u.r, u.lo = 2, rune(c&0x0F), 0xA0
	case c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF:
		u.need, u.r = 2, rune(c&0x0F)
	case c == 0xED:
		u.need, u.r, u.hi = 2, rune(c&0x0F), 0x9F
	case c == 0xF0:
		u.need, u.r, u.lo = 3, rune(c&0x07), 0x90
	case c >= 0xF1 && c <= 0xF3:
		u.need, u.r = 3, rune(c&0x07)
	case c == 0xF4:
		u.need, u.r, u.hi = 3, rune(c&0x07), 0x8F
	default:
		return false
	}
	return true
}
