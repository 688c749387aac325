package classify

import (
	"strings"
	"testing"
)

// normalizeCases are spellings collectors use to get past keyword filters,
// and ordinary text that must come through unchanged but for spacing and
// case. FuzzLabel is seeded from them.
var normalizeCases = []struct {
	name, in, want string
}{
	// Characters inserted inside words.
	{"space", "逾 期", "逾期"},
	{"spaces", "通 讯 录", "通讯录"},
	{"dash", "逾-期", "逾期"},
	{"dot", "逾.期", "逾期"},
	{"star", "催*收", "催收"},
	{"underscore", "逾_期", "逾期"},
	{"middle dot", "逾·期", "逾期"},
	{"ellipsis", "逾…期", "逾期"},
	{"chinese comma", "逾，期", "逾期"},
	{"brackets", "【逾】（期）", "逾期"},
	{"ideographic space", "逾\u3000期", "逾期"},
	{"no-break space", "逾\u00a0期", "逾期"},
	{"tab and newline", "逾\t期\n", "逾期"},
	{"zero-width space", "逾\u200b期", "逾期"},
	{"zero-width joiner", "逾\u200d期", "逾期"},
	{"byte order mark", "\ufeff逾期", "逾期"},
	{"bidi override", "\u202e逾期\u202c", "逾期"},
	{"bidi isolate", "逾\u2066期\u2069", "逾期"},
	{"emoji", "逾😀期", "逾期"},
	{"emoji with selector", "逾❤\ufe0f期", "逾期"},
	{"combining mark", "逾\u0301期", "逾期"},
	{"invalid utf-8", "\xff逾期\xfe", "逾期"},
	{"invalid utf-8 before a compatibility letter", "\xf4ϵ", "ε"},
	{"invalid utf-8 between digits", "12\xff34", "12 34"},

	// Width and case.
	{"full-width digits", "１２３４５６", "123456"},
	{"full-width letters", "ＡＢＣ", "abc"},
	{"full-width pinyin", "ｙｕ期", "逾期"},
	{"upper case", "Your Code IS 551203", "yourcodeis551203"},
	{"circled digit", "①②", "12"},
	{"kangxi radical", "⼝", "口"},

	// Variant table.
	{"通迅录", "通迅录", "通讯录"},
	{"通汛录", "通汛录", "通讯录"},
	{"通信录", "通信录", "通讯录"},
	{"traditional address book", "通訊錄", "通讯录"},
	{"spaced variant", "通 迅 录", "通讯录"},
	{"address book initials", "爆你TXL", "爆你通讯录"},
	{"yu期", "yu期", "逾期"},
	{"YU 期", "YU 期", "逾期"},
	{"逾qi", "逾qi", "逾期"},
	{"yuqi", "已yuqi三天", "已逾期三天"},
	{"催shou", "催shou", "催收"},
	{"cui收", "cui 收", "催收"},
	{"欠kuan", "欠kuan", "欠款"},
	{"还kuan", "还 kuan", "还款"},
	{"征xin", "征xin", "征信"},
	{"上men", "上men", "上门"},
	{"老lai", "老 lai", "老赖"},
	{"LAO赖", "LAO赖", "老赖"},
	{"律师涵", "律师涵", "律师函"},
	{"fa院", "fa院", "法院"},
	{"enclosure radical", "人囗", "人口"},
	{"longest first", "tongxunlu", "通讯录"},
	{"hai 款", "hai 款", "还款"},
	{"hai 钱", "hai 钱", "还钱"},
	{"jin急", "jin急联系人", "紧急联系人"},
	{"jia人", "你jia人", "你家人"},
	{"full-width wo们", "ＷＯ 们", "我们"},
	{"gong司", "去你gong司", "去你公司"},
	{"lingdao", "找你lingdao", "找你领导"},

	// Traditional characters.
	{"traditional sentence", "通訊錄已經準備好了", "通讯录已经准备好了"},
	{"traditional 還錢", "還錢！", "还钱"},
	{"traditional debt", "欠債不還", "欠债不还"},
	{"traditional particle", "等著瞧", "等着瞧"},
	{"traditional 後果", "後果自負", "后果自负"},
	{"traditional deadbeat", "老賴", "老赖"},
	{"traditional with pinyin", "lao賴", "老赖"},

	// Letters inside a key word.
	{"letter inside 逾期", "逾x期", "逾期"},
	{"letters inside 催收", "催ab收", "催收"},
	{"letters inside 通讯录", "通a讯b录", "通讯录"},
	{"capital inside 欠款", "欠K款", "欠款"},
	{"pinyin inside 逾期", "逾qi期", "逾期"},
	{"four letters stay", "逾abcd期", "逾abcd期"},
	{"B ultrasound", "做B超", "做b超"},
	{"A shares", "买A股", "买a股"},
	{"QQ between other words", "联系QQ人工客服", "联系qq人工客服"},

	// Numbers stay apart.
	{"code then minutes", "验证码:1234, 5分钟内有效", "验证码1234 5分钟内有效"},
	{"grouped phone number", "138 0013 8000", "138 0013 8000"},
	{"date", "2024-03-05", "2024 03 05"},
	{"amount", "¥1,234.56元", "1 234 56元"},
	{"digits and letters", "G-123456 is your code", "g123456isyourcode"},

	// Ordinary text.
	{"plain", "你好", "你好"},
	{"remaining instalments", "剩余期数3期", "剩余期数3期"},
	{"recovery", "痊愈期间", "痊愈期间"},
	{"sichuan", "川渝期间", "川渝期间"},
	{"empty", "", ""},
	{"only spaces", " \t ", ""},
	{"only punctuation", "！！？", ""},
}

// TestTraditionalTable checks the table of simplify: every character maps
// to a simplified one that is itself not in the table (no chains), that
// clean keeps, and that Normalize leaves alone.
func TestTraditionalTable(t *testing.T) {
	rs := []rune(traditionalPairs)
	if len(rs)%2 != 0 {
		t.Fatalf("traditionalPairs has %d runes, want pairs", len(rs))
	}
	for i := 0; i < len(rs); i += 2 {
		from, to := rs[i], rs[i+1]
		if !isTraditional(from) || traditional[from] != to {
			t.Errorf("%c is not mapped to %c", from, to)
		}
		if isTraditional(to) {
			t.Errorf("%c maps to %c, which is mapped too", from, to)
		}
		if clean(string(from)) != string(from) || Normalize(string(to)) != string(to) {
			t.Errorf("%c → %c: not kept by clean or not normalized", from, to)
		}
		if i > 0 && rs[i-2] >= from {
			t.Errorf("%c after %c: the table is not sorted", from, rs[i-2])
		}
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range normalizeCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize(tc.in)
			if got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize(%q) = %q, not idempotent", got, again)
			}
		})
	}
}

// TestVariantsNormalized checks the variant table: each target is in
// normalized form, and no source is a target or part of one (a chain would
// make Normalize depend on how often it ran).
func TestVariantsNormalized(t *testing.T) {
	for _, v := range variants {
		if clean(v.from) != v.from {
			t.Errorf("variant %q is not clean: %q", v.from, clean(v.from))
		}
		if Normalize(v.to) != v.to {
			t.Errorf("variant target %q normalizes to %q", v.to, Normalize(v.to))
		}
		if Normalize(v.from) != v.to {
			t.Errorf("Normalize(%q) = %q, want %q", v.from, Normalize(v.from), v.to)
		}
		for _, w := range variants {
			if strings.Contains(w.to, v.from) {
				t.Errorf("variant %q occurs in target %q", v.from, w.to)
			}
		}
	}
}

// TestCleanFastEveryRune checks clean against cleanSlow on every rune of
// the BMP (cleanFast leaves the others to NFKC) alone, and between letters
// that NFKC could join to it, and fold likewise; and that Normalize is
// idempotent there.
func TestCleanFastEveryRune(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "\u0301", "\u1100" + string(r) + "\u1161"} {
			if got, want := clean(s), cleanSlow(s); got != want {
				t.Errorf("clean(%+q) = %+q, want %+q", s, got, want)
			}
			if got, want := fold(s), foldRunes(nfkc(s)); got != want {
				t.Errorf("fold(%+q) = %+q, want %+q", s, got, want)
			}
			if n := Normalize(s); Normalize(n) != n {
				t.Errorf("Normalize(%+q) = %+q, not idempotent", s, n)
			}
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"请点击 HTTP://T.CN/Ab3 查看", "请点击 http://t.cn/ab3 查看"},
		{"ｈｔｔｐ：／／１．２．３．４／ｘ", "http://1.2.3.4/x"},
		{"t\u200b.cn/x", "t.cn/x"},
		{"  a \t\n b  ", "a b"},
		{"\xffab", "ab"},
	}
	for _, tc := range tests {
		if got := fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	var n int
	for _, m := range benchMessages {
		n += len(m)
	}
	b.SetBytes(int64(n / len(benchMessages)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Normalize(benchMessages[i%len(benchMessages)])
	}
}
