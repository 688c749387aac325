package ingest

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/leaktrail/leaktrail/phone"
	"golang.org/x/text/unicode/norm"

	"github.com/leaktrail/leaktrail"
)

// This file parses the cells of call and message tables: times, durations,
// direction words, services and numbers. CSV, spreadsheet and iMazing
// importers share these parsers.

// errNoYear is the reason given for a date written without its year when
// neither --year nor the file's titles, sheet or name tell the year.
var errNoYear = errors.New("date without year: pass --year")

// wallTime is a date and a time of day as a cell writes them.
type wallTime struct {
	year, month, day     int // year is 0 when the text has none
	hour, min, sec, nsec int
	hasDate, hasClock    bool
	// zone is the UTC offset the text names, or nil for local time.
	zone *time.Location
	// epochMS, when not 0, is the instant the text gave as a Unix
	// timestamp; the other fields are then unset.
	epochMS int64
}

var (
	// 2026-03-02, 2026/3/2, 2026.03.02, 2026年3月2日, 03-02, 3月2日
	dateRE = regexp.MustCompile(`^(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?`)
	// 13:13:40, 13:13, 13:13:40.123, 13时13分40秒, 下午1:13, 1:13 PM
	clockRE = regexp.MustCompile(`^(上午|下午|凌晨|早上|中午|晚上)?\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:[.,](\d{1,9}))?)?\s*[秒分]?\s*((?i:am|pm|a\.m\.|p\.m\.))?`)
	// Z, +08:00, +0800, +8, UTC+8, GMT+08:00
	zoneRE = regexp.MustCompile(`^(?i:utc|gmt)?\s*(?:(?i:z)|([+-])(\d{1,2})(?::?(\d{2}))?)$`)
)

// Excel's day 0 in the 1900 date system, as every reader counts it: day 60
// is the 1900-02-29 Lotus invented, so serials from 61 on, every date this
// program meets, count from 1899-12-30.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Excel serial dates accepted: 1982-02-18 to 2119-01-10.
const (
	minSerial = 30000
	maxSerial = 80000
)

// parseWall reads the date and time formats of phone exports and carrier
// bills: "2026-03-02 13:13:40", "2026/3/2 13:13", "2026年3月2日 13:13:40",
// "20260302131340", ISO 8601 with T and a zone, year-less "03-02 13:13:40"
// and "3月2日 13:13:40", a date or a time of day alone, Excel serial dates
// (45000.5417) and fractions of a day (0.5417), and Unix timestamps in
// seconds (10 digits) or milliseconds (13 digits).
func parseWall(s string) (wallTime, error) {
	s = strings.TrimSpace(s)
	if !isASCII(s) {
		s = strings.TrimSpace(norm.NFKC.String(s))
	}
	if s == "" {
		return wallTime{}, errors.New("empty")
	}
	if w, ok, err := parseNumericTime(s); ok {
		return w, err
	}
	var w wallTime
	rest := s
	if m := dateRE.FindStringSubmatch(rest); m != nil {
		w.hasDate = true
		if m[1] != "" {
			w.year = atoi(m[1])
		}
		w.month, w.day = atoi(m[2]), atoi(m[3])
		rest = strings.TrimLeft(rest[len(m[0]):], " \tTt")
	}
	if m := clockRE.FindStringSubmatch(rest); m != nil && rest != "" {
		w.hasClock = true
		w.hour, w.min = atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			w.sec = atoi(m[4])
		}
		if m[5] != "" {
			frac := m[5] + strings.Repeat("0", 9-len(m[5]))
			w.nsec = atoi(frac)
		}
		if err := w.meridiem(m[1], strings.ToLower(m[6])); err != nil {
			return wallTime{}, err
		}
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
	if rest != "" {
		m := zoneRE.FindStringSubmatch(rest)
		if m == nil || !w.hasClock {
			return wallTime{}, errors.New("not a date and time")
		}
		offset := 0
		if m[1] != "" {
			h, mm := atoi(m[2]), 0
			if m[3] != "" {
				mm = atoi(m[3])
			}
			if h > 14 || mm > 59 {
				return wallTime{}, fmt.Errorf("zone offset %s out of range", rest)
			}
			offset = h*3600 + mm*60
			if m[1] == "-" {
				offset = -offset
			}
		}
		w.zone = time.FixedZone("", offset)
	}
	if !w.hasDate && !w.hasClock {
		return wallTime{}, errors.New("not a date and time")
	}
	return w, w.check()
}

// meridiem applies a 上午/下午 prefix or an AM/PM suffix to the hour.
func (w *wallTime) meridiem(zh, en string) error {
	pm, am := false, false
	switch zh {
	case "下午", "晚上":
		pm = true
	case "中午":
		pm = w.hour < 11
	case "上午", "凌晨", "早上":
		am = true
	}
	switch en {
	case "pm", "p.m.":
		pm = true
	case "am", "a.m.":
		am = true
	}
	if !pm && !am {
		return nil
	}
	if en != "" && (w.hour < 1 || w.hour > 12) {
		return fmt.Errorf("hour %d with %s", w.hour, strings.ToUpper(en))
	}
	switch {
	case pm && w.hour < 12:
		w.hour += 12
	case am && w.hour == 12:
		w.hour = 0
	}
	return nil
}

// check validates the fields that are set; the day is checked against
// its month again once the year is known.
func (w wallTime) check() error {
	if w.hasDate {
		if w.month < 1 || w.month > 12 {
			return fmt.Errorf("month %d out of range", w.month)
		}
		if w.day < 1 || w.day > 31 {
			return fmt.Errorf("day %d out of range", w.day)
		}
	}
	if w.hasClock {
		if w.hour > 23 || w.min > 59 || w.sec > 59 {
			return fmt.Errorf("time of day %02d:%02d:%02d out of range", w.hour, w.min, w.sec)
		}
	}
	return nil
}

// parseNumericTime reads a cell made of digits and at most one dot. ok is
// false when s is not such a cell.
func parseNumericTime(s string) (w wallTime, ok bool, err error) {
	dot := strings.IndexByte(s, '.')
	digits := s
	if dot >= 0 {
		digits = s[:dot] + s[dot+1:]
	}
	if digits == "" || !allDigits(digits) || (dot >= 0 && (dot == 0 || dot == len(s)-1)) {
		return w, false, nil
	}
	if dot >= 0 || len(s) == 5 || s == "0" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return w, true, fmt.Errorf("not a number")
		}
		switch {
		case v >= 0 && v < 1:
			// A time of day as a fraction of a day.
			sec := int(math.Round(v * 86400))
			if sec >= 86400 {
				sec = 86399
			}
			w.hasClock = true
			w.hour, w.min, w.sec = sec/3600, sec/60%60, sec%60
			return w, true, nil
		case v >= minSerial && v <= maxSerial:
			days := math.Floor(v)
			sec := int64(math.Round((v - days) * 86400))
			t := excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(sec) * time.Second)
			w.hasDate = true
			w.year, w.month, w.day = t.Year(), int(t.Month()), t.Day()
			if v != days {
				w.hasClock = true
				w.hour, w.min, w.sec = t.Hour(), t.Minute(), t.Second()
			}
			return w, true, nil
		}
		return w, true, fmt.Errorf("number %s is neither an Excel date (%d to %d) nor a time of day", clip(s, 32), minSerial, maxSerial)
	}
	switch len(s) {
	case 14, 12, 8: // 20260302131340, 202603021313, 20260302
		w.hasDate = true
		w.year, w.month, w.day = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
		if len(s) > 8 {
			w.hasClock = true
			w.hour, w.min = atoi(s[8:10]), atoi(s[10:12])
			if len(s) == 14 {
				w.sec = atoi(s[12:14])
			}
		}
		return w, true, w.check()
	case 6: // 131340
		w.hasClock = true
		w.hour, w.min, w.sec = atoi(s[:2]), atoi(s[2:4]), atoi(s[4:6])
		return w, true, w.check()
	case 10: // Unix seconds
		w.epochMS = int64(atoi(s)) * 1000
		return w, true, nil
	case 13: // Unix milliseconds
		n, _ := strconv.ParseInt(s, 10, 64)
		w.epochMS = n
		return w, true, nil
	}
	return w, true, fmt.Errorf("number %s is not a date", clip(s, 32))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads a short string of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 18; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// unixMilli returns w as Unix milliseconds, reading local wall-clock time
// in loc and taking the year of a year-less date from years.
func (w wallTime) unixMilli(loc *time.Location, years *yearHints) (int64, error) {
	if w.epochMS != 0 {
		return w.epochMS, nil
	}
	if !w.hasDate {
		return 0, errors.New("time of day without a date")
	}
	y := w.year
	if y == 0 {
		var ok bool
		if y, ok = years.resolve(w.month, w.day); !ok {
			return 0, errNoYear
		}
	}
	if y < 1971 || y > 2199 {
		return 0, fmt.Errorf("year %d out of range", y)
	}
	if w.day > daysIn(w.month, y) {
		return 0, fmt.Errorf("day %d out of range for %d-%02d", w.day, y, w.month)
	}
	z := loc
	if w.zone != nil {
		z = w.zone
	}
	ms := time.Date(y, time.Month(w.month), w.day, w.hour, w.min, w.sec, w.nsec, z).UnixMilli()
	if ms <= 0 {
		return 0, fmt.Errorf("year %d out of range", y)
	}
	return ms, nil
}

// parseTableTime parses one cell holding a date and time; see parseWall.
func parseTableTime(s string, loc *time.Location, years *yearHints) (int64, error) {
	w, err := parseWall(s)
	if err != nil {
		return 0, err
	}
	return w.unixMilli(loc, years)
}

// civil is a calendar date.
type civil struct{ y, m, d int }

func (c civil) days() int64 {
	return time.Date(c.y, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func (c civil) valid() bool {
	return c.y >= 1900 && c.y <= 2199 && c.m >= 1 && c.m <= 12 && c.d >= 1 && c.d <= daysIn(c.m, c.y)
}

// dateSpan is the period a bill covers, inclusive; the zero value is no
// span.
type dateSpan struct{ from, to civil }

func (s dateSpan) ok() bool { return s.from.y != 0 }

// yearOf returns the year that puts month m, day d inside the span, or
// nearest to it.
func (s dateSpan) yearOf(m, d int) int {
	best, bestDist := s.from.y, int64(math.MaxInt64)
	lo, hi := s.from.days(), s.to.days()
	for y := s.from.y; y <= s.to.y && y <= s.from.y+10; y++ {
		c := civil{y, m, d}
		if !c.valid() {
			continue
		}
		n, dist := c.days(), int64(0)
		switch {
		case n < lo:
			dist = lo - n
		case n > hi:
			dist = n - hi
		}
		if dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// yearHints tell the year of dates written without one, in order of
// precedence: --year, the sheet's title rows, the sheet's name, the file's
// name.
type yearHints struct {
	year               int
	title, sheet, file dateSpan
}

func (h *yearHints) resolve(m, d int) (int, bool) {
	if h == nil {
		return 0, false
	}
	if h.year != 0 {
		return h.year, true
	}
	for _, s := range []dateSpan{h.title, h.sheet, h.file} {
		if s.ok() {
			return s.yearOf(m, d), true
		}
	}
	return 0, false
}

var (
	// 2020-03-01, 2020/3/1, 2020.03.01, 2020年3月1日
	spanDateRE = regexp.MustCompile(`((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
	// 2017年03月, 2026-03, 2026/3
	spanMonthRE = regexp.MustCompile(`((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})`)
	// 2026年
	spanYearRE = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	// what joins the two dates of a span
	spanJoinRE = regexp.MustCompile(`^\s*[日月]?\s*(?:到|至|~|～|-|—|–|−|to)?\s*$`)
)

// spanFromText finds the period a bill covers in its title rows, sheet
// name or file name: two dates ("从2020-03-01到2020-03-31", compact
// "20200301-20200331"), else a month ("2017年03月语音通信", "账期：2026年3月",
// "13800138000_202603_通话详单.xls"), else one date's month, else a year
// ("2026年").
func spanFromText(s string) dateSpan {
	if s == "" {
		return dateSpan{}
	}
	if len(s) > maxTitleText {
		s = clip(s, maxTitleText)
	}
	s = norm.NFKC.String(s)
	type found struct {
		c          civil
		start, end int
	}
	var dates []found
	blank := []byte(s)
	for _, m := range spanDateRE.FindAllStringSubmatchIndex(s, -1) {
		c := civil{atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])}
		if m[1] < len(s) && isDigit(s[m[1]]) || !c.valid() {
			continue
		}
		dates = append(dates, found{c, m[0], m[1]})
		for i := m[0]; i < m[1]; i++ {
			blank[i] = ' '
		}
	}
	// Compact dates and months: runs of 8 or 6 digits.
	var months []found
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		run := s[i:j]
		if blank[i] != ' ' && (len(run) == 6 || len(run) == 8) && (run[:2] == "19" || run[:2] == "20") {
			switch len(run) {
			case 8:
				if c := (civil{atoi(run[:4]), atoi(run[4:6]), atoi(run[6:8])}); c.valid() {
					dates = append(dates, found{c, i, j})
					copy(blank[i:j], strings.Repeat(" ", j-i))
				}
			case 6:
				if c := (civil{atoi(run[:4]), atoi(run[4:6]), 1}); c.valid() {
					months = append(months, found{c, i, j})
					copy(blank[i:j], strings.Repeat(" ", j-i))
				}
			}
		}
		i = j
	}
	rest := string(blank)
	for _, m := range spanMonthRE.FindAllStringSubmatchIndex(rest, -1) {
		c := civil{atoi(rest[m[2]:m[3]]), atoi(rest[m[4]:m[5]]), 1}
		if m[1] < len(rest) && isDigit(rest[m[1]]) || !c.valid() {
			continue
		}
		months = append(months, found{c, m[0], m[1]})
	}
	sortFound := func(fs []found) {
		for i := 1; i < len(fs); i++ {
			for j := i; j > 0 && fs[j].start < fs[j-1].start; j-- {
				fs[j], fs[j-1] = fs[j-1], fs[j]
			}
		}
	}
	sortFound(dates)
	sortFound(months)
	monthEnd := func(c civil) civil { return civil{c.y, c.m, daysIn(c.m, c.y)} }
	ordered := func(a, b civil) dateSpan {
		if b.days() < a.days() {
			a, b = b, a
		}
		return dateSpan{a, b}
	}
	if len(dates) >= 2 {
		for i := 0; i+1 < len(dates); i++ {
			if spanJoinRE.MatchString(s[dates[i].end:dates[i+1].start]) {
				return ordered(dates[i].c, dates[i+1].c)
			}
		}
		return ordered(dates[0].c, dates[1].c)
	}
	if len(months) >= 2 && spanJoinRE.MatchString(s[months[0].end:months[1].start]) {
		sp := ordered(months[0].c, months[1].c)
		return dateSpan{sp.from, monthEnd(sp.to)}
	}
	if len(months) >= 1 {
		return dateSpan{months[0].c, monthEnd(months[0].c)}
	}
	if len(dates) == 1 {
		c := civil{dates[0].c.y, dates[0].c.m, 1}
		return dateSpan{c, monthEnd(c)}
	}
	if m := spanYearRE.FindStringSubmatch(rest); m != nil {
		y := atoi(m[1])
		return dateSpan{civil{y, 1, 1}, civil{y, 12, 31}}
	}
	return dateSpan{}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// maxDuration is the longest duration accepted: a week.
const maxDuration = 7 * 24 * 3600

// durationUnits are the unit words of written durations.
var durationUnits = []struct {
	word string
	sec  int64
}{
	// Longer words first: 分钟 before 分, 小时 before 时, "sec" before "s".
	{"小时", 3600}, {"钟头", 3600}, {"hours", 3600}, {"hour", 3600}, {"hrs", 3600}, {"hr", 3600}, {"h", 3600}, {"时", 3600},
	{"分钟", 60}, {"minutes", 60}, {"minute", 60}, {"mins", 60}, {"min", 60}, {"m", 60}, {"分", 60}, {"'", 60},
	{"秒钟", 1}, {"seconds", 1}, {"second", 1}, {"secs", 1}, {"sec", 1}, {"s", 1}, {"秒", 1}, {"\"", 1},
}

// parseDuration reads a call's duration in seconds: "2分32秒", "15秒",
// "1小时2分3秒", "1时2分3秒", "00:08:42", "8:42", "83" (seconds, or minutes
// when unit says so), "1m23s", a fraction of a day below 1 as spreadsheets
// store times ("0.0579"). Empty text is -1, unknown.
func parseDuration(s string, unit durUnit) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" || s == "--" {
		return -1, nil
	}
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
	if strings.HasPrefix(s, "-") {
		return 0, errors.New("negative")
	}
	var total int64
	switch {
	case strings.Contains(s, ":"):
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, errors.New("not a duration")
		}
		last := parts[len(parts)-1]
		if i := strings.IndexByte(last, '.'); i >= 0 && allDigits(last[i+1:]) {
			last = last[:i] // drop fractions of a second
			parts[len(parts)-1] = last
		}
		mult := int64(1)
		for i := len(parts) - 1; i >= 0; i-- {
			p := parts[i]
			if !allDigits(p) || len(p) > 6 {
				return 0, errors.New("not a duration")
			}
			n := int64(atoi(p))
			if i > 0 && n > 59 {
				return 0, fmt.Errorf("%d out of range", n)
			}
			total += n * mult
			mult *= 60
		}
	case allDigits(s):
		if len(s) > 9 {
			return 0, errors.New("too long")
		}
		total = int64(atoi(s))
		if unit == unitMinutes {
			total *= 60
		}
	case isDecimal(s):
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v > maxDuration {
			return 0, errors.New("too long")
		}
		switch {
		case unit == unitMinutes:
			v *= 60
		case v < 1 && unit != unitSeconds:
			v *= 86400 // a spreadsheet time: a fraction of a day
		}
		total = int64(math.Round(v))
	default:
		var err error
		if total, err = parseUnitDuration(s); err != nil {
			return 0, err
		}
	}
	if total > maxDuration {
		return 0, fmt.Errorf("%d seconds is over a week", total)
	}
	return total, nil
}

func isDecimal(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && i < len(s)-1 && allDigits(s[:i]) && allDigits(s[i+1:])
}

// parseUnitDuration reads numbers followed by unit words: "1小时2分3秒",
// "2m32s".
func parseUnitDuration(s string) (int64, error) {
	var total int64
	seen := 0
	for s != "" {
		i := 0
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == 0 || i > 9 {
			return 0, errors.New("not a duration")
		}
		n := int64(atoi(s[:i]))
		s = s[i:]
		matched := false
		for _, u := range durationUnits {
			if strings.HasPrefix(s, u.word) {
				total += n * u.sec
				s = s[len(u.word):]
				matched = true
				break
			}
		}
		if !matched {
			return 0, errors.New("not a duration")
		}
		if seen++; seen > 4 || total > maxDuration {
			return 0, errors.New("not a duration")
		}
	}
	return total, nil
}

// direction is what a direction word says.
type direction struct {
	dir leaktrail.Direction
	// status is the outcome the word names, or "" when the duration and
	// the witness decide.
	status leaktrail.Status
	flag   string
}

var (
	dirOut       = direction{dir: leaktrail.DirOut}
	dirIn        = direction{dir: leaktrail.DirIn}
	dirAnswered  = direction{dir: leaktrail.DirIn, status: leaktrail.StatusAnswered}
	dirMissed    = direction{dir: leaktrail.DirIn, status: leaktrail.StatusMissed}
	dirRejected  = direction{dir: leaktrail.DirIn, status: leaktrail.StatusRejected}
	dirBlocked   = direction{dir: leaktrail.DirIn, status: leaktrail.StatusBlocked}
	dirVoicemail = direction{dir: leaktrail.DirIn, status: leaktrail.StatusVoicemail}
	dirForwarded = direction{dir: leaktrail.DirIn, flag: "forwarded"}
	dirCancelled = direction{dir: leaktrail.DirOut, status: leaktrail.StatusMissed}
	dirDraft     = direction{dir: leaktrail.DirOut, status: leaktrail.StatusDraft}
	dirFailed    = direction{dir: leaktrail.DirOut, status: leaktrail.StatusFailed}
	dirQueued    = direction{dir: leaktrail.DirOut, status: leaktrail.StatusQueued}
)

// directionWords maps direction words, lower case without spaces, as
// carriers, phones and apps write them.
var directionWords = map[string]direction{
	"主叫": dirOut, "呼出": dirOut, "拨出": dirOut, "已拨": dirOut, "已拨电话": dirOut, "去电": dirOut,
	"呼出电话": dirOut, "拨打": dirOut, "outgoing": dirOut, "out": dirOut, "outbound": dirOut,
	"dialed": dirOut, "dialled": dirOut, "发送": dirOut, "已发送": dirOut, "发出": dirOut, "发件": dirOut,
	"已发": dirOut, "发": dirOut, "sent": dirOut, "send": dirOut, "mo": dirOut,

	"被叫": dirIn, "呼入": dirIn, "来电": dirIn, "呼入电话": dirIn, "incoming": dirIn, "in": dirIn,
	"inbound": dirIn, "接收": dirIn, "已接收": dirIn, "收到": dirIn, "收件": dirIn, "收": dirIn,
	"received": dirIn, "receive": dirIn, "mt": dirIn, "已读": dirIn, "未读": dirIn,

	"已接": dirAnswered, "已接来电": dirAnswered, "已接听": dirAnswered, "接听": dirAnswered, "answered": dirAnswered,
	"未接": dirMissed, "未接来电": dirMissed, "未接听": dirMissed, "missed": dirMissed,
	"拒接": dirRejected, "已拒接": dirRejected, "拒绝": dirRejected, "已拒绝": dirRejected,
	"rejected": dirRejected, "declined": dirRejected, "refused": dirRejected,
	"已拦截": dirBlocked, "拦截": dirBlocked, "黑名单": dirBlocked, "骚扰拦截": dirBlocked, "blocked": dirBlocked,
	"呼转": dirForwarded, "呼叫转移": dirForwarded, "转接": dirForwarded, "forwarded": dirForwarded,
	"语音信箱": dirVoicemail, "voicemail": dirVoicemail,
	"cancelled": dirCancelled, "canceled": dirCancelled, "已取消": dirCancelled, "取消": dirCancelled,
	"草稿": dirDraft, "draft": dirDraft,
	"发送失败": dirFailed, "失败": dirFailed, "failed": dirFailed,
	"待发送": dirQueued, "outbox": dirQueued, "queued": dirQueued,

	// Traditional characters.
	"撥出": dirOut, "已撥": dirOut, "發送": dirOut, "已發送": dirOut, "來電": dirIn,
	"已接來電": dirAnswered, "未接來電": dirMissed, "已攔截": dirBlocked, "攔截": dirBlocked,
}

// directionParts are looked for inside compound words ("国内主叫", "被叫
// (漫游)", "Missed call"), in this order.
var directionParts = []struct {
	part string
	d    direction
}{
	{"呼转", dirForwarded}, {"转移", dirForwarded}, {"转接", dirForwarded}, {"forward", dirForwarded},
	{"未接", dirMissed}, {"missed", dirMissed},
	{"拒接", dirRejected}, {"拒绝", dirRejected}, {"reject", dirRejected}, {"decline", dirRejected},
	{"拦截", dirBlocked}, {"block", dirBlocked},
	{"失败", dirFailed}, {"fail", dirFailed},
	{"草稿", dirDraft},
	{"cancel", dirCancelled},
	{"主叫", dirOut}, {"被叫", dirIn},
	{"呼出", dirOut}, {"拨出", dirOut}, {"去电", dirOut}, {"outgoing", dirOut},
	{"呼入", dirIn}, {"来电", dirIn}, {"incoming", dirIn},
	{"已接", dirAnswered}, {"answered", dirAnswered},
	{"发送", dirOut}, {"接收", dirIn}, {"發送", dirOut}, {"撥出", dirOut}, {"來電", dirIn},
}

// parseDirection reads a direction word.
func parseDirection(s string) (direction, bool) {
	key := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || isInvisibleRune(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s)))
	if key == "" || len(key) > 64 {
		return direction{}, false
	}
	if d, ok := directionWords[key]; ok {
		return d, true
	}
	for _, p := range directionParts {
		if strings.Contains(key, p.part) {
			return p.d, true
		}
	}
	return direction{}, false
}

// isAndroidType reports whether s is a numeric Android type (CallLog or
// Telephony.Sms), as CSV exports of call logs write it.
func isAndroidType(s string) bool {
	return len(s) >= 1 && len(s) <= 2 && allDigits(s)
}

// setDirection sets ev's direction and status from a direction word; the
// kind and duration of ev must be set. Calls in a carrier bill connected:
// they are answered whatever their duration. Other calls are answered when
// they lasted, or for incoming calls when the duration is unknown; an
// incoming call of 0 seconds and an outgoing call not known to have
// lasted are missed. An unknown word leaves the direction empty with flag
// "direction_unknown".
func setDirection(ev *leaktrail.Event, word string, carrier bool) {
	word = strings.TrimSpace(word)
	if word == "" {
		return
	}
	call := ev.Kind == leaktrail.KindCall
	if isAndroidType(word) {
		if call {
			setCallType(ev, word)
		} else {
			setSMSType(ev, word)
		}
		return
	}
	d, ok := parseDirection(word)
	if !ok {
		ev.Flags = append(ev.Flags, "direction_unknown")
		return
	}
	ev.Direction = d.dir
	if d.flag != "" {
		ev.Flags = append(ev.Flags, d.flag)
	}
	if !call {
		switch {
		case d.status == leaktrail.StatusDraft || d.status == leaktrail.StatusFailed || d.status == leaktrail.StatusQueued:
			ev.Status = d.status
		case d.dir == leaktrail.DirOut:
			ev.Status = leaktrail.StatusSent
		default:
			ev.Status = leaktrail.StatusReceived
		}
		return
	}
	switch {
	case d.status != "" && d.status != leaktrail.StatusDraft && d.status != leaktrail.StatusQueued:
		ev.Status = d.status
		if d.status == leaktrail.StatusFailed {
			ev.Status = leaktrail.StatusMissed
		}
	case carrier:
		ev.Status = leaktrail.StatusAnswered
	case d.dir == leaktrail.DirOut:
		ev.Status = leaktrail.StatusMissed
		if ev.DurationS > 0 {
			ev.Status = leaktrail.StatusAnswered
		}
	default:
		ev.Status = leaktrail.StatusAnswered
		if ev.DurationS == 0 {
			ev.Status = leaktrail.StatusMissed
		}
	}
	ringTime(ev)
}

// kindWord reads a kind of communication from a 业务类型 or 信息类型 cell:
// 语音, 短信, 彩信, SMS, MMS ...
func kindWord(s string) (leaktrail.Kind, bool) {
	if s == "" {
		return "", false
	}
	k := strings.ToLower(s)
	switch {
	case strings.Contains(k, "彩信") || strings.Contains(k, "mms"):
		return leaktrail.KindMMS, true
	case strings.Contains(k, "短信") || strings.Contains(k, "sms") || strings.Contains(k, "imessage") ||
		strings.Contains(k, "rcs") || strings.Contains(k, "信息") || strings.Contains(k, "消息") || strings.Contains(k, "message"):
		return leaktrail.KindSMS, true
	case strings.Contains(k, "语音") || strings.Contains(k, "通话") || strings.Contains(k, "电话") ||
		strings.Contains(k, "呼叫") || strings.Contains(k, "call") || strings.Contains(k, "voice"):
		return leaktrail.KindCall, true
	}
	return "", false
}

// apps are the services of call and message exports that are not the
// phone network: their records are not phone calls or text messages.
var apps = []struct{ key, name string }{
	{"whatsapp", "WhatsApp"}, {"signal", "Signal"}, {"telegram", "Telegram"}, {"skype", "Skype"},
	{"teams", "Teams"}, {"wechat", "WeChat"}, {"weixin", "WeChat"}, {"微信", "WeChat"},
	{"viber", "Viber"}, {"messenger", "Messenger"}, {"zoom", "Zoom"}, {"snapchat", "Snapchat"},
	{"discord", "Discord"}, {"slack", "Slack"}, {"kakaotalk", "KakaoTalk"}, {"dingtalk", "DingTalk"},
	{"钉钉", "DingTalk"}, {"googlemeet", "Google Meet"}, {"googleduo", "Google Duo"},
	{"instagram", "Instagram"}, {"facebook", "Facebook"}, {"webex", "Webex"},
}

// appsExact are app names too short to look for inside other words.
var appsExact = map[string]string{"line": "LINE", "qq": "QQ", "imo": "imo", "duo": "Google Duo", "meet": "Google Meet"}

// applyService reads a service cell. Third-party apps give a reject reason
// ("WhatsApp call: not a phone call"); Apple's iMessage and FaceTime and
// RCS are kept, flagged; MMS makes a message an MMS.
func applyService(ev *leaktrail.Event, svc string) string {
	key := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' {
			return -1
		}
		return r
	}, svc))
	name := appsExact[key]
	for _, a := range apps {
		if name == "" && strings.Contains(key, a.key) {
			name = a.name
		}
	}
	if name == "" {
		if v, ok := strings.CutSuffix(key, "audio"); ok {
			name = appsExact[v]
		} else if v, ok := strings.CutSuffix(key, "video"); ok {
			name = appsExact[v]
		}
	}
	if name != "" {
		if ev.Kind == leaktrail.KindCall {
			return name + " call: not a phone call"
		}
		return name + " message: not an SMS"
	}
	switch {
	case strings.Contains(key, "facetime"):
		ev.Flags = append(ev.Flags, "facetime")
	case strings.Contains(key, "imessage"):
		ev.Flags = append(ev.Flags, "imessage")
	case strings.Contains(key, "rcs"):
		ev.Flags = append(ev.Flags, "rcs")
	case key == "mms" || strings.Contains(key, "彩信"):
		if ev.Kind != leaktrail.KindCall {
			ev.Kind = leaktrail.KindMMS
		}
	}
	return ""
}

// cleanNumber repairs a peer number as a table holds it: a masked number
// ("138****8000", "***") is kept as written and flagged "masked_number";
// a landline number that lost its leading 0 in a numeric cell gets it back,
// flagged "leading_zero_restored". "0086" and "+86" prefixes are left to
// the phone normalizer.
func cleanNumber(raw string, flags []string) (string, []string) {
	if strings.Contains(raw, "*") {
		return raw, append(flags, "masked_number")
	}
	if restoresLeadingZero(raw) {
		return "0" + raw, append(flags, "leading_zero_restored")
	}
	return raw, flags
}

// restoresLeadingZero reports whether d is a Chinese landline number
// written without its trunk prefix 0: the two-digit area code 10 or 2x
// followed by an 8-digit local number, or a three-digit area code
// libphonenumber knows (3xx to 9xx) followed by a 7 or 8 digit local
// number. Local numbers start with 2 to 9. Mobiles (11 digits from 13 to
// 19) and short codes never match; 10 digits from 106 are read as Beijing
// 010-6xxxxxxx, the common case in call logs, though a 106 SMS gateway can
// have 10 digits too.
func restoresLeadingZero(d string) bool {
	if (len(d) != 10 && len(d) != 11) || !allDigits(d) {
		return false
	}
	area := 3
	switch {
	case d[0] == '1' && d[1] == '0', d[0] == '2':
		area = 2
		if len(d) != 10 {
			return false
		}
	case d[0] >= '3':
	default:
		return false
	}
	return d[area] >= '2' && phone.IsAreaCode(d[:area])
}
