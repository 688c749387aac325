package xlsxw

import (
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"time"
)

// Limits of a sheet in Excel.
const (
	MaxRows      = 1 << 20 // rows of a sheet
	MaxCols      = 1 << 14 // columns of a sheet
	MaxRowHeight = 409     // points
)

// level is the compression of the sheets: on rows of cells, Go's level 2
// is as fast as BestSpeed (about 180 MB/s on one core) and compresses
// better (7:1 rather than 6:1).
const level = 2

// chunkSize is how many bytes of rows are compressed at a time, while the
// next rows are written.
const chunkSize = 128 << 10

// inMemory is how many compressed bytes of a sheet stay in memory before
// they move to a temporary file.
const inMemory = 1 << 20

// A Sheet is one worksheet, filled a row at a time: Text, Int, Float and
// Time set the cells of a row, from left to right, and EndRow ends it. The
// first row is row 1.
type Sheet struct {
	wb     *Workbook
	name   string
	widths []float64
	freeze bool
	filter bool

	rows  int    // rows ended
	cols  int    // columns of the widest row
	col   int    // columns of the current row so far
	ref   []byte // the current row's number, in decimal
	cells []byte // the current row's cells
	buf   []byte // rows not compressed yet
	body  body
	err   error
}

// SetColWidths sets the widths of the first len(widths) columns, in
// characters of the default font; a width of 0 leaves a column's width
// alone. It may be called at any time before the workbook is written.
func (s *Sheet) SetColWidths(widths []float64) {
	s.widths = append(s.widths[:0], widths...)
}

// FreezeHeader keeps the first row in view when the rows scroll.
func (s *Sheet) FreezeHeader() { s.freeze = true }

// AutoFilter puts filter buttons on the first row, over every row and
// column the sheet ends up with.
func (s *Sheet) AutoFilter() { s.filter = true }

// cell starts the cell of column col in the current row.
func (s *Sheet) cell(col int, style StyleID, typ string) bool {
	if s.err != nil {
		return false
	}
	switch {
	case s.wb.written:
		s.err = fmt.Errorf("sheet %q: the workbook is written", s.name)
	case col < s.col:
		s.err = fmt.Errorf("sheet %q row %d: column %d after column %d", s.name, s.rows+1, col+1, s.col)
	case col >= MaxCols:
		s.err = fmt.Errorf("sheet %q row %d: column %d of at most %d", s.name, s.rows+1, col+1, MaxCols)
	case style < 0 || int(style) > len(s.wb.styles):
		s.err = fmt.Errorf("sheet %q row %d: no style %d", s.name, s.rows+1, style)
	}
	if s.err != nil {
		return false
	}
	s.col = col + 1
	b := append(s.cells, `<c r="`...)
	b = appendCol(b, col)
	b = append(b, s.ref...)
	if style != 0 {
		b = append(b, `" s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
	}
	if typ != "" {
		b = append(b, `" t="`...)
		b = append(b, typ...)
	}
	s.cells = append(b, `">`...)
	return true
}

// Text sets the cell of column col (0 for A) to the text v, always as
// text: a cell never holds a formula. Text longer than MaxCellChars is
// cut, and characters XML cannot hold become U+FFFD.
func (s *Sheet) Text(col int, style StyleID, v string) {
	if !s.cell(col, style, "inlineStr") {
		return
	}
	v = cut(v)
	if preserve(v) {
		s.cells = append(s.cells, `<is><t xml:space="preserve">`...)
	} else {
		s.cells = append(s.cells, `<is><t>`...)
	}
	s.cells = appendText(s.cells, v)
	s.cells = append(s.cells, `</t></is></c>`...)
}

// Int sets the cell of column col to the number v.
func (s *Sheet) Int(col int, style StyleID, v int64) {
	if !s.cell(col, style, "") {
		return
	}
	s.cells = append(s.cells, `<v>`...)
	s.cells = strconv.AppendInt(s.cells, v, 10)
	s.cells = append(s.cells, `</v></c>`...)
}

// Float sets the cell of column col to the number v, which must be finite.
func (s *Sheet) Float(col int, style StyleID, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		if s.err == nil {
			s.err = fmt.Errorf("sheet %q row %d column %d: %v is not a number a cell holds", s.name, s.rows+1, col+1, v)
		}
		return
	}
	if !s.cell(col, style, "") {
		return
	}
	s.cells = append(s.cells, `<v>`...)
	s.cells = appendFloat(s.cells, v)
	s.cells = append(s.cells, `</v></c>`...)
}

// Time sets the cell of column col to the date and time t, as the serial
// number of its wall-clock time in t's location: give the cell a style
// with a date format to show it as a date. t must be InDateRange.
func (s *Sheet) Time(col int, style StyleID, t time.Time) {
	serial, ok := excelTime(t)
	if !ok {
		if s.err == nil {
			s.err = fmt.Errorf("sheet %q row %d column %d: %v is out of Excel's range of dates", s.name, s.rows+1, col+1, t)
		}
		return
	}
	if !s.cell(col, style, "") {
		return
	}
	s.cells = append(s.cells, `<v>`...)
	s.cells = appendFloat(s.cells, serial)
	s.cells = append(s.cells, `</v></c>`...)
}

// EndRow ends the current row, height points high, or of the default
// height when height is 0; heights over MaxRowHeight are cut to it. It
// returns the first error of the sheet's cells, if any.
func (s *Sheet) EndRow(height float64) error {
	if s.err != nil {
		return s.err
	}
	if s.wb.written {
		s.err = fmt.Errorf("sheet %q: the workbook is written", s.name)
		return s.err
	}
	if s.rows == MaxRows {
		s.err = fmt.Errorf("sheet %q: more than %d rows", s.name, MaxRows)
		return s.err
	}
	s.rows++
	s.cols = max(s.cols, s.col)
	b := append(s.buf, `<row r="`...)
	b = append(b, s.ref...)
	if height > 0 && !math.IsInf(height, 0) {
		b = append(b, `" ht="`...)
		b = appendFloat(b, min(height, MaxRowHeight))
		b = append(b, `" customHeight="1`...)
	}
	b = append(b, `">`...)
	b = append(b, s.cells...)
	s.buf = append(b, `</row>`...)
	s.cells, s.col = s.cells[:0], 0
	s.ref = strconv.AppendInt(s.ref[:0], int64(s.rows+1), 10)
	if len(s.buf) >= chunkSize {
		s.buf = s.body.write(s.buf)
	}
	return nil
}

// appendFloat appends v as SpreadsheetML writes a number.
func appendFloat(b []byte, v float64) []byte {
	if a := math.Abs(v); a != 0 && (a < 1e-9 || a >= 1e15) {
		return strconv.AppendFloat(b, v, 'E', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendCol appends the name of column col (0 for A).
func appendCol(b []byte, col int) []byte {
	if col < 26 {
		return append(b, byte('A'+col))
	}
	return append(appendCol(b, col/26-1), byte('A'+col%26))
}

// appendRef appends the reference of a cell: column col (0 for A), row
// row (1 for the first); absolute gives $A$1.
func appendRef(b []byte, col, row int, absolute bool) []byte {
	if absolute {
		b = append(b, '$')
	}
	b = appendCol(b, col)
	if absolute {
		b = append(b, '$')
	}
	return strconv.AppendInt(b, int64(row), 10)
}

// InDateRange reports whether a cell can hold t as a date: its wall-clock
// time is from 1900-01-01 to 9999-12-31.
func InDateRange(t time.Time) bool {
	_, ok := excelTime(t)
	return ok
}

// excelTime is the serial number of t's wall-clock time: days since
// 1899-12-30 (day 1 is 1900-01-01), and the fraction of the day. Excel
// counts a 1900-02-29, which was not, so days before March 1900 are one
// less.
func excelTime(t time.Time) (float64, bool) {
	const (
		day   = 24 * 60 * 60
		epoch = 25569 // 1970-01-01
		march = 61    // 1900-03-01
		last  = 2958465
	)
	_, offset := t.Zone()
	secs := t.Unix() + int64(offset)
	days := secs / day
	if secs%day < 0 {
		days--
	}
	nanos := (secs-days*day)*1e9 + int64(t.Nanosecond())
	days += epoch
	if days < march {
		days--
	}
	if days < 1 || days > last {
		return 0, false
	}
	return float64(days) + float64(nanos)/float64(day*1e9), true
}

// body holds a sheet's rows, compressed as a deflate stream that a later
// stream may follow (it ends with a sync flush, not a final block). Large
// sheets are compressed by a goroutine while the next rows are written.
type body struct {
	fw   *flate.Writer
	out  spill
	crc  uint32
	size int64 // uncompressed
	err  error

	full chan []byte // rows to compress, when compressing in the background
	free chan []byte // buffers compressed
	done chan error
}

// compress adds p to the stream.
func (b *body) compress(p []byte) {
	if b.err != nil {
		return
	}
	if b.fw == nil {
		b.fw, b.err = flate.NewWriter(&b.out, level)
		if b.err != nil {
			return
		}
	}
	b.crc = crc32.Update(b.crc, crc32.IEEETable, p)
	b.size += int64(len(p))
	_, b.err = b.fw.Write(p)
}

// write hands p to the background goroutine, starting it the first time,
// and returns an empty buffer for the next rows.
func (b *body) write(p []byte) []byte {
	if b.full == nil {
		b.full, b.free, b.done = make(chan []byte), make(chan []byte, 2), make(chan error, 1)
		b.free <- make([]byte, 0, cap(p))
		go func() {
			for p := range b.full {
				b.compress(p)
				b.free <- p[:0]
			}
			b.done <- b.err
		}()
	}
	b.full <- p
	return <-b.free
}

// finish compresses rest, the last rows, and ends the stream with a sync
// flush.
func (b *body) finish(rest []byte) error {
	b.stop()
	if len(rest) > 0 {
		b.compress(rest)
	}
	if b.fw != nil && b.err == nil {
		b.err = b.fw.Flush()
		b.fw = nil
	}
	if b.err == nil {
		b.err = b.out.flush()
	}
	return b.err
}

// stop waits for the background goroutine to compress what it was given.
func (b *body) stop() {
	if b.full != nil {
		close(b.full)
		<-b.done
		b.full = nil
	}
}

// spill holds compressed rows: in memory up to limit bytes, then in a
// temporary file in dir.
type spill struct {
	dir   string
	limit int
	mem   []byte
	f     *os.File
	w     *bufio.Writer
	n     int64
}

func (s *spill) Write(p []byte) (int, error) {
	if s.f == nil {
		if len(s.mem)+len(p) <= s.limit {
			s.mem = append(s.mem, p...)
			s.n += int64(len(p))
			return len(p), nil
		}
		f, err := os.CreateTemp(s.dir, "xlsxw-*.deflate")
		if err != nil {
			return 0, err
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 64<<10)
		if _, err := s.w.Write(s.mem); err != nil {
			return 0, err
		}
		s.mem = nil
	}
	n, err := s.w.Write(p)
	s.n += int64(n)
	return n, err
}

func (s *spill) flush() error {
	if s.w == nil {
		return nil
	}
	return s.w.Flush()
}

// reader reads back what was written.
func (s *spill) reader() io.Reader {
	if s.f == nil {
		return bytes.NewReader(s.mem)
	}
	return io.NewSectionReader(s.f, 0, s.n)
}

// remove deletes the temporary file.
func (s *spill) remove() error {
	if s.f == nil {
		return nil
	}
	f := s.f
	s.f, s.w, s.mem = nil, nil, nil
	return errors.Join(f.Close(), os.Remove(f.Name()))
}
