package ingest

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leaktrail/leaktrail"
)

func TestHeaderKey(t *testing.T) {
	tests := []struct {
		name, in string
		key      string
		unit     durUnit
	}{
		{"plain", "对方号码", "对方号码", unitNone},
		{"full-width brackets with unit", "通话时长（秒）", "通话时长", unitSeconds},
		{"ascii brackets with unit", "通话时长(秒)", "通话时长", unitSeconds},
		{"minutes", "时长(分钟)", "时长", unitMinutes},
		{"english unit", "Duration (seconds)", "duration", unitSeconds},
		{"currency dropped", "实收通信费(元)", "实收通信费", unitNone},
		{"black lenticular brackets", "通话费【元】", "通话费", unitNone},
		{"curly quotes", "是否“新通话”", "是否新通话", unitNone},
		{"ascii quotes", `是否"新通话"`, "是否新通话", unitNone},
		{"spaces and case", " Phone Number ", "phonenumber", unitNone},
		{"underscore", "phone_number", "phonenumber", unitNone},
		{"byte order mark", "\uFEFF号码", "号码", unitNone},
		{"full-width letters", "ＤＡＴＥ", "date", unitNone},
		{"ideographic space", "对方\u3000号码", "对方号码", unitNone},
		{"trailing colon", "号码：", "号码", unitNone},
		{"slash", "收/发", "收发", unitNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, unit := headerKey(tt.in)
			if diff := cmp.Diff(tt.key, key); diff != "" {
				t.Errorf("key (-want +got):\n%s", diff)
			}
			if unit != tt.unit {
				t.Errorf("unit = %v, want %v", unit, tt.unit)
			}
		})
	}
}

// TestAliases checks that the headers of every layout map to their column.
func TestAliases(t *testing.T) {
	tests := map[string]column{
		"起始时间": colTime, "通话起始时间": colTime, "通信时间": colTime, "开始时间": colTime,
		"呼叫时间": colTime, "时间": colTime, "通话时间": colTime, "日期": colDate, "通话日期": colDate,
		"对方号码": colNumber, "号码": colNumber, "对端号码": colNumber, "电话号码": colNumber,
		"通信方式": colDirection, "呼叫类型": colDirection, "类型": colDirection,
		"通话类型": colCallType, "通信类型": colCallType,
		"通信时长": colDuration, "通话时长": colDuration, "时长": colDuration, "通话时长（秒）": colDuration,
		"通信地点": colLocation, "通话地点": colLocation,
		"套餐优惠": colFee, "实收通信费(元)": colFee, "通话费": colFee, "其他费": colFee, "小计": colFee, "通信费(元)": colFee,
		"信息类型": colSMSType, "业务名称": colService, "内容": colBody, "短信内容": colBody,
		"联系人": colName, "姓名": colName, "序号": colIndex, "业务类型": colKind, "是否“新通话”": colIgnore,
		"Date": colDate, "Time": colTime, "DateTime": colTime, "Date Time": colTime, "Number": colNumber,
		"Phone": colNumber, "Phone Number": colNumber, "Type": colDirection, "Direction": colDirection,
		"Duration": colDuration, "Name": colName, "Contact": colName, "Body": colBody, "Text": colBody,
		"Message": colBody, "Call type": colDirection, "Service": colService, "Location": colLocation,
	}
	for header, want := range tests {
		t.Run(header, func(t *testing.T) {
			key, _ := headerKey(header)
			a, ok := aliases[key]
			if !ok {
				t.Fatalf("header %q (key %q) not in the alias table", header, key)
			}
			if a.col != want {
				t.Errorf("column = %s, want %s", a.col, want)
			}
		})
	}
}

// sheetRows is a rowSource over rows held in memory.
type sheetRows struct {
	rows []sheetRow
	i    int
}

type sheetRow struct {
	sheet string
	cells []string
	err   error
}

func (s *sheetRows) Next() ([]string, string, int64, error) {
	for s.i < len(s.rows) {
		r := s.rows[s.i]
		s.i++
		n := int64(0)
		for _, p := range s.rows[:s.i] {
			if p.sheet == r.sheet {
				n++
			}
		}
		if r.err != nil {
			var re *rowError
			if errors.As(r.err, &re) {
				re.Sheet, re.Row = r.sheet, n
			}
			return nil, r.sheet, n, r.err
		}
		return r.cells, r.sheet, n, nil
	}
	return nil, "", 0, io.EOF
}

// rowsOf builds the rows of one sheet from comma-separated lines.
func rowsOf(sheet string, lines ...string) []sheetRow {
	var rows []sheetRow
	for _, l := range lines {
		rows = append(rows, sheetRow{sheet: sheet, cells: strings.Split(l, ",")})
	}
	return rows
}

// collector is a Sink keeping events and rejects.
type collector struct {
	events  []leaktrail.Event
	rejects []leaktrail.Reject
}

func (c *collector) Event(ev *leaktrail.Event) error {
	e := *ev
	e.Flags = append([]string(nil), ev.Flags...)
	e.Attachments = append([]leaktrail.Attachment(nil), ev.Attachments...)
	c.events = append(c.events, e)
	return nil
}
func (c *collector) Contact(*leaktrail.Contact) error { return nil }
func (c *collector) Reject(r *leaktrail.Reject) error {
	c.rejects = append(c.rejects, *r)
	return nil
}

// brief renders an event in a few words for comparisons.
func brief(ev leaktrail.Event) string {
	return strings.Join([]string{
		string(ev.Kind), string(ev.Direction), string(ev.Status),
		time.UnixMilli(ev.At).In(shanghai).Format("2006-01-02 15:04:05"),
		ev.NumberRaw, strconv.FormatInt(ev.DurationS, 10), string(ev.Witness), strings.Join(ev.Flags, "+"),
		ev.Locator.String(),
	}, " ")
}

func runRows(t *testing.T, opts Options, rows ...[]sheetRow) (*collector, rowCounts, error) {
	t.Helper()
	var all []sheetRow
	for _, r := range rows {
		all = append(all, r...)
	}
	if opts.Location == nil {
		opts.Location = shanghai
	}
	c := &collector{}
	counts, err := importRowsCounted(t.Context(), &sheetRows{rows: all}, opts, c)
	return c, counts, err
}

func TestImportRowsSheets(t *testing.T) {
	rows := [][]sheetRow{
		// A sheet with titles above the header, a footer and notes.
		rowsOf("2017年03月语音通信",
			"中国联通 话费详单,,,",
			",,,",
			"序号,通话起始时间,呼叫类型,对方号码,通话时长",
			"1,03-01 08:12:30,主叫,13900139001,8分42秒",
			",,,,",
			"序号,通话起始时间,呼叫类型,对方号码,通话时长",
			"2,03-02 09:00:00,被叫,13700137002,15",
			"合计,,,,",
			"注：以上信息仅供参考,,,,",
		),
		// A summary sheet without a header row.
		rowsOf("汇总", "本月通话合计,100分钟"),
		// The next month: detection starts again, the year from the
		// sheet's title span.
		rowsOf("Sheet3",
			"从2017-12-01到2018-01-31",
			"起始时间,对方号码,通信方式,通信时长",
			"12-31 23:59:00,13600136003,呼转,1分",
			"01-01 00:01:00,13600136003,主叫,0秒",
		),
	}
	c, counts, err := runRows(t, Options{}, rows...)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range c.events {
		got = append(got, brief(ev))
	}
	want := []string{
		"call out answered 2017-03-01 08:12:30 13900139001 522 carrier  sheet 2017年03月语音通信 row 4",
		"call in answered 2017-03-02 09:00:00 13700137002 15 carrier  sheet 2017年03月语音通信 row 7",
		"call in answered 2017-12-31 23:59:00 13600136003 60 carrier forwarded sheet Sheet3 row 3",
		"call out answered 2018-01-01 00:01:00 13600136003 0 carrier  sheet Sheet3 row 4",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if len(c.rejects) != 1 || c.rejects[0].Locator != (leaktrail.Locator{Sheet: "汇总"}) {
		t.Fatalf("rejects = %+v, want one for sheet 汇总", c.rejects)
	}
	if !strings.Contains(c.rejects[0].Reason, "no header row") || !strings.Contains(c.rejects[0].Reason, "1 rows not imported") {
		t.Errorf("reject reason = %q", c.rejects[0].Reason)
	}
	wantCounts := rowCounts{titles: 4, headers: 2, skipped: 4, records: 4, sheetRejects: 1}
	if diff := cmp.Diff(wantCounts, counts, cmp.AllowUnexported(rowCounts{})); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}

func TestImportRowsHeaderlessFirstSheet(t *testing.T) {
	c, _, err := runRows(t, Options{},
		rowsOf("说明", "本详单仅供参考"),
		rowsOf("通话", "时间,号码", "2026-03-02 13:13:40,13900139001"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.events) != 1 || len(c.rejects) != 1 || c.rejects[0].Locator.Sheet != "说明" {
		t.Errorf("events %d, rejects %+v: want 1 event and a reject of sheet 说明", len(c.events), c.rejects)
	}
}

func TestImportRowsRecords(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		rows   []sheetRow
		events []string
		reject []leaktrail.Reject
	}{
		{
			name:   "separate date and time columns",
			rows:   rowsOf("", "日期,时间,号码,类型,时长", "2026-03-02,13:13:40,13900139001,呼入,2分32秒"),
			events: []string{"call in answered 2026-03-02 13:13:40 13900139001 152   line 2"},
		},
		{
			name:   "excel serial date and fraction",
			rows:   rowsOf("", "date,clock,number,type", "45000,0.5,13900139001,outgoing"),
			events: []string{"call out missed 2023-03-15 12:00:00 13900139001 -1   line 2"},
		},
		{
			name:   "excel serial date time",
			rows:   rowsOf("", "time,number,type,duration", "45000.75,13900139001,in,0.000694444"),
			events: []string{"call in answered 2023-03-15 18:00:00 13900139001 60   line 2"},
		},
		{
			name:   "date only",
			rows:   rowsOf("", "date,number", "2026-03-02,13900139001"),
			events: []string{"call   2026-03-02 00:00:00 13900139001 -1  time_of_day_unknown line 2"},
		},
		{
			name:   "year from option",
			opts:   Options{Year: 2019, Name: "202603.csv"},
			rows:   rowsOf("", "起始时间,对方号码", "03-02 13:13:40,13900139001"),
			events: []string{"call   2019-03-02 13:13:40 13900139001 -1 carrier  line 2"},
		},
		{
			name:   "year from file name",
			opts:   Options{Name: "13800138000_202603_通话详单.csv"},
			rows:   rowsOf("", "起始时间,对方号码", "3月2日 13:13:40,13900139001"),
			events: []string{"call   2026-03-02 13:13:40 13900139001 -1 carrier  line 2"},
		},
		{
			name:   "title wins over file name",
			opts:   Options{Name: "202603.csv"},
			rows:   rowsOf("", "账期：2025年3月", "起始时间,对方号码", "03-02 13:13:40,13900139001"),
			events: []string{"call   2025-03-02 13:13:40 13900139001 -1 carrier  line 3"},
		},
		{
			name: "no year",
			rows: rowsOf("", "起始时间,对方号码", "03-02 13:13:40,13900139001"),
			reject: []leaktrail.Reject{{
				Locator: leaktrail.Locator{Line: 2, Column: "起始时间"},
				Reason:  "date without year: pass --year",
				Excerpt: "03-02 13:13:40,13900139001",
			}},
		},
		{
			name:   "messages with body",
			rows:   rowsOf("", "号码,时间,类型,内容,联系人", "10690123456,2026-02-02 10:00:00,接收,验证码 1234,"),
			events: []string{"sms in received 2026-02-02 10:00:00 10690123456 -1   line 2"},
		},
		{
			name: "kind column",
			rows: rowsOf("", "业务类型,起始时间,对方号码,通信方式", "短信,2026-02-02 10:00:00,13900139001,发送", "彩信,2026-02-02 10:00:01,13900139001,接收"),
			events: []string{
				"sms out sent 2026-02-02 10:00:00 13900139001 -1 carrier  line 2",
				"mms in received 2026-02-02 10:00:01 13900139001 -1 carrier  line 3",
			},
		},
		{
			name:   "direction in the call type column",
			rows:   rowsOf("", "开始时间,对方号码,通话类型,通话时长", "2026-01-02 09:15:00,13900139001,国内主叫,83"),
			events: []string{"call out answered 2026-01-02 09:15:00 13900139001 83 carrier  line 2"},
		},
		{
			name: "numeric android types",
			rows: rowsOf("", "number,date,type,duration", "13900139001,2026-01-02 09:15:00,2,0", "13900139001,2026-01-02 09:16:00,7,10"),
			events: []string{
				"call out missed 2026-01-02 09:15:00 13900139001 0   line 2",
				"call in answered 2026-01-02 09:16:00 13900139001 10  answered_elsewhere line 3",
			},
		},
		{
			name:   "minutes unit",
			rows:   rowsOf("", "时间,号码,时长(分钟)", "2026-01-02 09:15:00,13900139001,3"),
			events: []string{"call   2026-01-02 09:15:00 13900139001 180   line 2"},
		},
		{
			name: "app service rejected",
			rows: rowsOf("", "date,number,service", "2026-01-02 09:15:00,13900139001,WeChat Voice"),
			reject: []leaktrail.Reject{{
				Locator: leaktrail.Locator{Line: 2, Column: "service"},
				Reason:  "WeChat call: not a phone call",
				Excerpt: "2026-01-02 09:15:00,13900139001,WeChat Voice",
			}},
		},
		{
			name: "spreadsheet text markers and spaces",
			rows: rowsOf("", "时间,号码", "2026-01-02 09:15:00,\t=\"01062345678\"", "2026-01-02 09:15:01,'075523456789"),
			events: []string{
				"call   2026-01-02 09:15:00 01062345678 -1   line 2",
				"call   2026-01-02 09:15:01 075523456789 -1   line 3",
			},
		},
		{
			name:   "row that cannot be read",
			rows:   append(rowsOf("", "时间,号码"), sheetRow{err: &rowError{Reason: "record too long"}}),
			reject: []leaktrail.Reject{{Locator: leaktrail.Locator{Line: 2}, Reason: "record too long"}},
		},
		{
			name: "no time",
			rows: rowsOf("", "时间,号码", ",13900139001"),
			reject: []leaktrail.Reject{{
				Locator: leaktrail.Locator{Line: 2, Column: "时间"},
				Reason:  "no date and time",
				Excerpt: ",13900139001",
			}},
		},
		{
			name:   "user map",
			opts:   Options{Map: map[string]string{"拨打时刻": "time", "手机": "number", "方式": "direction"}},
			rows:   rowsOf("", "拨打时刻,手机,方式", "2026-01-02 09:15:00,13900139001,呼出"),
			events: []string{"call out missed 2026-01-02 09:15:00 13900139001 -1   line 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := runRows(t, tt.opts, tt.rows)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range c.events {
				got = append(got, brief(ev))
			}
			if diff := cmp.Diff(tt.events, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.reject, c.rejects); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoHeader(t *testing.T) {
	_, _, err := runRows(t, Options{}, rowsOf("",
		"导出时间 2026-03-01",
		"拨打时刻,手机,方式,备注",
		"2026-01-02 09:15:00,13900139001,呼出,",
	))
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("err = %v, want ErrNoHeader", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`row 2 has "拨打时刻", "手机", "方式", "备注"`,
		"missing: time (or date), number",
		"--map 拨打时刻=number,手机=time",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}

	_, _, err = runRows(t, Options{}, rowsOf("", "通话时间,对方,类型", "2026-01-02 09:15:00,13900139001,呼出"))
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("err = %v, want ErrNoHeader", err)
	}
	for _, want := range []string{`(known: 类型=direction, 通话时间=time)`, "missing: number", "--map 对方=number"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	_, _, err = runRows(t, Options{})
	if !errors.Is(err, ErrNoHeader) {
		t.Errorf("empty table: err = %v, want ErrNoHeader", err)
	}
}

func TestUserMapInvalid(t *testing.T) {
	_, _, err := runRows(t, Options{Map: map[string]string{"号码": "phone_no"}}, rowsOf("", "时间,号码"))
	if err == nil || !strings.Contains(err.Error(), "unknown column") {
		t.Errorf("err = %v, want an unknown column error", err)
	}
}

func TestParseTime(t *testing.T) {
	month := func(y, m int) dateSpan { return dateSpan{civil{y, m, 1}, civil{y, m, daysIn(m, y)}} }
	yearEnd := dateSpan{civil{2025, 12, 1}, civil{2026, 1, 31}}
	tests := []struct {
		name  string
		in    string
		years yearHints
		want  string // Asia/Shanghai wall clock, with milliseconds
		err   error  // errNoYear, or errAny for any error
	}{
		{"dashes", "2026-03-02 13:13:40", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"slashes", "2026/03/02 13:13:40", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"short slashes no seconds", "2026/3/2 13:13", yearHints{}, "2026-03-02 13:13:00.000", nil},
		{"dots", "2026.03.02 13:13:40", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"chinese", "2026年3月2日 13:13:40", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"chinese clock", "2026年03月02日13时13分40秒", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"compact", "20260302131340", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"compact minutes", "202603021313", yearHints{}, "2026-03-02 13:13:00.000", nil},
		{"fraction of second", "2026-03-02 13:13:40.250", yearHints{}, "2026-03-02 13:13:40.250", nil},
		{"iso zone", "2026-03-02T13:13:40+08:00", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"iso utc", "2026-03-02T05:13:40Z", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"iso millis utc", "2025-07-01T10:00:00.000Z", yearHints{}, "2025-07-01 18:00:00.000", nil},
		{"offset without colon", "2026-03-02 13:13:40 +0000", yearHints{}, "2026-03-02 21:13:40.000", nil},
		{"gmt offset", "2026-03-02 13:13:40 GMT+9", yearHints{}, "2026-03-02 12:13:40.000", nil},
		{"afternoon", "2026-03-02 下午1:13:40", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"pm", "2026-03-02 1:13:40 PM", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"12 am", "2026-03-02 12:05 am", yearHints{}, "2026-03-02 00:05:00.000", nil},
		{"full-width", "２０２６－０３－０２　１３：１３：４０", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"date only", "2026-03-02", yearHints{}, "2026-03-02 00:00:00.000", nil},
		{"excel serial", "45000.5417", yearHints{}, "2023-03-15 13:00:03.000", nil},
		{"excel serial day", "45000", yearHints{}, "2023-03-15 00:00:00.000", nil},
		{"unix seconds", "1772428420", yearHints{}, "2026-03-02 13:13:40.000", nil},
		{"unix millis", "1772428420123", yearHints{}, "2026-03-02 13:13:40.123", nil},
		{"year-less with --year", "03-02 13:13:40", yearHints{year: 2026}, "2026-03-02 13:13:40.000", nil},
		{"year-less chinese", "3月2日 13:13:40", yearHints{year: 2026}, "2026-03-02 13:13:40.000", nil},
		{"year-less from title", "03-02 13:13:40", yearHints{title: month(2020, 3)}, "2020-03-02 13:13:40.000", nil},
		{"year-less from sheet", "03-02 13:13:40", yearHints{sheet: month(2017, 3), file: month(2026, 3)}, "2017-03-02 13:13:40.000", nil},
		{"year-less from file", "03-02 13:13:40", yearHints{file: month(2026, 3)}, "2026-03-02 13:13:40.000", nil},
		{"option beats title", "03-02 13:13:40", yearHints{year: 2021, title: month(2020, 3)}, "2021-03-02 13:13:40.000", nil},
		{"span over year end december", "12-31 23:59:59", yearHints{title: yearEnd}, "2025-12-31 23:59:59.000", nil},
		{"span over year end january", "01-01 00:00:01", yearHints{title: yearEnd}, "2026-01-01 00:00:01.000", nil},
		{"outside the span nearest year", "02-03 10:00:00", yearHints{title: yearEnd}, "2026-02-03 10:00:00.000", nil},
		{"leap day in span", "02-29 10:00:00", yearHints{title: dateSpan{civil{2023, 12, 1}, civil{2024, 3, 31}}}, "2024-02-29 10:00:00.000", nil},
		{"no year", "03-02 13:13:40", yearHints{}, "", errNoYear},
		{"empty", "", yearHints{}, "", errAny},
		{"month 13", "2026-13-01 10:00:00", yearHints{}, "", errAny},
		{"february 30", "2026-02-30 10:00:00", yearHints{}, "", errAny},
		{"february 29 not leap", "02-29 10:00:00", yearHints{year: 2026}, "", errAny},
		{"hour 24", "2026-03-02 24:00:00", yearHints{}, "", errAny},
		{"minute 61", "2026-03-02 13:61", yearHints{}, "", errAny},
		{"time only", "13:13:40", yearHints{}, "", errAny},
		{"year last", "3/2/2026 13:13", yearHints{}, "", errAny},
		{"serial out of range", "99999", yearHints{}, "", errAny},
		{"before 1971", "1969-12-31 23:00:00", yearHints{}, "", errAny},
		{"words", "yesterday", yearHints{}, "", errAny},
		{"trailing junk", "2026-03-02 13:13:40 xyz", yearHints{}, "", errAny},
		{"pm hour 13", "2026-03-02 13:13 PM", yearHints{}, "", errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := parseTableTime(tt.in, shanghai, &tt.years)
			switch {
			case tt.err == errAny && err == nil:
				t.Fatalf("parseTableTime(%q) = %d, want an error", tt.in, ms)
			case tt.err == errAny:
				return
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Fatalf("err = %v, want %v", err, tt.err)
			case tt.err != nil:
				return
			case err != nil:
				t.Fatalf("parseTableTime(%q): %v", tt.in, err)
			}
			got := time.UnixMilli(ms).In(shanghai).Format("2006-01-02 15:04:05.000")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseTableTime(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestSpanFromText(t *testing.T) {
	span := func(a, b string) string { return a + ".." + b }
	tests := []struct{ name, in, want string }{
		{"china mobile title", "从2020-03-01到2020-03-31 类型：通话详单 总条数：23", span("2020-03-01", "2020-03-31")},
		{"over the year end", "从2025-12-01到2026-01-31", span("2025-12-01", "2026-01-31")},
		{"chinese dates", "查询时段：2025年12月1日至2026年1月31日", span("2025-12-01", "2026-01-31")},
		{"reversed", "2020-03-31 - 2020-03-01", span("2020-03-01", "2020-03-31")},
		{"compact dates", "详单_20200301-20200331.csv", span("2020-03-01", "2020-03-31")},
		{"unicom sheet", "2017年03月语音通信", span("2017-03-01", "2017-03-31")},
		{"billing month", "账期：2026年3月", span("2026-03-01", "2026-03-31")},
		{"month range", "2025年12月-2026年1月", span("2025-12-01", "2026-01-31")},
		{"file name month", "13800138000_202603_通话详单.xls", span("2026-03-01", "2026-03-31")},
		{"dashed month", "china-mobile-sms-2026-02.csv", span("2026-02-01", "2026-02-28")},
		{"query date and month", "查询时间：2026-04-02 10:11:12 账期：2026年3月", span("2026-03-01", "2026-03-31")},
		{"one date", "打印日期 2026-04-02", span("2026-04-01", "2026-04-30")},
		{"year", "2026年通话记录", span("2026-01-01", "2026-12-31")},
		{"phone number only", "13800138000_通话详单.xls", ""},
		{"nothing", "通话详单", ""},
		{"invalid month", "2026年13月", span("2026-01-01", "2026-12-31")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := spanFromText(tt.in)
			got := ""
			if s.ok() {
				f := func(c civil) string {
					return time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
				}
				got = span(f(s.from), f(s.to))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("spanFromText(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		name string
		in   string
		unit durUnit
		want int64
		err  bool
	}{
		{"minutes seconds", "2分32秒", unitNone, 152, false},
		{"seconds", "15秒", unitNone, 15, false},
		{"hours", "1小时2分3秒", unitNone, 3723, false},
		{"short hours", "1时2分3秒", unitNone, 3723, false},
		{"minutes word", "2分钟5秒", unitNone, 125, false},
		{"minutes only", "2分", unitNone, 120, false},
		{"spaces", "2 分 32 秒", unitNone, 152, false},
		{"english units", "1h2m3s", unitNone, 3723, false},
		{"english words", "2 min 5 sec", unitNone, 125, false},
		{"clock", "00:08:42", unitNone, 522, false},
		{"minutes clock", "8:42", unitNone, 522, false},
		{"long clock", "01:02:03", unitNone, 3723, false},
		{"clock fraction", "00:01:23.5", unitNone, 83, false},
		{"integer", "83", unitNone, 83, false},
		{"integer seconds unit", "83", unitSeconds, 83, false},
		{"integer minutes unit", "3", unitMinutes, 180, false},
		{"seconds suffix", "83秒", unitNone, 83, false},
		{"zero", "0", unitNone, 0, false},
		{"empty", "", unitNone, -1, false},
		{"dash", "--", unitNone, -1, false},
		{"decimal", "83.0", unitNone, 83, false},
		{"day fraction", "0.000694444", unitNone, 60, false},
		{"decimal seconds unit", "0.4", unitSeconds, 0, false},
		{"full-width", "２分３２秒", unitNone, 152, false},
		{"negative", "-5", unitNone, 0, true},
		{"negative clock", "-00:00:10", unitNone, 0, true},
		{"garbage", "abc", unitNone, 0, true},
		{"about", "约2分", unitNone, 0, true},
		{"seconds over 59", "1:75", unitNone, 0, true},
		{"four parts", "1:2:3:4", unitNone, 0, true},
		{"over a week", "999999", unitNone, 0, true},
		{"unit without number", "分秒", unitNone, 0, true},
		{"too many digits", "12345678901234567890", unitNone, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDuration(tt.in, tt.unit)
			if tt.err {
				if err == nil {
					t.Fatalf("parseDuration(%q) = %d, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseDuration(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("parseDuration(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestSetDirection(t *testing.T) {
	type result struct {
		Dir    leaktrail.Direction
		Status leaktrail.Status
		Flags  []string
	}
	tests := []struct {
		word    string
		kind    leaktrail.Kind
		dur     int64
		carrier bool
		want    result
	}{
		{"主叫", leaktrail.KindCall, 30, true, result{"out", "answered", nil}},
		{"主叫", leaktrail.KindCall, 0, true, result{"out", "answered", nil}},
		{"被叫", leaktrail.KindCall, 0, true, result{"in", "answered", nil}},
		{"呼转", leaktrail.KindCall, 45, true, result{"in", "answered", []string{"forwarded"}}},
		{"呼叫转移", leaktrail.KindCall, 0, false, result{"in", "missed", []string{"forwarded"}}},
		{"国内主叫", leaktrail.KindCall, 5, true, result{"out", "answered", nil}},
		{"被叫(漫游)", leaktrail.KindCall, 5, true, result{"in", "answered", nil}},
		{"呼出", leaktrail.KindCall, 0, false, result{"out", "missed", nil}},
		{"拨出", leaktrail.KindCall, 10, false, result{"out", "answered", nil}},
		{"已拨", leaktrail.KindCall, -1, false, result{"out", "missed", nil}},
		{"outgoing", leaktrail.KindCall, 10, false, result{"out", "answered", nil}},
		{"OUT", leaktrail.KindCall, 10, false, result{"out", "answered", nil}},
		{"呼入", leaktrail.KindCall, 10, false, result{"in", "answered", nil}},
		{"呼入", leaktrail.KindCall, 0, false, result{"in", "missed", nil}},
		{"来电", leaktrail.KindCall, -1, false, result{"in", "answered", nil}},
		{"已接", leaktrail.KindCall, 0, false, result{"in", "answered", nil}},
		{"已接来电", leaktrail.KindCall, 5, false, result{"in", "answered", nil}},
		{"Incoming", leaktrail.KindCall, 5, false, result{"in", "answered", nil}},
		{"in", leaktrail.KindCall, 5, false, result{"in", "answered", nil}},
		{"未接", leaktrail.KindCall, 0, false, result{"in", "missed", nil}},
		{"未接来电", leaktrail.KindCall, 8, false, result{"in", "missed", []string{"duration_is_ring_time"}}},
		{"Missed", leaktrail.KindCall, 0, false, result{"in", "missed", nil}},
		{"拒接", leaktrail.KindCall, 0, false, result{"in", "rejected", nil}},
		{"已拒接", leaktrail.KindCall, 0, false, result{"in", "rejected", nil}},
		{"rejected", leaktrail.KindCall, 0, false, result{"in", "rejected", nil}},
		{"declined", leaktrail.KindCall, 0, false, result{"in", "rejected", nil}},
		{"已拦截", leaktrail.KindCall, 0, false, result{"in", "blocked", nil}},
		{"拦截", leaktrail.KindCall, 0, false, result{"in", "blocked", nil}},
		{"黑名单", leaktrail.KindCall, 0, false, result{"in", "blocked", nil}},
		{"Blocked", leaktrail.KindCall, 0, false, result{"in", "blocked", nil}},
		{"forwarded", leaktrail.KindCall, 9, false, result{"in", "answered", []string{"forwarded"}}},
		{"Cancelled", leaktrail.KindCall, 0, false, result{"out", "missed", nil}},
		{"Voicemail", leaktrail.KindCall, 20, false, result{"in", "voicemail", nil}},
		{"1", leaktrail.KindCall, 20, false, result{"in", "answered", nil}},
		{"2", leaktrail.KindCall, 20, false, result{"out", "answered", nil}},
		{"3", leaktrail.KindCall, 0, false, result{"in", "missed", nil}},
		{"5", leaktrail.KindCall, 0, false, result{"in", "rejected", nil}},
		{"6", leaktrail.KindCall, 0, false, result{"in", "blocked", nil}},
		{"10", leaktrail.KindCall, 0, false, result{"in", "", []string{"call_type_10"}}},
		{"视频", leaktrail.KindCall, 0, false, result{"", "", []string{"direction_unknown"}}},
		{"发送", leaktrail.KindSMS, -1, true, result{"out", "sent", nil}},
		{"已发送", leaktrail.KindSMS, -1, false, result{"out", "sent", nil}},
		{"sent", leaktrail.KindSMS, -1, false, result{"out", "sent", nil}},
		{"接收", leaktrail.KindSMS, -1, true, result{"in", "received", nil}},
		{"已接收", leaktrail.KindSMS, -1, false, result{"in", "received", nil}},
		{"received", leaktrail.KindSMS, -1, false, result{"in", "received", nil}},
		{"主叫", leaktrail.KindSMS, -1, true, result{"out", "sent", nil}},
		{"被叫", leaktrail.KindMMS, -1, true, result{"in", "received", nil}},
		{"发送失败", leaktrail.KindSMS, -1, false, result{"out", "failed", nil}},
		{"草稿", leaktrail.KindSMS, -1, false, result{"out", "draft", nil}},
		{"1", leaktrail.KindSMS, -1, false, result{"in", "received", nil}},
		{"2", leaktrail.KindSMS, -1, false, result{"out", "sent", nil}},
		{"", leaktrail.KindCall, 10, false, result{"", "", nil}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+"/"+tt.word, func(t *testing.T) {
			ev := &leaktrail.Event{Kind: tt.kind, DurationS: tt.dur}
			setDirection(ev, tt.word, tt.carrier)
			got := result{ev.Direction, ev.Status, ev.Flags}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("setDirection(%q, dur %d, carrier %v) (-want +got):\n%s", tt.word, tt.dur, tt.carrier, diff)
			}
		})
	}
}

func TestCleanNumber(t *testing.T) {
	tests := []struct {
		name, in, want string
		flags          []string
	}{
		{"beijing", "1062345678", "01062345678", []string{"leading_zero_restored"}},
		{"shanghai", "2162345678", "02162345678", []string{"leading_zero_restored"}},
		{"guangzhou", "2062345678", "02062345678", []string{"leading_zero_restored"}},
		{"shenzhen 8 digits", "75523456789", "075523456789", []string{"leading_zero_restored"}},
		{"old 7-digit local", "7552345678", "07552345678", []string{"leading_zero_restored"}},
		{"shijiazhuang", "31186012345", "031186012345", []string{"leading_zero_restored"}},
		{"mobile", "13800138000", "13800138000", nil},
		{"virtual mobile", "17100171004", "17100171004", nil},
		{"with zero", "01062345678", "01062345678", nil},
		{"0086", "008613900139001", "008613900139001", nil},
		{"carrier", "10086", "10086", nil},
		{"carrier 10 digits", "1001234567", "1001234567", nil},
		{"bank", "95588", "95588", nil},
		{"400", "4001234567", "4001234567", nil},
		{"800", "8001234567", "8001234567", nil},
		{"local starting 0", "2001234567", "2001234567", nil},
		{"masked", "138****8000", "138****8000", []string{"masked_number"}},
		{"all masked", "***", "***", []string{"masked_number"}},
		{"empty", "", "", nil},
		{"text", "unknown", "unknown", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, flags := cleanNumber(tt.in, nil)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("number (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.flags, flags); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyService(t *testing.T) {
	tests := []struct {
		svc    string
		kind   leaktrail.Kind
		reason string
		flags  []string
		want   leaktrail.Kind
	}{
		{"Phone: +86 138 0013 8000", leaktrail.KindCall, "", nil, leaktrail.KindCall},
		{"WhatsApp Audio", leaktrail.KindCall, "WhatsApp call: not a phone call", nil, leaktrail.KindCall},
		{"WhatsApp", leaktrail.KindSMS, "WhatsApp message: not an SMS", nil, leaktrail.KindSMS},
		{"Signal Video", leaktrail.KindCall, "Signal call: not a phone call", nil, leaktrail.KindCall},
		{"Teams Audio", leaktrail.KindCall, "Teams call: not a phone call", nil, leaktrail.KindCall},
		{"Telegram", leaktrail.KindCall, "Telegram call: not a phone call", nil, leaktrail.KindCall},
		{"Skype", leaktrail.KindCall, "Skype call: not a phone call", nil, leaktrail.KindCall},
		{"微信语音", leaktrail.KindCall, "WeChat call: not a phone call", nil, leaktrail.KindCall},
		{"LINE Audio", leaktrail.KindCall, "LINE call: not a phone call", nil, leaktrail.KindCall},
		{"FaceTime Audio", leaktrail.KindCall, "", []string{"facetime"}, leaktrail.KindCall},
		{"iMessage", leaktrail.KindSMS, "", []string{"imessage"}, leaktrail.KindSMS},
		{"RCS", leaktrail.KindSMS, "", []string{"rcs"}, leaktrail.KindSMS},
		{"MMS", leaktrail.KindSMS, "", nil, leaktrail.KindMMS},
		{"SMS", leaktrail.KindSMS, "", nil, leaktrail.KindSMS},
		{"点对点短信", leaktrail.KindSMS, "", nil, leaktrail.KindSMS},
		{"Landline", leaktrail.KindCall, "", nil, leaktrail.KindCall},
	}
	for _, tt := range tests {
		t.Run(tt.svc, func(t *testing.T) {
			ev := &leaktrail.Event{Kind: tt.kind}
			reason := applyService(ev, tt.svc)
			if diff := cmp.Diff(tt.reason, reason); diff != "" {
				t.Errorf("reason (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.flags, ev.Flags); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
			if ev.Kind != tt.want {
				t.Errorf("kind = %s, want %s", ev.Kind, tt.want)
			}
		})
	}
}

func TestImportRowsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := importRows(ctx, &sheetRows{rows: rowsOf("", "时间,号码")}, Options{Location: shanghai}, &collector{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
