package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// This file holds what the tabular renderers (XLSX, CSV) share: the words
// a spreadsheet shows for the timeline's codes, column widths, and the
// defence against formula injection.

// zhWords are the Chinese words for the codes of the timeline and the
// analysis (kinds, directions, statuses, labels, categories, why,
// witnesses). English shows the codes themselves.
var zhWords = map[string]string{
	"call": "电话", "sms": "短信", "mms": "彩信",
	"answered": "已接", "missed": "未接", "rejected": "拒接", "blocked": "拦截",
	"voicemail": "语音信箱", "sent": "已发送", "received": "已接收", "draft": "草稿",
	"failed": "发送失败", "queued": "待发送",
	"collection": "催收", "threat": "威胁", "contacts_exposure": "扬言联系通讯录",
	"insult": "辱骂", "impersonation": "冒充公检法或律师", "relay": "亲友转告",
	"loan": "借款通知", "spam": "营销", "fraud": "诈骗", "service": "服务",
	"verification": "验证码", "contact": "联系人", "unknown": "未知",
	"collector": "催收号码",
	"phone":     "手机记录", "carrier": "运营商详单",
}

// showCode is the name of code in lang; codes without a Chinese word, and
// every code in English, show as they are.
func showCode(lang, code string) string {
	if lang == "zh" {
		if w, ok := zhWords[code]; ok {
			return w
		}
	}
	return code
}

// showCodes names codes in lang, joined by sep.
func showCodes(lang string, codes []string, sep string) string {
	ws := make([]string, len(codes))
	for i, c := range codes {
		ws[i] = showCode(lang, c)
	}
	return strings.Join(ws, sep)
}

// showDirection names an event's direction; Chinese has a word for a call's
// and another for a message's.
func showDirection(lang, kind, dir string) string {
	if lang != "zh" {
		return dir
	}
	switch {
	case kind == "call" && dir == "in":
		return "来电"
	case kind == "call" && dir == "out":
		return "去电"
	case dir == "in":
		return "收到"
	case dir == "out":
		return "发出"
	}
	return dir
}

// cellWidth estimates how many character cells s takes in a spreadsheet
// column: its longest line, with East Asian wide and full-width characters
// counting double.
func cellWidth(s string) int {
	longest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			longest, n = max(longest, n), 0
		case r < utf8.RuneSelf:
			n++
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return max(longest, n)
}

// formulaLike reports whether a spreadsheet opening s from a CSV file
// could read it as a formula: it starts with a tab or a carriage return,
// or, after any leading white space, with = + - @ (or their full-width
// forms, which some East Asian versions of Excel convert). OWASP's "CSV
// injection" advice names these prefixes.
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '\t' || s[0] == '\r' {
		return true
	}
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		return true
	}
	return false
}

// plainNumber reports whether s is a telephone number in E.164 form, a
// plus and digits only: a spreadsheet reads it as a number at worst, with
// no function, reference or string it could evaluate, so it is written
// as it is and stays searchable.
func plainNumber(s string) bool {
	if len(s) < 2 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// csvText neutralizes a text cell of a CSV file: a cell a spreadsheet
// could take for a formula gets a leading single quote, which makes it
// text (OWASP's recommendation). E.164 numbers are left alone.
func csvText(s string) string {
	if formulaLike(s) && !plainNumber(s) {
		return "'" + s
	}
	return s
}

// oneLineText folds s onto one line for a summary: line breaks and tabs
// become spaces; other control characters, and the bidirectional controls
// that can make a text read backwards (U+202E), are shown as <U+202E>.
// The exact text stays in the body column.
func oneLineText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r) || bidiControl(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
		space = r == ' '
	}
	return b.String()
}

// bidiControl reports whether r is one of the invisible characters that
// change the direction text is shown in.
func bidiControl(r rune) bool {
	return r == '\u061c' || r == '\u200e' || r == '\u200f' ||
		('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069')
}

// rejectText is a reject's reason or excerpt as a report shows it: in a
// masked report the mobile numbers it quotes are masked, like those of
// message bodies, since a reject may be any line of an export.
func rejectText(d *Data, s string) string {
	if d.Mask {
		return d.maskDigits(s)
	}
	return s
}

// wrappedLines estimates how many lines s takes when wrapped in a column
// width characters wide: each line break starts a line, and a paragraph
// wider than the column takes as many lines as it needs.
func wrappedLines(s string, width float64) int {
	per := max(int(width)-1, 1)
	n := 0
	for par := range strings.SplitSeq(s, "\n") {
		n += max((cellWidth(par)+per-1)/per, 1)
	}
	return n
}
