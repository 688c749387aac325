package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/internal/casetest"
	"github.com/leaktrail/leaktrail/internal/xlsxw"
	"github.com/leaktrail/leaktrail/sqlite"
)

func renderXLSX(t testing.TB, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(t.Context(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			d := testData(t, Options{Lang: lang})
			b := renderXLSX(t, d)
			golden(t, "xlsx/case."+lang+".golden.txt", []byte(dumpXLSX(t, b)))

			f := openXLSX(t, b)
			names := f.GetSheetList()
			want := []string{"概要", "时间线", "号码", "违规", "证据清单"}
			if lang == "en" {
				want = []string{"Summary", "Timeline", "Numbers", "Violations", "Sources"}
			}
			if !slices.Equal(names, want) {
				t.Errorf("sheets %q, want %q", names, want)
			}
			n := 0
			if err := d.Events(t.Context(), func(Event) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(names[1])
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != n+1 {
				t.Errorf("timeline has %d rows, want %d events and a header", len(rows), n)
			}
		})
	}
}

// TestXLSXDeterministic renders the same case twice, and again from a
// fresh load with another generation time, and wants the same bytes: no
// clock, no map order, no generation time in the workbook.
func TestXLSXDeterministic(t *testing.T) {
	a := renderXLSX(t, testData(t, Options{}))
	b := renderXLSX(t, testData(t, Options{}))
	c := renderXLSX(t, testData(t, Options{Now: testNow.Add(48 * time.Hour)}))
	if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
		t.Fatalf("two renders of the same case differ (%d, %d and %d bytes)", len(a), len(b), len(c))
	}
	d := testData(t, Options{})
	props, err := openXLSX(t, a).GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	for _, s := range d.Sources {
		last = max(last, s.ImportedAt)
	}
	want := time.UnixMilli(last).UTC().Format(time.RFC3339)
	if props.Created != want || props.Modified != want {
		t.Errorf("created %q, modified %q, want the latest import %q", props.Created, props.Modified, want)
	}
	for _, now := range []string{testNow.Format(time.RFC3339), testNow.Format("2006-01-02T15:04")} {
		if strings.Contains(xlsxText(t, a), now) || strings.Contains(props.Created, now) {
			t.Errorf("the workbook shows the generation time %s", now)
		}
	}
}

// TestXLSXDates checks that times are dates to Excel: number cells with a
// date format, holding the event's local wall-clock time.
func TestXLSXDates(t *testing.T) {
	d := testData(t, Options{})
	var first Event
	err := d.Events(t.Context(), func(e Event) error {
		if first.ID == 0 {
			first = e
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, renderXLSX(t, d))
	for _, c := range []struct{ sheet, cell, format, want string }{
		{"时间线", "A2", "yyyy-mm-dd hh:mm:ss", first.Time.Format(time.DateTime)},
		{"号码", "E2", "yyyy-mm-dd hh:mm:ss", strings.Replace(d.Analysis.Numbers[0].FirstSeen[:19], "T", " ", 1)},
		{"违规", "C2", "yyyy-mm-dd", d.Analysis.Violations[0].Findings[0].Day},
		{"概要", "B5", "yyyy-mm-dd", d.Analysis.Onset.Date},
	} {
		typ, err := f.GetCellType(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s has type %v, want a number", c.sheet, c.cell, typ)
		}
		raw, err := f.GetCellValue(c.sheet, c.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("%s!%s holds %q, not a serial date", c.sheet, c.cell, raw)
		}
		if got := xlsxCellFormat(t, f, c.sheet, c.cell); got != c.format {
			t.Errorf("%s!%s has format %q, want %q", c.sheet, c.cell, got, c.format)
		}
		shown, err := f.GetCellValue(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if shown != c.want {
			t.Errorf("%s!%s shows %q, want %q", c.sheet, c.cell, shown, c.want)
		}
	}
}

func TestXLSXMasked(t *testing.T) {
	plain := testData(t, Options{})
	number := relayNumber(t, plain)
	full := xlsxText(t, renderXLSX(t, plain))
	masked := xlsxText(t, renderXLSX(t, testData(t, Options{Mask: true})))
	if !strings.Contains(full, number) {
		t.Fatalf("the unmasked workbook does not show %s; pick another number", number)
	}
	for _, s := range []string{number, strings.TrimPrefix(number, "+86")} {
		if strings.Contains(masked, s) {
			t.Errorf("the masked workbook shows the third party's number %s", s)
		}
	}
	if m := MaskNumber(number); !strings.Contains(masked, m) {
		t.Errorf("the masked workbook does not show %s", m)
	}
}

// relayNumber is a third party's number that the timeline shows: the
// sender of a relay message.
func relayNumber(t *testing.T, d *Data) string {
	t.Helper()
	var number string
	err := d.Events(t.Context(), func(e Event) error {
		if number == "" && e.Why == "relay" && thirdParty(e.Category) && strings.HasPrefix(e.Number, "+86") {
			number = e.Number
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if number == "" {
		t.Fatal("no third party in the timeline")
	}
	return number
}

// tabularHostileBodies are message texts that would run, link or mislead if a
// renderer interpreted them.
var tabularHostileBodies = []string{
	`=HYPERLINK("http://x","点击查看")`,
	`+cmd|' /C calc'!A0`,
	`-2+3`,
	`@SUM(A1)`,
	"\t=1+1",
	"  =1+2",
	"\r=1+3",
	"＝1+4",
	`<script>alert("x")</script>`,
	"你的欠款\u202egnp.exe 今天必须还清",
	"_x0041_ 今天还钱",
	"\x07响铃\x1b[31m红字",
}

// xlsxExact is the text a workbook can hold of s: XML has no place for
// control characters other than tab and line breaks, and excelize writes
// U+FFFD for them.
func xlsxExact(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return '\uFFFD'
		}
		return r
	}, s)
}

// tabularHostileName is the collector's name in the owner's contacts.
const tabularHostileName = "=WEBSERVICE(\"http://x\")"

// tabularHostileCase is a small analyzed case: a collector calls and texts for
// ten days, and among its texts are tabularHostileBodies; a friend's number is in
// a rejected line of the export.
func tabularHostileCase(t *testing.T, opts Options) *Data {
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
	db.Now = func() time.Time { return time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC) }
	at := func(day int, clock string) int64 {
		tm, err := time.ParseInLocation("2006-01-02 15:04", fmt.Sprintf("2026-01-%02d %s", day, clock), loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	const collector, gateway, friend, sister = "17012345678", "1069012345678", "13800138001", "13900139002"
	in, out := leaktrail.DirIn, leaktrail.DirOut
	sms := func(num string, at int64, dir leaktrail.Direction, body, name string) leaktrail.Event {
		st := leaktrail.StatusReceived
		if dir == out {
			st = leaktrail.StatusSent
		}
		return leaktrail.Event{Kind: leaktrail.KindSMS, Direction: dir, Status: st, At: at, NumberRaw: num,
			DurationS: -1, Body: body, ContactName: name}
	}
	var evs []leaktrail.Event
	for i := range 9 {
		evs = append(evs, sms(friend, at(1+i, "19:30"), in, "周末一起吃饭吗", "小王"),
			sms(friend, at(1+i, "19:40"), out, "好啊，老地方见", "小王"))
	}
	evs = append(evs, sms(gateway, at(5, "10:00"), in, "【速借宝】您的借款3000元已放款至尾号1234的银行卡，还款日2026-01-19，请按时还款。", ""))
	for i := range 10 {
		evs = append(evs,
			leaktrail.Event{Kind: leaktrail.KindCall, Direction: in, Status: leaktrail.StatusMissed, At: at(21+i, "09:05"),
				NumberRaw: collector, DurationS: 0, ContactName: tabularHostileName},
			sms(collector, at(21+i, "09:10"), in, "你在速借宝的借款已逾期，今天必须还清，否则后果自负", tabularHostileName))
	}
	for i, body := range tabularHostileBodies {
		evs = append(evs, sms(collector, at(22, fmt.Sprintf("12:%02d", i)), in, body, tabularHostileName))
	}
	evs = append(evs, sms(sister, at(27, "12:00"), in, "刚才有个陌生号码打电话给我，说你借钱不还，让我转告你", "姐姐"))
	casetest.Write(t, db, casetest.File{Name: "messages.xml", Path: "/tmp/x/messages.xml", Size: 1234, Events: evs, FirstLine: 2,
		Rejects: []leaktrail.Reject{{Locator: leaktrail.Locator{Line: 999}, Reason: "bad date in " + friend, Excerpt: friend + ",=1+1"}}})
	casetest.Analyze(t, db)
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	d, err := Load(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Every hostile text must be in the timeline, or the tests prove
	// nothing.
	seen := map[string]bool{}
	if err := d.Events(ctx, func(e Event) error { seen[e.Body] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, b := range tabularHostileBodies {
		if !seen[b] {
			t.Fatalf("hostile text %q is not in the timeline", b)
		}
	}
	return d
}

// TestXLSXHostile reads the workbook back and finds every hostile text as
// exact text in a string cell, with no formula anywhere.
func TestXLSXHostile(t *testing.T) {
	d := tabularHostileCase(t, Options{})
	f := openXLSX(t, renderXLSX(t, d))
	texts := map[string]string{} // text -> cell
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" {
					t.Errorf("%s!%s has the formula %q", sheet, ref, formula)
				}
				v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := texts[v]; !ok {
					texts[v] = sheet + "!" + ref
				}
			}
		}
	}
	for _, want := range append(slices.Clone(tabularHostileBodies), tabularHostileName) {
		want = xlsxExact(want)
		ref, ok := texts[want]
		if !ok {
			t.Errorf("no cell holds exactly %q", want)
			continue
		}
		sheet, cell, _ := strings.Cut(ref, "!")
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s holding %q has type %v, want a string", ref, want, typ)
		}
	}
}

// TestXLSXOutOfRange wants values that a cell cannot hold as a number or
// a date shown as text, not an error that loses the workbook.
func TestXLSXOutOfRange(t *testing.T) {
	x := &xlsxWriter{lang: "en", wb: xlsxw.New(xlsxw.Properties{})}
	defer x.wb.Close()
	if err := x.styles(); err != nil {
		t.Fatal(err)
	}
	s, err := x.wb.NewSheet("Data")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := x.newTable(s, []xlsxColumn{{head: "Time"}, {head: "Day"}, {head: "Score"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	early, late := time.Date(1850, 3, 1, 12, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, row := range [][]xlsxValue{
		{xTime(early), xDay(early), xFloat(math.NaN())},
		{xTime(late), xDay(late), xFloat(math.Inf(1))},
	} {
		if err := tab.add(row); err != nil {
			t.Fatal(err)
		}
	}
	tab.finish()
	var b bytes.Buffer
	if _, err := x.wb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got, err := openXLSX(t, b.Bytes()).GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Time", "Day", "Score"},
		{"1850-03-01 12:00:00", "1850-03-01", "NaN"},
		{"10000-01-01 00:00:00", "10000-01-01", "+Inf"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// xlsxText is the text of every cell of a workbook, one row a line.
func xlsxText(t testing.TB, b []byte) string {
	t.Helper()
	f := openXLSX(t, b)
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	return out.String()
}

func openXLSX(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func xlsxCellFormat(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	if s.NumFmt != 0 {
		return "#" + strconv.Itoa(s.NumFmt)
	}
	return ""
}

// dumpXLSX renders a workbook as text for golden files: per sheet its
// frozen panes, autofilter and column widths; per column the cell types
// and styles it uses; then every row as the values Excel shows, separated
// by tabs (values with tabs, line breaks or quotes are quoted), after its
// height when that is not the default.
func dumpXLSX(t testing.TB, b []byte) string {
	t.Helper()
	f := openXLSX(t, b)
	var out strings.Builder
	filters := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" {
			filters[n.Scope] = n.RefersTo
		}
	}
	styles := map[int]string{}
	style := func(id int) string {
		if s, ok := styles[id]; ok {
			return s
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		if st.Font != nil && st.Font.Bold {
			parts = append(parts, "bold")
		}
		if st.Alignment != nil && st.Alignment.WrapText {
			parts = append(parts, "wrap")
		}
		if st.CustomNumFmt != nil {
			parts = append(parts, "fmt="+*st.CustomNumFmt)
		} else if st.NumFmt != 0 {
			parts = append(parts, "numfmt="+strconv.Itoa(st.NumFmt))
		}
		styles[id] = strings.Join(parts, ",")
		return styles[id]
	}
	typeNames := map[excelize.CellType]string{
		excelize.CellTypeUnset: "n", excelize.CellTypeNumber: "n", excelize.CellTypeSharedString: "s",
		excelize.CellTypeInlineString: "s", excelize.CellTypeFormula: "FORMULA", excelize.CellTypeBool: "b",
		excelize.CellTypeDate: "d", excelize.CellTypeError: "e",
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&out, "== sheet %s\n", sheet)
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&out, "panes: freeze=%v ysplit=%d top-left=%s\n", panes.Freeze, panes.YSplit, panes.TopLeftCell)
		fmt.Fprintf(&out, "autofilter: %s\n", filters[sheet])
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		kinds := make([]map[string]int, cols)
		var body strings.Builder
		for r, row := range rows {
			h, err := f.GetRowHeight(sheet, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if h != 15 {
				fmt.Fprintf(&body, "[height %g] ", h)
			}
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				id, err := f.GetCellStyle(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				formula, err := f.GetCellFormula(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				v, err := f.GetCellValue(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				k := typeNames[typ]
				if formula != "" {
					k = "FORMULA"
				}
				if s := style(id); s != "" {
					k += " " + s
				}
				if v == "" && formula == "" {
					k = "empty"
				}
				if kinds[c] == nil {
					kinds[c] = map[string]int{}
				}
				kinds[c][k]++
				if c > 0 {
					body.WriteByte('\t')
				}
				if strings.ContainsAny(v, "\t\n\r\"") {
					v = strconv.Quote(v)
				}
				body.WriteString(v)
			}
			body.WriteByte('\n')
		}
		for c := range cols {
			name, _ := excelize.ColumnNumberToName(c + 1)
			w, err := f.GetColWidth(sheet, name)
			if err != nil {
				t.Fatal(err)
			}
			ks := make([]string, 0, len(kinds[c]))
			for k, n := range kinds[c] {
				ks = append(ks, fmt.Sprintf("%d×%s", n, k))
			}
			slices.Sort(ks)
			fmt.Fprintf(&out, "column %s: width %g; %s\n", name, w, strings.Join(ks, "; "))
		}
		out.WriteString(body.String())
	}
	return out.String()
}

// BenchmarkXLSX writes the workbook of cases of 100k and 1M events
// (internal/synth's SBR messages and calls, as classify's benchmarks);
// rows/s counts timeline rows.
func BenchmarkXLSX(b *testing.B) {
	benchTimeline(b, WriteXLSX)
}

// benchTimeline runs write on synthetic cases of several sizes. Making a
// case (import and analysis) is set-up, outside the timer.
func benchTimeline(b *testing.B, write func(context.Context, io.Writer, *Data) error) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			d := benchCase(b, n)
			rows := 0
			if err := d.Events(b.Context(), func(Event) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
			var w countingWriter
			b.ReportAllocs()
			runtime.GC()
			base := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			metrics.Read(base)
			peak := heapPeak()
			for b.Loop() {
				w = 0
				if err := write(b.Context(), &w, d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(w), "bytes")
			b.ReportMetric(float64(base[0].Value.Uint64())/(1<<20), "live-MB-before")
			b.ReportMetric(float64(peak())/(1<<20), "live-MB-peak")
		})
	}
}

// heapPeak samples the live heap (as of the last collection) every few
// milliseconds until the function it returns is called, which returns the
// largest sample.
func heapPeak() func() uint64 {
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return peak
	}
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

func benchCase(b *testing.B, n int) *Data {
	b.Helper()
	ctx := b.Context()
	db := casetest.Streamed(b, n)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	l, err := classify.New()
	if err != nil {
		b.Fatal(err)
	}
	if err := classify.Analyze(ctx, db, l, classify.Options{Location: loc}); err != nil {
		b.Fatal(err)
	}
	d, err := Load(ctx, db, Options{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	return d
}
