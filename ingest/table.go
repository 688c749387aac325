package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/leaktrail/leaktrail"
)

// This file is the tabular core shared by every spreadsheet and CSV
// importer: one alias table for column headers, header-row detection below
// title rows, and the conversion of a row into an event. The parsers of
// cell values (times, durations, direction words, numbers) are in
// tablecell.go.

// rowSource yields a table's rows one at a time: a CSV file, or the sheets
// of a workbook one after another.
type rowSource interface {
	// Next returns the next row's cells as text, the sheet's name ("" for
	// CSV) and the row number within the sheet (from 1; for CSV the line
	// the record starts on). The cells slice may be reused by the next
	// call. io.EOF at the end. A *rowError: this row cannot be read but the
	// rows after it can; importRows rejects the row and goes on. Other
	// errors: the file cannot be read further.
	Next() (cells []string, sheet string, row int64, err error)
}

// rowError is returned by a rowSource for one row it cannot read, such as a
// CSV record longer than the bound on a record.
type rowError struct {
	Sheet   string
	Row     int64
	Reason  string
	Excerpt string
}

func (e *rowError) Error() string {
	return fmt.Sprintf("%s: %s", rowLocator(e.Sheet, e.Row), e.Reason)
}

// ErrNoHeader is wrapped by the error of a tabular import that finds no
// header row it can map: the error lists the headers found and the
// columns missing, and points to --map.
var ErrNoHeader = errors.New("no header row")

// maxHeaderSearch is how many rows at the top of a sheet are searched for
// the header row; the rows above it are titles.
const maxHeaderSearch = 30

// maxTitleText bounds the title text kept per sheet for year inference.
const maxTitleText = 4 << 10

// column is a canonical column of a call or message table. Its value is the
// name users give to --map.
type column string

const (
	colTime      column = "time"      // date and time of day; the time of day alone when a date column is present
	colDate      column = "date"      // the date; date and time when no time column is present
	colClock     column = "clock"     // the time of day alone
	colNumber    column = "number"    // the other party's number
	colDirection column = "direction" // 主叫/被叫, 呼入/未接/拒接, incoming, missed ...
	colDuration  column = "duration"  // "2分32秒", "00:08:42", seconds
	colLocation  column = "location"  // where the phone was (通信地点): not imported
	colCallType  column = "call_type" // 本地, 国内长途, 漫游: not imported, read for direction when no direction column
	colFee       column = "fee"       // charges: not imported
	colBody      column = "body"      // message text
	colName      column = "name"      // the contact's name
	colSMSType   column = "sms_type"  // 信息类型: 点对点短信, 彩信 ...
	colService   column = "service"   // 业务名称; SMS, iMessage, WhatsApp ...
	colKind      column = "kind"      // 业务类型: 语音, 短信 ...
	colSubject   column = "subject"   // message subject
	colIndex     column = "index"     // 序号: not imported
	colIgnore    column = "ignore"    // a known column that is not imported
)

// columns lists the canonical columns, in the order shown to users.
var columns = []column{
	colTime, colDate, colClock, colNumber, colDirection, colDuration, colName,
	colBody, colSubject, colSMSType, colService, colKind, colCallType,
	colLocation, colFee, colIndex, colIgnore,
}

// alias is what a header means.
type alias struct {
	col column
	// carrier is set for headers only carrier bills use (通信地点, 套餐优惠
	// ...): a table with one is a carrier bill.
	carrier bool
}

func generic(c column) alias { return alias{col: c} }
func bill(c column) alias    { return alias{col: c, carrier: true} }

// aliases maps header keys (see headerKey) to columns. It is the one alias
// table of every tabular importer.
var aliases = map[string]alias{
	// Date and time.
	"起始时间":        bill(colTime),
	"通话起始时间":      bill(colTime),
	"通信起始时间":      bill(colTime),
	"通话开始时间":      generic(colTime),
	"通信时间":        bill(colTime),
	"开始时间":        generic(colTime),
	"呼叫时间":        generic(colTime),
	"通话时间":        generic(colTime),
	"时间":          generic(colTime),
	"日期时间":        generic(colTime),
	"发送时间":        generic(colTime),
	"接收时间":        generic(colTime),
	"收发时间":        generic(colTime),
	"短信时间":        generic(colTime),
	"发生时间":        generic(colTime),
	"datetime":    generic(colTime),
	"time":        generic(colTime),
	"timestamp":   generic(colTime),
	"starttime":   generic(colTime),
	"calltime":    generic(colTime),
	"messagedate": generic(colTime),
	"日期":          generic(colDate),
	"通话日期":        generic(colDate),
	"通信日期":        generic(colDate),
	"date":        generic(colDate),
	"calldate":    generic(colDate),
	"时刻":          generic(colClock),
	"通话时刻":        generic(colClock),
	"clock":       generic(colClock),
	"timeofday":   generic(colClock),

	// The other party.
	"对方号码":        generic(colNumber),
	"号码":          generic(colNumber),
	"对端号码":        generic(colNumber),
	"电话号码":        generic(colNumber),
	"手机号码":        generic(colNumber),
	"手机号":         generic(colNumber),
	"对方电话":        generic(colNumber),
	"对方手机号":       generic(colNumber),
	"联系电话":        generic(colNumber),
	"电话":          generic(colNumber),
	"number":      generic(colNumber),
	"phone":       generic(colNumber),
	"phonenumber": generic(colNumber),
	"telephone":   generic(colNumber),
	"tel":         generic(colNumber),
	"mobile":      generic(colNumber),
	"address":     generic(colNumber),
	"senderid":    generic(colNumber),
	"联系人":         generic(colName),
	"姓名":          generic(colName),
	"名称":          generic(colName),
	"联系人姓名":       generic(colName),
	"对方姓名":        generic(colName),
	"name":        generic(colName),
	"contact":     generic(colName),
	"contactname": generic(colName),
	"sendername":  generic(colName),

	// What happened.
	"通信方式":         bill(colDirection),
	"呼叫类型":         generic(colDirection),
	"呼叫方式":         generic(colDirection),
	"通话方向":         generic(colDirection),
	"方向":           generic(colDirection),
	"类型":           generic(colDirection),
	"收发":           generic(colDirection),
	"收发类型":         generic(colDirection),
	"通话状态":         generic(colDirection),
	"状态":           generic(colDirection),
	"direction":    generic(colDirection),
	"type":         generic(colDirection),
	"calltype":     generic(colDirection),
	"通信时长":         bill(colDuration),
	"通话时长":         generic(colDuration),
	"时长":           generic(colDuration),
	"持续时间":         generic(colDuration),
	"duration":     generic(colDuration),
	"callduration": generic(colDuration),
	"length":       generic(colDuration),

	// Messages.
	"内容":          generic(colBody),
	"短信内容":        generic(colBody),
	"信息内容":        generic(colBody),
	"消息内容":        generic(colBody),
	"正文":          generic(colBody),
	"body":        generic(colBody),
	"text":        generic(colBody),
	"message":     generic(colBody),
	"content":     generic(colBody),
	"messagetext": generic(colBody),
	"主题":          generic(colSubject),
	"subject":     generic(colSubject),
	"信息类型":        bill(colSMSType),
	"短信类型":        generic(colSMSType),
	"消息类型":        generic(colSMSType),

	// Carrier bill columns.
	"通信地点":     bill(colLocation),
	"通话地点":     bill(colLocation),
	"location": generic(colLocation),
	"通信类型":     bill(colCallType),
	"通话类型":     bill(colCallType),
	"套餐优惠":     bill(colFee),
	"实收通信费":    bill(colFee),
	"通信费":      bill(colFee),
	"通话费":      bill(colFee),
	"其他费":      bill(colFee),
	"小计":       bill(colFee),
	"基本通话费":    bill(colFee),
	"长途费":      bill(colFee),
	"费用":       bill(colFee),
	"业务名称":     bill(colService),
	"service":  generic(colService),
	"业务类型":     bill(colKind),
	"序号":       generic(colIndex),
	"编号":       generic(colIndex),
	"no":       generic(colIndex),
	"是否新通话":    bill(colIgnore),

	// Traditional characters, from Taiwan and Hong Kong exports (Big5).
	"號碼": generic(colNumber), "對方號碼": generic(colNumber), "電話號碼": generic(colNumber),
	"電話": generic(colNumber), "時間": generic(colTime), "通話時間": generic(colTime),
	"類型": generic(colDirection), "時長": generic(colDuration), "通話時長": generic(colDuration),
	"內容": generic(colBody), "簡訊內容": generic(colBody), "聯絡人": generic(colName),
}

// durUnit is the unit a header names for plain numbers in its column.
type durUnit int

const (
	unitNone durUnit = iota
	unitSeconds
	unitMinutes
)

// headerKey normalizes a header cell for the alias table: NFKC (full-width
// forms become ASCII), lower case, without spaces, quotes, '_', '-', '.',
// ':', '/' and without what brackets enclose ("通话时长（秒）" -> "通话时长"),
// returning the duration unit the brackets named.
func headerKey(s string) (string, durUnit) {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	s = strings.ToLower(s)
	var b, inner strings.Builder
	unit := unitNone
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '【', '〔', '<', '{':
			depth++
			inner.Reset()
			continue
		case ')', ']', '】', '〕', '>', '}':
			if depth > 0 {
				depth--
				if u := unitWord(inner.String()); u != unitNone {
					unit = u
				}
			}
			continue
		}
		if depth > 0 {
			if inner.Len() < 32 {
				inner.WriteRune(r)
			}
			continue
		}
		if unicode.IsSpace(r) || isInvisibleRune(r) || strings.ContainsRune("\"'“”‘’「」『』_-.:/*", r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), unit
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isInvisibleRune reports format characters that exports leave in cells:
// byte order marks, zero-width spaces and joiners.
func isInvisibleRune(r rune) bool {
	return r == '\uFEFF' || unicode.Is(unicode.Cf, r)
}

func unitWord(s string) durUnit {
	switch strings.TrimSpace(s) {
	case "秒", "s", "sec", "secs", "second", "seconds":
		return unitSeconds
	case "分", "分钟", "min", "mins", "minute", "minutes":
		return unitMinutes
	}
	return unitNone
}

// tableHeader is a mapped header row.
type tableHeader struct {
	row   int64
	names []string // the header cells as written, trimmed
	keys  []string // their keys
	idx   map[column]int
	unit  durUnit // of the duration column
	// messages is set when the table holds messages (it has a body or a
	// message-type column); carrier when it is a carrier's bill.
	messages, carrier bool
}

// col returns the index of c, or -1.
func (h *tableHeader) col(c column) int {
	if i, ok := h.idx[c]; ok {
		return i
	}
	return -1
}

// score ranks header candidates for error messages: the most known
// headers, then the most cells with text.
func (h *tableHeader) score() int {
	n := 0
	for _, name := range h.names {
		if name != "" {
			n++
		}
	}
	return len(h.idx)<<16 + min(n, 1<<16-1)
}

// ok reports whether the header names a time and a number column.
func (h *tableHeader) ok() bool {
	return len(h.idx) >= 2 && h.hasTime() && h.col(colNumber) >= 0
}

func (h *tableHeader) hasTime() bool {
	return h.col(colTime) >= 0 || h.col(colDate) >= 0 || h.col(colClock) >= 0
}

// mapHeader maps the cells of a row through user (from --map) and the
// alias table. The first cell mapping to a column wins.
func mapHeader(cells []string, row int64, user map[string]column) *tableHeader {
	h := &tableHeader{row: row, idx: make(map[column]int)}
	for i, cell := range cells {
		name := strings.TrimSpace(cell)
		var key string
		var unit durUnit
		if len(name) <= 128 {
			key, unit = headerKey(name)
		}
		h.names = append(h.names, name)
		h.keys = append(h.keys, key)
		if key == "" {
			continue
		}
		a, ok := aliases[key]
		if c, found := user[key]; found {
			a, ok = alias{col: c}, true
		}
		if !ok {
			continue
		}
		if a.carrier {
			h.carrier = true
		}
		if _, dup := h.idx[a.col]; dup {
			continue
		}
		h.idx[a.col] = i
		if a.col == colDuration {
			h.unit = unit
		}
	}
	h.messages = h.col(colBody) >= 0 || h.col(colSMSType) >= 0
	return h
}

// userColumns validates and normalizes --map: header text -> column name.
func userColumns(m map[string]string) (map[string]column, error) {
	user := make(map[string]column, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := strings.ToLower(strings.TrimSpace(m[k]))
		if v == "skip" || v == "-" {
			v = string(colIgnore)
		}
		if !slices.Contains(columns, column(v)) {
			return nil, fmt.Errorf("--map %s=%s: unknown column (known: %s)", k, m[k], columnList())
		}
		key, _ := headerKey(strings.TrimSpace(k))
		if key == "" {
			return nil, fmt.Errorf("--map %s=%s: empty header", k, m[k])
		}
		user[key] = column(v)
	}
	return user, nil
}

func columnList() string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// importRows is the tabular core shared by every spreadsheet and CSV
// importer.
//
// Each sheet (a change of sheet name) is searched for its header row among
// its first maxHeaderSearch rows: the first row where at least two cells
// map through the alias table (or opts.Map) and a time and a number column
// are present. The rows above it are titles, kept for year inference; they
// are not records. Every row after it is a record and becomes exactly one
// event or reject, except rows that are not records and are skipped
// without counting: blank rows, repeated header rows, and footer or note
// rows (a first non-empty cell starting with 合计, 总计, 共N条, 注, 备注,
// total ... and no time).
//
// A sheet without a header row is rejected as a whole with one reject,
// since it may hold records the user has to map by hand. When no sheet has
// a header row the import fails with an error wrapping ErrNoHeader.
func importRows(ctx context.Context, src rowSource, opts Options, sink Sink) error {
	_, err := importRowsCounted(ctx, src, opts, sink)
	return err
}

// rowCounts says what became of the rows of a table: every row read is
// a title (above a header row, or in a sheet without one), a header, a
// skipped row or a record; every record became one event or reject, and
// each sheet without a header one more reject.
type rowCounts struct {
	titles, headers, skipped, records, sheetRejects int64
}

// importRowsCounted is importRows, returning what became of the rows.
func importRowsCounted(ctx context.Context, src rowSource, opts Options, sink Sink) (rowCounts, error) {
	user, err := userColumns(opts.Map)
	if err != nil {
		return rowCounts{}, err
	}
	t := &tableImport{opts: opts, sink: sink, user: user, fileSpan: spanFromText(opts.Name)}
	if t.opts.Location == nil {
		return rowCounts{}, errors.New("no time zone")
	}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return t.counts, err
			}
		}
		cells, sheet, row, err := src.Next()
		if err == io.EOF {
			return t.counts, t.finish()
		}
		var re *rowError
		if errors.As(err, &re) {
			sheet, row = re.Sheet, re.Row
		} else if err != nil {
			return t.counts, err
		}
		if !t.started || sheet != t.sheet {
			if err := t.endSheet(); err != nil {
				return t.counts, err
			}
			t.startSheet(sheet)
		}
		t.rows++
		switch {
		case re != nil:
			// A row that could not be read is a record wherever it is:
			// it may have been one.
			if t.hdr == nil {
				t.nonBlank++
			}
			t.counts.records++
			err = t.reject(row, "", re.Reason, re.Excerpt)
		case t.hdr == nil:
			err = t.seek(cells, row)
		default:
			err = t.record(cells, row)
		}
		if err != nil {
			return t.counts, err
		}
	}
}

// tableImport is the state of importRows.
type tableImport struct {
	opts     Options
	sink     Sink
	user     map[string]column
	fileSpan dateSpan
	ev       leaktrail.Event

	// The sheet being read.
	started  bool
	sheet    string
	rows     int // rows of the sheet read so far
	nonBlank int // non-blank rows read while searching for the header
	hdr      *tableHeader
	best     *tableHeader // the best header candidate seen, for errors
	titles   strings.Builder
	years    yearHints

	counts  rowCounts
	found   bool        // some sheet had a header row
	missing []missSheet // headerless sheets before the first header row
	first   *missSheet  // the first headerless sheet, for the error
}

// missSheet is a sheet in which no header row was found.
type missSheet struct {
	sheet string
	rows  int
	best  *tableHeader
}

func (t *tableImport) startSheet(sheet string) {
	t.started, t.sheet = true, sheet
	t.rows, t.nonBlank = 0, 0
	t.hdr, t.best = nil, nil
	t.titles.Reset()
}

// seek looks for the header row.
func (t *tableImport) seek(cells []string, row int64) error {
	if blankRow(cells) {
		t.counts.titles++
		return nil
	}
	t.nonBlank++
	if t.rows > maxHeaderSearch {
		t.counts.titles++
		return nil
	}
	h := mapHeader(cells, row, t.user)
	if h.ok() {
		return t.useHeader(h)
	}
	t.counts.titles++
	if t.best == nil || h.score() > t.best.score() {
		t.best = h
	}
	for _, c := range cells {
		if t.titles.Len() >= maxTitleText {
			break
		}
		if c = strings.TrimSpace(c); c != "" {
			t.titles.WriteString(c)
			t.titles.WriteByte(' ')
		}
	}
	return nil
}

// useHeader starts reading the records below header row h.
func (t *tableImport) useHeader(h *tableHeader) error {
	t.counts.headers++
	t.hdr = h
	t.years = yearHints{
		year:  t.opts.Year,
		title: spanFromText(t.titles.String()),
		sheet: spanFromText(t.sheet),
		file:  t.fileSpan,
	}
	if t.found {
		return nil
	}
	t.found = true
	for _, m := range t.missing {
		if err := t.rejectSheet(m); err != nil {
			return err
		}
	}
	t.missing = nil
	return nil
}

// endSheet finishes the sheet being read.
func (t *tableImport) endSheet() error {
	if !t.started || t.hdr != nil || t.nonBlank == 0 {
		return nil
	}
	m := missSheet{sheet: t.sheet, rows: t.nonBlank, best: t.best}
	if t.first == nil {
		t.first = &m
	}
	if t.found {
		return t.rejectSheet(m)
	}
	t.missing = append(t.missing, m)
	return nil
}

func (t *tableImport) finish() error {
	if err := t.endSheet(); err != nil {
		return err
	}
	if t.found {
		return nil
	}
	if t.first == nil {
		return fmt.Errorf("%w: the file has no rows", ErrNoHeader)
	}
	return noHeaderError(t.first.best, t.first.sheet)
}

func (t *tableImport) rejectSheet(m missSheet) error {
	t.counts.sheetRejects++
	reason := fmt.Sprintf("no header row in the first %d rows, %d rows not imported: %s",
		maxHeaderSearch, m.rows, describeCandidate(m.best))
	return t.sink.Reject(&leaktrail.Reject{Locator: leaktrail.Locator{Sheet: m.sheet}, Reason: reason})
}

// noHeaderError explains why no header row was found in sheet, from the
// best candidate row.
func noHeaderError(best *tableHeader, sheet string) error {
	where := "the first rows"
	if sheet != "" {
		where = fmt.Sprintf("the first rows of sheet %s", sheet)
	}
	return fmt.Errorf("%w: %s do not name a time and a number column; %s; name the columns with --map, e.g. %s",
		ErrNoHeader, where, describeCandidate(best), mapExample(best))
}

// describeCandidate lists the headers of the best candidate row, what they
// map to and which required columns are missing.
func describeCandidate(h *tableHeader) string {
	if h == nil {
		return "no row has text"
	}
	var found, mapped []string
	for i, name := range h.names {
		if name == "" {
			continue
		}
		if len(found) == 20 {
			found = append(found, "…")
			break
		}
		found = append(found, Excerpt(clip(name, 40)))
		for c, j := range h.idx {
			if j == i {
				mapped = append(mapped, fmt.Sprintf("%s=%s", Excerpt(clip(name, 40)), c))
			}
		}
	}
	slices.Sort(mapped)
	s := fmt.Sprintf("row %d has %s", h.row, strings.Join(quoteAll(found), ", "))
	if len(mapped) > 0 {
		s += fmt.Sprintf(" (known: %s)", strings.Join(mapped, ", "))
	}
	var miss []string
	if !h.hasTime() {
		miss = append(miss, "time (or date)")
	}
	if h.col(colNumber) < 0 {
		miss = append(miss, "number")
	}
	if len(miss) > 0 {
		s += "; missing: " + strings.Join(miss, ", ")
	}
	return s
}

// mapExample suggests a --map value, using the candidate's unknown headers
// for the missing columns where it has them.
func mapExample(h *tableHeader) string {
	var unknown []string
	if h != nil {
		for i, name := range h.names {
			if name == "" || strings.ContainsAny(name, ",=") || len(name) > 40 {
				continue
			}
			known := false
			for _, j := range h.idx {
				known = known || j == i
			}
			if !known {
				unknown = append(unknown, name)
			}
		}
	}
	var parts []string
	pick := func(col column, dflt string) {
		if len(unknown) > 0 {
			parts = append(parts, unknown[0]+"="+string(col))
			unknown = unknown[1:]
		} else {
			parts = append(parts, dflt+"="+string(col))
		}
	}
	if h == nil || h.col(colNumber) < 0 {
		pick(colNumber, "号码")
	}
	if h == nil || !h.hasTime() {
		pick(colTime, "时间")
	}
	if len(parts) == 0 {
		parts = []string{"号码=number", "时间=time"}
	}
	return "--map " + strings.Join(parts, ",")
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// rowExcerpt renders a row for a reject, its cells joined by commas.
func rowExcerpt(cells []string) string {
	var b strings.Builder
	for i, c := range cells {
		if b.Len() > maxExcerpt {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(clip(c, maxExcerpt+1))
	}
	return Excerpt(strings.TrimRight(b.String(), ","))
}

func (t *tableImport) reject(row int64, col, reason, excerpt string) error {
	return t.sink.Reject(&leaktrail.Reject{
		Locator: withColumn(rowLocator(t.sheet, row), col),
		Reason:  reason,
		Excerpt: excerpt,
	})
}

// cell returns the trimmed text of column c of a row, or "".
func (t *tableImport) cell(cells []string, c column) string {
	i := t.hdr.col(c)
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cleanCell(cells[i])
}

// cleanCell trims spaces (also U+3000 and non-breaking spaces), invisible
// format characters and a spreadsheet's text markers: a leading
// apostrophe and the ="..." formula CSV writers use to keep leading zeros.
func cleanCell(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isInvisibleRune(r) })
	if len(s) > 3 && strings.HasPrefix(s, `="`) && strings.HasSuffix(s, `"`) {
		s = s[2 : len(s)-1]
	} else if len(s) > 1 && s[0] == '\'' {
		s = s[1:]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// header returns the header text of column c, for reject locators.
func (t *tableImport) header(c column) string {
	if i := t.hdr.col(c); i >= 0 {
		return Excerpt(clip(t.hdr.names[i], 64))
	}
	return ""
}

// repeatedHeader reports whether a row repeats the header row, as bills
// printed page by page do.
func (t *tableImport) repeatedHeader(cells []string) bool {
	same := 0
	for i, c := range cells {
		if i < len(t.hdr.keys) && t.hdr.keys[i] != "" && strings.TrimSpace(c) == t.hdr.names[i] {
			same++
		}
	}
	return same >= 2
}

// footerWords start the footer and note rows of bills.
var footerWords = []string{
	"合计", "总计", "共计", "小计", "总条数", "总数", "本页合计", "累计",
	"注:", "注：", "注 ", "备注", "说明", "温馨提示", "提示", "以上",
	"total", "sum", "note",
}

// footerRow reports whether a row is a total or a note below a table: its
// first non-empty cell starts with a footer word and the row has no time.
func (t *tableImport) footerRow(cells []string) bool {
	first := -1
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return false
	}
	text := strings.ToLower(strings.TrimSpace(cells[first]))
	isFooter := false
	for _, w := range footerWords {
		if strings.HasPrefix(text, w) {
			isFooter = true
			break
		}
	}
	if !isFooter && strings.HasPrefix(text, "共") {
		// 共23条, 共 23 条记录
		rest := strings.TrimLeft(strings.TrimPrefix(text, "共"), " ")
		isFooter = rest != "" && rest[0] >= '0' && rest[0] <= '9'
	}
	if !isFooter {
		return false
	}
	for _, c := range []column{colTime, colDate, colClock} {
		if i := t.hdr.col(c); i >= 0 && i < len(cells) && i != first && strings.TrimSpace(cells[i]) != "" {
			return false
		}
	}
	return true
}

// record converts a row below the header into an event or a reject.
func (t *tableImport) record(cells []string, row int64) error {
	if blankRow(cells) || t.repeatedHeader(cells) || t.footerRow(cells) {
		t.counts.skipped++
		return nil
	}
	t.counts.records++
	ev := &t.ev
	*ev = leaktrail.Event{
		Kind:      leaktrail.KindCall,
		DurationS: -1,
		Locator:   rowLocator(t.sheet, row),
		Flags:     ev.Flags[:0],
	}
	if t.hdr.messages {
		ev.Kind = leaktrail.KindSMS
	}
	if t.hdr.carrier {
		ev.Witness = leaktrail.WitnessCarrier
	}
	if col, reason := t.fill(ev, cells); reason != "" {
		return t.reject(row, col, reason, rowExcerpt(cells))
	}
	slices.Sort(ev.Flags)
	ev.Flags = slices.Compact(ev.Flags)
	return t.sink.Event(ev)
}

// fill sets ev from a row. It returns the header of the offending column
// (or "") and a reason when the row cannot be imported.
func (t *tableImport) fill(ev *leaktrail.Event, cells []string) (string, string) {
	cell := func(c column) string { return t.cell(cells, c) }

	// Service and kind of communication.
	if svc := cell(colService); svc != "" {
		if reason := applyService(ev, svc); reason != "" {
			return t.header(colService), reason
		}
	}
	for _, c := range []column{colKind, colSMSType} {
		if k, ok := kindWord(cell(c)); ok {
			ev.Kind = k
			break
		}
	}

	// Time.
	at, dateOnly, col, reason := t.rowTime(cells)
	if reason != "" {
		return t.header(col), reason
	}
	ev.At = at
	if dateOnly {
		ev.Flags = append(ev.Flags, "time_of_day_unknown")
	}

	// Number.
	ev.NumberRaw, ev.Flags = cleanNumber(cell(colNumber), ev.Flags)

	// Duration, of calls only.
	if ev.Kind == leaktrail.KindCall && t.hdr.col(colDuration) >= 0 {
		raw := cell(colDuration)
		d, err := parseDuration(raw, t.hdr.unit)
		if err != nil {
			return t.header(colDuration), fmt.Sprintf("invalid duration %q: %v", Excerpt(clip(raw, 64)), err)
		}
		ev.DurationS = d
	}

	// Direction and status.
	word := cell(colDirection)
	if word == "" {
		// Some tables keep 主叫/被叫 in the call type or message type.
		for _, c := range []column{colCallType, colSMSType} {
			if w := cell(c); w != "" {
				if _, ok := parseDirection(w); ok {
					word = w
					break
				}
			}
		}
	}
	setDirection(ev, word, t.hdr.carrier)

	ev.ContactName = cell(colName)
	if ev.Kind != leaktrail.KindCall {
		if i := t.hdr.col(colBody); i >= 0 && i < len(cells) {
			ev.Body = strings.ToValidUTF8(cells[i], "\uFFFD")
		}
		ev.Subject = cell(colSubject)
	}
	return "", ""
}

// rowTime returns the time of a row in Unix milliseconds, from a
// combined date and time column or separate date and clock columns, and
// whether the row gave a date without a time of day. On error it returns
// the column to blame and the reason.
func (t *tableImport) rowTime(cells []string) (int64, bool, column, string) {
	hasT, hasD, hasC := t.hdr.col(colTime) >= 0, t.hdr.col(colDate) >= 0, t.hdr.col(colClock) >= 0
	// The column holding the date, and the one holding the time of day
	// when it is separate.
	dateCol, clockCol := colTime, column("")
	switch {
	case hasC && hasD:
		dateCol, clockCol = colDate, colClock
	case hasC && hasT:
		dateCol, clockCol = colTime, colClock
	case hasC:
		dateCol = colClock
	case hasT && hasD:
		dateCol, clockCol = colDate, colTime
	case hasD:
		dateCol = colDate
	}
	dateText := t.cell(cells, dateCol)
	clockText := ""
	if clockCol != "" {
		clockText = t.cell(cells, clockCol)
	}
	if dateText == "" && clockCol == colTime && clockText != "" {
		// An empty date next to a time column: the time may be complete.
		dateCol, dateText, clockCol, clockText = colTime, clockText, "", ""
	}
	if dateText == "" {
		return 0, false, dateCol, "no date and time"
	}
	invalid := func(text string, err error) string {
		return fmt.Sprintf("invalid time %q: %v", Excerpt(clip(text, 64)), err)
	}
	w, err := parseWall(dateText)
	if err != nil {
		return 0, false, dateCol, invalid(dateText, err)
	}
	if clockText != "" {
		c, err := parseWall(clockText)
		switch {
		case err != nil:
			return 0, false, clockCol, invalid(clockText, err)
		case clockCol == colTime && c.hasDate:
			w = c // the time column holds date and time: it wins
		case c.epochMS != 0 || c.hasDate || !c.hasClock:
			return 0, false, clockCol, invalid(clockText, errors.New("not a time of day"))
		case w.epochMS != 0:
			return 0, false, dateCol, invalid(dateText, errors.New("a timestamp next to a time of day"))
		default:
			w.hour, w.min, w.sec, w.nsec, w.hasClock = c.hour, c.min, c.sec, c.nsec, true
			if c.zone != nil {
				w.zone = c.zone
			}
		}
	}
	at, err := w.unixMilli(t.opts.Location, &t.years)
	switch {
	case errors.Is(err, errNoYear):
		return 0, false, dateCol, err.Error()
	case err != nil:
		return 0, false, dateCol, invalid(dateText, err)
	}
	return at, w.hasDate && !w.hasClock && w.epochMS == 0, "", ""
}

// rowLocator points at a row: by sheet and row in a workbook, by line in a
// CSV file (whose rows have no sheet).
func rowLocator(sheet string, row int64) leaktrail.Locator {
	if sheet == "" {
		return leaktrail.Locator{Line: row}
	}
	return leaktrail.Locator{Sheet: sheet, Row: row}
}

func withColumn(l leaktrail.Locator, col string) leaktrail.Locator {
	l.Column = col
	return l
}
