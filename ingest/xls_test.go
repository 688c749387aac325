package ingest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// biffBuilder writes BIFF records for tests.
type biffBuilder struct{ b []byte }

// rec appends a record and returns its offset.
func (w *biffBuilder) rec(typ uint16, payload ...[]byte) int {
	off := len(w.b)
	body := bytes.Join(payload, nil)
	w.b = binary.LittleEndian.AppendUint16(w.b, typ)
	w.b = binary.LittleEndian.AppendUint16(w.b, uint16(len(body)))
	w.b = append(w.b, body...)
	return off
}

func u8(v byte) []byte     { return []byte{v} }
func u16(v uint16) []byte  { return binary.LittleEndian.AppendUint16(nil, v) }
func u32(v uint32) []byte  { return binary.LittleEndian.AppendUint32(nil, v) }
func f64(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }

// utf16le encodes s as UTF-16LE.
func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

// xlString is a BIFF8 XLUnicodeString, compressed when s is Latin-1.
func xlString(s string) []byte {
	runes := []rune(s)
	latin := true
	for _, r := range runes {
		latin = latin && r < 0x100
	}
	if latin {
		b := append(u16(uint16(len(runes))), 0)
		for _, r := range runes {
			b = append(b, byte(r))
		}
		return b
	}
	chars := utf16le(s)
	return append(append(u16(uint16(len(chars)/2)), 1), chars...)
}

// shortXLString is a BIFF8 ShortXLUnicodeString (one-byte length).
func shortXLString(s string) []byte {
	b := xlString(s)
	return append(b[:1:1], b[2:]...)
}

// bof8 is a BIFF8 BOF record's payload.
func bof8(dt uint16) []byte {
	return bytes.Join([][]byte{u16(0x0600), u16(dt), u16(0x0DBB), u16(0x07CC), u32(0), u32(6)}, nil)
}

// testSheet is a worksheet substream's records after its BOF.
type testSheet struct {
	name  string
	typ   byte // BOUNDSHEET dt
	cells func(w *biffBuilder)
}

// biff8Workbook builds a Workbook stream: globals (extra records, then
// one BOUNDSHEET per sheet) and the sheets, written in the order given by
// layout (indexes into sheets) so that stream order can differ from
// workbook order.
func biff8Workbook(globals func(w *biffBuilder), sheets []testSheet, layout []int) []byte {
	w := &biffBuilder{}
	w.rec(biffBOF, bof8(bofGlobals))
	var posAt []int
	for _, sh := range sheets {
		off := w.rec(biffBoundSheet, u32(0), u8(0), u8(sh.typ), shortXLString(sh.name))
		posAt = append(posAt, off+4)
	}
	if globals != nil {
		globals(w)
	}
	w.rec(biffEOF)
	if layout == nil {
		for i := range sheets {
			layout = append(layout, i)
		}
	}
	for _, i := range layout {
		binary.LittleEndian.PutUint32(w.b[posAt[i]:], uint32(len(w.b)))
		w.rec(biffBOF, bof8(bofWorksheet))
		sheets[i].cells(w)
		w.rec(biffEOF)
	}
	return w.b
}

// cell is the first six bytes of a cell record.
func cell(rw, col int) []byte {
	return append(u16(uint16(rw)), append(u16(uint16(col)), u16(15)...)...)
}

// readStream reads every row of a Workbook or Book stream.
func readStream(t *testing.T, stream []byte, name string) []string {
	t.Helper()
	x := &xlsRows{rw: -1, formula: -1}
	if err := x.start(bytes.NewReader(stream), int64(len(stream)), name, &defaultXLSLimits); err != nil {
		t.Fatalf("start: %v", err)
	}
	return drain(t, x)
}

// drain renders every row of a source as "sheet!row: cells" or
// "sheet!row: reject: reason".
func drain(t *testing.T, src rowSource) []string {
	t.Helper()
	var got []string
	for n := 0; ; n++ {
		if n > 1e6 {
			t.Fatal("rows never end")
		}
		cells, sheet, row, err := src.Next()
		if err == io.EOF {
			return got
		}
		var re *rowError
		switch {
		case errors.As(err, &re):
			got = append(got, lineOf(sheet, row)+"reject: "+re.Reason)
		case err != nil:
			t.Fatalf("next: %v", err)
		default:
			got = append(got, lineOf(sheet, row)+strings.Join(cells, "|"))
		}
	}
}

func lineOf(sheet string, row int64) string {
	return sheet + "!" + itoa(row) + ": "
}

func itoa(n int64) string { return formatNumber(float64(n)) }

// rkInt is the RK value of an integer.
func rkInt(v int32) uint32 { return uint32(v<<2) | 2 }

func TestRKValue(t *testing.T) {
	tests := []struct {
		name string
		rk   uint32
		want string
	}{
		{"integer", 5<<2 | 2, "5"},
		{"negative integer", rkInt(-4), "-4"},
		{"integer over 100", 12345<<2 | 3, "123.45"},
		{"float", uint32(math.Float64bits(1.5) >> 32), "1.5"},
		{"float over 100", uint32(math.Float64bits(15)>>32) | 1, "0.15"},
		{"largest integer", 0x1FFFFFFF<<2 | 2, "536870911"},
		{"smallest integer", 0x80000000 | 2, "-536870912"},
		{"fee over 100", 240<<2 | 3, "2.4"},
		{"date serial", uint32(math.Float64bits(46082)>>32) & ^uint32(3), "46082"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatNumber(rkValue(tt.rk)); got != tt.want {
				t.Errorf("rkValue(%#x) = %s, want %s", tt.rk, got, tt.want)
			}
		})
	}
}

func TestXLSSharedStringContinue(t *testing.T) {
	tests := []struct {
		name string
		sst  [][]byte // SST payload, then each CONTINUE payload
		want string
	}{
		{
			name: "compressed, continued uncompressed",
			sst: [][]byte{
				bytes.Join([][]byte{u32(1), u32(1), u16(6), u8(0), []byte("abc")}, nil),
				append(u8(1), utf16le("d中f")...),
			},
			want: "abcd中f",
		},
		{
			name: "uncompressed, continued compressed",
			sst: [][]byte{
				bytes.Join([][]byte{u32(1), u32(1), u16(5), u8(1), utf16le("通话")}, nil),
				append(u8(0), []byte("xyz")...),
			},
			want: "通话xyz",
		},
		{
			name: "characters start in the continuation",
			sst: [][]byte{
				bytes.Join([][]byte{u32(1), u32(1), u16(2), u8(1)}, nil),
				append(u8(1), utf16le("详单")...),
			},
			want: "详单",
		},
		{
			name: "header split across records",
			sst: [][]byte{
				bytes.Join([][]byte{u32(1), u32(1), u8(3)}, nil),
				bytes.Join([][]byte{u8(0), u8(0), []byte("ok!")}, nil),
			},
			want: "ok!",
		},
		{
			name: "surrogate pair split across records",
			sst: [][]byte{
				bytes.Join([][]byte{u32(1), u32(1), u16(2), u8(1), utf16le("😀")[:2]}, nil),
				append(u8(1), utf16le("😀")[2:]...),
			},
			want: "😀",
		},
		{
			name: "rich text runs and phonetic data across records",
			sst: [][]byte{
				bytes.Join([][]byte{u32(2), u32(2), u16(2), u8(0x0C), u16(2), u32(6), []byte("ab"), u32(0), u32(0)[:2]}, nil),
				bytes.Join([][]byte{u32(0)[2:], u32(7), u16(1)[:1]}, nil),
				bytes.Join([][]byte{{0}, xlString("next")}, nil),
			},
			want: "ab|next",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stream := biff8Workbook(func(w *biffBuilder) {
				w.rec(biffSST, tt.sst[0])
				for _, p := range tt.sst[1:] {
					w.rec(biffContinue, p)
				}
			}, []testSheet{{name: "s", cells: func(w *biffBuilder) {
				n := strings.Count(tt.want, "|") + 1
				for i := range n {
					w.rec(biffLabelSST, cell(0, i), u32(uint32(i)))
				}
			}}}, nil)
			got := readStream(t, stream, "Workbook")
			want := []string{"s!1: " + tt.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestXLSCells(t *testing.T) {
	long := strings.Repeat("长", 100)
	sheets := []testSheet{
		{name: "第一", cells: func(w *biffBuilder) {
			w.rec(biffLabelSST, cell(0, 0), u32(0))
			w.rec(biffNumber, cell(0, 1), f64(13800138000))
			w.rec(biffRK, cell(0, 3), u32(83<<2|2))
			// MULRK: columns 1 to 3 of row 3, two integers and 0.15.
			w.rec(biffMulRK, u16(2), u16(1), u16(15), u32(7<<2|2), u16(15), u32(8<<2|2), u16(15), u32(15<<2|3), u16(3))
			w.rec(biffBlank, cell(2, 5))
			w.rec(biffMulBlank, u16(2), u16(6), u16(15), u16(15), u16(7))
			// Row 5 (index 4) is missing: sparse rows.
			w.rec(biffBoolErr, cell(5, 0), u8(1), u8(0))
			w.rec(biffBoolErr, cell(5, 1), u8(0), u8(0))
			w.rec(biffBoolErr, cell(5, 2), u8(0x2A), u8(1))
			w.rec(biffLabel, cell(5, 4), xlString("标签"))
			// A formula with a string result: STRING after SHRFMLA,
			// its characters continued in a CONTINUE record.
			str := xlString(long)
			w.rec(biffFormula, cell(6, 0), u8(0), []byte{0, 0, 0, 0, 0}, u16(0xFFFF), u16(0), u32(0), u16(0))
			w.rec(0x04BC, make([]byte, 10)) // SHRFMLA
			w.rec(biffString, str[:3+50])
			w.rec(biffContinue, u8(1), str[3+50:])
			w.rec(biffFormula, cell(6, 1), f64(2.5), u16(0), u32(0), u16(0))
			w.rec(biffFormula, cell(6, 2), u8(1), u8(0), u8(1), u8(0), u8(0), u8(0), u16(0xFFFF), u16(0), u32(0), u16(0))
			w.rec(biffFormula, cell(6, 3), u8(2), u8(0), u8(7), u8(0), u8(0), u8(0), u16(0xFFFF), u16(0), u32(0), u16(0))
			w.rec(biffFormula, cell(6, 4), u8(3), u8(0), u8(0), u8(0), u8(0), u8(0), u16(0xFFFF), u16(0), u32(0), u16(0))
			// An embedded chart: its records are not cells of the sheet.
			w.rec(biffBOF, bof8(0x0020))
			w.rec(biffNumber, cell(7, 0), f64(99))
			w.rec(biffEOF)
			w.rec(biffNumber, cell(8, 0), f64(45000.5416666667))
			// A cell beyond the last column a worksheet can have.
			w.rec(biffNumber, cell(9, 0), f64(1))
			w.rec(biffNumber, cell(9, maxColumns), f64(1))
			// A shared string that is not in the table.
			w.rec(biffLabelSST, cell(10, 0), u32(5))
			w.rec(biffNumber, cell(11, 0), f64(-0.5))
		}},
		{name: "chart", typ: 2, cells: func(w *biffBuilder) { w.rec(biffNumber, cell(0, 0), f64(1)) }},
		{name: "second", cells: func(w *biffBuilder) { w.rec(biffRK, cell(0, 0), u32(2<<2|2)) }},
	}
	stream := biff8Workbook(func(w *biffBuilder) {
		w.rec(biffSST, u32(1), u32(1), xlString("起始时间"))
	}, sheets, []int{2, 1, 0})
	got := readStream(t, stream, "Workbook")
	want := []string{
		"第一!1: 起始时间|13800138000||83",
		"第一!3: |7|8|0.15",
		"第一!6: TRUE|FALSE|||标签",
		"第一!7: " + long + "|2.5|TRUE||",
		"第一!9: 45000.5416666667",
		"第一!10: reject: cell in column 16385, beyond the 16384 columns a worksheet can have",
		"第一!11: reject: shared string 5 at Workbook stream offset " + itoa(int64(bytes.Index(stream, append(u16(biffLabelSST), append(u16(10), cell(10, 0)...)...)))) + " is not in the table of 1 strings",
		"第一!12: -0.5",
		"second!1: 2",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestXLSBIFF5(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bof5 := func(dt uint16) []byte { return bytes.Join([][]byte{u16(0x0500), u16(dt), u16(0), u16(0)}, nil) }
	w := &biffBuilder{}
	w.rec(biffBOF, bof5(bofGlobals))
	w.rec(biffCodePage, u16(936))
	name := gbk("通话详单")
	pos := w.rec(biffBoundSheet, u32(0), u8(0), u8(0), u8(byte(len(name))), name) + 4
	w.rec(biffEOF)
	binary.LittleEndian.PutUint32(w.b[pos:], uint32(len(w.b)))
	w.rec(biffBOF, bof5(bofWorksheet))
	label := gbk("对方号码")
	w.rec(biffLabel, cell(0, 0), u16(uint16(len(label))), label)
	w.rec(biffRK, cell(0, 1), u32(46082<<2|2))
	str := gbk("被叫")
	w.rec(biffFormula, cell(1, 0), u8(0), []byte{0, 0, 0, 0, 0}, u16(0xFFFF), u16(0), u32(0), u16(0))
	w.rec(biffString, u16(uint16(len(str))), str)
	w.rec(biffEOF)

	got := readStream(t, w.b, "Book")
	want := []string{"通话详单!1: 对方号码|46082", "通话详单!2: 被叫"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestXLSBadStreams(t *testing.T) {
	sheet := []testSheet{{name: "s", cells: func(w *biffBuilder) {
		w.rec(biffNumber, cell(0, 0), f64(1))
		w.rec(biffNumber, cell(1, 0), f64(2))
		w.rec(biffNumber, cell(2, 0), f64(3))
	}}}
	whole := biff8Workbook(nil, sheet, nil)
	t.Run("truncated sheet", func(t *testing.T) {
		cut := whole[:len(whole)-4-14-3]
		got := readStream(t, cut, "Workbook")
		want := []string{
			"s!1: 1",
			"s!2: 2",
			"s!3: reject: Workbook stream offset " + itoa(int64(len(whole)-4-18)) + ": the stream ends in the middle of the workbook (truncated file?); the rest of the sheet is lost",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
	})
	t.Run("sheet beyond the stream", func(t *testing.T) {
		w := &biffBuilder{}
		w.rec(biffBOF, bof8(bofGlobals))
		w.rec(biffBoundSheet, u32(1<<20), u8(0), u8(0), shortXLString("far"))
		w.rec(biffEOF)
		got := readStream(t, w.b, "Workbook")
		want := []string{"far!0: reject: Workbook stream offset 1048576: the sheet's data cannot be read (truncated file?): offset 1048576 is beyond the end of the " + itoa(int64(len(w.b))) + "-byte stream"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
	})
	tests := []struct {
		name   string
		stream []byte
		want   error
		msg    string
	}{
		{"encrypted", biff8Workbook(func(w *biffBuilder) { w.rec(biffFilePass, u16(1), make([]byte, 52)) }, sheet, nil), ErrEncrypted, ""},
		{"truncated globals", whole[:30], nil, "Workbook stream offset 20: the stream ends in the middle of the workbook (truncated file?)"},
		{"no BOF", []byte{1, 2, 0, 0}, nil, "Workbook stream offset 0: the stream does not start with a BOF record (record type 0x0201)"},
		{"BIFF4", append(u16(biff4BOF), u16(0)...), nil, "an Excel 4.x workbook (BIFF4): save it as .xls (Excel 97-2003) or .xlsx and import that"},
		{"empty", nil, nil, "Workbook stream offset 0: the stream ends in the middle of the workbook (truncated file?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := &xlsRows{rw: -1, formula: -1}
			err := x.start(bytes.NewReader(tt.stream), int64(len(tt.stream)), "Workbook", &defaultXLSLimits)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.want == nil && (err == nil || err.Error() != tt.msg) {
				t.Fatalf("got %v, want %q", err, tt.msg)
			}
		})
	}
}

func TestXLSSharedStringBounds(t *testing.T) {
	// A table that declares four billion strings but holds two: nothing
	// is allocated from the count.
	stream := biff8Workbook(func(w *biffBuilder) {
		w.rec(biffSST, u32(math.MaxUint32), u32(math.MaxUint32), xlString("a"), xlString("b"))
	}, []testSheet{{name: "s", cells: func(w *biffBuilder) {
		w.rec(biffLabelSST, cell(0, 0), u32(1))
	}}}, nil)
	if diff := cmp.Diff([]string{"s!1: b"}, readStream(t, stream, "Workbook")); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	lim := defaultXLSLimits
	lim.strings = 1
	x := &xlsRows{rw: -1, formula: -1}
	err := x.start(bytes.NewReader(stream), int64(len(stream)), "Workbook", &lim)
	var le *limitError
	if !errors.As(err, &le) || le.Limit != "1 strings" {
		t.Errorf("got %v, want a limit of 1 strings", err)
	}
}

// TestXLSReaderFeatures reads the workbook LibreOffice wrote for the
// reader (see TestWriteSpreadsheetFixtures): RK, MULRK and NUMBER cells,
// formulas with every kind of result, sparse cells and shared strings
// spread over an SST record and four CONTINUE records.
func TestXLSReaderFeatures(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "xls", "reader-features.xls"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := openXLS(f, &defaultXLSLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	long := strings.Repeat("abcdefghij", 900)
	want := []string{
		"cells!1: text|1|2|3|-4|0.15|123456789012|45000.5416666667|0.0000001",
		"cells!2: TRUE|FALSE|2|abcdef|TRUE||",
		"cells!6: ||sparse||||||||far",
		"cells!7: " + long + "|" + strings.Repeat("通话详单", 1500) + "|" + long + "中|after",
		"第二页!1: 二|2",
	}
	if diff := cmp.Diff(want, drain(t, src)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// cfbFile builds an OLE2 compound file (version 3, 512-byte sectors)
// holding the named streams. Streams shorter than the 4096-byte mini
// stream cutoff are padded with zeros to it, since this writer has no
// mini stream.
func cfbFile(streams map[string][]byte, order ...string) []byte {
	const sector = 512
	const (
		free  = 0xFFFFFFFF
		end   = 0xFFFFFFFE
		fatSc = 0xFFFFFFFD
	)
	type entry struct {
		name        string
		start, size uint32
	}
	var entries []entry
	var data []byte
	next := uint32(0) // sector of data, counted after FAT and directory
	for _, name := range order {
		s := streams[name]
		if len(s) < 4096 {
			s = append(s, make([]byte, 4096-len(s))...)
		}
		n := (len(s) + sector - 1) / sector
		entries = append(entries, entry{name, next, uint32(len(streams[name]))})
		if len(streams[name]) < 4096 {
			entries[len(entries)-1].size = 4096
		}
		padded := make([]byte, n*sector)
		copy(padded, s)
		data = append(data, padded...)
		next += uint32(n)
	}
	dirSectors := (len(entries) + 1 + 3) / 4
	dataSectors := int(next)
	fatSectors := 1
	for (fatSectors+dirSectors+dataSectors+127)/128 > fatSectors {
		fatSectors++
	}
	total := fatSectors + dirSectors + dataSectors
	fat := make([]uint32, fatSectors*128)
	for i := range fat {
		fat[i] = free
	}
	for i := 0; i < fatSectors; i++ {
		fat[i] = fatSc
	}
	dirStart := uint32(fatSectors)
	for i := 0; i < dirSectors; i++ {
		fat[int(dirStart)+i] = dirStart + uint32(i) + 1
	}
	fat[int(dirStart)+dirSectors-1] = end
	base := uint32(fatSectors + dirSectors)
	for i := range entries {
		entries[i].start += base
		n := (int(entries[i].size) + sector - 1) / sector
		for j := 0; j < n; j++ {
			fat[int(entries[i].start)+j] = entries[i].start + uint32(j) + 1
		}
		fat[int(entries[i].start)+n-1] = end
	}
	_ = total

	h := make([]byte, 512)
	copy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	binary.LittleEndian.PutUint16(h[24:], 0x3E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(fatSectors))
	binary.LittleEndian.PutUint32(h[48:], dirStart)
	binary.LittleEndian.PutUint32(h[56:], 4096)
	binary.LittleEndian.PutUint32(h[60:], end)
	binary.LittleEndian.PutUint32(h[68:], end)
	for i := 0; i < 109; i++ {
		v := uint32(free)
		if i < fatSectors {
			v = uint32(i)
		}
		binary.LittleEndian.PutUint32(h[76+4*i:], v)
	}
	out := h
	for _, v := range fat {
		out = binary.LittleEndian.AppendUint32(out, v)
	}
	dir := make([]byte, dirSectors*sector)
	putEntry := func(i int, name string, typ byte, child, right, start, size uint32) {
		e := dir[i*128:]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			binary.LittleEndian.PutUint16(e[2*j:], c)
		}
		binary.LittleEndian.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		binary.LittleEndian.PutUint32(e[68:], free)
		binary.LittleEndian.PutUint32(e[72:], right)
		binary.LittleEndian.PutUint32(e[76:], child)
		binary.LittleEndian.PutUint32(e[116:], start)
		binary.LittleEndian.PutUint32(e[120:], size)
	}
	child := uint32(free)
	if len(entries) > 0 {
		child = 1
	}
	putEntry(0, "Root Entry", 5, child, free, end, 0)
	for i, e := range entries {
		right := uint32(free)
		if i+1 < len(entries) {
			right = uint32(i + 2)
		}
		putEntry(i+1, e.name, 2, free, right, e.start, e.size)
	}
	for i := len(entries) + 1; i < dirSectors*4; i++ {
		binary.LittleEndian.PutUint32(dir[i*128+68:], free)
		binary.LittleEndian.PutUint32(dir[i*128+72:], free)
		binary.LittleEndian.PutUint32(dir[i*128+76:], free)
	}
	out = append(out, dir...)
	return append(out, data...)
}

func TestXLSFiles(t *testing.T) {
	stream := biff8Workbook(func(w *biffBuilder) {
		w.rec(biffSST, u32(2), u32(2), xlString("对方号码"), xlString("13800138000"))
	}, []testSheet{{name: "详单", cells: func(w *biffBuilder) {
		w.rec(biffLabelSST, cell(0, 0), u32(0))
		w.rec(biffLabelSST, cell(1, 0), u32(1))
	}}}, nil)
	encrypted := biff8Workbook(func(w *biffBuilder) { w.rec(biffFilePass, u16(1), make([]byte, 52)) }, nil, nil)
	tests := []struct {
		name    string
		file    []byte
		want    []string
		wantErr error
		msg     string
	}{
		{name: "workbook", file: cfbFile(map[string][]byte{"Workbook": stream}, "Workbook"), want: []string{"详单!1: 对方号码", "详单!2: 13800138000"}},
		{name: "workbook among other streams", file: cfbFile(map[string][]byte{"\x05SummaryInformation": {1}, "Workbook": stream}, "\x05SummaryInformation", "Workbook"), want: []string{"详单!1: 对方号码", "详单!2: 13800138000"}},
		{name: "FILEPASS", file: cfbFile(map[string][]byte{"Workbook": encrypted}, "Workbook"), wantErr: ErrEncrypted},
		{name: "encrypted xlsx", file: cfbFile(map[string][]byte{"EncryptionInfo": {4, 0, 4, 0}, "EncryptedPackage": {1}}, "EncryptionInfo", "EncryptedPackage"), wantErr: ErrEncrypted},
		{name: "a Word document", file: cfbFile(map[string][]byte{"WordDocument": {1}}, "WordDocument"), msg: `no Workbook stream: an OLE2 file that is not an Excel workbook (streams "WordDocument")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := openXLS(bytes.NewReader(tt.file), &defaultXLSLimits)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("got %v, want %v", err, tt.wantErr)
				}
				return
			case tt.msg != "":
				if err == nil || err.Error() != tt.msg {
					t.Fatalf("got %v, want %q", err, tt.msg)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			defer src.close()
			if diff := cmp.Diff(tt.want, drain(t, src)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestXLSTruncatedFile cuts a real workbook at many lengths: every cut
// gives a clear error or rows with rejects, never a panic, and the spool
// file is removed.
func TestXLSTruncatedFile(t *testing.T) {
	whole, err := os.ReadFile(filepath.Join("..", "testdata", "carrier", "china-unicom-2026-q1-voice.xls"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, n := range []int{0, 7, 511, 512, 1024, 2048, len(whole) / 2, len(whole) - 512, len(whole) - 1} {
		src, err := openXLS(bytes.NewReader(whole[:n]), &defaultXLSLimits)
		if err != nil {
			if !strings.Contains(err.Error(), "truncated") {
				t.Errorf("cut at %d: error %q does not say the file may be truncated", n, err)
			}
		} else {
			drain(t, src)
			src.close()
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("cut at %d: %d temporary files left", n, len(left))
		}
	}

	// A compound file whose directory comes first: cut in the middle of
	// the sheet, the rows before the cut are read and the rest rejected.
	stream := biff8Workbook(nil, []testSheet{{name: "s", cells: func(w *biffBuilder) {
		for i := range 1000 {
			w.rec(biffNumber, cell(i, 0), f64(float64(i)))
		}
	}}}, nil)
	file := cfbFile(map[string][]byte{"Workbook": stream}, "Workbook")
	src, err := openXLS(bytes.NewReader(file[:len(file)/2]), &defaultXLSLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	rows := drain(t, src)
	last := rows[len(rows)-1]
	if len(rows) < 100 || !strings.Contains(last, "reject: ") || !strings.Contains(last, "(truncated or damaged file?)") || !strings.HasSuffix(last, "the rest of the sheet is lost") {
		t.Errorf("%d rows, last %q", len(rows), last)
	}
}
