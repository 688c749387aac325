package classify

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the text that rules match: the message folded so that
// the spellings collectors use to slip past keyword filters read as the
// plain word.
//
//  1. NFKC: full-width letters, digits and punctuation become ASCII,
//     compatibility characters (①, ㎡, Kangxi radicals) their plain form.
//  2. Lower case.
//  3. Only letters and numbers are kept (Unicode categories L, N and Mc).
//     Spaces, punctuation, symbols, emoji, zero-width and bidi controls and
//     combining marks are dropped, so "逾 期", "逾-期", "逾.期", "催*收" and
//     "通\u200b讯录" read as one word. A dropped run between two ASCII digits
//     becomes one space, so that separate numbers ("验证码:1234, 5分钟")
//     do not run together.
//  4. The variant spellings in the table below are replaced by the word they
//     stand for ("通迅录" → "通讯录", "yu期" → "逾期"), leftmost and longest
//     first, in one pass over the cleaned text.
//
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	return replaceVariants(clean(s))
}

// variants are the filter-dodging spellings Normalize replaces, as they read
// after cleaning (lower case, no spaces or punctuation). Only spellings that
// do not occur in ordinary text belong here: "余期" (as in 剩余期数),
// "愈期" (痊愈期), "渝期" (川渝期间), "崔收" (a surname before 收) and
// ambiguous pinyin initials ("yq", "cs", "ts", "sb") are left out on purpose.
var variants = []struct{ from, to string }{
	// 通讯录, the address book: near-homophones, traditional characters,
	// pinyin and the initials "txl" common in forum and collector slang.
	{"通迅录", "通讯录"},
	{"通汛录", "通讯录"},
	{"通信录", "通讯录"},
	{"通训录", "通讯录"},
	{"通讯陆", "通讯录"},
	{"通訊錄", "通讯录"},
	{"通訊录", "通讯录"},
	{"通讯錄", "通讯录"},
	{"通xun录", "通讯录"},
	{"tongxunlu", "通讯录"},
	{"txl", "通讯录"},
	// 逾期, overdue.
	{"yu期", "逾期"},
	{"逾qi", "逾期"},
	{"yuqi", "逾期"},
	{"逾其", "逾期"},
	// 催收, debt collection.
	{"催shou", "催收"},
	{"cui收", "催收"},
	{"cuishou", "催收"},
	// 欠款 and 还款, debt and repayment.
	{"欠kuan", "欠款"},
	{"qian款", "欠款"},
	{"qiankuan", "欠款"},
	{"还kuan", "还款"},
	{"huan款", "还款"},
	{"huankuan", "还款"},
	{"還款", "还款"},
	// 征信, the credit record.
	{"征xin", "征信"},
	{"zheng信", "征信"},
	{"zhengxin", "征信"},
	{"徵信", "征信"},
	// 上门, a home visit.
	{"上men", "上门"},
	{"shang门", "上门"},
	{"shangmen", "上门"},
	// 老赖, deadbeat.
	{"老lai", "老赖"},
	{"lao赖", "老赖"},
	{"laolai", "老赖"},
	{"老賴", "老赖"},
	// 律师函, 起诉, 法院: the legal words of fake lawyer's letters.
	{"律师涵", "律师函"},
	{"律師函", "律师函"},
	{"qi诉", "起诉"},
	{"起su", "起诉"},
	{"fa院", "法院"},
	{"法yuan", "法院"},
	// 囗 (U+56D7, the enclosure radical) for 口: it never stands alone in
	// ordinary text.
	{"囗", "口"},
}

// variantIndex lists the variants by their first rune, longest first.
var variantIndex = func() map[rune][]int {
	idx := make(map[rune][]int)
	for i, v := range variants {
		r, _ := utf8.DecodeRuneInString(v.from)
		idx[r] = append(idx[r], i)
	}
	for _, list := range idx {
		// Insertion sort by length, longest first; ties keep table order.
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(variants[list[j]].from) > len(variants[list[j-1]].from); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
	}
	return idx
}()

// variantASCII and variantWide say which runes start a variant: a bit per
// ASCII rune, and for other runes a bit per rune modulo 1024 (a hit there is
// confirmed in variantIndex).
var variantASCII, variantWide = func() (ascii [2]uint64, wide [16]uint64) {
	for r := range variantIndex {
		if r < utf8.RuneSelf {
			ascii[r>>6] |= 1 << (r & 63)
		} else {
			h := r & 1023
			wide[h>>6] |= 1 << (h & 63)
		}
	}
	return
}()

// mayStartVariant reports whether a variant could start with r.
func mayStartVariant(r rune) bool {
	if r < utf8.RuneSelf {
		return variantASCII[r>>6]&(1<<(r&63)) != 0
	}
	h := r & 1023
	return variantWide[h>>6]&(1<<(h&63)) != 0
}

// replaceVariants replaces the variants in s, leftmost and longest first.
// It returns s itself when there is none.
func replaceVariants(s string) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if mayStartVariant(r) {
			if v, ok := variantAt(s[i:], r); ok {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteString(v.to)
				i += len(v.from)
				done = i
				continue
			}
		}
		i += size
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// variantAt returns the longest variant s starts with; r is its first rune.
func variantAt(s string, r rune) (v struct{ from, to string }, ok bool) {
	for _, i := range variantIndex[r] {
		if strings.HasPrefix(s, variants[i].from) {
			return variants[i], true
		}
	}
	return v, false
}

// clean does steps 1-3 of Normalize. Most messages hold only ASCII, CJK
// ideographs, full-width forms and punctuation, which NFKC leaves alone or
// maps one rune at a time: clean handles those itself, and runs the NFKC
// algorithm only on a message that holds some other rune.
func clean(s string) string {
	if out, ok := cleanFast(s); ok {
		return out
	}
	return cleanSlow(s)
}

// cleanSlow is clean by the definition: NFKC, then the filter.
func cleanSlow(s string) string {
	out := cleanRunes(nfkc(s))
	// Dropping a rune can bring together two that NFKC composes (Hangul
	// jamo around a space): normalize again until nothing changes, so that
	// Normalize stays idempotent.
	for range 4 {
		if norm.NFKC.IsNormalString(out) {
			break
		}
		out = cleanRunes(norm.NFKC.String(out))
	}
	return out
}

// nfkc returns s in NFKC form, invalid UTF-8 replaced by U+FFFD first (the
// norm package leaves the text after an invalid byte unnormalized).
func nfkc(s string) string {
	return norm.NFKC.String(strings.ToValidUTF8(s, "\uFFFD"))
}

// Rune classes of runeClasses.
const (
	classNFKC  = iota // NFKC may change the rune or its neighbours
	classDrop         // not a letter or number: dropped
	classKeep         // kept as is
	classLower        // kept, lower-cased
)

// runeClasses classifies the BMP for cleanFast. A rune has a class other
// than classNFKC only when NFKC leaves it unchanged whatever surrounds it
// (a normalization boundary before and after it), or maps it the way
// cleanFast does (full-width ASCII, spaces).
var runeClasses = sync.OnceValue(func() *[0x10000]uint8 {
	var t [0x10000]uint8
	var buf [utf8.UTFMax]byte
	for r := rune(0); r < 0x10000; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		b := utf8.AppendRune(buf[:0], r)
		p := norm.NFKC.Properties(b)
		stable := p.BoundaryBefore() && p.BoundaryAfter()
		switch {
		case r < utf8.RuneSelf, r >= 0xff01 && r <= 0xff5e:
			// Handled before the table is read.
		case unicode.IsSpace(r) && stable:
			t[r] = classDrop
		case !stable || p.Decomposition() != nil || !norm.NFKC.IsNormal(b):
			t[r] = classNFKC
		case keepRune(r):
			if unicode.ToLower(r) != r {
				t[r] = classLower
			} else {
				t[r] = classKeep
			}
		default:
			t[r] = classDrop
		}
	}
	return &t
})

// keepRune reports whether clean keeps r, once NFKC has been applied.
func keepRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r)
}

// cleanFast cleans s without the NFKC algorithm, and reports false when s
// holds a rune that needs it.
func cleanFast(s string) (string, bool) {
	classes := runeClasses()
	var b strings.Builder
	b.Grow(len(s))
	prevDigit := false // the last rune kept is an ASCII digit
	dropped := false   // a rune was dropped since the last one kept
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r >= 0xff01 && r <= 0xff5e {
				r -= 0xff01 - '!' // full-width ASCII
			}
		}
		i += size
		if r < utf8.RuneSelf {
			writeASCII(&b, byte(r), &prevDigit, &dropped)
			continue
		}
		if r >= 0x10000 || (r == utf8.RuneError && size == 1) {
			return "", false
		}
		switch classes[r] {
		case classNFKC:
			return "", false
		case classDrop:
			dropped = true
			continue
		case classKeep:
			b.WriteRune(r)
		case classLower:
			b.WriteRune(unicode.ToLower(r))
		}
		prevDigit, dropped = false, false
	}
	return b.String(), true
}

// writeASCII writes an ASCII rune of the text being cleaned: letters in
// lower case, digits (with a space between two numbers the text separated);
// it drops the rest.
func writeASCII(b *strings.Builder, c byte, prevDigit, dropped *bool) {
	switch {
	case c >= 'a' && c <= 'z':
		b.WriteByte(c)
		*prevDigit = false
	case c >= 'A' && c <= 'Z':
		b.WriteByte(c + 'a' - 'A')
		*prevDigit = false
	case c >= '0' && c <= '9':
		if *prevDigit && *dropped {
			b.WriteByte(' ')
		}
		b.WriteByte(c)
		*prevDigit = true
	default:
		*dropped = true
		return
	}
	*dropped = false
}

// cleanRunes cleans s, which is in NFKC form.
func cleanRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevDigit, dropped := false, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r < utf8.RuneSelf:
			writeASCII(&b, byte(r), &prevDigit, &dropped)
			continue
		case keepRune(r):
			b.WriteRune(unicode.ToLower(r))
			prevDigit, dropped = false, false
		default:
			dropped = true
		}
	}
	return b.String()
}

// fold is the text that "raw:" patterns match: NFKC, lower case, without
// control and format characters (zero-width, bidi), runs of white space as
// one space. Punctuation stays, so that links and addresses keep their shape.
func fold(s string) string {
	if out, ok := foldFast(s); ok {
		return out
	}
	return foldRunes(nfkc(s))
}

// foldFast folds s without the NFKC algorithm, and reports false when s
// holds a rune that needs it (see runeClasses).
func foldFast(s string) (string, bool) {
	classes := runeClasses()
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r >= 0xff01 && r <= 0xff5e {
				r -= 0xff01 - '!'
			}
		}
		i += size
		switch {
		case r < utf8.RuneSelf:
		case r >= 0x10000 || r == utf8.RuneError && size == 1:
			return "", false
		case classes[r] == classNFKC:
			return "", false
		case classes[r] == classLower:
			r = unicode.ToLower(r)
		}
		space = foldRune(&b, r, space)
	}
	return b.String(), true
}

// foldRunes folds s, which is in NFKC form.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r >= utf8.RuneSelf {
			r = unicode.ToLower(r)
		}
		space = foldRune(&b, r, space)
	}
	return b.String()
}

// foldRune writes r, which follows white space if space, and reports
// whether white space is pending.
func foldRune(b *strings.Builder, r rune, space bool) bool {
	switch {
	case r >= 'A' && r <= 'Z':
		r += 'a' - 'A'
	case unicode.IsSpace(r):
		return true
	case r < ' ' || r == 0x7f || r == utf8.RuneError || r >= utf8.RuneSelf && (unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r)):
		return space
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteRune(r)
	return false
}
