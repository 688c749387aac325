// Package report renders a case's evidence package: the HTML report (and
// its PDF), the XLSX workbook, the JSON and CSV timelines, the complaint
// draft, and the manifest that verify checks. Every renderer reads the
// same Data, loaded once from the case database after analysis.
package report

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/classify"
	"github.com/leaktrail/leaktrail/sqlite"
)

// Options choose what a report shows and how.
type Options struct {
	// Lang is "zh" (the default) or "en".
	Lang string
	// Mask writes the shareable version: third parties' numbers and names
	// are masked (138****8000, 张*); collectors, institutions and the
	// phones' owners are not.
	Mask bool
	// Now is the generation time, written only in the manifest.
	Now time.Time
}

// Data is everything the renderers show, loaded from an analyzed case.
// The timeline is not held in memory: Events streams it.
type Data struct {
	Lang     string
	Mask     bool
	Now      time.Time
	Loc      *time.Location
	Analysis *classify.Analysis
	Sources  []Source
	// Days is the daily series of collection activity, from the earlier
	// of the leak and the first collector contact to the last.
	Days []Day
	// Collectors are the numbers categorized collection, as in Analysis
	// (masking does not apply to them).
	Collectors []classify.Number
	// ThirdParty sums up what reached people other than the debtor.
	ThirdParty ThirdParty

	db      *sqlite.DB
	numbers map[string]classify.Number
	spool   *eventSpool
	ahead   chan struct{} // closed when primeAhead's pass ends; nil when none ran
}

// Source is an imported file as the manifest lists it.
type Source struct {
	leaktrail.Source
	// Rejects are the first rejected records (at most maxRejects), with
	// their positions; Source.Rejected counts them all.
	Rejects []leaktrail.Reject
}

const maxRejects = 50

// Day is one local day of the chart.
type Day struct {
	Date       string // 2006-01-02
	Calls      int    // collection calls to the debtor's phone
	Messages   int    // collection messages to the debtor's phone
	ThirdParty int    // collector calls and messages on other phones
	Onset      bool   // the day the harassment began
	Leak       bool   // the day of the loan that leaked the contacts
}

// ThirdParty is the evidence that collectors reached other people.
type ThirdParty struct {
	Phones  []string // other phones collectors reached, sorted
	Numbers int      // collector numbers seen on them
	Events  int      // their calls and messages there
	Relays  int      // messages in which someone relays a collector's contact
}

// Event is one line of the timeline.
type Event struct {
	ID          int64
	Time        time.Time // in the case's zone
	Phone       string    // whose phone recorded it
	Kind        string    // call, sms, mms
	Direction   string    // in, out, ""
	Status      string
	Number      string // as shown: masked when the report is and the number is a third party's
	Category    string // the number's category
	ContactName string // as shown: masked likewise
	DurationS   int64  // calls; -1 unknown
	Body        string
	Labels      []string
	// Witnesses say who recorded it: "phone" (the phone's log) and
	// "carrier" (the carrier's detail bill), sorted.
	Witnesses []string
	Source    string // file name
	Locator   string // where in the file
	// Why says why the event is evidence: "collector", "relay", "loan".
	Why string
}

// Load reads an analyzed case. It fails with classify.ErrNotAnalyzed when
// analyze has not run.
func Load(ctx context.Context, db *sqlite.DB, opts Options) (*Data, error) {
	lang := opts.Lang
	if lang != "en" {
		lang = "zh"
	}
	r, err := classify.Open(ctx, db, lang)
	if err != nil {
		return nil, err
	}
	facts := r.Facts()
	loc, err := time.LoadLocation(facts.Timezone)
	if err != nil {
		return nil, fmt.Errorf("case time zone: %w", err)
	}
	d := &Data{Lang: lang, Mask: opts.Mask, Now: opts.Now, Loc: loc, db: db,
		numbers: map[string]classify.Number{}}
	if !d.Mask {
		// The timeline's SQLite pass, the longest part of a report, runs
		// on a second handle while the rest is read. (A masked report
		// masks the timeline by the numbers read below.)
		d.primeAhead(ctx, leakIDs(facts))
	}
	a, err := classify.Load(ctx, db, lang)
	if err != nil {
		d.Close()
		return nil, err
	}
	d.Analysis = a
	for _, n := range a.Numbers {
		d.numbers[n.Number] = n
	}
	if d.Mask {
		d.maskAnalysis()
	}
	for _, n := range a.Numbers {
		if n.Category == "collection" {
			d.Collectors = append(d.Collectors, n)
		}
	}
	srcs, err := db.Sources(ctx)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("read sources: %w", err)
	}
	for _, s := range srcs {
		if !s.Complete {
			continue
		}
		src := Source{Source: s}
		if s.Rejected > 0 {
			rs, err := db.Rejects(ctx, s.ID)
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("read rejects: %w", err)
			}
			src.Rejects = rs[:min(len(rs), maxRejects)]
			if d.Mask {
				// An excerpt is raw text of the export: leave it out of
				// the shared copy; a reason may quote a value.
				for i := range src.Rejects {
					src.Rejects[i].Excerpt = ""
					src.Rejects[i].Reason = d.maskDigits(src.Rejects[i].Reason)
				}
			}
		}
		d.Sources = append(d.Sources, src)
	}
	if err := d.loadDays(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("daily series: %w", err)
	}
	if err := d.loadThirdParty(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("third parties: %w", err)
	}
	return d, nil
}

// loadDays builds the chart's daily series in the case's zone.
func (d *Data) loadDays(ctx context.Context) error {
	owner := d.Analysis.Owner
	counts := map[string]*Day{}
	var first, last string
	// Events in table order (mostly in time order within a file): the
	// local day is worked out again only when an event falls outside the
	// last one's.
	var day *Day
	var dayStart, dayEnd int64
	err := d.query(ctx, `SELECT e.at, e.phone, e.kind FROM events e JOIN numbers n ON n.number = e.number
		WHERE n.category = 'collection' AND e.direction = 'in' AND e.same_as IS NULL`, func(rows *sql.Rows) error {
		var at int64
		var ph, kind string
		if err := rows.Scan(&at, &ph, &kind); err != nil {
			return err
		}
		if day == nil || at < dayStart || at >= dayEnd {
			t := time.UnixMilli(at).In(d.Loc)
			y, m, dd := t.Date()
			dayStart = time.Date(y, m, dd, 0, 0, 0, 0, d.Loc).UnixMilli()
			dayEnd = time.Date(y, m, dd+1, 0, 0, 0, 0, d.Loc).UnixMilli()
			date := t.Format(time.DateOnly)
			if day = counts[date]; day == nil {
				day = &Day{Date: date}
				counts[date] = day
			}
		}
		date := day.Date
		switch {
		case ph != owner:
			day.ThirdParty++
		case kind == "call":
			day.Calls++
		default:
			day.Messages++
		}
		if first == "" || date < first {
			first = date
		}
		if date > last {
			last = date
		}
		return nil
	})
	if err != nil || first == "" {
		return err
	}
	if l := d.Analysis.Leak; l != nil && l.Date < first {
		first = l.Date
	}
	start, err := time.Parse(time.DateOnly, first)
	if err != nil {
		return err
	}
	end, err := time.Parse(time.DateOnly, last)
	if err != nil {
		return err
	}
	for t := start; !t.After(end); t = t.AddDate(0, 0, 1) {
		date := t.Format(time.DateOnly)
		day := Day{Date: date}
		if c := counts[date]; c != nil {
			day = *c
		}
		day.Onset = d.Analysis.Onset != nil && d.Analysis.Onset.Date == date
		day.Leak = d.Analysis.Leak != nil && d.Analysis.Leak.Date == date
		d.Days = append(d.Days, day)
	}
	return nil
}

func (d *Data) loadThirdParty(ctx context.Context) error {
	tp := &d.ThirdParty
	owner := d.Analysis.Owner
	err := d.query(ctx, `SELECT e.phone, count(DISTINCT e.number), count(*) FROM events e JOIN numbers n ON n.number = e.number
		WHERE n.category = 'collection' AND e.phone <> ? AND e.same_as IS NULL
		GROUP BY e.phone ORDER BY e.phone`, func(rows *sql.Rows) error {
		var ph string
		var nums, evs int
		if err := rows.Scan(&ph, &nums, &evs); err != nil {
			return err
		}
		tp.Phones = append(tp.Phones, ph)
		tp.Numbers += nums
		tp.Events += evs
		return nil
	}, owner)
	if err != nil {
		return err
	}
	return d.db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM event_labels l JOIN events e ON e.id = l.event_id
		WHERE l.relay AND e.direction = 'in' AND e.same_as IS NULL`).Scan(&tp.Relays)
}

// Events streams the evidence timeline in time order: every call and
// message of a collector number on any phone, every relay, and the loan
// notices of the leak. Ordinary traffic (family, friends, shops) is not
// evidence and is left out.
//
// The first pass reads SQLite, which costs most of a pass (an ordered scan
// of the case with lookups in four tables); it copies what it reads into
// a temporary file that later passes (each renderer reads the timeline at
// least once) replay instead.
func (d *Data) Events(ctx context.Context, fn func(Event) error) error {
	d.waitAhead()
	if d.primed() {
		return d.spool.replay(ctx, d.Loc, fn)
	}
	return d.readEvents(ctx, d.db, leakIDs(d.Analysis), fn)
}

// readEvents is the SQLite pass of Events on handle db, copied into the
// spool as it goes.
func (d *Data) readEvents(ctx context.Context, db *sqlite.DB, leak string, fn func(Event) error) error {
	w := d.startSpool()
	err := d.queryEvents(ctx, db, leak, func(e Event) error {
		if w != nil {
			w.add(&e)
		}
		return fn(e)
	})
	if w != nil {
		w.finish(err == nil)
	}
	return err
}

// primeAhead starts the timeline's SQLite pass on a second handle, in the
// background; Events and Prime wait for it. Without a second handle (an
// in-memory case) it does nothing and the first Events call reads SQLite.
func (d *Data) primeAhead(ctx context.Context, leak string) {
	ro, err := d.db.ReadOnly(ctx)
	if err != nil {
		return
	}
	d.ahead = make(chan struct{})
	go func() {
		defer close(d.ahead)
		defer ro.Close()
		// An error leaves no copy: Events then reads SQLite itself.
		d.readEvents(ctx, ro, leak, func(Event) error { return nil })
	}()
}

// waitAhead waits for primeAhead's pass, if one runs.
func (d *Data) waitAhead() {
	if d.ahead != nil {
		<-d.ahead
	}
}

// Prime reads the timeline once, so that Events calls after it replay the
// copy; only then may renderers run on several goroutines at a time.
func (d *Data) Prime(ctx context.Context) error {
	d.waitAhead()
	if d.primed() {
		return nil
	}
	return d.Events(ctx, func(Event) error { return nil })
}

// primed says whether Events replays a copy of the timeline.
func (d *Data) primed() bool { return d.spool != nil && d.spool.done }

// Close releases the copy of the timeline Events keeps.
func (d *Data) Close() error {
	d.waitAhead()
	if d.spool == nil {
		return nil
	}
	err := d.spool.f.Close()
	os.Remove(d.spool.f.Name()) // where it could not be unlinked while open
	d.spool = nil
	return err
}

func (d *Data) queryEvents(ctx context.Context, db *sqlite.DB, leak string, fn func(Event) error) error {
	return sqlite.EachRow(ctx, db.SQL(), `SELECT e.id, e.at, e.phone, e.kind, e.direction, e.status, e.number, coalesce(n.category, 'unknown'),
			e.contact_name, e.duration_s, e.body, coalesce(l.labels, ''), e.witness,
			EXISTS (SELECT 1 FROM events c WHERE c.same_as = e.id), s.name, e.locator
		FROM events e
		JOIN sources s ON s.id = e.source_id
		LEFT JOIN numbers n ON n.number = e.number
		LEFT JOIN event_labels l ON l.event_id = e.id
		WHERE e.same_as IS NULL AND (n.category = 'collection' OR coalesce(l.relay, 0) = 1 OR e.id IN (SELECT value FROM json_each(?)))
		ORDER BY e.at, e.id`, func(rows *sql.Rows) error {
		var e Event
		var at int64
		var dur sql.NullInt64
		var labels, witness string
		var confirmed bool
		if err := rows.Scan(&e.ID, &at, &e.Phone, &e.Kind, &e.Direction, &e.Status, &e.Number, &e.Category,
			&e.ContactName, &dur, &e.Body, &labels, &witness, &confirmed, &e.Source, &e.Locator); err != nil {
			return err
		}
		e.Time = time.UnixMilli(at).In(d.Loc)
		e.DurationS = -1
		if dur.Valid {
			e.DurationS = dur.Int64
		}
		e.Labels = strings.Fields(labels)
		e.Witnesses = []string{witness}
		if confirmed && witness != string(leaktrail.WitnessCarrier) {
			e.Witnesses = append(e.Witnesses, string(leaktrail.WitnessCarrier))
		}
		slices.Sort(e.Witnesses)
		switch {
		case e.Category == "collection":
			e.Why = "collector"
		case slices.Contains(e.Labels, string(leaktrail.LabelRelay)):
			e.Why = "relay"
		default:
			e.Why = "loan"
		}
		if d.Mask {
			if thirdParty(e.Category) {
				e.Number = MaskNumber(e.Number)
			}
			// A group message's contact names list the other members,
			// people whatever the sender is.
			e.ContactName = MaskName(d.maskDigits(e.ContactName))
			e.Body = d.maskDigits(e.Body)
		}
		return fn(e)
	}, leak)
}

// leakIDs lists the ids of the leak's loan notices as a JSON array, for
// json_each.
func leakIDs(a *classify.Analysis) string {
	var b strings.Builder
	b.WriteByte('[')
	var keys []int64
	if a.Leak != nil {
		for _, e := range a.Leak.Events {
			keys = append(keys, e.ID)
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	for i, id := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	b.WriteByte(']')
	return b.String()
}

func (d *Data) query(ctx context.Context, q string, row func(*sql.Rows) error, args ...any) error {
	return sqlite.EachRow(ctx, d.db.SQL(), q, row, args...)
}

// Number returns what analysis concluded about a canonical number.
func (d *Data) Number(n string) (classify.Number, bool) {
	x, ok := d.numbers[n]
	return x, ok
}

// thirdParty says whether a number of this category belongs to a person
// whose privacy a shared copy must protect: the debtor's family, friends
// and strangers, not collectors, institutions, spammers or scammers.
func thirdParty(category string) bool {
	return category == "contact" || category == "unknown"
}

// maskAnalysis masks third parties in the analysis itself.
func (d *Data) maskAnalysis() {
	a := d.Analysis
	for i := range a.Numbers {
		n := &a.Numbers[i]
		if thirdParty(n.Category) {
			n.Number = MaskNumber(n.Number)
			n.ContactName = MaskName(n.ContactName)
			n.Reasons = []string{}
			continue
		}
		// A collector's saved name can hold people's names and numbers
		// (a group message's members): mask it, also where reasons quote it.
		if n.ContactName != "" {
			masked := MaskName(d.maskDigits(n.ContactName))
			reasons := make([]string, len(n.Reasons))
			for j, r := range n.Reasons {
				reasons[j] = strings.ReplaceAll(r, n.ContactName, masked)
			}
			n.ContactName, n.Reasons = masked, reasons
		}
	}
	for i := range a.Violations {
		for j := range a.Violations[i].Findings {
			f := &a.Violations[i].Findings[j]
			if x, ok := d.numbers[f.Number]; ok && thirdParty(x.Category) {
				f.Number = MaskNumber(f.Number)
			}
		}
	}
}

// MaskNumber hides the middle of a number: +8613800138000 becomes
// +86138****8000; numbers of 7 digits or fewer keep only their last two.
func MaskNumber(n string) string {
	prefix := ""
	if strings.HasPrefix(n, "+86") {
		prefix, n = "+86", n[3:]
	}
	r := []rune(n)
	switch {
	case len(r) >= 11:
		return prefix + string(r[:3]) + "****" + string(r[len(r)-4:])
	case len(r) > 7:
		return prefix + string(r[:2]) + strings.Repeat("*", len(r)-6) + string(r[len(r)-4:])
	case len(r) > 2:
		return prefix + strings.Repeat("*", len(r)-2) + string(r[len(r)-2:])
	}
	return prefix + n
}

// MaskName keeps a name's first character: 张三丰 becomes 张**, Amy A**.
func MaskName(name string) string {
	if name == "" {
		return ""
	}
	parts := strings.Split(name, " / ")
	for i, p := range parts {
		n := utf8.RuneCountInString(p)
		if n == 0 {
			continue
		}
		first, _ := utf8.DecodeRuneInString(p)
		parts[i] = string(first) + strings.Repeat("*", max(n-1, 1))
	}
	return strings.Join(parts, " / ")
}

// phoneDigits finds mobile numbers written in a text.
var phoneDigits = regexp.MustCompile(`1[3-9]\d{9}`)

// maskDigits masks the mobile numbers a message's text quotes, except
// collectors' own.
func (d *Data) maskDigits(s string) string {
	return phoneDigits.ReplaceAllStringFunc(s, func(m string) string {
		if n, ok := d.numbers["+86"+m]; ok && !thirdParty(n.Category) {
			return m
		}
		return MaskNumber(m)
	})
}

// ErrNotAnalyzed is classify's: a report needs an analyzed case.
var ErrNotAnalyzed = classify.ErrNotAnalyzed
