package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leaktrail/leaktrail/classify"
)

func renderCSV(t testing.TB, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(t.Context(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readCSV reads a CSV timeline back, each row keyed by column name.
func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
}

func TestCSVGolden(t *testing.T) {
	b := renderCSV(t, testData(t, Options{}))
	golden(t, "csv/case.zh.golden.csv", b)
	if !bytes.Equal(b, renderCSV(t, testData(t, Options{Now: testNow.Add(time.Hour)}))) {
		t.Error("two renders of the same case differ")
	}
}

func TestCSVTimesketch(t *testing.T) {
	d := testData(t, Options{})
	b := renderCSV(t, d)
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Error("the CSV starts with a byte order mark")
	}
	head, _, _ := strings.Cut(string(b), "\n")
	want := "message,datetime,timestamp_desc,event_id,phone,kind,direction,status,number,contact_name,duration_s,body,labels,category,why,witnesses,source,locator"
	if head != want {
		t.Errorf("header\n%s\nwant\n%s", head, want)
	}
	rows := readCSV(t, b)
	n := 0
	if err := d.Events(t.Context(), func(Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rows) != n || n == 0 {
		t.Fatalf("%d rows for %d events", len(rows), n)
	}
	var prev time.Time
	for i, r := range rows {
		at, err := time.Parse(time.RFC3339, r["datetime"])
		if err != nil || !strings.HasSuffix(r["datetime"], "+08:00") {
			t.Fatalf("row %d: datetime %q is not ISO 8601 with the case's offset (%v)", i+1, r["datetime"], err)
		}
		if at.Before(prev) {
			t.Errorf("row %d: %s comes before the row above", i+1, r["datetime"])
		}
		prev = at
		if r["message"] == "" || strings.ContainsAny(r["message"], "\r\n") {
			t.Errorf("row %d: message %q is not one line", i+1, r["message"])
		}
		if td := r["timestamp_desc"]; td != "Call Time" && td != "Message Time" {
			t.Errorf("row %d: timestamp_desc %q", i+1, td)
		}
	}
	if strings.Contains(string(b), "2026-03-02") {
		t.Error("the CSV shows the generation day")
	}
}

func TestCSVMessage(t *testing.T) {
	d := &Data{Analysis: &classify.Analysis{Owner: "owner"}}
	for _, c := range []struct {
		lang string
		e    Event
		want string
	}{
		{"en", Event{Phone: "owner", Kind: "call", Direction: "in", Status: "missed", Number: "+8617012345678"},
			"call in from +8617012345678 (missed, 0 s)"},
		{"en", Event{Phone: "mother", Kind: "call", Direction: "out", Status: "answered", Number: "+8617012345678",
			ContactName: "催收", DurationS: 38}, "[mother] call out to +8617012345678 催收 (answered, 38 s)"},
		{"en", Event{Phone: "owner", Kind: "call", Number: "hidden", DurationS: -1}, "call with hidden"},
		{"en", Event{Phone: "owner", Kind: "sms", Direction: "in", Number: "+8617012345678", Body: "还钱\n\t今天\u202e!"},
			"sms in from +8617012345678: 还钱 今天<U+202E>!"},
		{"zh", Event{Phone: "owner", Kind: "call", Direction: "in", Status: "missed", Number: "+8617012345678"},
			"来电 +8617012345678（未接，0 秒）"},
		{"zh", Event{Phone: "owner", Kind: "sms", Direction: "out", Number: "+8617012345678", Body: "好的"},
			"短信 发往 +8617012345678：好的"},
	} {
		d.Lang = c.lang
		if got := csvMessage(d, c.e); got != c.want {
			t.Errorf("csvMessage(%s, %+v) = %q, want %q", c.lang, c.e, got, c.want)
		}
	}
}

func TestCSVMasked(t *testing.T) {
	number := relayNumber(t, testData(t, Options{}))
	full := string(renderCSV(t, testData(t, Options{})))
	masked := string(renderCSV(t, testData(t, Options{Mask: true})))
	if !strings.Contains(full, number) {
		t.Fatalf("the unmasked CSV does not show %s", number)
	}
	for _, s := range []string{number, strings.TrimPrefix(number, "+86")} {
		if strings.Contains(masked, s) {
			t.Errorf("the masked CSV shows the third party's number %s", s)
		}
	}
}

// TestCSVHostile wants every formula-like text cell quoted and the text
// otherwise exact.
func TestCSVHostile(t *testing.T) {
	d := tabularHostileCase(t, Options{})
	rows := readCSV(t, renderCSV(t, d))
	bodies := map[string]map[string]string{}
	for _, r := range rows {
		bodies[r["body"]] = r
		for _, col := range csvHeader {
			v := r[col]
			if formulaLike(v) && !plainNumber(v) {
				t.Errorf("event %s: %s %q could run as a formula", r["event_id"], col, v)
			}
		}
	}
	for _, body := range tabularHostileBodies {
		want := body
		if formulaLike(body) {
			want = "'" + body
		}
		r, ok := bodies[want]
		if !ok {
			t.Errorf("no row with the body %q", want)
			continue
		}
		if r["contact_name"] != "'"+tabularHostileName {
			t.Errorf("contact_name %q, want it quoted", r["contact_name"])
		}
		if r["number"] != "+8617012345678" {
			t.Errorf("number %q, want the E.164 number as it is", r["number"])
		}
		if strings.Contains(body, "\u202e") && !strings.Contains(r["message"], "<U+202E>") {
			t.Errorf("message %q hides the right-to-left override", r["message"])
		}
	}
	if !slices.ContainsFunc(rows, func(r map[string]string) bool { return r["body"] == "'-2+3" }) {
		t.Error("-2+3 is not quoted")
	}
}

func TestFormulaLike(t *testing.T) {
	for s, want := range map[string]bool{
		"=1+1": true, "+1": true, "-1": true, "@SUM(A1)": true, "\t1": true, "\r1": true, " =1": true,
		"\u3000=1": true, "\n+1": true, "＝1": true, "": false, "1+1": false, "'=1": false, "还钱": false,
		"a=b": false, " ": false,
	} {
		if got := formulaLike(s); got != want {
			t.Errorf("formulaLike(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]string{
		"+8613800138000": "+8613800138000", "+86138****8000": "'+86138****8000", "+": "'+",
		"=1": "'=1", "+1+1": "'+1+1", "95588": "95588",
	} {
		if got := csvText(s); got != want {
			t.Errorf("csvText(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkCSV writes the CSV timeline of the cases of BenchmarkXLSX.
func BenchmarkCSV(b *testing.B) {
	benchTimeline(b, WriteCSV)
}

func TestCellWidth(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		lines int // in a column 11 wide
	}{
		{"", 0, 1},
		{"abc", 3, 1},
		{"还钱", 4, 1},
		{"ＡＢ", 4, 1},
		{"one\nthree", 5, 2},
		{"你在速借宝的借款已逾期", 22, 3},
		{"a\n\nb", 1, 3},
	} {
		if got := cellWidth(c.s); got != c.width {
			t.Errorf("cellWidth(%q) = %d, want %d", c.s, got, c.width)
		}
		if got := wrappedLines(c.s, 11); got != c.lines {
			t.Errorf("wrappedLines(%q, 11) = %d, want %d", c.s, got, c.lines)
		}
	}
}

// TestCanceled wants every writer to stop with the context's error.
func TestCanceled(t *testing.T) {
	d := testData(t, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for name, write := range map[string]func(context.Context, io.Writer, *Data) error{
		"xlsx": WriteXLSX, "csv": WriteCSV, "json": WriteJSON,
	} {
		if err := write(ctx, io.Discard, d); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want %v", name, err, context.Canceled)
		}
	}
}
