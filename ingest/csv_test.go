package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/leaktrail/leaktrail"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func importCSV(t *testing.T, data []byte, opts Options) (*collector, error) {
	t.Helper()
	if opts.Location == nil {
		opts.Location = shanghai
	}
	c := &collector{}
	err := CSV{}.Import(t.Context(), bytes.NewReader(data), opts, c)
	return c, err
}

// TestCSVEncodings imports the same messages written in every encoding
// phones and spreadsheets use.
func TestCSVEncodings(t *testing.T) {
	const text = "号码,时间,类型,内容\r\n13900139001,2026-02-01 09:00:00,接收,\"您好，这是催收通知\"\r\n"
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	tests := []struct {
		name string
		data []byte
		enc  string
	}{
		{"utf-8", []byte(text), ""},
		{"utf-8 bom", append([]byte("\xEF\xBB\xBF"), text...), ""},
		{"gbk", encode(t, simplifiedchinese.GBK, text), ""},
		{"gb18030", encode(t, simplifiedchinese.GB18030, text), ""},
		{"utf-16le bom", append([]byte("\xFF\xFE"), encode(t, utf16le, text)...), ""},
		{"utf-16be bom", append([]byte("\xFE\xFF"), encode(t, utf16be, text)...), ""},
		{"utf-16le", encode(t, utf16le, text), ""},
		{"utf-16be", encode(t, utf16be, text), ""},
		{"big5 named", encode(t, traditionalchinese.Big5, "號碼,時間,類型,內容\r\n13900139001,2026-02-01 09:00:00,接收,您好，這是催收通知\r\n"), "big5"},
		{"gbk named", encode(t, simplifiedchinese.GBK, text), "GBK"},
		{"utf-16le named", encode(t, utf16le, text), "utf-16le"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.enc == "" && !(CSV{}).Sniff(tt.data, "x.csv") {
				t.Error("Sniff = false")
			}
			c, err := importCSV(t, tt.data, Options{Encoding: tt.enc})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.events) != 1 || len(c.rejects) != 0 {
				t.Fatalf("events %d rejects %+v, want 1 event", len(c.events), c.rejects)
			}
			want := "您好，这是催收通知"
			if tt.enc == "big5" {
				want = "您好，這是催收通知"
			}
			if diff := cmp.Diff(want, c.events[0].Body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVUnknownEncoding(t *testing.T) {
	_, err := importCSV(t, []byte("号码,时间\n"), Options{Encoding: "klingon"})
	if err == nil || !strings.Contains(err.Error(), "unknown encoding") {
		t.Errorf("err = %v, want unknown encoding", err)
	}
}

// TestCSVGBKAfterASCIIHead reads a GBK file whose first 64 KiB are plain
// ASCII: each line that is not UTF-8 is decoded on its own.
func TestCSVGBKAfterASCIIHead(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("number,time,type,body\n")
	for b.Len() < 80<<10 {
		b.WriteString("13900139001,2026-02-01 09:00:00,1,ok\n")
	}
	b.Write(encode(t, simplifiedchinese.GBK, "13700137002,2026-02-01 09:00:01,1,还钱\n"))
	b.WriteString("13700137002,2026-02-01 09:00:02,1,plain\n")
	c, err := importCSV(t, b.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := len(c.events)
	if len(c.rejects) != 0 || n < 3 {
		t.Fatalf("events %d, rejects %+v", n, c.rejects)
	}
	got := []string{c.events[n-2].Body, c.events[n-1].Body}
	if diff := cmp.Diff([]string{"还钱", "plain"}, got); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}

func TestDetectEncoding(t *testing.T) {
	tests := []struct {
		name, head, label, want string
		fallback, gbFirst       bool
	}{
		{"ascii", "a,b\n1,2\n", "", "utf-8", true, false},
		{"utf-8", "号码,时间\n", "", "utf-8", true, false},
		{"utf-8 cut rune", "号码,时间\n号" + "\xE7\xA0", "", "utf-8", true, false},
		{"utf-8 bom", "\xEF\xBB\xBFa,b\n", "", "utf-8", true, false},
		{"utf-8 with a damaged byte", "号码,时间,内容\n1,2,您好\xFF这是\n", "", "utf-8", true, false},
		{"gbk", "\xBA\xC5\xC2\xEB,\xCA\xB1\xBC\xE4\n", "", "gb18030", false, false},
		{"gbk and utf-8 lines", "号码,时间\n\xBA\xC5\xC2\xEB,\xCA\xB1\xBC\xE4\n", "", "utf-8+gb18030", true, true},
		{"utf-16le bom", "\xFF\xFEa\x00,\x00", "", "utf-16le", false, false},
		{"utf-16be bom", "\xFE\xFF\x00a\x00,", "", "utf-16be", false, false},
		{"utf-16le nul pattern", "a\x00,\x00b\x00\n\x00", "", "utf-16le", false, false},
		{"utf-16be nul pattern", "\x00a\x00,\x00b\x00\n", "", "utf-16be", false, false},
		{"named gbk", "a,b\n", "gbk", "gbk", false, false},
		{"named gb18030", "a,b\n", "gb18030", "gb18030", false, false},
		{"named utf-16be", "a,b\n", "UTF-16BE", "utf-16be", false, false},
		{"named big5", "a,b\n", "big5", "big5", false, false},
		{"named utf-8", "\xBA\xC5", "utf-8", "utf-8", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te, err := detectEncoding([]byte(tt.head), tt.label)
			if err != nil {
				t.Fatal(err)
			}
			if te.name != tt.want || te.lineFallback != tt.fallback || te.gbFirst != tt.gbFirst {
				t.Errorf("detectEncoding = %s (line fallback %v, GBK first %v), want %s (%v, %v)",
					te.name, te.lineFallback, te.gbFirst, tt.want, tt.fallback, tt.gbFirst)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name, text, file string
		want             byte
		ok               bool
	}{
		{"comma", "a,b,c\n1,2,3\n", "x.csv", ',', true},
		{"tab", "a\tb\tc\n1\t2\t3\n", "x.txt", '\t', true},
		{"semicolon with commas in text", "date;name;body\n2026-03-02;Zhang, San;hi, there, you\n2026-03-02;Li;ok\n", "x.csv", ';', true},
		{"pipe", "a|b\n1|2\n", "x", '|', true},
		{"titles without delimiters", "中国电信 通话详单\n账期：2026年1月\n序号,号码,时间\n1,139,2026\n", "x.csv", ',', true},
		{"quoted commas", "a\tb\n\"x,y,z\"\t2\n\"p,q\"\t3\n", "x.csv", '\t', true},
		{"tsv tie", "a\tb,c\n", "x.tsv", '\t', true},
		{"header only", "号码,时间,类型\n", "x.csv", ',', true},
		{"prose", "Dear customer\nyour bill is due\n", "x.txt", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := sniffDelimiter([]byte(tt.text), tt.file)
			if got != tt.want || ok != tt.ok {
				t.Errorf("sniffDelimiter = %q %v, want %q %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCSVSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"csv", "号码,时间\n1,2\n", true},
		{"empty", "", false},
		{"xml", "<?xml version='1.0'?>\n<smses count=\"1\">\n", false},
		{"sbr without declaration", "<calls count=\"1\"><call number=\"1,2\" /></calls>", false},
		{"html table", "<html><table><tr><td>号码</td><td>时间</td></tr></table></html>", false},
		{"vcard", "BEGIN:VCARD\nVERSION:3.0\nN:a;b,c\nEND:VCARD\n", false},
		{"zip", "PK\x03\x04\x14\x00\x06\x00a,b,c\n", false},
		{"ole2", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00,,,\n", false},
		{"sqlite", "SQLite format 3\x00\x10\x00a,b\n", false},
		{"prose", "hello world\n", false},
		{"a NUL in a record", "号码,时间\n1\x002,3\n4,5\n", true},
		{"a DOS end-of-file mark", "号码,时间\n1,2\n\x1a", true},
		{"control bytes everywhere", "号码\x01,时间\x02\n1\x03,2\x04\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (CSV{}).Sniff([]byte(tt.head), "x.csv"); got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRegistryCSVLast(t *testing.T) {
	imps := DefaultRegistry().importers
	if _, ok := imps[len(imps)-1].(CSV); !ok {
		t.Errorf("the last importer is %T, want CSV", imps[len(imps)-1])
	}
}

// TestCSVNoHeader checks the error a CSV without a known header gives.
func TestCSVNoHeader(t *testing.T) {
	_, err := importCSV(t, []byte("who,when,what\nx,y,z\n"), Options{})
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("err = %v, want ErrNoHeader", err)
	}
	for _, want := range []string{`"who", "when", "what"`, "missing: time (or date), number", "--map who=number,when=time"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	c, err := importCSV(t, []byte("who,when,what\nx,2026-03-02 10:00:00,z\n"), Options{Map: map[string]string{"who": "number", "when": "time"}})
	if err != nil || len(c.events) != 1 {
		t.Errorf("with --map: err %v, %d events", err, len(c.events))
	}
}

// bigField yields a CSV whose second record has a field of n bytes, made
// up as it is read.
type bigField struct {
	parts [][]byte
	fill  byte
	n     int
	state int
}

func newBigField(prefix, suffix string, fill byte, n int) *bigField {
	return &bigField{parts: [][]byte{[]byte(prefix), nil, []byte(suffix)}, fill: fill, n: n}
}

func (b *bigField) Read(p []byte) (int, error) {
	for b.state < 3 {
		switch {
		case b.state == 1 && b.n > 0:
			k := min(len(p), b.n)
			for i := range p[:k] {
				p[i] = b.fill
			}
			b.n -= k
			return k, nil
		case b.state != 1 && len(b.parts[b.state]) > 0:
			k := copy(p, b.parts[b.state])
			b.parts[b.state] = b.parts[b.state][k:]
			return k, nil
		}
		b.state++
	}
	return 0, io.EOF
}

// TestCSVHugeField rejects a record with a 50 MB field without holding
// it, and imports the records around it.
func TestCSVHugeField(t *testing.T) {
	const size = 50 << 20
	tests := []struct {
		name           string
		prefix, suffix string
		fill           byte
		events         int
	}{
		{
			name:   "long line",
			prefix: "号码,时间,内容\n13900139001,2026-02-01 09:00:00,ok\n13900139001,2026-02-01 09:00:01,",
			suffix: "\n13900139001,2026-02-01 09:00:02,after\n",
			fill:   'x',
			events: 2,
		},
		{
			name:   "unclosed quote over many lines",
			prefix: "号码,时间,内容\n13900139001,2026-02-01 09:00:00,ok\n13900139001,2026-02-01 09:00:01,\"",
			suffix: "\n",
			fill:   '\n',
			events: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			c := &collector{}
			err := CSV{}.Import(t.Context(), newBigField(tt.prefix, tt.suffix, tt.fill, size), Options{Location: shanghai}, c)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.events) != tt.events {
				t.Errorf("%d events, want %d", len(c.events), tt.events)
			}
			if len(c.rejects) != 1 || c.rejects[0].Locator != (leaktrail.Locator{Line: 3}) ||
				!strings.Contains(c.rejects[0].Reason, "record longer than") {
				t.Errorf("rejects = %+v, want one of row 3 for its length", c.rejects)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %d KiB", alloc>>10)
			if alloc > 16<<20 {
				t.Errorf("allocated %d MiB reading a %d MiB field", alloc>>20, size>>20)
			}
		})
	}
}

// TestCSVLineNumbers checks that records are located by the line they
// start on, past fields holding line breaks and blank lines.
func TestCSVLineNumbers(t *testing.T) {
	data := "号码,时间,内容\r\n\r\n13900139001,2026-02-01 09:00:00,\"a\r\nb\r\nc\"\r\n13900139001,bad,x\r\n"
	c, err := importCSV(t, []byte(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.events) != 1 || c.events[0].Locator.Line != 3 || c.events[0].Body != "a\nb\nc" {
		t.Errorf("events = %+v, want one at row 3 with body a\\nb\\nc", c.events)
	}
	if len(c.rejects) != 1 || c.rejects[0].Locator.Line != 6 {
		t.Errorf("rejects = %+v, want one at row 6", c.rejects)
	}
}

// BenchmarkCSVBill imports a 200k-row China Mobile bill in GBK, as Excel
// saves it: year-less times, Chinese durations, a title above the header.
func BenchmarkCSVBill(b *testing.B) {
	var text strings.Builder
	text.WriteString("从2026-03-01到2026-03-31 类型：通话详单 总条数：200000,,,,,,,\r\n")
	text.WriteString("起始时间,通信地点,通信方式,对方号码,通信时长,通信类型,套餐优惠,实收通信费(元)\r\n")
	for i := range 200000 {
		fmt.Fprintf(&text, "03-%02d %02d:%02d:%02d,北京,%s,139%08d,%d分%d秒,本地,0.00,0.00\r\n",
			i%31+1, i%24, i%60, i/60%60, []string{"主叫", "被叫"}[i%2], i, i%10, i%60)
	}
	data, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text.String()))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var n billCountSink
		if err := (CSV{}).Import(b.Context(), bytes.NewReader(data), Options{Location: shanghai}, &n); err != nil {
			b.Fatal(err)
		}
		if n.events != 200000 {
			b.Fatalf("%d events, %d rejects", n.events, n.rejects)
		}
	}
}

// billCountSink counts what it is given.
type billCountSink struct{ events, rejects int }

func (s *billCountSink) Event(*leaktrail.Event) error     { s.events++; return nil }
func (s *billCountSink) Contact(*leaktrail.Contact) error { return nil }
func (s *billCountSink) Reject(*leaktrail.Reject) error   { s.rejects++; return nil }

// TestCSVNULInHead: a NUL byte near the top of a CSV file does not make
// it binary data: the file is detected and every record imported.
func TestCSVNULInHead(t *testing.T) {
	data := []byte("Date,Time,Number,Name,Type,Body\n" +
		"2026-03-02,14:00:00,13800138000,Nul\x00Name,Incoming,nul \x00 body\n" +
		"2026-03-02,14:00:01,13800138001,Ok,Incoming,after\n")
	imp, r, err := DefaultRegistry().Detect(bytes.NewReader(data), "calls.csv")
	if err != nil {
		t.Fatal(err)
	}
	if imp.Format() != "csv" {
		t.Fatalf("detected %s, want csv", imp.Format())
	}
	c := &collector{}
	if err := imp.Import(t.Context(), r, Options{Location: shanghai}, c); err != nil {
		t.Fatal(err)
	}
	if len(c.events) != 2 || len(c.rejects) != 0 {
		t.Fatalf("events %d rejects %+v, want 2 events", len(c.events), c.rejects)
	}
	if got := c.events[0].Body; got != "nul \x00 body" {
		t.Errorf("body %+q, want it as written (the normalizer sink replaces the NUL)", got)
	}
}

// TestCSVMixedEncodings reads files that are not one encoding: each line
// is decoded as what it is, and no UTF-8 line is read as GBK.
func TestCSVMixedEncodings(t *testing.T) {
	gbk := func(s string) string { return string(encode(t, simplifiedchinese.GBK, s)) }
	const header = "号码,时间,类型,内容\n"
	line := func(n int, body string) string {
		return fmt.Sprintf("1390013900%d,2026-02-01 09:00:0%d,接收,%s\n", n, n, body)
	}
	var longHead strings.Builder
	longHead.WriteString(header)
	for longHead.Len() < 80<<10 {
		longHead.WriteString(line(1, "您好"))
	}
	tests := []struct {
		name, data string
		want       []string // the bodies of the last lines
	}{
		{"a GBK line in a UTF-8 file with a byte order mark",
			"\xEF\xBB\xBF" + header + line(1, "您好") + gbk(line(2, "还钱")) + line(3, "再见"),
			[]string{"您好", "还钱", "再见"}},
		{"UTF-8 and GBK lines in the head",
			header + gbk(line(1, "还钱")) + line(2, "李四") + gbk(line(3, "专一")),
			[]string{"还钱", "李四", "专一"}}, // 专一 in GBK is valid UTF-8: "\u05e8\u04bb"
		{"a GBK line after a UTF-8 head",
			longHead.String() + gbk(line(2, "还钱")) + line(3, "再见"),
			[]string{"您好", "还钱", "再见"}},
		{"UTF-8 with a damaged byte",
			header + line(1, "您好\xFF这是催收") + line(2, "再见"),
			[]string{"您好\uFFFD这是催收", "再见"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := importCSV(t, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.rejects) != 0 || len(c.events) < len(tt.want) {
				t.Fatalf("events %d rejects %+v", len(c.events), c.rejects)
			}
			var got []string
			for _, ev := range c.events[len(c.events)-len(tt.want):] {
				got = append(got, ev.Body)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("bodies (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCSVUnclosedQuote: a quote never closed takes in every line to the
// end of the file as one field. The record is rejected, saying which
// lines it took, instead of imported with the records after it as its
// text.
func TestCSVUnclosedQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("号码,时间,内容\n13900139001,2026-02-01 09:00:00,before\n13900139002,2026-02-01 09:00:01,\"unclosed\n")
	for i := range 5 {
		fmt.Fprintf(&b, "13900139003,2026-02-01 09:00:0%d,row %d\n", i+2, i)
	}
	for _, tt := range []struct {
		name, data string
		to         int64
	}{
		{"newline at the end", b.String(), 8},
		{"no newline at the end", strings.TrimSuffix(b.String(), "\n"), 8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := importCSV(t, []byte(tt.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.events) != 1 || c.events[0].Body != "before" {
				t.Errorf("events %+v, want the one before", c.events)
			}
			want := fmt.Sprintf("a quote is never closed: lines 3 to %d, the end of the file, were read as one field of this record and are not imported", tt.to)
			if len(c.rejects) != 1 || c.rejects[0].Locator != (leaktrail.Locator{Line: 3}) || c.rejects[0].Reason != want {
				t.Errorf("rejects %+v, want one at line 3: %s", c.rejects, want)
			}
		})
	}
	// A quoted field closed on a later line is text with line breaks, and
	// one unclosed on the last line takes in nothing else.
	c, err := importCSV(t, []byte("号码,时间,内容\n13900139001,2026-02-01 09:00:00,\"a\nb\"\n13900139002,2026-02-01 09:00:01,\"c"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.rejects) != 0 || len(c.events) != 2 || c.events[0].Body != "a\nb" || c.events[1].Body != "c" {
		t.Errorf("events %+v rejects %+v, want bodies a\\nb and c", c.events, c.rejects)
	}
}
