package xlsxw

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// sanitize is what a cell holds after Text(s), written the simple way:
// cut to MaxCellChars, and U+FFFD for what XML cannot hold.
func sanitize(s string) string {
	s = cut(s)
	return strings.Map(func(r rune) rune { // invalid UTF-8 comes as U+FFFD
		if !xmlChar(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

func TestAppendText(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"plain", "owner", "owner"},
		{"chinese", "你的欠款今天必须还清", "你的欠款今天必须还清"},
		{"markup", `<a href="x">&amp;</a>`, `&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;`},
		{"formula", `=HYPERLINK("http://x","点击查看")`, `=HYPERLINK("http://x","点击查看")`},
		{"line breaks", "a\nb\tc\r\nd", "a\nb\tc&#xD;\nd"},
		{"control characters", "\x00\x07响铃\x1b[31m", "\uFFFD\uFFFD响铃\uFFFD[31m"},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"lone surrogate", "x\xed\xa0\x80y", "x\uFFFD\uFFFD\uFFFDy"},
		{"noncharacters", "\uFFFE\uFFFF\uFFFD", "\uFFFD\uFFFD\uFFFD"},
		{"astral", "谢谢兄弟🙏", "谢谢兄弟🙏"},
		{"escape code", "_x0041_ 今天还钱", "_x005F_x0041_ 今天还钱"},
		{"escaped escape code", "_x005F_x0041_", "_x005F_x005F_x005F_x0041_"},
		{"codes that share an underscore", "_x0041_x0042_", "_x005F_x0041_x005F_x0042_"},
		{"not a code", "_x004_ _xGGGG_ _X0041_ x0041_", "_x004_ _xGGGG_ _X0041_ x0041_"},
		{"bidi", "欠款\u202egnp.exe", "欠款\u202egnp.exe"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(appendText(nil, c.in)); got != c.want {
				t.Errorf("appendText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestCut(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want int // UTF-16 units kept
	}{
		{"short", "abc", 3},
		{"at the limit", strings.Repeat("a", MaxCellChars), MaxCellChars},
		{"over", strings.Repeat("a", MaxCellChars+10), MaxCellChars},
		{"wide", strings.Repeat("欠", MaxCellChars+1), MaxCellChars},
		{"pair not split", strings.Repeat("a", MaxCellChars-1) + "🙏", MaxCellChars - 1},
		{"pair that fits", strings.Repeat("a", MaxCellChars-2) + "🙏b", MaxCellChars},
		{"invalid bytes count one each", strings.Repeat("\xff", MaxCellChars+3), MaxCellChars},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := cut(c.in)
			if !strings.HasPrefix(c.in, got) {
				t.Fatalf("cut is not a prefix")
			}
			n := 0
			for _, r := range got {
				n++
				if r >= 0x10000 {
					n++
				}
			}
			if n != c.want {
				t.Errorf("cut keeps %d units, want %d", n, c.want)
			}
		})
	}
}

// TestValid3 checks the fast path of appendText against utf8 for every
// three-byte sequence that starts like one.
func TestValid3(t *testing.T) {
	var b [3]byte
	for c0 := 0xE0; c0 <= 0xEF; c0++ {
		for c1 := range 256 {
			for c2 := range 256 {
				b = [3]byte{byte(c0), byte(c1), byte(c2)}
				r, size := utf8.DecodeRune(b[:])
				want := size == 3 && r != 0xFFFE && r != 0xFFFF
				if got := valid3(string(b[:])); got != want {
					t.Fatalf("valid3(% x) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

func TestPreserve(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "a b": false, "a  b": false, " a": true, "a ": true, "\ta": true, "a\n": true, "\r=1": true,
	} {
		if got := preserve(s); got != want {
			t.Errorf("preserve(%q) = %v, want %v", s, got, want)
		}
	}
}
