package report

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
)

//go:embed html/report.tmpl html/report.css
var htmlFiles embed.FS

// Bounds that keep the HTML usable on a phone for cases of 100k events. What
// is left out stays in the XLSX and CSV, which list everything.
const (
	htmlDayRows        = 200    // timeline rows shown per day
	htmlMinDayRows     = 50     // ... at least, when the timeline is cut down
	htmlMaxRows        = 20_000 // timeline rows in all, about 8 MB of HTML
	htmlPrintRows      = 3_000  // a longer timeline prints as its days' counts
	htmlTopRows        = 20     // numbers shown before the rest collapse
	htmlCollectorRows  = 300    // collector numbers described in full
	htmlFindingRows    = 200    // findings listed per rule
	htmlFindingLinks   = 30     // events linked per finding
	htmlRelayRows      = 100    // relay messages quoted in the third-party section
	htmlThirdPartyRows = 300    // collector numbers listed as seen on other phones
)

// WriteHTML writes the report as one self-contained HTML file: no scripts,
// fonts, images or links that load anything, so it opens offline and makes
// no request. The timeline is streamed from the case, a day at a time. The
// same Data gives the same bytes; d.Now is not shown. On error, what was
// written is incomplete.
func WriteHTML(ctx context.Context, w io.Writer, d *Data) error {
	tmpl, err := htmlTemplate(d.Lang)
	if err != nil {
		return err
	}
	v, err := newHTMLView(ctx, d)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := tmpl.ExecuteTemplate(bw, "top", v); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	tl := &htmlTimeline{v: v, w: bw, tmpl: tmpl}
	if err := d.Events(ctx, tl.add); err != nil {
		return fmt.Errorf("html timeline: %w", err)
	}
	if err := tl.flush(); err != nil {
		return fmt.Errorf("html timeline: %w", err)
	}
	if err := tmpl.ExecuteTemplate(bw, "bottom", v); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}

// htmlTemplate parses the embedded template with the words of lang.
func htmlTemplate(lang string) (*template.Template, error) {
	css, err := htmlFiles.ReadFile("html/report.css")
	if err != nil {
		return nil, err
	}
	tr := func(key string) (string, error) {
		w, ok := htmlWords[key]
		if !ok {
			return "", fmt.Errorf("no words for %q", key)
		}
		if lang == "en" {
			return w[1], nil
		}
		return w[0], nil
	}
	funcs := template.FuncMap{
		"t": tr,
		"tf": func(key string, args ...any) (string, error) {
			f, err := tr(key)
			if err != nil {
				return "", err
			}
			out := fmt.Sprintf(f, args...)
			if lang == "en" {
				out = htmlSingular.ReplaceAllString(out, "${1}1 $2")
			}
			return out, nil
		},
		"x":     htmlText,
		"n":     htmlDigits,
		"phone": func(p string) template.HTML { return htmlPhone(p, lang) },
		"css": func() template.CSS {
			return template.CSS(string(css) + htmlPageCSS(lang))
		},
	}
	return template.New("report").Funcs(funcs).ParseFS(htmlFiles, "html/report.tmpl")
}

// htmlf formats the words of key with args.
func htmlf(lang, key string, args ...any) string {
	out := fmt.Sprintf(htmlWord(key, lang), args...)
	if lang == "en" {
		out = htmlSingular.ReplaceAllString(out, "${1}1 $2")
	}
	return out
}

// htmlSingular finds an English plural after the count 1 ("1 records").
var htmlSingular = regexp.MustCompile(`(^|[^\d,.])1 ([a-z]+?)s\b`)

// htmlPageCSS is the CSS that has words: the printed pages' numbers (CSS page
// margin boxes) and the labels of the phone layout's cards.
func htmlPageCSS(lang string) string {
	title, page := htmlWords["title"][0], `"第 " counter(page) " 页，共 " counter(pages) " 页"`
	if lang == "en" {
		title, page = htmlWords["title"][1], `"Page " counter(page) " of " counter(pages)`
	}
	colon := `"："`
	if lang == "en" {
		colon = `": "`
	}
	return "\n@page{size:A4;margin:14mm 12mm 16mm 12mm;" +
		"@bottom-left{content:" + strconv.Quote(title) + ";font-size:8pt;color:#555}" +
		"@bottom-right{content:" + page + ";font-size:8pt;color:#555}}\n" +
		"@media (max-width:700px){.cards td[data-l]::before{content:attr(data-l) " + colon + "}}\n"
}

// htmlView is what the fixed sections of the template show.
type htmlView struct {
	Lang      string
	Mask      bool
	Owner     string
	Timezone  string
	From, To  string // the chart's first and last day
	Platforms []string
	Leak      *htmlLeak
	Onset     *htmlOnset
	Counts    classify.Counts

	Calls, Messages int // collection calls and messages to the owner's phone
	Numbers         int // collector numbers
	ThirdParty      ThirdParty
	OtherPhones     []string // phones other than the owner's that collectors reached

	Chart template.HTML

	// Collectors are the first collector numbers, CollectorsRest the
	// others shown (collapsed), CollectorsMore how many are left out.
	Collectors     []htmlCollector
	CollectorsRest []htmlCollector
	CollectorsMore int

	Violations []htmlViolation
	Violated   int // distinct events behind the possible violations

	TPNumbers     []htmlCollector
	TPNumbersRest []htmlCollector
	TPNumbersMore int
	Relays        []htmlRow
	RelaysMore    int

	Events    int  // timeline events
	Days      int  // days with timeline events
	Rows      int  // timeline rows shown
	DayRows   int  // rows shown per day at most
	Capped    int  // days with more events than DayRows
	PrintDays bool // the timeline is too long to print: print the days' counts
	Sources   []htmlSource
	Evidence  int64 // events imported from all sources

	d    *Data
	refs map[int64]*htmlEventRef // events the findings link to
}

type htmlLeak struct {
	Date, Platform, Evidence string
	Events                   []htmlRef
}

type htmlOnset struct {
	Date, Evidence string
	First          htmlRef
}

// htmlRef is an event an analysis fact points at.
type htmlRef struct {
	ID                    int64
	Time, Phone, Number   string
	What, Source, Locator string
	Linked                bool
	Rule                  string
}

type htmlCollector struct {
	Number, Name    string
	Score           string
	First, Last     string
	Calls, Messages int
	Elsewhere       int // incoming calls and messages on other phones
	Phones          []string
	Reasons         []string
}

type htmlViolation struct {
	ID, Title, Source string
	Count             int
	Days              int
	First, Last       string
	Findings          []htmlFinding
	More              int // findings not listed
	Total             int // findings in all
}

type htmlFinding struct {
	Day, Number, Phone string
	Count              int
	First, Last        string
	Links              []htmlLink
	More               int
}

type htmlLink struct {
	ID     int64
	Clock  string
	Anchor string // "e123" or "d2026-01-07" when the row is not shown
}

// htmlEventRef is what the first pass over the timeline learns about an event
// a finding links to.
type htmlEventRef struct {
	at         time.Time
	clock, day string
	rank       int // in its day's rows, from 1; 0 when not in the timeline
	shown      bool
}

type htmlSource struct {
	N int
	Source
	FormatName string
	Locators   []string
}

type htmlRow struct {
	ID         int64
	Clock, Day string
	Phone      string
	Number     string
	Name       string
	What       string
	Call       bool
	Duration   string
	Body       string
	Night      bool
	Labels     []htmlLabel
	Why        string
	Witnesses  []htmlLabel
	Source     string
	Locator    string
	// Anchor says the row is the event's timeline row (id="e<ID>");
	// Linked that the timeline shows it.
	Anchor, Linked bool
}

type htmlLabel struct{ Class, Text string }

type htmlDay struct {
	Date, Weekday string
	Count         int
	Calls, Texts  int
	Night         int
	Rows          []htmlRow
	More          int
}

func newHTMLView(ctx context.Context, d *Data) (*htmlView, error) {
	a := d.Analysis
	v := &htmlView{
		Lang: d.Lang, Mask: d.Mask, Owner: a.Owner, Timezone: a.Timezone,
		Platforms: a.Platforms, Counts: a.Counts, Numbers: len(d.Collectors),
		ThirdParty: d.ThirdParty, d: d, refs: map[int64]*htmlEventRef{},
	}
	for _, p := range d.ThirdParty.Phones {
		if p != a.Owner {
			v.OtherPhones = append(v.OtherPhones, p)
		}
	}
	if len(d.Days) > 0 {
		v.From, v.To = d.Days[0].Date, d.Days[len(d.Days)-1].Date
	}
	for _, day := range d.Days {
		v.Calls += day.Calls
		v.Messages += day.Messages
	}
	v.Chart = htmlChart(d.Days, d.Lang)

	// Collectors, most active first among equal scores.
	cs := slices.Clone(d.Collectors)
	slices.SortStableFunc(cs, func(x, y classify.Number) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		if c := (y.Calls + y.Messages) - (x.Calls + x.Messages); c != 0 {
			return c
		}
		return strings.Compare(x.Number, y.Number)
	})
	for i, n := range cs[:min(len(cs), htmlCollectorRows)] {
		if i < htmlTopRows {
			v.Collectors = append(v.Collectors, v.collector(n))
		} else {
			v.CollectorsRest = append(v.CollectorsRest, v.collector(n))
		}
	}
	v.CollectorsMore = max(0, len(cs)-htmlCollectorRows)
	// Collector numbers on other phones, those that reached them most first.
	slices.SortStableFunc(cs, func(x, y classify.Number) int { return y.Features.ThirdParty - x.Features.ThirdParty })
	for _, n := range cs {
		if !slices.ContainsFunc(n.Phones, func(p string) bool { return p != a.Owner }) {
			continue
		}
		switch k := len(v.TPNumbers) + len(v.TPNumbersRest); {
		case k == htmlThirdPartyRows:
			v.TPNumbersMore++
		case k < htmlTopRows:
			v.TPNumbers = append(v.TPNumbers, v.collector(n))
		default:
			v.TPNumbersRest = append(v.TPNumbersRest, v.collector(n))
		}
	}

	// Violations: the findings shown and the events they link to.
	violated := map[int64]bool{}
	for _, r := range a.Violations {
		vv := htmlViolation{ID: r.Rule, Title: r.Title, Source: r.Source, Count: r.Count,
			First: v.stamp(r.First), Last: v.stamp(r.Last)}
		days := map[string]bool{}
		for i, f := range r.Findings {
			days[f.Day] = true
			for _, id := range f.Events {
				violated[id] = true
			}
			if i >= htmlFindingRows {
				vv.More++
				continue
			}
			fv := htmlFinding{Day: f.Day, Number: f.Number, Phone: f.Phone, Count: f.Count,
				First: htmlClock(f.First), Last: htmlClock(f.Last)}
			for _, id := range f.Events {
				fv.Links = append(fv.Links, htmlLink{ID: id})
				v.refs[id] = &htmlEventRef{}
			}
			vv.Findings = append(vv.Findings, fv)
		}
		vv.Days, vv.Total = len(days), len(r.Findings)
		v.Violations = append(v.Violations, vv)
	}
	v.Violated = len(violated)
	if l := a.Leak; l != nil {
		v.Leak = &htmlLeak{Date: l.Date, Platform: l.Platform, Evidence: l.Evidence}
		for _, e := range l.Events {
			v.Leak.Events = append(v.Leak.Events, v.ref(e))
		}
	}
	if o := a.Onset; o != nil {
		v.Onset = &htmlOnset{Date: o.Date, Evidence: o.Evidence, First: v.ref(o.FirstEvent)}
	}

	if err := v.scan(ctx); err != nil {
		return nil, fmt.Errorf("html timeline: %w", err)
	}
	for i := range v.Violations {
		for j := range v.Violations[i].Findings {
			f := &v.Violations[i].Findings[j]
			// The first events in time, linked to their rows.
			slices.SortStableFunc(f.Links, func(x, y htmlLink) int {
				return v.refs[x.ID].at.Compare(v.refs[y.ID].at)
			})
			if len(f.Links) > htmlFindingLinks {
				f.More, f.Links = len(f.Links)-htmlFindingLinks, f.Links[:htmlFindingLinks]
			}
			for k := range f.Links {
				l := &f.Links[k]
				r := v.refs[l.ID]
				switch {
				case r.shown:
					l.Clock, l.Anchor = r.clock, "e"+strconv.FormatInt(l.ID, 10)
				case r.day != "":
					l.Clock, l.Anchor = r.clock, "d"+r.day
				default:
					l.Clock = "#" + strconv.FormatInt(l.ID, 10)
				}
			}
		}
	}
	if v.Onset != nil {
		v.Onset.First.Linked = v.refs[v.Onset.First.ID].shown
	}
	if v.Leak != nil {
		for i := range v.Leak.Events {
			v.Leak.Events[i].Linked = v.refs[v.Leak.Events[i].ID].shown
		}
	}

	for i, s := range d.Sources {
		sv := htmlSource{N: i + 1, Source: s, FormatName: htmlFormatName(s.Format, d.Lang)}
		for _, r := range s.Rejects {
			sv.Locators = append(sv.Locators, htmlLocator(r.Locator.String(), d.Lang))
		}
		v.Sources = append(v.Sources, sv)
		v.Evidence += s.Inserted
	}
	return v, nil
}

func (v *htmlView) ref(e classify.EventRef) htmlRef {
	v.refs[e.ID] = &htmlEventRef{}
	return htmlRef{ID: e.ID, Time: v.stamp(e.Time), Phone: e.Phone, Number: e.Number,
		What: htmlEventWord(e.Kind, e.Direction, "", v.Lang), Source: e.Source,
		Locator: htmlLocator(e.Locator, v.Lang), Rule: htmlLoanRule(e.Rule, v.Lang)}
}

func (v *htmlView) collector(n classify.Number) htmlCollector {
	return htmlCollector{Number: n.Number, Name: n.ContactName, Score: strconv.FormatFloat(n.Score, 'f', 2, 64),
		First: v.stamp(n.FirstSeen), Last: v.stamp(n.LastSeen), Calls: n.Calls, Messages: n.Messages,
		Elsewhere: n.Features.ThirdParty, Phones: n.Phones, Reasons: n.Reasons}
}

// stamp shows an RFC 3339 time of the case as "2026-01-07 03:04".
func (v *htmlView) stamp(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Format("2006-01-02 15:04")
}

func htmlClock(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.Format("15:04")
}

// scan is the first pass over the timeline: it counts the events of each
// day, sets how many rows a day shows, finds the times of the events the
// findings link to, and keeps the first relay messages.
func (v *htmlView) scan(ctx context.Context) error {
	day, rank := "", 0
	var counts []int // events per day
	relayRanks := []int{}
	err := v.d.Events(ctx, func(e Event) error {
		date := e.Time.Format(time.DateOnly)
		if date != day {
			day, rank = date, 0
			counts = append(counts, 0)
		}
		rank++
		counts[len(counts)-1]++
		if r := v.refs[e.ID]; r != nil {
			r.at, r.clock, r.day, r.rank = e.Time, e.Time.Format("15:04:05"), date, rank
		}
		if e.Why == "relay" {
			if len(v.Relays) < htmlRelayRows {
				v.Relays = append(v.Relays, v.row(e))
				relayRanks = append(relayRanks, rank)
			} else {
				v.RelaysMore++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.Days = len(counts)
	v.DayRows = htmlRowsPerDay(counts)
	for _, n := range counts {
		v.Events += n
		v.Rows += min(n, v.DayRows)
		if n > v.DayRows {
			v.Capped++
		}
	}
	v.PrintDays = v.Rows > htmlPrintRows
	for _, r := range v.refs {
		r.shown = r.rank > 0 && r.rank <= v.DayRows
	}
	for i := range v.Relays {
		v.Relays[i].Linked = relayRanks[i] <= v.DayRows
	}
	return nil
}

// htmlRowsPerDay is how many rows each day of the timeline shows: up to
// htmlDayRows, fewer (not under htmlMinDayRows) when the timeline would
// pass htmlMaxRows, so that the file stays of a size a phone opens.
func htmlRowsPerDay(counts []int) int {
	rows := func(limit int) int {
		total := 0
		for _, n := range counts {
			total += min(n, limit)
		}
		return total
	}
	limit := htmlDayRows
	for limit > htmlMinDayRows && rows(limit) > htmlMaxRows {
		limit -= 5
	}
	return max(limit, htmlMinDayRows)
}

// row is the view of one timeline event.
func (v *htmlView) row(e Event) htmlRow {
	lang := v.Lang
	r := htmlRow{
		ID: e.ID, Clock: e.Time.Format("15:04:05"), Day: e.Time.Format(time.DateOnly),
		Phone: e.Phone, Number: e.Number, Name: e.ContactName,
		What: htmlEventWord(e.Kind, e.Direction, e.Status, lang), Call: e.Kind == string(leaktrail.KindCall),
		Body: e.Body, Why: htmlWord("why."+e.Why, lang), Source: e.Source, Locator: htmlLocator(e.Locator, lang),
	}
	if r.Call {
		r.Duration = htmlDuration(e.DurationS, lang)
	}
	if h := e.Time.Hour(); (h >= 22 || h < 8) && e.Why == "collector" {
		r.Night = true
	}
	for _, l := range e.Labels {
		r.Labels = append(r.Labels, htmlLabel{Class: l, Text: htmlWord("label."+l, lang)})
	}
	for _, w := range e.Witnesses {
		r.Witnesses = append(r.Witnesses, htmlLabel{Class: w, Text: htmlWord("witness."+w, lang)})
	}
	return r
}

// htmlTimeline writes the timeline a day at a time, holding at most
// htmlDayRows rows.
type htmlTimeline struct {
	v    *htmlView
	w    io.Writer
	tmpl *template.Template
	day  *htmlDay
}

func (tl *htmlTimeline) add(e Event) error {
	date := e.Time.Format(time.DateOnly)
	if tl.day != nil && tl.day.Date != date {
		if err := tl.flush(); err != nil {
			return err
		}
	}
	if tl.day == nil {
		tl.day = &htmlDay{Date: date, Weekday: htmlWeekday(e.Time.Weekday(), tl.v.Lang), Rows: make([]htmlRow, 0, 16)}
	}
	d := tl.day
	d.Count++
	if e.Kind == string(leaktrail.KindCall) {
		d.Calls++
	} else {
		d.Texts++
	}
	if h := e.Time.Hour(); (h >= 22 || h < 8) && e.Why == "collector" {
		d.Night++
	}
	if len(d.Rows) < tl.v.DayRows {
		r := tl.v.row(e)
		r.Anchor, r.Linked = true, true
		d.Rows = append(d.Rows, r)
	} else {
		d.More++
	}
	return nil
}

func (tl *htmlTimeline) flush() error {
	if tl.day == nil {
		return nil
	}
	err := tl.tmpl.ExecuteTemplate(tl.w, "day", tl.day)
	tl.day = nil
	return err
}

// htmlText escapes untrusted text for HTML and makes invisible characters
// visible: bidi controls (U+202E ...), zero-width characters and control
// characters are shown as a marked code ("U+202E"), so that a message can
// neither reorder the page nor hide words from the reader.
func htmlText(s string) template.HTML {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' {
			plain = false
			break
		}
	}
	if plain {
		return template.HTML(s)
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 16)
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if htmlHiddenRune(r) {
			b.WriteString(template.HTMLEscapeString(s[start:i]))
			fmt.Fprintf(&b, `<span class="cc">U+%04X</span>`, r)
			start = i + n
		}
		i += n
	}
	b.WriteString(template.HTMLEscapeString(s[start:]))
	return template.HTML(b.String())
}

// htmlHiddenRune reports whether r is invisible or reorders text: control
// and format characters, except the line breaks and tabs of a message, the
// zero-width joiner of emoji sequences and the tags of flag emoji.
func htmlHiddenRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return false
	case r == '\u200d' || (r >= 0xE0020 && r <= 0xE007F):
		return false
	}
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// htmlDigits writes an integer with thousands separators: 23,380.
func htmlDigits(n any) string {
	var x int64
	switch n := n.(type) {
	case int:
		x = int64(n)
	case int64:
		x = n
	default:
		return fmt.Sprint(n)
	}
	s := strconv.FormatInt(x, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// htmlPhone shows the name a phone was imported under; the default name
// of the owner's phone is translated.
func htmlPhone(p, lang string) template.HTML {
	if p == leaktrail.DefaultPhone {
		return template.HTML(htmlWord("phone.owner", lang))
	}
	return htmlText(p)
}

func htmlWord(key, lang string) string {
	w, ok := htmlWords[key]
	if !ok {
		// A label or witness this version does not know: show its name.
		_, name, _ := strings.Cut(key, ".")
		return name
	}
	if lang == "en" {
		return w[1]
	}
	return w[0]
}

func htmlWeekday(d time.Weekday, lang string) string {
	if lang == "en" {
		return d.String()[:3]
	}
	return "周" + string([]rune("日一二三四五六")[d])
}

// htmlEventWord says what an event was: 未接来电, "text sent (failed)".
func htmlEventWord(kind, dir, status, lang string) string {
	base := htmlWord("what."+kind+"."+dir, lang)
	if _, ok := htmlWords["what."+kind+"."+dir]; !ok {
		base = htmlWord("what."+kind, lang)
	}
	if s, ok := htmlWords["status."+kind+"."+dir+"."+status]; ok {
		if lang == "en" {
			return s[1]
		}
		return s[0]
	}
	return base
}

func htmlDuration(s int64, lang string) string {
	if s < 0 {
		return htmlWord("duration.unknown", lang)
	}
	h, m, sec := s/3600, s%3600/60, s%60
	if lang == "en" {
		switch {
		case h > 0:
			return fmt.Sprintf("%d h %d min %d s", h, m, sec)
		case m > 0:
			return fmt.Sprintf("%d min %d s", m, sec)
		}
		return fmt.Sprintf("%d s", sec)
	}
	switch {
	case h > 0:
		return fmt.Sprintf("%d小时%d分%d秒", h, m, sec)
	case m > 0:
		return fmt.Sprintf("%d分%d秒", m, sec)
	}
	return fmt.Sprintf("%d秒", sec)
}

// htmlLocator translates a locator's words ("line 12 byte 3456") for the
// Chinese report; the values are kept as stored.
func htmlLocator(loc, lang string) string {
	if lang == "en" || loc == "" {
		return loc
	}
	keys := map[string]string{"sheet": "工作表", "row": "第%s行", "line": "第%s行", "byte": "字节%s", "column": "第%s列"}
	f := strings.Split(loc, " ")
	var out []string
	for i := 0; i < len(f); {
		k, ok := keys[f[i]]
		if !ok || i+1 >= len(f) {
			return loc
		}
		j := i + 1
		for j+1 < len(f) && f[i] == "sheet" {
			if _, next := keys[f[j+1]]; next && f[j+1] != "sheet" {
				break
			}
			j++
		}
		val := strings.Join(f[i+1:j+1], " ")
		if strings.Contains(k, "%s") {
			out = append(out, fmt.Sprintf(k, val))
		} else {
			out = append(out, k+" "+val)
		}
		i = j + 1
	}
	return strings.Join(out, "，")
}

func htmlLoanRule(rule, lang string) string {
	if rule == "" {
		return ""
	}
	return htmlWord("rule."+rule, lang)
}

func htmlFormatName(f, lang string) string {
	if _, ok := htmlWords["format."+f]; !ok {
		return f
	}
	return htmlWord("format."+f, lang)
}

// htmlChart draws the daily series as stacked bars in inline SVG. The x
// axis is in percent of the width, so the bars stretch to any screen
// while the text keeps its size.
func htmlChart(days []Day, lang string) template.HTML {
	if len(days) == 0 {
		return ""
	}
	const (
		height = 250
		top    = 40  // room for the marker labels
		bottom = 214 // the x axis
	)
	maxY := 1
	for _, d := range days {
		maxY = max(maxY, d.Calls+d.Messages+d.ThirdParty)
	}
	step := htmlNiceStep(maxY)
	yMax := int(math.Ceil(float64(maxY)/float64(step))) * step
	scale := float64(bottom-top) / float64(yMax)
	pct := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) + "%" }
	esc := template.HTMLEscapeString
	n := float64(len(days))
	slot := 100 / n
	gap := slot * 0.15
	if len(days) > 150 {
		gap = 0
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" width="100%%" height="%d" role="img" aria-labelledby="chart-title"><title id="chart-title">%s</title>`,
		height, esc(htmlWord("chart.title", lang)))
	for y := step; y <= yMax; y += step {
		py := float64(bottom) - float64(y)*scale
		fmt.Fprintf(&b, `<line class="grid" x1="0" x2="100%%" y1="%.1f" y2="%.1f"/>`, py, py)
	}
	for i, d := range days {
		total := d.Calls + d.Messages + d.ThirdParty
		if total == 0 {
			continue
		}
		x := float64(i)*slot + gap/2
		fmt.Fprintf(&b, `<a href="#d%s"><g><title>%s</title>`, d.Date, esc(htmlf(lang, "chart.bar", d.Date, d.Calls, d.Messages, d.ThirdParty)))
		y := float64(bottom)
		for _, part := range []struct {
			class string
			n     int
		}{{"c", d.Calls}, {"m", d.Messages}, {"t", d.ThirdParty}} {
			if part.n == 0 {
				continue
			}
			h := float64(part.n) * scale
			y -= h
			fmt.Fprintf(&b, `<rect class="%s" x="%s" width="%s" y="%.1f" height="%.1f"/>`, part.class, pct(x), pct(slot-gap), y, h)
		}
		b.WriteString(`</g></a>`)
	}
	fmt.Fprintf(&b, `<line class="axis" x1="0" x2="100%%" y1="%d" y2="%d"/>`, bottom, bottom)
	for y := step; y <= yMax; y += step {
		fmt.Fprintf(&b, `<text class="yl" x="2" y="%.1f">%d</text>`, float64(bottom)-float64(y)*scale-3, y)
	}

	// Date labels: about six, at whole steps of days or at month starts.
	for _, t := range htmlDateTicks(days) {
		x := (float64(t.i) + 0.5) * slot
		anchor := "middle"
		switch {
		case x < 6:
			anchor, x = "start", float64(t.i)*slot
		case x > 94:
			anchor, x = "end", float64(t.i+1)*slot
		}
		fmt.Fprintf(&b, `<line class="tick" x1="%s" x2="%s" y1="%d" y2="%d"/><text class="xl" x="%s" y="%d" text-anchor="%s">%s</text>`,
			pct((float64(t.i)+0.5)*slot), pct((float64(t.i)+0.5)*slot), bottom, bottom+4, pct(x), bottom+18, anchor, esc(t.label))
	}
	// The leak and the onset: a dashed line and a label each, on rows of
	// their own so that they never overlap.
	row := 0
	for i, d := range days {
		for _, m := range []struct {
			on    bool
			class string
			key   string
		}{{d.Leak, "leak", "chart.leak"}, {d.Onset, "onset", "chart.onset"}} {
			if !m.on {
				continue
			}
			x := (float64(i) + 0.5) * slot
			ly := 14 + 15*row
			row++
			anchor, dx := "start", 4
			if x > 55 {
				anchor, dx = "end", -4
			}
			fmt.Fprintf(&b, `<line class="%s" x1="%s" x2="%s" y1="%d" y2="%d"/><text class="ml %s" x="%s" dx="%d" y="%d" text-anchor="%s">%s</text>`,
				m.class, pct(x), pct(x), ly-10, bottom, m.class, pct(x), dx, ly, anchor,
				esc(fmt.Sprintf(htmlWord(m.key, lang), d.Date[5:])))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// htmlNiceStep is a step of 1, 2 or 5 times a power of ten that cuts 0..max
// into at most four intervals.
func htmlNiceStep(max int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * p; max <= 4*s {
				return s
			}
		}
	}
}

type htmlTick struct {
	i     int
	label string
}

// htmlDateTicks picks the days the x axis names: every 1, 2, 7, 14 days or at
// month starts for longer series, at most about seven.
func htmlDateTicks(days []Day) []htmlTick {
	var out []htmlTick
	if len(days) <= 120 {
		step := 1
		for _, s := range []int{1, 2, 3, 7, 14, 21} {
			step = s
			if len(days)/s <= 6 {
				break
			}
		}
		for i := 0; i < len(days); i += step {
			out = append(out, htmlTick{i, days[i].Date[5:]})
		}
		return out
	}
	months := 0
	for _, d := range days {
		if strings.HasSuffix(d.Date, "-01") {
			months++
		}
	}
	every := max(1, (months+5)/6)
	k := 0
	for i, d := range days {
		if strings.HasSuffix(d.Date, "-01") {
			if k%every == 0 {
				out = append(out, htmlTick{i, d.Date[:7]})
			}
			k++
		}
	}
	return out
}

// htmlWords are the report's fixed words: Chinese, then English.
var htmlWords = map[string][2]string{
	"title":    {"催收骚扰证据报告", "Debt-collection harassment: evidence report"},
	"lang":     {"zh-CN", "en"},
	"subtitle": {"根据手机导出的通话和短信记录整理，每一条都可以在原始文件中核对。", "Compiled from the calls and messages exported from the phones; every entry can be checked in the original files."},
	"masked":   {"共享版：第三方（亲友、陌生人）的号码和姓名已部分隐去。", "Shareable copy: the numbers and names of third parties (family, friends, strangers) are partly hidden."},
	"timezone": {"所有时间为 %s 时区的当地时间。", " All times are local times in the %s time zone."},
	"toc":      {"目录", "Contents"},
	"sep":      {"、", ", "},
	"paren":    {"（%s）", " (%s)"},
	"colon":    {"：", ": "},

	"sec.summary":    {"摘要", "Summary"},
	"sec.chart":      {"每日催收次数", "Collection contacts per day"},
	"sec.collectors": {"催收号码", "Collector numbers"},
	"sec.platforms":  {"涉及的借款平台", "Lending platforms"},
	"sec.violations": {"可能违反的规定", "Possible rule violations"},
	"sec.thirdparty": {"第三方证据：催收联系了亲友", "Third-party evidence: collectors reached other people"},
	"sec.timeline":   {"时间线", "Timeline"},
	"sec.manifest":   {"证据清单与核验方法", "Evidence manifest and how to verify it"},

	"sum.phone":      {"被催收人的手机", "The debtor's phone"},
	"sum.others":     {"其他手机（亲友）", "Other phones (family, friends)"},
	"sum.platforms":  {"催收短信点名的平台", "Platforms the collectors name"},
	"sum.leak":       {"借款日期（通讯录泄露）", "Loan date (contacts leaked)"},
	"sum.onset":      {"催收开始日期", "Collection began"},
	"sum.period":     {"统计期间", "Period"},
	"sum.none":       {"数据不足，无法确定", "not supported by the data"},
	"sum.noplatform": {"未找到", "none found"},
	"range":          {"%s 至 %s", "%s to %s"},

	"kpi.calls":      {"催收来电（次）", "collection calls"},
	"kpi.messages":   {"催收短信（条）", "collection messages"},
	"kpi.numbers":    {"催收号码（个）", "collector numbers"},
	"kpi.thirdparty": {"联系亲友手机（次）", "contacts on other phones"},
	"kpi.relays":     {"亲友转告（条）", "relayed by contacts"},
	"kpi.violations": {"可能违规的记录（条）", "records with a possible violation"},
	"kpi.note":       {"来电和短信为打到被催收人手机上的次数；同一记录在多个文件中只计一次。", "Calls and messages are those received on the debtor's phone; a record found in several files counts once."},
	"sum.counts":     {"案件共导入 %s 条记录（通话 %s，短信 %s，彩信 %s），拒收 %s 条。", "The case holds %s records (%s calls, %s SMS, %s MMS); %s were rejected."},
	"sum.viol":       {"可能违反的规定（是否违规由主管部门认定）：", "Possible rule violations (whether a rule was broken is for the authorities to decide):"},
	"sum.viol.item":  {"%s 次，%s 天", "%s events on %s days"},
	"sum.noviol":     {"未发现可能违反规定的情况。", "No possible rule violation found."},
	"sum.tp":         {"催收号码中有 %s 个还联系了其他手机，共 %s 次；另有 %s 条短信是亲友转告有人找他们催债。", "%s collector numbers also reached other phones, %s times in all; %s messages relay that someone contacted a family member or friend about the debt."},
	"sum.notp":       {"没有其他手机的记录显示催收联系了亲友。", "No record on another phone shows collectors reaching other people."},
	"leak.events":    {"相关借款短信", "Loan messages behind this date"},
	"onset.first":    {"当天第一次催收", "First collection contact that day"},

	"chart.title": {"每日催收来电、短信和对亲友的联系（柱形堆叠）", "Collection calls, messages and contacts of other people per day (stacked bars)"},
	"chart.bar":   {"%s：来电 %d，短信 %d，联系亲友 %d", "%s: %d calls, %d messages, %d contacts of other people"},
	"chart.leak":  {"借款 %s", "loan %s"},
	"chart.onset": {"催收开始 %s", "collection began %s"},
	"chart.calls": {"催收来电", "collection calls"},
	"chart.msgs":  {"催收短信", "collection messages"},
	"chart.tp":    {"联系亲友手机", "on other phones"},
	"chart.note":  {"点击柱形可跳到当天的时间线。", "Tap a bar to go to that day in the timeline."},
	"chart.empty": {"没有催收记录。", "No collection records."},

	"col.intro":    {"分析认定为催收的号码，按可信度（0–1）和联系次数排列；每个号码列出全部判断理由。", "Numbers the analysis finds are collectors, by confidence (0–1) and activity; every number with all its reasons."},
	"col.number":   {"号码", "Number"},
	"col.score":    {"可信度", "Confidence"},
	"col.first":    {"首次", "First"},
	"col.last":     {"最后", "Last"},
	"col.calls":    {"通话", "Calls"},
	"col.messages": {"短信", "Messages"},
	"col.phones":   {"手机", "Phones"},
	"col.reasons":  {"判断理由", "Reasons"},
	"col.more":     {"另有 %s 个催收号码未在此列出，完整列表见 XLSX 工作簿或 JSON。", "%s more collector numbers are not listed here; the XLSX workbook and the JSON list them all."},
	"col.rest":     {"其余 %s 个催收号码（点击展开）", "%s more collector numbers (tap to open)"},
	"col.none":     {"没有号码被认定为催收。", "No number was found to be a collector."},
	"plat.leak":    {"借款平台（%s 借款）", "loan taken %s"},
	"plat.intro":   {"催收短信以【平台名】署名的借款平台：", "The lending platforms the collection messages sign with 【name】:"},

	"viol.intro":    {"以下列出记录中可能违反催收规定的情况及其依据。本工具只核对记录是否超出规定中可计量的限制，是否构成违法违规由主管部门或法院认定。", "These are the records that may breach a collection rule, with the rule's basis. The tool only checks the records against the rules' measurable limits; whether a rule was broken is for the authorities or a court to decide."},
	"viol.possible": {"可能违反：", "Possible violation: "},
	"viol.source":   {"依据", "Basis"},
	"viol.count":    {"涉及记录", "Records"},
	"viol.countv":   {"%s 次，%s 天", "%s on %s days"},
	"viol.when":     {"时间", "When"},
	"viol.show":     {"查看 %s 处（日期、号码、次数和记录）", "Show %s findings (day, number, count and records)"},
	"viol.day":      {"日期", "Day"},
	"viol.number":   {"号码", "Number"},
	"viol.phone":    {"手机", "Phone"},
	"viol.n":        {"次数", "Count"},
	"viol.time":     {"时间", "Time"},
	"viol.events":   {"记录（点击跳到时间线）", "Records (tap to open in the timeline)"},
	"viol.linkmore": {"等，另有 %s 条", "and %s more"},
	"viol.more":     {"另有 %s 处未在此列出，见 XLSX 工作簿或 JSON。", "%s more findings are not listed here; see the XLSX workbook or the JSON."},
	"viol.debtor":   {"（被催收人）", "(the debtor)"},

	"tp.intro":     {"证明催收方使用了通讯录：催收号码出现在亲友的手机上，或亲友发来短信转告。", "Proof that the collectors used the contacts list: collector numbers on family members' or friends' phones, and messages relaying their contact."},
	"tp.phones":    {"被联系的其他手机", "Other phones reached"},
	"tp.numbers":   {"出现在其他手机上的催收号码", "Collector numbers seen on other phones"},
	"tp.relays":    {"亲友转告的短信", "Messages relaying a collector's contact"},
	"tp.elsewhere": {"在其他手机上（次）", "On other phones"},
	"tp.more":      {"另有 %s 条，见时间线和 XLSX 工作簿。", "%s more in the timeline and the XLSX workbook."},
	"tp.nmore":     {"另有 %s 个号码，见 XLSX 工作簿。", "%s more numbers in the XLSX workbook."},
	"tp.rest":      {"其余 %s 个号码（点击展开）", "%s more numbers (tap to open)"},
	"tp.none":      {"没有找到第三方证据：可导入亲友手机的通话和短信记录（import --phone 名称）。", "No third-party evidence found: import the calls and messages of a family member's phone (import --phone NAME)."},
	"tp.summary":   {"%s 个催收号码联系了这些手机 %s 次。", "%s collector numbers contacted these phones %s times."},
	"tp.norelay":   {"没有亲友转告的短信。", "No relayed messages."},

	"tl.intro":     {"全部证据记录按天排列，共 %s 条、%s 天。点击日期展开。每条记录注明来源文件和位置，可在原始文件中核对。", "Every evidence record by day: %s records on %s days. Tap a day to open it. Each record names its source file and position, to check it in the original file."},
	"tl.capped":    {"记录超过 %s 条的日子只显示前 %s 条，其余见 XLSX 工作簿或 CSV 时间线。", "Days with more than %s records show the first %s; the XLSX workbook and the CSV timeline have them all."},
	"tl.count":     {"%s 条", "%s records"},
	"tl.calls":     {"通话 %s", "%s calls"},
	"tl.texts":     {"短信 %s", "%s messages"},
	"tl.night":     {"夜间 %s", "%s at night"},
	"tl.printdays": {"时间线共 %s 行，太长不便打印：打印版只列出每天的记录数。请在浏览器中点开日期查看，或查看 XLSX 工作簿和 CSV 时间线。", "The timeline has %s rows, too many to print: the printed copy lists each day's count. Open the days in a browser, or see the XLSX workbook and the CSV timeline."},
	"tl.more":      {"当天另有 %s 条记录未在此显示，见 XLSX 工作簿或 CSV 时间线。", "%s more records of this day are not shown here; see the XLSX workbook or the CSV timeline."},
	"tl.time":      {"时间", "Time"},
	"tl.phone":     {"手机", "Phone"},
	"tl.number":    {"对方号码", "Number"},
	"tl.what":      {"类型", "Type"},
	"tl.content":   {"内容或时长", "Text or duration"},
	"tl.marks":     {"标记", "Marks"},
	"tl.source":    {"来源", "Source"},
	"tl.none":      {"没有证据记录。", "No evidence records."},
	"tl.nightw":    {"夜间", "night"},
	"tl.nonum":     {"（无号码）", "(no number)"},
	"tl.legend":    {"“手机记录”指手机自身的通话/短信记录，“运营商详单”指运营商的通话详单；两者都有的记录最可靠。", "\"Phone log\" is the phone's own call or message log, \"carrier bill\" the carrier's detail bill; records found in both are the strongest."},

	"man.intro":     {"报告依据以下原始文件。SHA-256 是文件的“指纹”：文件哪怕改动一个字节，指纹也会完全不同。", "The report rests on these original files. SHA-256 is a file's fingerprint: change one byte and it is entirely different."},
	"man.file":      {"文件", "File"},
	"man.format":    {"格式", "Format"},
	"man.phone":     {"手机", "Phone"},
	"man.size":      {"大小（字节）", "Size (bytes)"},
	"man.counts":    {"读取 / 导入 / 重复 / 拒收", "Read / inserted / duplicates / rejected"},
	"man.rejects":   {"拒收的记录（前 %s 条，共 %s 条）", "Rejected records (first %s of %s)"},
	"man.where":     {"位置", "Position"},
	"man.reason":    {"原因（导入程序的原文）", "Reason"},
	"man.excerpt":   {"原文摘录", "Excerpt"},
	"man.verify":    {"如何核验", "How to verify"},
	"man.verify1":   {"在报告所在目录运行下面的命令，它会重新计算每个原始文件和报告文件的 SHA-256，并与 manifest.json 比对，指出任何改动：", "Run this command on the report's directory: it recomputes the SHA-256 of every source file and report file, compares them with manifest.json and names anything that changed:"},
	"man.verifycmd": {"leaktrail verify 报告目录", "leaktrail verify REPORT-DIR"},
	"man.verify2":   {"不用本工具也可以核对：Windows 上运行 certutil -hashfile 文件名 SHA256，macOS 上运行 shasum -a 256 文件名，Linux 上运行 sha256sum 文件名，结果应与上表一致。", "Without this tool: run certutil -hashfile FILE SHA256 on Windows, shasum -a 256 FILE on macOS or sha256sum FILE on Linux; the result must match the table."},
	"man.none":      {"没有导入任何文件。", "No file was imported."},
	"foot":          {"本报告由 leaktrail 根据导入的文件自动生成。“可能违反”不是法律结论。", "Generated by leaktrail from the imported files. \"Possible violation\" is not a legal finding."},

	"phone.owner": {"机主", "owner"},

	"what.call":                {"通话", "call"},
	"what.call.in":             {"来电", "incoming call"},
	"what.call.out":            {"去电", "outgoing call"},
	"what.sms":                 {"短信", "text"},
	"what.sms.in":              {"收到短信", "text received"},
	"what.sms.out":             {"发出短信", "text sent"},
	"what.mms":                 {"彩信", "MMS"},
	"what.mms.in":              {"收到彩信", "MMS received"},
	"what.mms.out":             {"发出彩信", "MMS sent"},
	"status.call.in.answered":  {"来电（已接）", "incoming call (answered)"},
	"status.call.in.missed":    {"未接来电", "missed call"},
	"status.call.in.rejected":  {"来电（拒接）", "incoming call (rejected)"},
	"status.call.in.blocked":   {"来电（被拦截）", "incoming call (blocked)"},
	"status.call.in.voicemail": {"来电（语音信箱）", "incoming call (voicemail)"},
	"status.call.out.answered": {"去电（接通）", "outgoing call (answered)"},
	"status.call.out.missed":   {"去电（未接通）", "outgoing call (not answered)"},
	"status.sms.out.failed":    {"发出短信（失败）", "text sent (failed)"},
	"status.sms.out.draft":     {"短信草稿", "text draft"},
	"status.sms.out.queued":    {"发出短信（待发）", "text sent (queued)"},
	"status.mms.out.failed":    {"发出彩信（失败）", "MMS sent (failed)"},
	"duration.unknown":         {"时长不明", "duration unknown"},

	"label.collection":        {"催收", "collection"},
	"label.threat":            {"威胁", "threat"},
	"label.contacts_exposure": {"扬言联系亲友", "contacts exposure"},
	"label.insult":            {"辱骂", "insult"},
	"label.impersonation":     {"冒充公检法", "impersonation"},
	"label.relay":             {"亲友转告", "relay"},
	"label.loan":              {"借款通知", "loan notice"},
	"label.spam":              {"广告", "advertising"},
	"label.fraud":             {"诈骗", "scam"},
	"label.service":           {"服务通知", "service notice"},
	"label.verification":      {"验证码", "verification code"},

	"why.collector": {"催收号码", "collector number"},
	"why.relay":     {"证明催收联系了亲友", "shows collectors reached a contact"},
	"why.loan":      {"确定借款日期", "dates the loan"},

	"witness.phone":   {"手机记录", "phone log"},
	"witness.carrier": {"运营商详单", "carrier bill"},

	"rule.loan.disbursed": {"放款", "loan paid out"},
	"rule.loan.approved":  {"借款审核通过", "loan approved"},
	"rule.loan.due":       {"到期提醒", "due reminder"},
	"rule.loan.overdue":   {"逾期通知", "overdue notice"},
	"rule.loan.repaid":    {"还款", "repayment"},

	"format.sbr-messages":         {"短信备份 XML（SMS Backup & Restore）", "SMS Backup & Restore messages (XML)"},
	"format.sbr-calls":            {"通话记录 XML（SMS Backup & Restore）", "SMS Backup & Restore call log (XML)"},
	"format.superbackup-messages": {"超级备份 短信", "Super Backup messages"},
	"format.superbackup-calls":    {"超级备份 通话记录", "Super Backup call log"},
	"format.vcard":                {"通讯录（vCard）", "contacts (vCard)"},
	"format.csv":                  {"CSV 表格", "CSV table"},
	"format.imazing-csv":          {"iMazing 导出（CSV）", "iMazing export (CSV)"},
	"format.xls":                  {"Excel 表格（XLS）", "Excel workbook (XLS)"},
	"format.xlsx":                 {"Excel 表格（XLSX）", "Excel workbook (XLSX)"},
}
