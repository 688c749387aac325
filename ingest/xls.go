package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// XLS reads legacy Excel workbooks (.xls): BIFF8 (Excel 97 to 2003, what
// carriers' download pages still write) and BIFF5/7 (Excel 5 and 95),
// inside an OLE2 compound file. Every worksheet is read in workbook order,
// row by row, through the alias table of importRows.
//
// The compound file needs random access, so the input is first copied to
// a temporary file (mode 0600, removed afterwards) that mscfb reads. The
// BIFF records of the Workbook stream are parsed here: the workbook
// globals once (sheet list, code page, shared string table), then each
// sheet's substream from the offset its BOUNDSHEET record gives. A sheet
// stores its cells row by row, so a row is complete when a cell of another
// row arrives; a row that comes back later (which no known writer does)
// is returned again with its later cells.
//
// Cells are text: numbers (NUMBER, RK, MULRK, cached formula results) as
// the shortest decimal, so dates stay Excel serials; strings as written;
// booleans "TRUE" and "FALSE"; error values "". Formats and styles are not
// read. BIFF5 strings are decoded with the workbook's CODEPAGE (GB18030
// when it has none).
//
// Memory is bounded by the shared string table (xlsLimits.sst decoded
// bytes, xlsLimits.strings entries) and one row; a workbook encrypted with
// a password (FILEPASS, or an encrypted .xlsx in its OLE2 envelope) fails
// with ErrEncrypted.
type XLS struct {
	// limits, when not nil, replaces defaultXLSLimits.
	limits *xlsLimits
}

type xlsLimits struct {
	input     int64 // the .xls file itself
	directory int64 // bytes mscfb reads to load the compound file's directory
	sst       int64 // decoded bytes of the shared string table
	strings   int64 // entries of the shared string table
	sheets    int   // BOUNDSHEET records
}

var defaultXLSLimits = xlsLimits{
	input:     1 << 30,
	directory: 16 << 20,
	sst:       256 << 20,
	strings:   4 << 20,
	sheets:    4096,
}

func (x XLS) lim() *xlsLimits {
	if x.limits != nil {
		return x.limits
	}
	return &defaultXLSLimits
}

// ErrEncrypted is returned for a workbook protected by a password to open:
// leaktrail cannot decrypt it.
var ErrEncrypted = errors.New("encrypted workbook: open it in Excel or LibreOffice, remove the password and import the saved copy")

// Format implements Importer.
func (XLS) Format() string { return "xls" }

// Sniff implements Importer: the OLE2 compound file signature.
func (XLS) Sniff(head []byte, _ string) bool {
	return bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
}

// Import implements Importer.
func (x XLS) Import(ctx context.Context, r io.Reader, opts Options, sink Sink) error {
	src, err := openXLS(r, x.lim())
	if err != nil {
		return err
	}
	defer src.close()
	return importRows(ctx, src, opts, sink)
}

// BIFF record types.
const (
	biffFormula    = 0x0006
	biffEOF        = 0x000A
	biffDateMode   = 0x0022
	biffFilePass   = 0x002F
	biffContinue   = 0x003C
	biffCodePage   = 0x0042
	biffBoundSheet = 0x0085
	biffMulRK      = 0x00BD
	biffMulBlank   = 0x00BE
	biffRString    = 0x00D6
	biffSST        = 0x00FC
	biffLabelSST   = 0x00FD
	biffBlank      = 0x0201
	biffNumber     = 0x0203
	biffLabel      = 0x0204
	biffBoolErr    = 0x0205
	biffString     = 0x0207
	biffRK         = 0x027E
	biffBOF        = 0x0809

	// Older BOF records: Excel 2.x, 3.x and 4.x.
	biff2BOF = 0x0009
	biff3BOF = 0x0209
	biff4BOF = 0x0409
)

// BOF substream types.
const (
	bofGlobals   = 0x0005
	bofWorksheet = 0x0010
)

// xlsSheet is a BOUNDSHEET record.
type xlsSheet struct {
	name string
	pos  int64 // stream offset of the sheet's BOF record
	typ  byte  // 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module
}

// xlsRows is the rowSource of a workbook.
type xlsRows struct {
	tmp    *os.File
	stream string // "Workbook" or "Book"
	s      *biffStream
	biff8  bool
	dec    *encoding.Decoder // BIFF5 8-bit strings
	sst    sstTable
	sheets []xlsSheet
	i      int

	// The sheet being read.
	sheet   string
	inSheet bool
	depth   int // nested BOF/EOF (charts embedded in a sheet)

	// The row being assembled: rw is its 0-based index, -1 before the
	// first cell.
	rw      int
	cells   []string
	bad     string // why the row is rejected, once something is wrong
	formula int    // column of a formula waiting for its STRING record, -1 none
	out     []string

	pending *rowError
}

// openXLS spools r, opens the compound file and reads the workbook
// globals.
func openXLS(r io.Reader, lim *xlsLimits) (*xlsRows, error) {
	tmp, size, err := spool(r, "", "leaktrail-xls-*.xls", lim.input)
	if err != nil {
		return nil, err
	}
	src := &xlsRows{tmp: tmp, rw: -1, formula: -1}
	ok := false
	defer func() {
		if !ok {
			src.close()
		}
	}()
	ra := &budgetReaderAt{r: tmp, budget: lim.directory}
	doc, err := mscfb.New(ra)
	if err != nil {
		if ra.exceeded {
			return nil, &limitError{What: "compound file directory", Limit: byteSize(lim.directory)}
		}
		return nil, fmt.Errorf("read OLE2 compound file (is the file truncated or damaged?): %w", err)
	}
	ra.budget = -1

	var book, workbook *mscfb.File
	var names []string
	for _, f := range doc.File {
		if len(f.Path) != 0 || f.FileInfo().IsDir() {
			continue
		}
		switch {
		case f.Name == "EncryptedPackage" || f.Name == "EncryptionInfo":
			return nil, ErrEncrypted
		case strings.EqualFold(f.Name, "Workbook"):
			workbook = f
		case strings.EqualFold(f.Name, "Book"):
			book = f
		}
		if len(names) < 8 {
			names = append(names, strconv.Quote(f.Name))
		}
	}
	stream := workbook
	if stream == nil {
		stream = book
	}
	if stream == nil {
		return nil, fmt.Errorf("no Workbook stream: an OLE2 file that is not an Excel workbook (streams %s)", strings.Join(names, ", "))
	}
	if err := src.start(stream, min(stream.Size, size), stream.Name, lim); err != nil {
		return nil, err
	}
	ok = true
	return src, nil
}

// start reads the workbook globals of a Workbook (BIFF8) or Book (BIFF5)
// stream of size bytes.
func (x *xlsRows) start(stream io.ReadSeeker, size int64, name string, lim *xlsLimits) error {
	x.stream = name
	x.s = newBIFFStream(stream, size)
	return x.globals(lim, strings.EqualFold(name, "Workbook"))
}

func (x *xlsRows) close() {
	if x.tmp != nil {
		x.tmp.Close()
		os.Remove(x.tmp.Name())
		x.tmp = nil
	}
}

// streamErr puts an error in its place in the workbook stream.
func (x *xlsRows) streamErr(off int64, err error) error {
	return fmt.Errorf("%s stream offset %d: %w", x.stream, off, err)
}

// globals reads the workbook globals substream.
func (x *xlsRows) globals(lim *xlsLimits, workbookStream bool) error {
	rec, err := x.s.next()
	if err != nil {
		return x.streamErr(0, readErr(err))
	}
	switch rec.typ {
	case biffBOF:
	case biff2BOF, biff3BOF, biff4BOF:
		return fmt.Errorf("an Excel %d.x workbook (BIFF%d): save it as .xls (Excel 97-2003) or .xlsx and import that", rec.typ>>9+2, rec.typ>>9+2)
	default:
		return x.streamErr(0, fmt.Errorf("the stream does not start with a BOF record (record type 0x%04X)", rec.typ))
	}
	switch vers := le16(rec.data, 0); {
	case vers == 0x0600:
		x.biff8 = true
	case vers == 0x0500:
	default:
		// Some writers leave the version out: the stream name says.
		x.biff8 = workbookStream
	}
	if typ := le16(rec.data, 2); len(rec.data) >= 4 && typ != bofGlobals {
		return x.streamErr(0, fmt.Errorf("the first substream is not the workbook globals (BOF type 0x%04X)", typ))
	}
	x.dec = simplifiedchinese.GB18030.NewDecoder()
	for {
		rec, err := x.s.next()
		if err != nil {
			return x.streamErr(x.s.pos, readErr(err))
		}
		switch rec.typ {
		case biffEOF:
			return nil
		case biffFilePass:
			return ErrEncrypted
		case biffCodePage:
			if len(rec.data) >= 2 {
				if enc := codePage(le16(rec.data, 0)); enc != nil {
					x.dec = enc.NewDecoder()
				}
			}
		case biffBoundSheet:
			if len(x.sheets) >= lim.sheets {
				return &limitError{What: "sheet count", Limit: fmt.Sprintf("%d sheets", lim.sheets)}
			}
			sh, err := x.boundSheet(rec.data)
			if err != nil {
				return x.streamErr(rec.off, err)
			}
			x.sheets = append(x.sheets, sh)
		case biffSST:
			if x.biff8 {
				if err := x.readSST(rec, lim); err != nil {
					return err
				}
			}
		}
	}
}

// boundSheet decodes a BOUNDSHEET record.
func (x *xlsRows) boundSheet(b []byte) (xlsSheet, error) {
	if len(b) < 7 {
		return xlsSheet{}, errors.New("BOUNDSHEET record too short")
	}
	sh := xlsSheet{pos: int64(le32(b, 0)), typ: b[5]}
	n := int(b[6])
	if x.biff8 {
		if len(b) < 8 {
			return sh, errors.New("BOUNDSHEET record too short")
		}
		high := b[7]&1 != 0
		raw := b[8:]
		if high {
			n *= 2
		}
		if len(raw) < n {
			return sh, errors.New("sheet name runs past its record")
		}
		sh.name = decodeBIFF8Chars(raw[:n], high)
		return sh, nil
	}
	raw := b[7:]
	if len(raw) < n {
		return sh, errors.New("sheet name runs past its record")
	}
	sh.name = x.decode8(raw[:n])
	return sh, nil
}

// decode8 decodes a BIFF5 8-bit string in the workbook's code page.
func (x *xlsRows) decode8(b []byte) string {
	s, err := x.dec.Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(s), "\uFFFD")
}

// codePage is the text encoding of a CODEPAGE record value; nil for
// UTF-16 (BIFF8) and values not known.
func codePage(cp uint16) encoding.Encoding {
	switch cp {
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 852:
		return charmap.CodePage852
	case 866:
		return charmap.CodePage866
	case 874:
		return charmap.Windows874
	case 932:
		return japanese.ShiftJIS
	case 936:
		return simplifiedchinese.GBK
	case 949:
		return korean.EUCKR
	case 950:
		return traditionalchinese.Big5
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1252, 367, 32769:
		return charmap.Windows1252
	case 1253:
		return charmap.Windows1253
	case 1254:
		return charmap.Windows1254
	case 1255:
		return charmap.Windows1255
	case 1256:
		return charmap.Windows1256
	case 1257:
		return charmap.Windows1257
	case 1258:
		return charmap.Windows1258
	case 10000, 32768:
		return charmap.Macintosh
	}
	return nil
}

// sstTable is the shared string table, kept as one block of UTF-8.
type sstTable struct {
	data []byte
	ends []uint32
}

func (t *sstTable) len() int { return len(t.ends) }

func (t *sstTable) get(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return string(t.data[start:t.ends[i]])
}

// readSST decodes the SST record and its CONTINUE records. The declared
// count is not trusted for allocation: strings are read while the records
// last.
func (x *xlsRows) readSST(rec biffRecord, lim *xlsLimits) error {
	c := &contReader{s: x.s, p: rec.data, off: rec.off}
	if _, err := c.bytes(8); err != nil { // cstTotal, cstUnique
		return x.streamErr(rec.off, errors.New("SST record too short"))
	}
	unique := le32(c.last, 4)
	var scratch []byte
	for i := uint32(0); i < unique; i++ {
		if len(c.p) == 0 && !c.more() {
			// Fewer strings than declared: the LABELSST records that
			// point past the end are rejected with their rows.
			return nil
		}
		s, err := c.richString(scratch[:0])
		if err != nil {
			return x.streamErr(c.off, fmt.Errorf("shared string %d: %w", i, err))
		}
		scratch = s
		if int64(len(x.sst.data))+int64(len(s)) > lim.sst {
			return &limitError{What: "shared string table", Limit: byteSize(lim.sst)}
		}
		if int64(len(x.sst.ends)) >= lim.strings {
			return &limitError{What: "shared string table", Limit: fmt.Sprintf("%d strings", lim.strings)}
		}
		x.sst.data = append(x.sst.data, s...)
		x.sst.ends = append(x.sst.ends, uint32(len(x.sst.data)))
	}
	return nil
}

// readErr explains a stream read error.
func readErr(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the stream ends in the middle of the workbook (truncated file?)")
	}
	return fmt.Errorf("cannot read the stream (truncated or damaged file?): %w", err)
}

// Next implements rowSource.
func (x *xlsRows) Next() ([]string, string, int64, error) {
	for {
		if x.pending != nil {
			re := x.pending
			x.pending = nil
			return nil, re.Sheet, re.Row, re
		}
		if !x.inSheet {
			if x.i >= len(x.sheets) {
				return nil, "", 0, io.EOF
			}
			sh := x.sheets[x.i]
			x.i++
			if sh.typ != 0 {
				continue // charts, macro sheets, VBA modules
			}
			if err := x.startSheet(sh); err != nil {
				return nil, sh.name, 0, err
			}
			continue
		}
		rec, err := x.s.next()
		if err != nil {
			x.inSheet = false
			x.pending = &rowError{Sheet: x.sheet, Row: int64(x.rw) + 2,
				Reason: fmt.Sprintf("%s; the rest of the sheet is lost", x.streamErr(x.s.pos, readErr(err)))}
			if x.rw < 0 {
				x.pending.Row = 0
			}
			if cells, row, err := rowResult(x.flush()); cells != nil || err != nil {
				return cells, x.sheet, row, err
			}
			continue
		}
		if cells, row, err := rowResult(x.record(rec)); cells != nil || err != nil {
			return cells, x.sheet, row, err
		}
	}
}

// rowResult turns what record and flush return into Next's results,
// keeping a nil *rowError out of the error interface.
func rowResult(cells []string, row int64, re *rowError) ([]string, int64, error) {
	if re != nil {
		return nil, row, re
	}
	return cells, row, nil
}

// startSheet moves to a sheet's BOF record.
func (x *xlsRows) startSheet(sh xlsSheet) error {
	x.sheet, x.rw, x.bad, x.formula, x.depth = sh.name, -1, "", -1, 0
	x.cells = x.cells[:0]
	if err := x.s.seek(sh.pos); err != nil {
		return &rowError{Sheet: sh.name, Reason: x.streamErr(sh.pos, fmt.Errorf("the sheet's data cannot be read (truncated file?): %v", err)).Error()}
	}
	rec, err := x.s.next()
	if err != nil {
		return &rowError{Sheet: sh.name, Reason: x.streamErr(sh.pos, readErr(err)).Error()}
	}
	if rec.typ != biffBOF {
		return &rowError{Sheet: sh.name, Reason: x.streamErr(sh.pos, fmt.Errorf("no BOF record where the sheet should start (record type 0x%04X)", rec.typ)).Error()}
	}
	if typ := le16(rec.data, 2); len(rec.data) >= 4 && typ != bofWorksheet {
		return nil // a chart or dialog sheet: nothing to read
	}
	x.inSheet, x.depth = true, 1
	return nil
}

// record handles one record of a sheet substream. It returns a completed
// row, or a *rowError for a completed row that cannot be read.
func (x *xlsRows) record(rec biffRecord) ([]string, int64, *rowError) {
	switch rec.typ {
	case biffBOF:
		x.depth++
		return nil, 0, nil
	case biffEOF:
		x.depth--
		if x.depth > 0 {
			return nil, 0, nil
		}
		x.inSheet = false
		return x.flush()
	}
	if x.depth != 1 {
		return nil, 0, nil
	}
	b := rec.data
	switch rec.typ {
	case biffLabelSST, biffLabel, biffRString, biffNumber, biffRK, biffBoolErr, biffFormula, biffMulRK, biffBlank, biffMulBlank:
	case biffString:
		if x.formula >= 0 {
			col := x.formula
			x.formula = -1
			c := &contReader{s: x.s, p: b, off: rec.off}
			s, err := x.xlString(c)
			if err != nil {
				x.fail(fmt.Sprintf("malformed STRING record at %s stream offset %d: %v", x.stream, rec.off, err))
				return nil, 0, nil
			}
			x.set(col, s)
		}
		return nil, 0, nil
	default:
		return nil, 0, nil
	}
	if len(b) < 4 {
		x.fail(fmt.Sprintf("malformed cell record 0x%04X at %s stream offset %d", rec.typ, x.stream, rec.off))
		return nil, 0, nil
	}
	rw, col := int(le16(b, 0)), int(le16(b, 2))
	var cells []string
	var row int64
	var re *rowError
	if x.rw >= 0 && rw != x.rw {
		cells, row, re = x.flush()
	}
	x.rw = rw
	x.formula = -1
	short := func(n int) bool {
		if len(b) < n {
			x.fail(fmt.Sprintf("malformed cell record 0x%04X at %s stream offset %d", rec.typ, x.stream, rec.off))
			return true
		}
		return false
	}
	switch rec.typ {
	case biffLabelSST:
		if short(10) {
			break
		}
		i := int(le32(b, 6))
		if i >= x.sst.len() {
			x.fail(fmt.Sprintf("shared string %d at %s stream offset %d is not in the table of %d strings", i, x.stream, rec.off, x.sst.len()))
			break
		}
		x.set(col, x.sst.get(i))
	case biffLabel, biffRString:
		if short(8) {
			break
		}
		c := &contReader{s: x.s, p: b[6:], off: rec.off}
		s, err := x.xlString(c)
		if err != nil {
			x.fail(fmt.Sprintf("malformed LABEL record at %s stream offset %d: %v", x.stream, rec.off, err))
			break
		}
		x.set(col, s)
	case biffNumber:
		if short(14) {
			break
		}
		x.set(col, formatNumber(math.Float64frombits(le64(b, 6))))
	case biffRK:
		if short(10) {
			break
		}
		x.set(col, formatNumber(rkValue(le32(b, 6))))
	case biffMulRK:
		if short(6) {
			break
		}
		n := (len(b) - 6) / 6
		for i := 0; i < n; i++ {
			x.set(col+i, formatNumber(rkValue(le32(b, 4+6*i+2))))
		}
	case biffBoolErr:
		if short(8) {
			break
		}
		switch {
		case b[7] != 0:
			x.set(col, "")
		case b[6] != 0:
			x.set(col, "TRUE")
		default:
			x.set(col, "FALSE")
		}
	case biffFormula:
		if short(14) {
			break
		}
		if le16(b, 12) != 0xFFFF {
			x.set(col, formatNumber(math.Float64frombits(le64(b, 6))))
			break
		}
		switch b[6] {
		case 0: // the string follows in a STRING record
			x.formula = col
		case 1:
			if b[8] != 0 {
				x.set(col, "TRUE")
			} else {
				x.set(col, "FALSE")
			}
		default: // an error value, or an empty string
			x.set(col, "")
		}
	}
	return cells, row, re
}

// fail marks the row being assembled as unreadable.
func (x *xlsRows) fail(reason string) {
	if x.bad == "" {
		x.bad = reason
	}
}

// set puts a cell's text in the row being assembled.
func (x *xlsRows) set(col int, s string) {
	if col >= maxColumns {
		x.fail(fmt.Sprintf("cell in column %d, beyond the %d columns a worksheet can have", col+1, maxColumns))
		return
	}
	for len(x.cells) <= col {
		x.cells = append(x.cells, "")
	}
	x.cells[col] = s
}

// flush ends the row being assembled. It returns its cells, nil for a row
// with nothing in it, or a *rowError.
func (x *xlsRows) flush() ([]string, int64, *rowError) {
	if x.rw < 0 {
		return nil, 0, nil
	}
	row := int64(x.rw) + 1
	cells, bad := x.cells, x.bad
	x.cells, x.out = x.out[:0], cells
	x.rw, x.bad, x.formula = -1, "", -1
	if bad != "" {
		return nil, row, &rowError{Sheet: x.sheet, Row: row, Reason: bad, Excerpt: rowExcerpt(cells)}
	}
	for _, c := range cells {
		if c != "" {
			return cells, row, nil
		}
	}
	return nil, 0, nil
}

// rkValue decodes an RK number: bit 1 says a 30-bit integer, else the high
// 30 bits of a float64; bit 0 says divided by 100.
func rkValue(rk uint32) float64 {
	var v float64
	if rk&2 != 0 {
		v = float64(int32(rk) >> 2)
	} else {
		v = math.Float64frombits(uint64(rk&^3) << 32)
	}
	if rk&1 != 0 {
		v /= 100
	}
	return v
}

// formatNumber renders a number cell the way every tabular importer sees
// numbers: the shortest decimal, no exponent.
func formatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// xlString reads a BIFF8 XLUnicodeString (cch, flags, characters) or a
// BIFF5 string (cch, 8-bit characters).
func (x *xlsRows) xlString(c *contReader) (string, error) {
	if !x.biff8 {
		b, err := c.bytes(2)
		if err != nil {
			return "", err
		}
		n := int(le16(b, 0))
		raw, err := c.bytes(n)
		if err != nil {
			return "", err
		}
		return x.decode8(raw), nil
	}
	s, err := c.richString(nil)
	return string(s), err
}

func le16(b []byte, i int) uint16 {
	if len(b) < i+2 {
		return 0
	}
	return binary.LittleEndian.Uint16(b[i:])
}

func le32(b []byte, i int) uint32 {
	if len(b) < i+4 {
		return 0
	}
	return binary.LittleEndian.Uint32(b[i:])
}

func le64(b []byte, i int) uint64 {
	if len(b) < i+8 {
		return 0
	}
	return binary.LittleEndian.Uint64(b[i:])
}

// decodeBIFF8Chars decodes characters stored compressed (one byte each,
// U+0000 to U+00FF) or as UTF-16LE.
func decodeBIFF8Chars(b []byte, high bool) string {
	var u utf16Decoder
	out := make([]byte, 0, len(b)*3/2)
	if high {
		for i := 0; i+1 < len(b); i += 2 {
			out = u.add(out, binary.LittleEndian.Uint16(b[i:]))
		}
	} else {
		for _, c := range b {
			out = u.add(out, uint16(c))
		}
	}
	return string(u.flush(out))
}

// utf16Decoder turns UTF-16 code units into UTF-8, holding a high
// surrogate until its pair arrives (perhaps in the next record).
type utf16Decoder struct{ high uint16 }

func (u *utf16Decoder) add(out []byte, c uint16) []byte {
	switch {
	case u.high != 0 && c >= 0xDC00 && c <= 0xDFFF:
		r := utf16.DecodeRune(rune(u.high), rune(c))
		u.high = 0
		return utf8.AppendRune(out, r)
	case u.high != 0:
		out = utf8.AppendRune(out, utf8.RuneError)
		u.high = 0
	}
	switch {
	case c >= 0xD800 && c <= 0xDBFF:
		u.high = c
		return out
	case c >= 0xDC00 && c <= 0xDFFF:
		return utf8.AppendRune(out, utf8.RuneError)
	}
	return utf8.AppendRune(out, rune(c))
}

func (u *utf16Decoder) flush(out []byte) []byte {
	if u.high != 0 {
		u.high = 0
		return utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// biffRecord is one record: its type, payload and stream offset.
type biffRecord struct {
	typ  uint16
	data []byte // valid until the next record is read
	off  int64
}

// biffStream reads the records of a Workbook stream one at a time.
type biffStream struct {
	f    io.ReadSeeker
	br   *bufio.Reader
	pos  int64 // stream offset of the next record
	size int64
	buf  []byte
}

func newBIFFStream(f io.ReadSeeker, size int64) *biffStream {
	return &biffStream{f: f, br: bufio.NewReaderSize(io.LimitReader(f, size), 64<<10), size: size, buf: make([]byte, 0xFFFF)}
}

// next reads the next record. At the end of the stream it returns io.EOF;
// a record cut short by the end is io.ErrUnexpectedEOF.
func (s *biffStream) next() (biffRecord, error) {
	var hdr [4]byte
	n, err := io.ReadFull(s.br, hdr[:])
	if err == io.EOF || (err == io.ErrUnexpectedEOF && s.pos+int64(n) >= s.size && n < 4 && isPadding(hdr[:n])) {
		return biffRecord{}, io.EOF
	}
	if err != nil {
		return biffRecord{}, err
	}
	rec := biffRecord{typ: binary.LittleEndian.Uint16(hdr[:]), off: s.pos}
	size := int(binary.LittleEndian.Uint16(hdr[2:]))
	if _, err := io.ReadFull(s.br, s.buf[:size]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return biffRecord{}, err
	}
	rec.data = s.buf[:size]
	s.pos += 4 + int64(size)
	return rec, nil
}

// isPadding reports zero bytes at the end of a stream.
func isPadding(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// peek returns the type of the next record without reading it.
func (s *biffStream) peek() (uint16, bool) {
	hdr, err := s.br.Peek(4)
	if err != nil {
		return 0, false
	}
	return binary.LittleEndian.Uint16(hdr), true
}

// seek moves to a stream offset, reading forward when it is ahead.
func (s *biffStream) seek(pos int64) error {
	if pos >= s.size || pos < 0 {
		return fmt.Errorf("offset %d is beyond the end of the %d-byte stream", pos, s.size)
	}
	if pos >= s.pos {
		n, err := s.br.Discard(int(min(pos-s.pos, math.MaxInt32)))
		s.pos += int64(n)
		if err != nil {
			return err
		}
		if s.pos == pos {
			return nil
		}
	}
	if _, err := s.f.Seek(pos, io.SeekStart); err != nil {
		return err
	}
	s.br.Reset(io.LimitReader(s.f, s.size-pos))
	s.pos = pos
	return nil
}

// contReader reads a record's payload and then the payload of the
// CONTINUE records after it, as one byte sequence, except for characters:
// a CONTINUE record that goes on with a string's characters starts with a
// new flags byte saying whether they are compressed.
type contReader struct {
	s    *biffStream
	p    []byte // unread payload of the current record
	off  int64  // stream offset of the current record
	last []byte // result of the last bytes call
	tmp  []byte
}

// more moves to the next record if it is a CONTINUE.
func (c *contReader) more() bool {
	if typ, ok := c.s.peek(); !ok || typ != biffContinue {
		return false
	}
	rec, err := c.s.next()
	if err != nil {
		return false
	}
	c.p, c.off = rec.data, rec.off
	return true
}

var errRunsPast = errors.New("data runs past the end of its record")

// bytes returns the next n bytes, across records.
func (c *contReader) bytes(n int) ([]byte, error) {
	if len(c.p) >= n {
		c.last, c.p = c.p[:n], c.p[n:]
		return c.last, nil
	}
	c.tmp = append(c.tmp[:0], c.p...)
	c.p = nil
	for len(c.tmp) < n {
		if !c.more() {
			return nil, errRunsPast
		}
		k := min(n-len(c.tmp), len(c.p))
		c.tmp = append(c.tmp, c.p[:k]...)
		c.p = c.p[k:]
	}
	c.last = c.tmp
	return c.last, nil
}

// skip passes over n bytes, across records.
func (c *contReader) skip(n int64) error {
	for n > 0 {
		if len(c.p) == 0 && !c.more() {
			return errRunsPast
		}
		k := min(n, int64(len(c.p)))
		c.p = c.p[k:]
		n -= k
	}
	return nil
}

// richString reads an XLUnicodeRichExtendedString (an XLUnicodeString when
// its flags say neither rich text nor phonetic data) and appends its text
// as UTF-8 to dst.
func (c *contReader) richString(dst []byte) ([]byte, error) {
	hdr, err := c.bytes(3)
	if err != nil {
		return dst, err
	}
	cch, flags := int(le16(hdr, 0)), hdr[2]
	var runs, ext int64
	if flags&0x08 != 0 {
		b, err := c.bytes(2)
		if err != nil {
			return dst, err
		}
		runs = int64(le16(b, 0))
	}
	if flags&0x04 != 0 {
		b, err := c.bytes(4)
		if err != nil {
			return dst, err
		}
		ext = int64(le32(b, 0))
	}
	dst, err = c.chars(dst, cch, flags&0x01 != 0)
	if err != nil {
		return dst, err
	}
	if err := c.skip(4 * runs); err != nil {
		return dst, err
	}
	return dst, c.skip(ext)
}

// chars reads n characters, compressed or not as high says until a
// CONTINUE record's flags byte says otherwise.
func (c *contReader) chars(dst []byte, n int, high bool) ([]byte, error) {
	var u utf16Decoder
	for n > 0 {
		if len(c.p) == 0 || high && len(c.p) < 2 {
			if !c.more() || len(c.p) == 0 {
				return u.flush(dst), errRunsPast
			}
			high = c.p[0]&0x01 != 0
			c.p = c.p[1:]
			continue
		}
		if high {
			k := min(n, len(c.p)/2)
			for i := 0; i < k; i++ {
				dst = u.add(dst, binary.LittleEndian.Uint16(c.p[2*i:]))
			}
			c.p, n = c.p[2*k:], n-k
		} else {
			k := min(n, len(c.p))
			for _, b := range c.p[:k] {
				dst = u.add(dst, uint16(b))
			}
			c.p, n = c.p[k:], n-k
		}
	}
	return u.flush(dst), nil
}
