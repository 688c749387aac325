package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/phone"
	"github.com/leaktrail/leaktrail/sqlite"
)

func renderHTML(t testing.TB, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(t.Context(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHTMLGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
	}{
		{"zh", Options{}},
		{"en", Options{Lang: "en"}},
		{"zh-mask", Options{Mask: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := renderHTML(t, testData(t, c.opts))
			golden(t, "html/"+c.name+".html", got)
			checkHTML(t, got)
		})
	}
}

// TestHTMLSections checks what a reader looks for in the shared case:
// the sections in order, the facts of the summary, and the Chinese report
// free of the English words of the code.
func TestHTMLSections(t *testing.T) {
	d := testData(t, Options{})
	s := string(renderHTML(t, d))
	last := -1
	for _, id := range []string{"summary", "chart", "collectors", "violations", "thirdparty", "timeline", "manifest"} {
		i := strings.Index(s, `<section id="`+id+`">`)
		if i < last {
			t.Errorf("section %s missing or out of order", id)
		}
		last = i
	}
	a := d.Analysis
	for _, want := range []string{
		a.Onset.Evidence, a.Leak.Evidence, "可能违反：", "leaktrail verify", d.Sources[0].SHA256,
		`<svg class="chart"`, "借款 " + a.Leak.Date[5:], "催收开始 " + a.Onset.Date[5:],
		`<details class="day" id="d` + a.Onset.Date + `">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, p := range a.Platforms {
		if !strings.Contains(s, p) {
			t.Errorf("report lacks platform %q", p)
		}
	}
	// Every finding's events link to their timeline rows.
	for _, v := range a.Violations {
		f := v.Findings[0]
		if !strings.Contains(s, `<a href="#e`+strconv.FormatInt(f.Events[0], 10)+`">`) || !strings.Contains(s, `<tr id="e`+strconv.FormatInt(f.Events[0], 10)+`">`) {
			t.Errorf("%s: finding of %s does not link to event %d", v.Rule, f.Day, f.Events[0])
		}
	}
	// Words of the code that must be translated in the Chinese report:
	// the text outside tags, less the case's own data, has none of them.
	text := htmlTag.ReplaceAllString(s[strings.Index(s, "<body>"):], " ")
	for _, w := range []string{" owner ", "line ", "byte ", " collector", "phone log", "carrier", "incoming", "received", "answered", "missed", "sms-", "relay", "threat", "collection"} {
		if strings.Contains(text, w) {
			i := strings.Index(text, w)
			t.Errorf("Chinese report shows %q: …%s…", w, text[max(0, i-60):min(len(text), i+60)])
		}
	}
}

// TestHTMLDeterministic renders twice, at two generation times: the same
// bytes, and the generation time nowhere.
func TestHTMLDeterministic(t *testing.T) {
	a := renderHTML(t, testData(t, Options{Now: time.Date(2031, 7, 9, 13, 14, 15, 0, time.UTC)}))
	b := renderHTML(t, testData(t, Options{Now: time.Date(2032, 8, 10, 1, 2, 3, 0, time.UTC)}))
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same case differ")
	}
	for _, s := range []string{"2031-07-09", "2032-08-10", "13:14:15", "01:02:03"} {
		if bytes.Contains(a, []byte(s)) {
			t.Errorf("the generation time (%s) appears in the report", s)
		}
	}
}

// TestHTMLOffline checks that the report loads nothing: no URL in any
// attribute or style, no element that fetches, and a Content-Security-Policy
// that forbids everything but inline styles.
func TestHTMLOffline(t *testing.T) {
	s := string(renderHTML(t, testData(t, Options{})))
	for _, bad := range []string{"http://", "https://", "//", "@import", "url(", "<script", "<link", "<img", "<iframe", "<object", "<embed", "srcset", "<base", "<form"} {
		if strings.Contains(s, bad) {
			i := strings.Index(s, bad)
			t.Errorf("report holds %q: …%s…", bad, s[max(0, i-60):min(len(s), i+60)])
		}
	}
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`
	if i := strings.Index(s, csp); i < 0 || i > strings.Index(s, "<style>") {
		t.Error("no Content-Security-Policy meta tag before the style")
	}
}

// htmlTag matches a start or end tag of the report's own markup: the
// escaping leaves no other "<" in it.
var htmlTag = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)

var htmlAttr = regexp.MustCompile(`([a-zA-Z-:]+)(?:="([^"]*)")?`)

// allowedTags are the elements the template writes.
var allowedTags = []string{"a", "b", "bdi", "body", "br", "dd", "details", "div", "dl", "dt", "figure", "footer", "g",
	"em", "h1", "h2", "h3", "head", "header", "html", "li", "line", "meta", "nav", "p", "pre", "rect", "section", "small", "span",
	"style", "summary", "svg", "table", "tbody", "td", "text", "th", "thead", "title", "tr", "ul"}

// checkHTML checks the markup of a report: only the template's elements,
// no event handler attributes, links only within the page, and no
// invisible character that reorders or hides text.
func checkHTML(t *testing.T, page []byte) {
	t.Helper()
	s := string(page)
	if !strings.HasPrefix(s, "<!DOCTYPE html>\n") {
		t.Error("no doctype")
	}
	for _, m := range htmlTag.FindAllStringSubmatch(s, -1) {
		tag := strings.ToLower(m[2])
		if !slices.Contains(allowedTags, tag) {
			t.Errorf("unexpected element <%s%s>", m[2], m[3])
			continue
		}
		for _, a := range htmlAttr.FindAllStringSubmatch(m[3], -1) {
			name := strings.ToLower(a[1])
			switch {
			case strings.HasPrefix(name, "on"), name == "src", name == "style", name == "xlink:href", name == "action":
				t.Errorf("attribute %s in <%s%s>", name, tag, m[3])
			case name == "href" && !strings.HasPrefix(a[2], "#"):
				t.Errorf("link out of the page: <%s%s>", tag, m[3])
			}
		}
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && htmlHiddenRune(r) {
			t.Errorf("report holds the invisible character %U", r)
			break
		}
	}
}

// hostileCase is a tiny case whose collector writes HTML, scripts, links,
// spreadsheet formulas, a right-to-left override and zero-width
// characters, reaching a phone with a hostile name, from a file with a
// hostile name that also has a rejected record.
func hostileCase(t *testing.T) *Data {
	t.Helper()
	ctx := t.Context()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "case.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	at := func(day, clock string) int64 {
		tm, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	const collector, gateway = "17012345678", "1069012345678"
	type ev = leaktrail.Event
	call := func(num, day, clock string) ev {
		return ev{Kind: leaktrail.KindCall, Direction: leaktrail.DirIn, Status: leaktrail.StatusMissed, At: at(day, clock), NumberRaw: num, DurationS: 0}
	}
	text := func(num, day, clock, body, name string) ev {
		return ev{Kind: leaktrail.KindSMS, Direction: leaktrail.DirIn, Status: leaktrail.StatusReceived, At: at(day, clock),
			NumberRaw: num, DurationS: -1, Body: body, ContactName: name}
	}
	owner := []ev{
		text(gateway, "2026-01-05", "10:00", "【速借宝】您的借款3000元已放款至尾号1234的银行卡，还款日2026-01-19，请按时还款。", ""),
		text(gateway, "2026-01-19", "09:00", "【速借宝】您的借款今日到期，应还3180元，请今日内完成还款。", ""),
	}
	for i := range 10 {
		d := time.Date(2026, 1, 21+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		owner = append(owner, call(collector, d, "09:05"), call(collector, d, "09:06"),
			text(collector, d, "09:10", "你在速借宝的借款已逾期，今天必须还清，否则后果自负 "+hostileBodies[i%len(hostileBodies)], hostileName))
	}
	other := []ev{call(collector, "2026-01-26", "10:00"), call(collector, "2026-01-27", "10:00")}
	for i, f := range []struct {
		phone, name string
		events      []ev
		reject      bool
	}{
		{leaktrail.DefaultPhone, "evil<script>alert(1)</script>\u202e.xml", owner, true},
		{hostilePhone, "mother.xml", other, false},
	} {
		file := casetest.File{Name: f.name, Phone: f.phone, Events: f.events}
		if f.reject {
			file.Rejects = []leaktrail.Reject{{Locator: leaktrail.Locator{Sheet: "<b>表</b>", Row: int64(i + 9)},
				Reason: `bad <img src=x onerror=alert(1)>`, Excerpt: "=HYPERLINK(\"http://evil.example\",\"点击\")\u202e\u200b"}}
		}
		casetest.Write(t, db, file)
	}
	casetest.Analyze(t, db)
	d, err := Load(ctx, db, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var hostileBodies = []string{
	`<script>alert("x")</script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="javascript:alert(1)">点我还款</a>`,
	`还款请点 https://evil.example/pay?a=1&b=2 或 //evil.example/x`,
	`=HYPERLINK("http://evil.example","点击") +cmd|' /C calc'!A0 @SUM(1)`,
	"正常文字\u202e反转的文字 \u2066隔离\u200b零宽\u200c\u200d\ufeff\u2060结束",
	`</td></tr></table></details><h1>假标题</h1><style>body{display:none}</style>`,
	strings.Repeat("长", 400) + strings.Repeat("x", 400),
	"\x01\x7f控制字符",
	`"onmouseover="alert(1)" ' <!-- -->`,
}

const (
	hostileName  = "<b>催收</b>\u202e别接\u200b"
	hostilePhone = `mom"><script>alert(1)</script>`
)

func TestHTMLHostile(t *testing.T) {
	d := hostileCase(t)
	if len(d.Collectors) == 0 {
		t.Fatal("the hostile collector was not found; the test shows nothing")
	}
	page := renderHTML(t, d)
	checkHTML(t, page)
	s := string(page)
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", // shown as text
		"&lt;img src=x onerror=alert(1)&gt;",
		"&lt;a href=&#34;javascript:alert(1)&#34;&gt;",
		"=HYPERLINK(&#34;http://evil.example&#34;",
		`正常文字<span class="cc">U+202E</span>反转的文字`,
		`<span class="cc">U+200B</span>零宽`,
		`<span class="cc">U+0001</span>`,
		"evil&lt;script&gt;",                       // the file's name
		"mom&#34;&gt;&lt;script&gt;",               // the phone's name
		"&lt;b&gt;催收&lt;/b&gt;",                    // the contact's name
		"工作表 &lt;b&gt;表&lt;/b&gt;",                 // the reject's position
		"&lt;/details&gt;&lt;h1&gt;假标题&lt;/h1&gt;", // no way out of the row
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The zero-width joiner stays: it joins emoji.
	if !strings.Contains(s, "零宽<span class=\"cc\">U+200C</span>\u200d") {
		t.Error("the zero-width joiner was not kept")
	}
	if strings.Contains(s, "<h1>假标题") || strings.Contains(s, "<style>body") {
		t.Error("a message's markup reached the page")
	}
	// Long unbroken text wraps.
	if !strings.Contains(s, "overflow-wrap:anywhere") {
		t.Error("no overflow-wrap for long unbroken strings")
	}
}

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain 文字", "plain 文字"},
		{"a<b>&'\"", "a&lt;b&gt;&amp;&#39;&#34;"},
		{"x\u202ey", `x<span class="cc">U+202E</span>y`},
		{"line\nbreak\ttab", "line\nbreak\ttab"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"👨\u200d👩", "👨\u200d👩"},
	} {
		if got := string(htmlText(c.in)); got != c.want {
			t.Errorf("htmlText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTMLLocator(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"line 12 byte 3456", "第12行，字节3456"},
		{"line 7", "第7行"},
		{"sheet 2026年03月 row 17", "工作表 2026年03月，第17行"},
		{"sheet my sheet row 3 column C", "工作表 my sheet，第3行，第C列"},
		{"weird", "weird"},
		{"", ""},
	} {
		if got := htmlLocator(c.in, "zh"); got != c.want {
			t.Errorf("htmlLocator(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTMLChart(t *testing.T) {
	days := []Day{{Date: "2026-01-01", Leak: true}, {Date: "2026-01-02", Calls: 3, Messages: 2, ThirdParty: 1, Onset: true}, {Date: "2026-01-03", Calls: 40}}
	svg := string(htmlChart(days, "zh"))
	for _, want := range []string{`<a href="#d2026-01-02">`, "借款 01-01", "催收开始 01-02", `class="c"`, `class="m"`, `class="t"`, ">01-03</text>", ">40</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if htmlChart(nil, "zh") != "" {
		t.Error("a chart of no days")
	}
}

func BenchmarkWriteHTML(b *testing.B) {
	d := testData(b, Options{})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteHTML(b.Context(), &buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkWriteHTML100k renders a case of 100,001 evidence events over
// six months (550 a day from 3,000 rotating collector numbers): the
// timeline is cut to fit (go test ./report -run '^$' -bench 100k).
func BenchmarkWriteHTML100k(b *testing.B) {
	ctx := b.Context()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "case.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(ctx, leaktrail.Source{Path: "big.xml", Name: "big.xml", SHA256: strings.Repeat("0", 64), Format: "test",
		Phone: leaktrail.DefaultPhone}, "Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	norm := phone.New("CN")
	line := int64(0)
	add := func(e leaktrail.Event) {
		line++
		n := norm.Normalize(e.NumberRaw)
		e.Number, e.NumberClass, e.Locator = n.Canonical, n.Class, leaktrail.Locator{Line: line}
		if err := im.Event(&e); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Date(2025, 7, 1, 8, 0, 0, 0, loc)
	add(leaktrail.Event{Kind: leaktrail.KindSMS, Direction: leaktrail.DirIn, Status: leaktrail.StatusReceived, DurationS: -1,
		At: start.AddDate(0, 0, -20).UnixMilli(), NumberRaw: "1069012345678", Body: "【速借宝】您的借款3000元已放款至尾号1234的银行卡，还款日2025-06-25，请按时还款。"})
	bodies := []string{"你在速借宝的借款已逾期，今天必须还清，否则后果自负", "老赖，借钱不还还有脸躲？再不还就通知你通讯录所有人",
		"我是武侯区人民法院的工作人员，你的借款纠纷已立案，请马上回电", "【速借宝】您的借款已逾期，请立即还款"}
	for i := range 100_000 {
		at := start.AddDate(0, 0, i/550).Add(time.Duration(i%550*150) * time.Second).UnixMilli()
		num := fmt.Sprintf("170%08d", i/7%3000)
		if i%3 == 0 {
			add(leaktrail.Event{Kind: leaktrail.KindCall, Direction: leaktrail.DirIn, Status: leaktrail.StatusMissed, At: at, NumberRaw: num})
		} else {
			add(leaktrail.Event{Kind: leaktrail.KindSMS, Direction: leaktrail.DirIn, Status: leaktrail.StatusReceived, DurationS: -1,
				At: at, NumberRaw: num, Body: fmt.Sprintf("%s #%d", bodies[i%4], i)})
		}
	}
	if _, err := im.Finish(); err != nil {
		b.Fatal(err)
	}
	l, err := classify.New()
	if err != nil {
		b.Fatal(err)
	}
	if err := classify.Analyze(ctx, db, l, classify.Options{Location: loc}); err != nil {
		b.Fatal(err)
	}
	d, err := Load(ctx, db, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteHTML(ctx, &buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportMetric(float64(buf.Len())/1e6, "MB")
}
