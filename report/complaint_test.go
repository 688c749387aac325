package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/sqlite"
)

func complaint(t *testing.T, d *Data) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteComplaint(t.Context(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestComplaintGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"zh", Options{Lang: "zh"}},
		{"en", Options{Lang: "en"}},
		{"masked", Options{Lang: "zh", Mask: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := complaint(t, testData(t, c.opts))
			golden(t, "complaint/"+c.name+".md", []byte(got))
			// Same case, same draft; the generation time is not in it.
			later := c.opts
			later.Now = testNow.Add(48 * time.Hour)
			if again := complaint(t, testData(t, later)); again != got {
				t.Error("the draft changes with the generation time or from run to run")
			}
		})
	}
}

func TestComplaintFacts(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := testData(t, Options{Lang: lang})
			got := complaint(t, d)
			var want []string
			a := d.Analysis
			want = append(want, "2026-01-04", a.Onset.Date, a.Leak.Date)
			want = append(want, a.Platforms...)
			var calls, msgs int
			for _, day := range d.Days {
				calls += day.Calls
				msgs += day.Messages
			}
			want = append(want, fmt.Sprint(calls), fmt.Sprint(msgs), fmt.Sprint(len(d.Collectors)),
				fmt.Sprint(d.ThirdParty.Events), fmt.Sprint(d.ThirdParty.Relays))
			for _, v := range a.Violations {
				want = append(want, v.Title, fmt.Sprint(v.Count))
			}
			for _, s := range d.Sources {
				want = append(want, s.SHA256, s.Name)
			}
			if lang == "zh" {
				want = append(want, "【请填写：姓名】", "【请填写：身份证号码】", "【请填写：联系电话】", "放贷机构全称", "可能违反",
					"第十八条", "15 日", "manifest.json", "12321", "12378", "地方金融管理局", "110", "12300", "12378 不处理")
			} else {
				want = append(want, "[TO FILL IN: Name]", "[TO FILL IN: ID card number]", "[TO FILL IN: Phone number]",
					"full legal name of the lender", "Possible violation", "Art. 18", "15 days", "manifest.json",
					"12321", "12378", "local financial regulatory bureau", "110", "12300", "12378 does not handle")
			}
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("draft lacks %q", w)
				}
			}
			// The table for 12321: a row per collector number.
			for _, c := range d.Collectors {
				row := regexp.MustCompile(`(?m)^\| \d+ \| ` + regexp.QuoteMeta(mdText(c.Number)) + ` \| `)
				if !row.MatchString(got) {
					t.Errorf("no row for collector %s in the table of numbers", c.Number)
				}
			}
			if strings.Contains(got, testNow.Format("2006-01-02")) {
				t.Error("the draft holds the generation date")
			}
			// "Possible" violations, never verdicts.
			for _, verdict := range []string{"违反了", "构成违法", "is illegal", "violated"} {
				if strings.Contains(got, verdict) {
					t.Errorf("the draft says %q", verdict)
				}
			}
		})
	}
}

func TestComplaintMasked(t *testing.T) {
	plain := complaint(t, testData(t, Options{Lang: "zh"}))
	d := testData(t, Options{Lang: "zh", Mask: true})
	masked := complaint(t, d)
	if !strings.Contains(masked, "脱敏") || strings.Contains(plain, "脱敏") {
		t.Error("only the masked draft should say it is masked")
	}
	// Collectors are shown whole; third parties are not.
	for _, c := range d.Collectors {
		if !strings.Contains(masked, c.Number) {
			t.Errorf("masked draft lacks collector %s", c.Number)
		}
	}
	var shown int
	for num, n := range d.numbers {
		if !thirdParty(n.Category) {
			continue
		}
		for _, form := range []string{num, strings.TrimPrefix(num, "+86")} {
			if strings.Contains(plain, form) {
				shown++
				if strings.Contains(masked, form) {
					t.Errorf("masked draft shows third party %s", form)
				}
			}
		}
	}
	if shown == 0 {
		t.Error("the plain draft shows no third party's number: the test tests nothing")
	}
}

// hostileBody is a collector's message written to break out of a
// Markdown document and an HTML page rendered from it.
const hostileBody = "老赖</details><script>alert(1)</script> [link](http://x.cn) | table | `code` \u202E反转\u200B \x07bell\nwww.evil.cn *bold* _it_ ~~del~~ $x$ &amp; \\"

func TestComplaintHostileText(t *testing.T) {
	b := newComplaintCase(t)
	collector, other := "17012345678", "16512345678"
	b.text("owner", collector, "2026-01-21", "08:30", hostileBody)
	for i := range 10 {
		d := complaintDay("2026-01-21", i)
		b.call("owner", collector, d, "09:05", leaktrail.StatusMissed)
		b.text("owner", collector, d, "09:10", "你在速借宝的借款已逾期，今天必须还清，否则后果自负")
		b.call("owner", other, d, "15:00", leaktrail.StatusRejected)
		b.call("妈妈|<b>", other, d, "15:30", leaktrail.StatusMissed)
	}
	b.text("妈妈|<b>", collector, "2026-01-25", "12:00", "阿姨您好，你儿子欠钱不还 | <i>转告他</i>")
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := b.load(lang)
			got := complaint(t, d)
			hostile := quoteMessage(hostileBody, maxQuote).text
			wantQuote := `老赖&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt; \[link\](http\[:\]//x.cn) \| table \| \` + "`code\\`" +
				` 反转 bell ⏎ www\[.\]evil.cn \*bold\* \_it\_ \~\~del\~\~ \$x\$ &amp;amp; \\`
			if diff := cmp.Diff(wantQuote, hostile); diff != "" {
				t.Fatalf("quote (-want +got):\n%s", diff)
			}
			if !strings.Contains(got, hostile) {
				t.Errorf("the hostile message is not quoted:\n%s", got)
			}
			checkMarkdownSafe(t, got)
		})
	}
}

// link finds what a Markdown renderer would make a link of: an
// unescaped "](", a URL, a bare www. address.
var link = regexp.MustCompile(`(^|[^\\])\]\(|(?i)https?://|(?i)www\.`)

func TestComplaintQuietCase(t *testing.T) {
	// Ordinary life only: no collector, no onset, no loan.
	b := newComplaintCase(t)
	for i := range 20 {
		d := complaintDay("2026-01-01", i)
		b.text("owner", "13800138001", d, "19:30", "周末一起吃饭吗")
		b.call("owner", "13900139002", d, "20:00", leaktrail.StatusMissed)
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := b.load(lang)
			if len(d.Collectors) != 0 || d.Analysis.Onset != nil || d.Analysis.Leak != nil {
				t.Fatalf("not a quiet case: %d collectors, onset %v, leak %v", len(d.Collectors), d.Analysis.Onset, d.Analysis.Leak)
			}
			got := complaint(t, d)
			for _, w := range []string{"【请填写：平台（App）名称】", "【请填写：借款日期、平台和金额】", "没有识别出催收号码", "12378"} {
				if lang == "en" {
					w = map[string]string{
						"【请填写：平台（App）名称】":  "[TO FILL IN: the platform's (app's) name]",
						"【请填写：借款日期、平台和金额】": "[TO FILL IN: the date, platform and amount of the loan]",
						"没有识别出催收号码":        "show no collector number",
						"12378":            "12378",
					}[w]
				}
				if !strings.Contains(got, w) {
					t.Errorf("quiet draft lacks %q", w)
				}
			}
			checkMarkdownSafe(t, got)
		})
	}
}

// checkMarkdownSafe checks that nothing in a draft can be read as HTML,
// a link or a code span it did not mean, and that every table row has its
// columns.
func checkMarkdownSafe(t *testing.T, md string) {
	t.Helper()
	cols := 0
	for i, line := range strings.Split(md, "\n") {
		body := strings.TrimLeft(line, "> ")
		if strings.ContainsAny(body, "<>\u202E\u200B\x07") {
			t.Errorf("line %d holds markup or invisible characters: %q", i+1, line)
		}
		if link.MatchString(line) {
			t.Errorf("line %d holds a link: %q", i+1, line)
		}
		// Backticks come in pairs: the draft's own code spans.
		if n := strings.Count(line, "`") - strings.Count(line, "\\`"); n%2 != 0 {
			t.Errorf("line %d has an unpaired backtick: %q", i+1, line)
		}
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "|") {
			cols = 0
			continue
		}
		n := strings.Count(trimmed, "|") - strings.Count(trimmed, `\|`)
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("line %d has %d cells, its table %d: %q", i+1, n-1, cols-1, line)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, c := range []struct {
		name, in string
		max      int
		want     string
		removed  int
	}{
		{"plain", "你好，请还款。", 200, "你好，请还款。", 0},
		{"line breaks", "\n第一行\r\n\r\n第二行\u2028第三行\n", 200, "第一行 ⏎ 第二行 ⏎ 第三行", 0},
		{"bidi and zero width", "通\u200b讯\u200d录\u202e逆\u2066序\ufeff", 200, "通讯录逆序", 5},
		{"controls", "a\x00b\x1bc\x7fd\u0085e\tf", 200, "abcd ⏎ e f", 3},
		{"invalid UTF-8", "a\xffb", 200, "a\uFFFDb", 0},
		{"cut", "一二三四五六", 4, "一二三四…", 0},
		{"html", `<a href="x">&lt;</a>`, 200, `&lt;a href="x"&gt;&amp;lt;&lt;/a&gt;`, 0},
		{"links", "HTTPS://x.cn WWW.y.cn", 200, `HTTPS\[:\]//x.cn WWW\[.\]y.cn`, 0},
		{"markdown", "*a* _b_ [c](d) `e` |f| ~g~ $h$ \\i", 200, "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\|f\\| \\~g\\~ \\$h\\$ \\\\i", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := quoteMessage(c.in, c.max)
			if diff := cmp.Diff(quoted{text: c.want, removed: c.removed}, got, cmp.AllowUnexported(quoted{})); diff != "" {
				t.Errorf("quoteMessage(%q) (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

func TestExamplesSkipNearCopies(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"最后通牒：今天不处理，明天直接上门，到你单位和老家核实情况。", "通知：最后通牒：今天不处理，明天直接上门，到你单位和老家核实情况。", true},
		{"韩伟，你今天再不还款，我们就联系你的紧急联系人和通讯录好友。收到请回复", "韩伟，你今天再不还 款，我们就联系你的紧急联系人和通讯录好友！【青贷袋】", true},
		{"老赖！欠钱不还，全家跟着你丢人！", "真是个无赖，6540块钱都拖，你还要不要脸了？", false},
		{"还钱", "还钱吧", false},
	} {
		if got := nearCopy(sameText(c.a), sameText(c.b)); got != c.want {
			t.Errorf("nearCopy(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// complaintCase writes a small case into a real database, one source per
// phone, the way an importer would, and analyzes it.
type complaintCase struct {
	t      *testing.T
	phones []string
	events map[string][]leaktrail.Event
}

func newComplaintCase(t *testing.T) *complaintCase {
	return &complaintCase{t: t, events: map[string][]leaktrail.Event{}}
}

func complaintAt(day, clock string) int64 {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, loc)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func complaintDay(day string, n int) string {
	t, _ := time.Parse(time.DateOnly, day)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

func (b *complaintCase) add(ph string, e leaktrail.Event) {
	if _, ok := b.events[ph]; !ok {
		b.phones = append(b.phones, ph)
	}
	b.events[ph] = append(b.events[ph], e)
}

func (b *complaintCase) call(ph, num, day, clock string, st leaktrail.Status) {
	b.add(ph, leaktrail.Event{Kind: leaktrail.KindCall, Direction: leaktrail.DirIn, Status: st,
		At: complaintAt(day, clock), NumberRaw: num, DurationS: 0})
}

func (b *complaintCase) text(ph, num, day, clock, body string) {
	b.add(ph, leaktrail.Event{Kind: leaktrail.KindSMS, Direction: leaktrail.DirIn, Status: leaktrail.StatusReceived,
		At: complaintAt(day, clock), NumberRaw: num, DurationS: -1, Body: body})
}

// load writes, analyzes and loads the case.
func (b *complaintCase) load(lang string) *Data {
	t := b.t
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, ph := range b.phones {
		casetest.Write(t, db, casetest.File{Name: "calls|`" + ph + "`.xml", Phone: ph, Events: b.events[ph]})
	}
	casetest.Analyze(t, db)
	d, err := Load(ctx, db, Options{Lang: lang, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return d
}
