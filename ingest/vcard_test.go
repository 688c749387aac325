package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
)

// vcardSink keeps copies of what an importer emits.
type vcardSink struct {
	contacts []leaktrail.Contact
	rejects  []leaktrail.Reject
	offsets  []int64 // of every record, in the order received
	err      error   // returned by every call when set
}

func (s *vcardSink) Event(*leaktrail.Event) error { return errors.New("unexpected event") }

func (s *vcardSink) Contact(c *leaktrail.Contact) error {
	s.contacts = append(s.contacts, *c)
	s.offsets = append(s.offsets, c.Locator.Offset)
	return s.err
}

func (s *vcardSink) Reject(r *leaktrail.Reject) error {
	s.rejects = append(s.rejects, *r)
	s.offsets = append(s.offsets, r.Locator.Offset)
	return s.err
}

// importVCard imports input and fails the test on an error.
func importVCard(t *testing.T, input string) *vcardSink {
	t.Helper()
	sink := &vcardSink{}
	if err := (VCard{}).Import(t.Context(), strings.NewReader(input), Options{}, sink); err != nil {
		t.Fatalf("import: %v", err)
	}
	return sink
}

// unfoldVCard returns the logical lines of input as the importer unfolds
// them inside a card of the given version, skipping blank lines.
func unfoldVCard(t *testing.T, version string, r io.Reader) []string {
	t.Helper()
	p := &vcardParser{lr: newVCardLineReader(t.Context(), r), card: &vcardCard{version: version}}
	var got []string
	for {
		ln, err := p.lr.next()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(bytes.TrimSpace(ln.text)) == 0 {
			continue
		}
		if _, err := p.readProperty(ln); err != nil {
			t.Fatal(err)
		}
		got = append(got, string(p.logical))
	}
}

func TestVCardSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"android", "BEGIN:VCARD\r\nVERSION:2.1\r\n", true},
		{"lower case", "begin:vcard\nversion:3.0\n", true},
		{"byte order mark and blank lines", "\xEF\xBB\xBF\r\n\r\n  BEGIN:VCARD\r\n", true},
		{"only the tag", "BEGIN:VCARD", true},
		{"longer word", "BEGIN:VCARDS\r\n", false},
		{"calendar", "BEGIN:VCALENDAR\r\n", false},
		{"xml", "<?xml version='1.0'?><smses/>", false},
		{"empty", "", false},
		{"junk first", "hello\r\nBEGIN:VCARD\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := VCard{}.Sniff([]byte(tt.head), "contacts.txt")
			if got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func TestVCardDecodeQP(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "abc", "abc"},
		{"utf-8 bytes", "=E5=BC=A0=E4=B8=89", "张三"},
		{"lower-case hex", "=e5=bc=a0", "张"},
		{"space escape", "a=20b", "a b"},
		{"crlf escape", "a=0D=0Ab", "a\r\nb"},
		{"soft break crlf", "=E5=BC=\r\n=A0", "张"},
		{"soft break lf", "=E5=\n=BC=A0", "张"},
		{"soft break after blanks", "ab= \t\r\ncd", "abcd"},
		{"trailing equals", "abc=", "abc"},
		{"lone equals", "a=b", "a=b"},
		{"bad hex", "=ZZ=4", "=ZZ=4"},
		{"equals escaped", "=3D", "="},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(vcardDecodeQP([]byte(tt.in)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("vcardDecodeQP(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestVCardUnfold(t *testing.T) {
	tests := []struct {
		name    string
		version string
		in      string
		want    []string
	}{
		{"3.0 fold drops one blank", "3.0", "FN:Max Muster\r\n mann\r\nTEL:1\r\n", []string{"FN:Max Mustermann", "TEL:1"}},
		{"3.0 fold with tab", "3.0", "FN:Max Muster\r\n\tmann\r\n", []string{"FN:Max Mustermann"}},
		{"3.0 fold keeps further blanks", "3.0", "NOTE:a\r\n  b\r\n", []string{"NOTE:a b"}},
		{"4.0 fold inside a character", "4.0", "FN:\xE5\xBC\r\n \xA0\xE4\xB8\x89\r\n", []string{"FN:张三"}},
		{"2.1 fold keeps the blank", "2.1", "FN:Max\r\n Mustermann\r\n", []string{"FN:Max Mustermann"}},
		{"lf line ends", "3.0", "FN:a\n b\nTEL:1\n", []string{"FN:ab", "TEL:1"}},
		{"last line without newline", "3.0", "FN:a\r\nTEL:1", []string{"FN:a", "TEL:1"}},
		{
			"qp soft break inside a character", "2.1",
			"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=\r\n=A0=E4=B8=89\r\nTEL:1\r\n",
			[]string{"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89", "TEL:1"},
		},
		{
			"qp continuation keeps its leading blank", "2.1",
			"FN;ENCODING=QUOTED-PRINTABLE:=D1=96=\r\n xyz =\r\n=D1=96\r\n",
			[]string{"FN;ENCODING=QUOTED-PRINTABLE:=D1=96 xyz =D1=96"},
		},
		{
			"bare qp parameter", "2.1",
			"ORG;QUOTED-PRINTABLE:a=\r\nb\r\n",
			[]string{"ORG;QUOTED-PRINTABLE:ab"},
		},
		{
			"qp soft break followed by blanks", "2.1",
			"FN;ENCODING=QUOTED-PRINTABLE:a=  \r\nb\r\n",
			[]string{"FN;ENCODING=QUOTED-PRINTABLE:ab"},
		},
		{
			"qp soft break before END is not followed", "2.1",
			"FN;ENCODING=QUOTED-PRINTABLE:abc=\r\nEND:VCARD\r\n",
			[]string{"FN;ENCODING=QUOTED-PRINTABLE:abc", "END:VCARD"},
		},
		{
			"equals ending a plain value is kept", "2.1",
			"NOTE:a=\r\nTEL:1\r\n",
			[]string{"NOTE:a=", "TEL:1"},
		},
		{
			"photo continuation is not kept", "3.0",
			"PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB\r\n CCCC\r\nTEL:1\r\n",
			[]string{"PHOTO;ENCODING=b;TYPE=JPEG:AAAA", "TEL:1"},
		},
		{
			"unindented 2.1 base64 lines end at a property", "2.1",
			"PHOTO;ENCODING=BASE64;JPEG:AAAA\r\nBBBB\r\nCC==\r\n\r\nTEL;CELL:1\r\n",
			[]string{"PHOTO;ENCODING=BASE64;JPEG:AAAA", "TEL;CELL:1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unfoldVCard(t, tt.version, strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("unfold mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVCardDecodeValue(t *testing.T) {
	tests := []struct {
		name    string
		raw     []byte
		enc     string
		charset string
		want    string
	}{
		{"utf-8 qp", []byte("=E6=9D=8E=E5=9B=9B"), "QUOTED-PRINTABLE", "UTF-8", "李四"},
		{"gbk qp", []byte("=D5=C5=C8=FD"), "QUOTED-PRINTABLE", "GBK", "张三"},
		{"gb2312 raw", []byte("\xc0\xee\xcb\xc4"), "", "GB2312", "李四"},
		{"gb18030 four bytes", []byte("\x81\x39\xee\x39"), "", "gb18030", "\u3400"},
		{"big5 qp", []byte("=B3=AF=A4=6A=A4=E5"), "QUOTED-PRINTABLE", "BIG5", "陳大文"},
		{"iso-8859-1", []byte("Jos\xe9"), "", "ISO-8859-1", "José"},
		{"windows-1252", []byte("\x93hi\x94"), "", "windows-1252", "“hi”"},
		{"qp without charset, utf-8", []byte("M=C3=A4x"), "QUOTED-PRINTABLE", "", "Mäx"},
		{"qp without charset, windows-1252", []byte("Reid=92s"), "QUOTED-PRINTABLE", "", "Reid’s"},
		{"raw invalid utf-8 without charset", []byte("a\xffb"), "", "", "a\uFFFDb"},
		{"invalid utf-8 with utf-8 charset", []byte("=FF"), "QUOTED-PRINTABLE", "UTF-8", "\uFFFD"},
		{"unknown charset", []byte("abc"), "", "X-KLINGON", "abc"},
		{"base64", []byte("6ZKx5LiD"), "B", "", "钱七"},
		{"base64 unpadded with blanks", []byte("6ZKx\r\n 5LiD"), "BASE64", "UTF-8", "钱七"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeVCardValue(tt.raw, tt.enc, tt.charset)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decode mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("bad base64", func(t *testing.T) {
		if _, err := decodeVCardValue([]byte("!!!"), "B", ""); err == nil {
			t.Error("decode of bad base64 succeeded")
		}
	})
}

func TestVCardTelLabel(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string
	}{
		{"2.1 bare types", "TEL;CELL;PREF:1", "CELL"},
		{"2.1 voice dropped next to another type", "TEL;HOME;VOICE:1", "HOME"},
		{"voice alone", "TEL;VOICE:1", "VOICE"},
		{"3.0 list", "TEL;TYPE=WORK,FAX:1", "WORK,FAX"},
		{"3.0 repeated lower case", "TEL;type=CELL;type=VOICE;type=pref:1", "CELL"},
		{"4.0 quoted list", `TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:1`, "CELL"},
		{"custom 2.1 type", "TEL;TYPE=x-mobil:1", "X-MOBIL"},
		{"duplicates", "TEL;CELL;TYPE=cell:1", "CELL"},
		{"android custom label", "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=E8=80=81=E5=AE=B6):1", "老家"},
		{"android custom label in clear", "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,Soccer coach):1", "Soccer coach"},
		{"encoding is no type", "TEL;CELL;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:1", "CELL"},
		{"bare encoding is no type", "TEL;HOME;QUOTED-PRINTABLE:1", "HOME"},
		{"none", "TEL:1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vcardTelLabel(parseVCardProp([]byte(tt.line)))
			if got != tt.want {
				t.Errorf("label of %q = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// card wraps lines into one vCard with CRLF line ends.
func vcardText(version string, lines ...string) string {
	all := append([]string{"BEGIN:VCARD", "VERSION:" + version}, lines...)
	return strings.Join(append(all, "END:VCARD"), "\r\n") + "\r\n"
}

// loc is a locator with only a line number; TestVCardImport adds the
// line's offset.
func vcardLoc(line int64) leaktrail.Locator { return leaktrail.Locator{Line: line} }

// vcardLineLocator returns the locator of line n (from 1) of s.
func vcardLineLocator(s string, n int64) leaktrail.Locator {
	off := 0
	for line := int64(1); line < n; line++ {
		off += strings.IndexByte(s[off:], '\n') + 1
	}
	return leaktrail.Locator{Line: n, Offset: int64(off)}
}

func TestVCardImport(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []leaktrail.Contact
		wantR []leaktrail.Reject
	}{
		{
			name: "fn wins over n",
			in:   vcardText("3.0", "N:Zhang;San;;;", "FN:张三", "TEL:138 0013 8000"),
			want: []leaktrail.Contact{{Name: "张三", NumberRaw: "138 0013 8000", Locator: vcardLoc(5)}},
		},
		{
			name: "cjk n has no space",
			in:   vcardText("3.0", "N:欧阳;小明;;;", "TEL:1"),
			want: []leaktrail.Contact{{Name: "欧阳小明", NumberRaw: "1", Locator: vcardLoc(4)}},
		},
		{
			name: "latin n given name first",
			in:   vcardText("3.0", "N:Mustermann;Max;Otto;Dr.;", "TEL:1"),
			want: []leaktrail.Contact{{Name: "Max Otto Mustermann", NumberRaw: "1", Locator: vcardLoc(4)}},
		},
		{
			name: "nickname then org as the name",
			in: vcardText("3.0", "NICKNAME:老王,王哥", "TEL:1") +
				vcardText("3.0", "ORG:某某银行;信用卡中心", "TEL:2"),
			want: []leaktrail.Contact{
				{Name: "老王", NumberRaw: "1", Locator: vcardLoc(4)},
				{Name: "某某银行 信用卡中心", NumberRaw: "2", Org: "某某银行 信用卡中心", Locator: vcardLoc(9)},
			},
		},
		{
			name: "fn after tel",
			in:   vcardText("3.0", "TEL:1", "FN:李四"),
			want: []leaktrail.Contact{{Name: "李四", NumberRaw: "1", Locator: vcardLoc(3)}},
		},
		{
			name: "3.0 escapes",
			in:   vcardText("3.0", `FN:Smith\, John\nJr.`, `ORG:A\;B;C`, "TEL:1"),
			want: []leaktrail.Contact{{Name: "Smith, John Jr.", Org: "A;B C", NumberRaw: "1", Locator: vcardLoc(5)}},
		},
		{
			name: "2.1 keeps a backslash",
			in:   vcardText("2.1", `FN:C:\Users`, "TEL:1"),
			want: []leaktrail.Contact{{Name: `C:\Users`, NumberRaw: "1", Locator: vcardLoc(4)}},
		},
		{
			name: "group label before and after, any case",
			in:   vcardText("3.0", "FN:A", "ITEM1.X-ABLabel:_$!<Mobile>!$_", "item1.TEL:1", "item2.TEL;type=HOME:2", "Item2.x-ablabel:老家"),
			want: []leaktrail.Contact{
				{Name: "A", NumberRaw: "1", Label: "Mobile", Locator: vcardLoc(5)},
				{Name: "A", NumberRaw: "2", Label: "老家", Locator: vcardLoc(6)},
			},
		},
		{
			name: "tel uri prefix in any case",
			in:   vcardText("4.0", "FN:A", "TEL;VALUE=uri:TEL:+86-138-0013-8000", "TEL;VALUE=uri: tel: 10086 "),
			want: []leaktrail.Contact{
				{Name: "A", NumberRaw: "+86-138-0013-8000", Locator: vcardLoc(4)},
				{Name: "A", NumberRaw: "10086", Locator: vcardLoc(5)},
			},
		},
		{
			name: "byte order mark, blank lines and lf",
			in:   "\xEF\xBB\xBF\n\nbegin:vcard\nversion:3.0\nfn:A\ntel:1\nend:vcard\n",
			want: []leaktrail.Contact{{Name: "A", NumberRaw: "1", Locator: vcardLoc(6)}},
		},
		{
			name: "card without tel yields nothing",
			in:   vcardText("3.0", "FN:A", "EMAIL:a@example.com"),
		},
		{
			name: "empty input",
			in:   "",
		},
		{
			name: "card cut by the next card",
			in:   "BEGIN:VCARD\r\nFN:A\r\nTEL:1\r\n" + vcardText("3.0", "FN:B", "TEL:2"),
			want: []leaktrail.Contact{
				{Name: "A", NumberRaw: "1", Locator: vcardLoc(3)},
				{Name: "B", NumberRaw: "2", Locator: vcardLoc(7)},
			},
		},
		{
			name: "card cut at the end of the file after a whole line",
			in:   "BEGIN:VCARD\r\nFN:A\r\nTEL:1\r\n",
			want: []leaktrail.Contact{{Name: "A", NumberRaw: "1", Locator: vcardLoc(3)}},
		},
		{
			name:  "tel cut by the end of the file",
			in:    "BEGIN:VCARD\r\nFN:A\r\nTEL:138",
			wantR: []leaktrail.Reject{{Locator: vcardLoc(3), Reason: "TEL line cut off by the end of the file", Excerpt: "TEL:138"}},
		},
		{
			name: "empty tel values",
			in:   vcardText("3.0", "FN:A", "TEL;TYPE=CELL:", "TEL: ", "TEL;VALUE=uri:tel:"),
			wantR: []leaktrail.Reject{
				{Locator: vcardLoc(4), Reason: "empty TEL value", Excerpt: "TEL;TYPE=CELL:"},
				{Locator: vcardLoc(5), Reason: "empty TEL value", Excerpt: "TEL: "},
				{Locator: vcardLoc(6), Reason: "empty TEL value", Excerpt: "TEL;VALUE=uri:tel:"},
			},
		},
		{
			name: "junk outside cards",
			in:   "BEGIN:VCARD\r\nTEL:1\r\nEND:VCARD\r\n  \r\njunk\r\nEND:VCARD\r\n",
			want: []leaktrail.Contact{{NumberRaw: "1", Locator: vcardLoc(2)}},
			wantR: []leaktrail.Reject{
				{Locator: vcardLoc(5), Reason: "line outside BEGIN:VCARD/END:VCARD", Excerpt: "junk"},
				{Locator: vcardLoc(6), Reason: "line outside BEGIN:VCARD/END:VCARD", Excerpt: "END:VCARD"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.want {
				tt.want[i].Locator = vcardLineLocator(tt.in, tt.want[i].Locator.Line)
			}
			for i := range tt.wantR {
				tt.wantR[i].Locator = vcardLineLocator(tt.in, tt.wantR[i].Locator.Line)
			}
			got := importVCard(t, tt.in)
			if diff := cmp.Diff(tt.want, got.contacts); diff != "" {
				t.Errorf("contacts mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantR, got.rejects); diff != "" {
				t.Errorf("rejects mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// vcardRepeat yields head, then line n times, then tail, without
// holding the whole input.
func vcardRepeat(head, line string, n int, tail string) io.Reader {
	return io.MultiReader(strings.NewReader(head), &vcardLineRepeater{line: line, n: n}, strings.NewReader(tail))
}

type vcardLineRepeater struct {
	line string
	n    int
	pos  int
}

func (r *vcardLineRepeater) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && r.n > 0 {
		c := copy(p, r.line[r.pos:])
		p, total, r.pos = p[c:], total+c, r.pos+c
		if r.pos == len(r.line) {
			r.pos = 0
			r.n--
		}
	}
	if total == 0 && r.n == 0 {
		return 0, io.EOF
	}
	return total, nil
}

func TestVCardLongLines(t *testing.T) {
	const big = 3 << 20
	in := io.MultiReader(
		strings.NewReader("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nPHOTO;ENCODING=b;TYPE=JPEG:"),
		vcardRepeat("", "A", big, "\r\n"),
		strings.NewReader("PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"),
		vcardRepeat("", " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n", big/76, ""),
		strings.NewReader("NOTE:"),
		vcardRepeat("", "x", big, "\r\n"),
		strings.NewReader("NOTE:a\r\n"),
		vcardRepeat("", " bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n", big/80, ""),
		strings.NewReader("TEL;TYPE=CELL:"),
		vcardRepeat("", "1", big, "\r\n"),
		strings.NewReader("TEL;TYPE=CELL:138 0013 8000\r\nEND:VCARD\r\n"),
		vcardRepeat("", "z", big, "\r\n"),
	)
	sink := &vcardSink{}
	if err := (VCard{}).Import(t.Context(), in, Options{}, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.contacts) != 1 || sink.contacts[0].NumberRaw != "138 0013 8000" || sink.contacts[0].Name != "A" {
		t.Errorf("contacts = %+v, want one for 138 0013 8000 named A", sink.contacts)
	}
	var reasons []string
	for _, r := range sink.rejects {
		reasons = append(reasons, r.Reason)
		if n := utf8.RuneCountInString(r.Excerpt); n > maxExcerpt+1 {
			t.Errorf("excerpt of %d characters", n)
		}
	}
	want := []string{
		"NOTE line longer than 1048576 bytes",
		"NOTE line longer than 1048576 bytes",
		"TEL line longer than 1048576 bytes",
		"line outside BEGIN:VCARD/END:VCARD",
	}
	if diff := cmp.Diff(want, reasons); diff != "" {
		t.Errorf("reject reasons mismatch (-want +got):\n%s", diff)
	}
}

// vcardCancelReader cancels a context once it has yielded after bytes.
type vcardCancelReader struct {
	r      io.Reader
	after  int
	read   int
	cancel context.CancelFunc
}

func (c *vcardCancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.read += n; c.read >= c.after {
		c.cancel()
	}
	return n, err
}

func TestVCardContext(t *testing.T) {
	t.Run("canceled before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		err := VCard{}.Import(ctx, strings.NewReader(vcardText("3.0", "TEL:1")), Options{}, &vcardSink{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("canceled inside a long card", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		in := &vcardCancelReader{
			r:      vcardRepeat("BEGIN:VCARD\r\nPHOTO;ENCODING=b:A\r\n", " AAAA\r\n", 1<<20, "END:VCARD\r\n"),
			after:  64 << 10,
			cancel: cancel,
		}
		err := VCard{}.Import(ctx, in, Options{}, &vcardSink{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestVCardSinkError(t *testing.T) {
	errFull := errors.New("disk full")
	for _, in := range []string{vcardText("3.0", "TEL:1"), "junk\r\n"} {
		sink := &vcardSink{err: errFull}
		err := VCard{}.Import(t.Context(), strings.NewReader(in), Options{}, sink)
		if !errors.Is(err, errFull) {
			t.Errorf("import of %q: err = %v, want %v", in, err, errFull)
		}
	}
}

// TestVCardSamples imports public vCard 2.1 samples from
// github.com/jowave/vcard2to3 (see ../../shared/samples/SOURCE.txt).
func TestVCardSamples(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "samples", "vcard")
	open := func(t *testing.T, name string) *os.File {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("sample %s absent", name)
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	type nameNumber struct{ Name, NumberRaw, Label string }
	tests := []struct {
		file string
		want []nameNumber
	}{
		{"jowave_examples_v21_qp.vcf", []nameNumber{
			{"Mäx Mustermann", "+49123456789", "CELL"},
			{"Test X-Mobil", "+49123456789", "X-MOBIL"},
			{"John Doe얁", "+49123456789", "CELL"},
			// QP soft breaks inside characters; the line " xyz =" keeps its blank.
			{"гор ЗаорсЁкі xyz і", "+49123456789", "CELL"},
			{"XXXXXXXXXX", "+31 00 0000000", "VOICE"},
		}},
		{"jowave_quopri_cp1252.vcf", []nameNumber{
			{"Firstnamer Test", "+15554441234", "HOME"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sink := &vcardSink{}
			if err := (VCard{}).Import(t.Context(), open(t, tt.file), Options{}, sink); err != nil {
				t.Fatal(err)
			}
			var got []nameNumber
			for _, c := range sink.contacts {
				got = append(got, nameNumber{c.Name, c.NumberRaw, c.Label})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("contacts mismatch (-want +got):\n%s", diff)
			}
			if len(sink.rejects) != 0 {
				t.Errorf("rejects = %+v, want none", sink.rejects)
			}
		})
	}
	// The cp1252 sample's only non-ASCII text is its NOTE: quoted-printable
	// without CHARSET in windows-1252 (=92 is a right single quote).
	t.Run("cp1252 note", func(t *testing.T) {
		var note string
		for _, l := range unfoldVCard(t, "2.1", open(t, "jowave_quopri_cp1252.vcf")) {
			if prop := parseVCardProp([]byte(l)); prop.name == "NOTE" {
				var err error
				if note, err = prop.text(); err != nil {
					t.Fatal(err)
				}
			}
		}
		want := "1 St. Albans Brook apt 5 \r\n\r\n\r\nReid’s place :\r\n364 3rd St. in Jersey City"
		if diff := cmp.Diff(want, note); diff != "" {
			t.Errorf("NOTE mismatch (-want +got):\n%s", diff)
		}
	})
}

// vcardDiscard is a Sink that keeps nothing.
type vcardDiscard struct{}

func (vcardDiscard) Event(*leaktrail.Event) error     { return nil }
func (vcardDiscard) Contact(*leaktrail.Contact) error { return nil }
func (vcardDiscard) Reject(*leaktrail.Reject) error   { return nil }

func BenchmarkVCard(b *testing.B) {
	var buf bytes.Buffer
	for i := range 10000 {
		fmt.Fprintf(&buf, "BEGIN:VCARD\r\nVERSION:2.1\r\n"+
			"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=B8=89;;;\r\n"+
			"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=89\r\n"+
			"TEL;CELL:138 0013 %04d\r\nTEL;HOME:010-1234%04d\r\nEND:VCARD\r\n", i, i)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := (VCard{}).Import(b.Context(), bytes.NewReader(data), Options{}, vcardDiscard{}); err != nil {
			b.Fatal(err)
		}
	}
}
