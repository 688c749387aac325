package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
)

// FuzzVCard checks that no input makes the vCard importer panic or fail,
// and that everything it emits is valid: contacts have a number and valid
// UTF-8 text, rejects a reason and a bounded excerpt, and both come in file
// order with locators inside the input.
func FuzzVCard(f *testing.F) {
	inputs, err := filepath.Glob(filepath.Join("..", "testdata", "vcard", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden.jsonl") || strings.HasSuffix(in, ".md") {
			continue
		}
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:=E5=\r\n"))
	f.Add([]byte("BEGIN:VCARD\nitem1.TEL;X-CUSTOM(CHARSET=GBK,ENCODING=QUOTED-PRINTABLE,=C0):1\nitem1.X-ABLabel:\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sink := &vcardSink{}
		if err := (VCard{}).Import(t.Context(), bytes.NewReader(data), Options{}, sink); err != nil {
			t.Fatalf("import: %v", err)
		}
		check := func(l leaktrail.Locator) {
			if l.Line < 1 || l.Offset < 0 || l.Offset >= int64(len(data)) {
				t.Errorf("locator %+v outside the %d-byte input", l, len(data))
			}
		}
		for _, c := range sink.contacts {
			if c.NumberRaw == "" {
				t.Errorf("contact %+v without a number", c)
			}
			for _, s := range []string{c.Name, c.NumberRaw, c.Label, c.Org} {
				if !utf8.ValidString(s) {
					t.Errorf("contact %+v holds invalid UTF-8 %q", c, s)
				}
			}
			check(c.Locator)
		}
		for _, r := range sink.rejects {
			if r.Reason == "" {
				t.Errorf("reject %+v without a reason", r)
			}
			if !utf8.ValidString(r.Excerpt) || utf8.RuneCountInString(r.Excerpt) > maxExcerpt+1 {
				t.Errorf("reject %+v has a bad excerpt", r)
			}
			check(r.Locator)
		}
		for i := 1; i < len(sink.offsets); i++ {
			if sink.offsets[i] < sink.offsets[i-1] {
				t.Errorf("record at byte %d after one at byte %d", sink.offsets[i], sink.offsets[i-1])
			}
		}
	})
}
