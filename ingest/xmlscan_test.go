package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello 你好", "hello 你好"},
		{"predefined entities", "&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;", `<a> & "b" 'c'`},
		{"decimal and hex", "&#20320;&#x597D;&#10;", "你好\n"},
		{"surrogate pair", "&#55357;&#56834;", "\U0001F602"},
		{"surrogate pair hex", "&#xD83D;&#xDE00;", "\U0001F600"},
		{"lone high surrogate", "a&#55357;b", "a\uFFFDb"},
		{"lone low surrogate", "a&#56834;b", "a\uFFFDb"},
		{"high then non-surrogate", "&#55357;&#65;", "\uFFFDA"},
		{"control reference", "a&#1;b", "a\uFFFDb"},
		{"tab newline cr kept", "&#9;&#10;&#13;", "\t\n\r"},
		{"out of range", "&#1114112;x", "\uFFFDx"},
		{"not a number", "&#12a;x", "\uFFFDx"},
		{"unknown entity kept", "&nbsp;&bogus;", "&nbsp;&bogus;"},
		{"bare ampersand", "a & b &", "a & b &"},
		{"unterminated reference", "&#12345", "&#12345"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"raw control byte", "a\x01b", "a\uFFFDb"},
		{"nonchar fffe", "&#xFFFE;", "\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(decodeText(nil, []byte(tt.in)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decodeText(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestXMLRoot(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"sbr messages", "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore-->\n<?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n<smses count=\"1\">", "smses"},
		{"bom and doctype", "\xEF\xBB\xBF<!DOCTYPE calls>\n<calls>", "calls"},
		{"doctype with internal subset", "<?xml version=\"1.0\"?>\n<!DOCTYPE smses [\n <!ENTITY lol \"lol\">\n <!ENTITY lol1 \"&lol;&lol;\">\n]>\n<smses count=\"1\">", "smses"},
		{"unterminated internal subset", "<!DOCTYPE smses [<!ENTITY a \"b\">", ""},
		{"not xml", "BEGIN:VCARD", ""},
		{"unterminated declaration", "<?xml version", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := xmlRoot([]byte(tt.head)); got != tt.want {
				t.Errorf("xmlRoot = %q, want %q", got, tt.want)
			}
		})
	}
}

// scanAll returns every token and error of a document as text.
func scanAll(t *testing.T, sc *xmlScanner) []string {
	t.Helper()
	var out []string
	for range 1000 {
		tok, err := sc.next()
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.Is(err, errTruncated):
			return append(out, "truncated")
		case err != nil:
			out = append(out, "error "+err.Error())
			continue
		}
		s := tok.name
		if tok.kind == tokEnd {
			s = "/" + s
		}
		for _, a := range tok.attrs {
			s += " " + a.name + "=" + a.value
		}
		out = append(out, s)
	}
	t.Fatal("scanner did not finish")
	return nil
}

func TestScannerRecovery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"comments cdata doctype pi", "<!DOCTYPE x [<!ENTITY a 'b'>]><?pi x?><!-- <a> --><r><![CDATA[<b>]]><a x='1'/></r>",
			[]string{"r", "a x=1", "/r"}},
		{"entity not expanded", "<!DOCTYPE r [<!ENTITY lol 'lol'>]><r><a v='&lol;'/></r>", []string{"r", "a v=&lol;", "/r"}},
		{"unquoted value", "<r><a v=1/><b/></r>", []string{"r", "error line 1 byte 3: in <a>: value of v is not quoted", "b", "/r"}},
		{"unclosed quote resyncs inside", "<r><a v=\"x/>\n<b w=\"2\"/></r>",
			[]string{"r", "error line 1 byte 3: in <a>: unexpected text \"2\" after attribute v (a quote not closed?)", "b w=2", "/r"}},
		{"truncated in tag", "<r><a v='1", []string{"r", "truncated"}},
		{"truncated in comment", "<r><!-- x", []string{"r", "truncated"}},
		{"bad end tag", "<r></r x></r>", []string{"r", "error line 1 byte 3: unexpected 'x' in end tag </r>", "/r"}},
		{"lines counted", "<r>\n\n<a/>\n</r>", []string{"r", "a", "/r"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanAll(t, newXMLScanner(strings.NewReader(tt.in)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestScannerPositions(t *testing.T) {
	doc := "<r>\n  <a/>\n\n  <b x='&#10;\n'/>\n<c/></r>"
	sc := newXMLScanner(strings.NewReader(doc))
	type pos struct {
		Name      string
		Line, Off int64
	}
	var got []pos
	for {
		tok, err := sc.next()
		if err != nil {
			break
		}
		if tok.kind == tokStart {
			got = append(got, pos{tok.name, tok.line, tok.off})
		}
	}
	want := []pos{{"r", 1, 0}, {"a", 2, 6}, {"b", 4, 14}, {"c", 6, 30}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// chunkReader yields its input a few bytes at a time, to exercise every
// refill boundary.
type chunkReader struct {
	s string
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	k := min(r.n, len(r.s), len(p))
	copy(p, r.s[:k])
	r.s = r.s[k:]
	return k, nil
}

func TestScannerSmallReads(t *testing.T) {
	doc := "<?xml version='1.0'?><!-- c --><smses><sms body='a&#55357;&#56834;b' date='1'/><mms><part data='QUJD'/></mms></smses>"
	want := scanAll(t, newXMLScanner(strings.NewReader(doc), "data"))
	for n := 1; n < 8; n++ {
		sc := newXMLScanner(&chunkReader{s: doc, n: n}, "data")
		got := scanAll(t, sc)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reads of %d bytes (-want +got):\n%s", n, diff)
		}
	}
}

// repeatReader streams prefix, then n bytes of fill, then suffix, without
// holding them.
type repeatReader struct {
	prefix, suffix string
	fill           byte
	n              int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	switch {
	case r.prefix != "":
		k := copy(p, r.prefix)
		r.prefix = r.prefix[k:]
		return k, nil
	case r.n > 0:
		k := int(min(int64(len(p)), r.n))
		for i := range k {
			p[i] = r.fill
		}
		r.n -= int64(k)
		return k, nil
	case r.suffix != "":
		k := copy(p, r.suffix)
		r.suffix = r.suffix[k:]
		return k, nil
	}
	return 0, io.EOF
}

// TestScannerFlatMemory streams a 64 MiB base64 attribute and a 16 MiB body
// and checks that neither is held: the scanner's buffers stay small.
func TestScannerFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 80 MiB")
	}
	const image = 64 << 20
	r := &repeatReader{
		prefix: `<smses><mms date="1" msg_box="1" address="1"><parts><part ct="image/jpeg" data="`,
		fill:   'A', n: image,
		suffix: `"/></parts></mms></smses>`,
	}
	rec := &recorder{}
	if err := importSBR(t.Context(), r, rec); err != nil {
		t.Fatal(err)
	}
	if rec.events != 1 {
		t.Fatalf("got %d events, want 1", rec.events)
	}
	if !strings.Contains(rec.lines[0], `"size":50331648`) {
		t.Errorf("attachment size not measured: %s", rec.lines[0])
	}

	big := &repeatReader{prefix: `<smses><sms address="1" date="1" type="1" body="`, fill: 'x', n: 16 << 20, suffix: `"/></smses>`}
	sc := newXMLScanner(big, "data")
	p := &sbrParser{sc: sc, sink: &recorder{}}
	if err := p.run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := cap(sc.buf) + cap(sc.raw) + cap(sc.vals); got > 3*defaultMaxValue {
		t.Errorf("scanner holds %d bytes after a 16 MiB value", got)
	}
	if rec := p.sink.(*recorder); rec.events != 1 || !strings.Contains(rec.lines[0], `"flags":["body_cut"]`) {
		t.Errorf("long body not cut and flagged: %d events", rec.events)
	}
}

// TestScannerValueCut: a value over maxValue is cut to at most maxValue
// bytes at a rune boundary, and what is kept is the start of the value,
// however the reads fall: a read after the cut that starts inside a
// character added a stray byte (U+FFFD) past the bound.
func TestScannerValueCut(t *testing.T) {
	value := strings.Repeat("逾期还款", 40) // 480 bytes of 3-byte runes
	doc := "<smses><sms body='" + value + "' date='1'/></smses>"
	for maxValue := 1; maxValue <= 64; maxValue++ {
		for n := 1; n <= 8; n++ {
			sc := newXMLScanner(&chunkReader{s: doc, n: n})
			sc.maxValue = maxValue
			var body xmlAttr
			for {
				tok, err := sc.next()
				if err != nil {
					break
				}
				if tok.name == "sms" {
					body, _ = tok.attrInfo("body")
					break
				}
			}
			want := value[:maxValue/3*3]
			if body.value != want || !body.cut || body.size != int64(len(value)) {
				t.Fatalf("maxValue %d, reads of %d: value %q (cut %v, size %d), want %q (cut, size %d)",
					maxValue, n, body.value, body.cut, body.size, want, len(value))
			}
		}
	}
}
