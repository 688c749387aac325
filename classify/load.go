package classify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail/sqlite"
)

// Analysis is what analyze concluded about a case, as the JSON contract of
// DESIGN.md gives it ("leaktrail analyze --json"). Words (reasons,
// evidence, titles) are in the language Load was asked for.
type Analysis struct {
	Timezone   string      `json:"timezone"`
	Owner      string      `json:"owner"`
	Onset      *OnsetFact  `json:"onset"`
	Leak       *LeakFact   `json:"leak"`
	Platforms  []string    `json:"platforms"`
	Numbers    []Number    `json:"numbers"`
	Violations []Violation `json:"violations"`
	Counts     Counts      `json:"counts"`
}

// OnsetFact is the day the harassment began on the owner's phone.
type OnsetFact struct {
	Date       string   `json:"date"`
	RateBefore float64  `json:"rate_before"` // collection calls and messages a day before
	RateAfter  float64  `json:"rate_after"`  // and after
	LLR        float64  `json:"llr"`         // log-likelihood ratio of the change
	Evidence   string   `json:"evidence"`
	FirstEvent EventRef `json:"first_event"`
}

// LeakFact is the loan whose contacts list the collectors use.
type LeakFact struct {
	Date     string     `json:"date"`
	Platform string     `json:"platform"`
	Evidence string     `json:"evidence"`
	Events   []EventRef `json:"events"`
}

// EventRef points at one event and where it came from.
type EventRef struct {
	ID        int64  `json:"id"`
	Time      string `json:"time"` // RFC 3339 in the case's zone
	Phone     string `json:"phone"`
	Kind      string `json:"kind"`
	Direction string `json:"direction"`
	Number    string `json:"number"`
	Source    string `json:"source"`  // the file's name
	Locator   string `json:"locator"` // where in the file
	Rule      string `json:"rule,omitempty"`
}

// Number is one number's conclusion and its reasons.
type Number struct {
	Number      string     `json:"number"`
	Category    string     `json:"category"`
	Score       float64    `json:"score"`
	FirstSeen   string     `json:"first_seen"`
	LastSeen    string     `json:"last_seen"`
	Calls       int        `json:"calls"`
	Messages    int        `json:"messages"`
	Phones      []string   `json:"phones"`
	Reasons     []string   `json:"reasons"`
	Class       string     `json:"class"`
	ContactName string     `json:"contact_name,omitempty"`
	Evidence    []Evidence `json:"evidence"`
	Features    Features   `json:"features"`
}

// Evidence is one fact behind a score, with its points.
type Evidence struct {
	Code   string  `json:"code"`
	Points float64 `json:"points"`
	N      int     `json:"n"`
}

// Features are the counts a number's score reads (numbers table).
type Features struct {
	CallsIn          int  `json:"calls_in"`
	CallsOut         int  `json:"calls_out"`
	Unanswered       int  `json:"unanswered"`
	Connected        int  `json:"connected"`
	TalkS            int  `json:"talk_s"`
	MsgsIn           int  `json:"messages_in"`
	MsgsOut          int  `json:"messages_out"`
	NightIn          int  `json:"night_in"`
	ActiveDays       int  `json:"active_days"`
	OutDays          int  `json:"out_days"`
	MaxCallsDay      int  `json:"max_calls_day"`
	InContacts       bool `json:"in_contacts"`
	OwnerFirst       bool `json:"owner_first"`
	Collection       int  `json:"collection"`
	Threat           int  `json:"threat"`
	ContactsExposure int  `json:"contacts_exposure"`
	Insult           int  `json:"insult"`
	Impersonation    int  `json:"impersonation"`
	Relay            int  `json:"relay"`
	Loan             int  `json:"loan"`
	Spam             int  `json:"spam"`
	Fraud            int  `json:"fraud"`
	Service          int  `json:"service"`
	Verification     int  `json:"verification"`
	Pool             int  `json:"pool"`
	ThirdParty       int  `json:"third_party"`
	CampaignNew      bool `json:"campaign_new"`
	Blocked          int  `json:"blocked"`
	History          int  `json:"history"`
	Returned         int  `json:"returned"`
}

// Violation is one rule with its findings.
type Violation struct {
	Rule     string    `json:"rule"`
	Title    string    `json:"title"`
	Source   string    `json:"source"`
	Count    int       `json:"count"` // events behind the findings
	First    string    `json:"first"`
	Last     string    `json:"last"`
	Findings []Finding `json:"findings"`
}

// Finding is one possible violation: a day's events of one rule.
type Finding struct {
	Day    string  `json:"day"`
	Number string  `json:"number,omitempty"`
	Phone  string  `json:"phone,omitempty"`
	Count  int     `json:"count"`
	First  string  `json:"first"`
	Last   string  `json:"last"`
	Events []int64 `json:"events"`
}

// Counts are the case's totals (each call or message once).
type Counts struct {
	Events   int64 `json:"events"`
	Calls    int64 `json:"calls"`
	SMS      int64 `json:"sms"`
	MMS      int64 `json:"mms"`
	Rejected int64 `json:"rejected"`
}

// ErrNotAnalyzed is returned by Load for a case analyze has not run on.
var ErrNotAnalyzed = errors.New("case not analyzed yet")

// Load reads the analysis stored in the case, with words in lang ("zh" or
// "en"), all of it in memory. Outputs of a large case read it piece by
// piece with Open instead.
func Load(ctx context.Context, db *sqlite.DB, lang string) (*Analysis, error) {
	r, err := Open(ctx, db, lang)
	if err != nil {
		return nil, err
	}
	a := r.Facts()
	if err := r.Numbers(ctx, func(n *Number) error {
		a.Numbers = append(a.Numbers, *n)
		return nil
	}); err != nil {
		return nil, err
	}
	var cur *Violation
	if err := r.Violations(ctx, func(v *Violation) error {
		a.Violations = append(a.Violations, *v)
		cur = &a.Violations[len(a.Violations)-1]
		return nil
	}, func(f *Finding) error {
		kept := *f
		kept.Events = slices.Clone(f.Events)
		cur.Findings = append(cur.Findings, kept)
		return nil
	}); err != nil {
		return nil, err
	}
	return a, nil
}

// Reader reads a stored analysis piece by piece: its facts at once, its
// numbers and its findings one at a time, so that memory does not grow
// with the case.
type Reader struct {
	ld *loader
}

// Open reads the facts of the analysis stored in the case, with words in
// lang ("zh" or "en"). ErrNotAnalyzed: analyze has not run on it.
func Open(ctx context.Context, db *sqlite.DB, lang string) (*Reader, error) {
	q := db.SQL()
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'analysis'").Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ErrNotAnalyzed
	}
	ld := &loader{q: q, lang: lang}
	if err := ld.facts(ctx); err != nil {
		return nil, err
	}
	return &Reader{ld: ld}, nil
}

// Facts returns a copy of the analysis without its numbers and
// violations (empty lists).
func (r *Reader) Facts() *Analysis {
	a := *r.ld.a
	a.Numbers, a.Violations = []Number{}, []Violation{}
	return &a
}

// Numbers calls fn with each number, by score then number. The Number is
// reused: fn must copy what it keeps.
func (r *Reader) Numbers(ctx context.Context, fn func(*Number) error) error {
	if err := r.ld.numbers(ctx, fn); err != nil {
		return fmt.Errorf("read numbers: %w", err)
	}
	return nil
}

// Violations calls rule with each rule that has findings, in the order
// rules are listed (Findings nil; Count, First and Last over all of
// them), then finding with each of its findings by time, unless finding
// is nil. The Finding and its Events are reused: finding must copy what
// it keeps.
func (r *Reader) Violations(ctx context.Context, rule func(*Violation) error, finding func(*Finding) error) error {
	if err := r.ld.violations(ctx, rule, finding); err != nil {
		return fmt.Errorf("read violations: %w", err)
	}
	return nil
}

type loader struct {
	q    *sql.DB
	lang string
	loc  *time.Location
	a    *Analysis
}

func (ld *loader) facts(ctx context.Context) error {
	rows, err := ld.q.QueryContext(ctx, "SELECT key, value FROM analysis ORDER BY key")
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		raw[k] = v
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(raw) == 0 {
		return ErrNotAnalyzed
	}
	a := &Analysis{Platforms: []string{}, Numbers: []Number{}, Violations: []Violation{}}
	var onset *storedOnset
	var leak *storedLeak
	var plats []storedPlatform
	for _, f := range []struct {
		key string
		v   any
	}{
		{"timezone", &a.Timezone}, {"owner", &a.Owner}, {"counts", &a.Counts},
		{"onset", &onset}, {"leak", &leak}, {"platforms", &plats},
	} {
		if err := json.Unmarshal([]byte(raw[f.key]), f.v); err != nil {
			return fmt.Errorf("analysis %s: %w", f.key, err)
		}
	}
	loc, err := time.LoadLocation(a.Timezone)
	if err != nil {
		return fmt.Errorf("case time zone: %w", err)
	}
	ld.loc, ld.a = loc, a
	for _, p := range plats {
		a.Platforms = append(a.Platforms, p.Name)
	}
	if onset != nil {
		ev, err := ld.events(ctx, []int64{onset.Event})
		if err != nil {
			return err
		}
		if len(ev) != 1 {
			return fmt.Errorf("onset event %d missing", onset.Event)
		}
		a.Onset = &OnsetFact{
			Date: onset.Date, RateBefore: onset.RateBefore, RateAfter: onset.RateAfter,
			LLR: onset.LLR, FirstEvent: ev[0],
		}
		a.Onset.Evidence = ld.onsetEvidence(a.Onset)
	}
	if leak != nil {
		ev, err := ld.events(ctx, leak.Events)
		if err != nil {
			return err
		}
		for i := range ev {
			if i < len(leak.Rules) {
				ev[i].Rule = leak.Rules[i]
			}
		}
		a.Leak = &LeakFact{Date: leak.Date, Platform: leak.Platform, Events: ev}
		a.Leak.Evidence = ld.leakEvidence(a.Leak)
	}
	return nil
}

// events reads the events of ids, in the order given.
func (ld *loader) events(ctx context.Context, ids []int64) ([]EventRef, error) {
	out := make([]EventRef, 0, len(ids))
	for _, id := range ids {
		var e EventRef
		var at int64
		err := ld.q.QueryRowContext(ctx, `SELECT e.id, e.at, e.phone, e.kind, e.direction, e.number, s.name, e.locator
			FROM events e JOIN sources s ON s.id = e.source_id WHERE e.id = ?`, id).
			Scan(&e.ID, &at, &e.Phone, &e.Kind, &e.Direction, &e.Number, &e.Source, &e.Locator)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", id, err)
		}
		e.Time = ld.time(at)
		out = append(out, e)
	}
	return out, nil
}

func (ld *loader) time(ms int64) string {
	return time.UnixMilli(ms).In(ld.loc).Format(time.RFC3339)
}

// Summary counts what a readable summary shows without reading every
// number and finding: numbers per category, and the distinct days of
// each rule's findings.
type Summary struct {
	Categories map[string]int
	RuleDays   map[string]int
}

// Summary reads the counts of s.
func (r *Reader) Summary(ctx context.Context) (Summary, error) {
	s := Summary{Categories: map[string]int{}, RuleDays: map[string]int{}}
	for _, c := range []struct {
		q string
		m map[string]int
	}{
		{"SELECT category, count(*) FROM numbers GROUP BY category", s.Categories},
		{"SELECT rule, count(DISTINCT day) FROM violations GROUP BY rule", s.RuleDays},
	} {
		rows, err := r.ld.q.QueryContext(ctx, c.q)
		if err != nil {
			return s, err
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return s, err
			}
			c.m[k] = n
		}
		if err := rows.Close(); err != nil {
			return s, err
		}
	}
	return s, nil
}

func (ld *loader) numbers(ctx context.Context, fn func(*Number) error) error {
	rows, err := ld.q.QueryContext(ctx, `SELECT n.number, n.category, n.score, n.first_at, n.last_at,
		n.calls_in + n.calls_out, n.msgs_in + n.msgs_out, n.phones, n.class, n.contact_name,
		n.calls_in, n.calls_out, n.unanswered, n.connected, n.talk_s, n.msgs_in, n.msgs_out, n.night_in,
		n.active_days, n.out_days, n.max_calls_day, n.in_contacts, n.owner_first, n.collection, n.threat,
		n.contacts_exposure, n.insult, n.impersonation, n.relay, n.loan, n.spam, n.fraud, n.service,
		n.verification, n.pool, n.third_party, n.campaign_new, n.blocked, n.history, n.returned,
		e.code, e.points, e.n
		FROM numbers n LEFT JOIN number_evidence e ON e.number = n.number
		ORDER BY n.score DESC, n.number, e.points DESC, e.code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n, next Number
	have := false
	for rows.Next() {
		next = Number{}
		var first, last int64
		var phones string
		var code sql.NullString
		var e Evidence
		f := &next.Features
		if err := rows.Scan(&next.Number, &next.Category, &next.Score, &first, &last, &next.Calls, &next.Messages,
			&phones, &next.Class, &next.ContactName,
			&f.CallsIn, &f.CallsOut, &f.Unanswered, &f.Connected, &f.TalkS, &f.MsgsIn, &f.MsgsOut,
			&f.NightIn, &f.ActiveDays, &f.OutDays, &f.MaxCallsDay, &f.InContacts, &f.OwnerFirst, &f.Collection,
			&f.Threat, &f.ContactsExposure, &f.Insult, &f.Impersonation, &f.Relay, &f.Loan,
			&f.Spam, &f.Fraud, &f.Service, &f.Verification, &f.Pool, &f.ThirdParty, &f.CampaignNew, &f.Blocked, &f.History, &f.Returned,
			&code, sqlNullFloat{&e.Points}, sqlNullInt{&e.N}); err != nil {
			return err
		}
		if !have || next.Number != n.Number {
			if have {
				if err := ld.finishNumber(&n, fn); err != nil {
					return err
				}
			}
			n, have = next, true
			n.FirstSeen, n.LastSeen = ld.time(first), ld.time(last)
			n.Phones = strings.Fields(phones)
			n.Evidence = []Evidence{}
		}
		if code.Valid {
			e.Code = code.String
			n.Evidence = append(n.Evidence, e)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if have {
		return ld.finishNumber(&n, fn)
	}
	return nil
}

func (ld *loader) finishNumber(n *Number, fn func(*Number) error) error {
	n.Reasons = reasons(n, ld.a.Owner, ld.lang)
	return fn(n)
}

// sqlNullFloat and sqlNullInt scan a value of a LEFT JOIN that may be
// NULL into a plain field, as 0.
type sqlNullFloat struct{ p *float64 }

func (s sqlNullFloat) Scan(v any) error {
	var f sql.NullFloat64
	if err := f.Scan(v); err != nil {
		return err
	}
	*s.p = f.Float64
	return nil
}

type sqlNullInt struct{ p *int }

func (s sqlNullInt) Scan(v any) error {
	var i sql.NullInt64
	if err := i.Scan(v); err != nil {
		return err
	}
	*s.p = int(i.Int64)
	return nil
}

func (ld *loader) violations(ctx context.Context, rule func(*Violation) error, finding func(*Finding) error) error {
	type ruleSum struct {
		count       int
		first, last int64
	}
	sums := map[string]ruleSum{}
	var others []string // rules the words do not know, by id
	rows, err := ld.q.QueryContext(ctx, `SELECT rule, sum(count), min(first_at), max(last_at)
		FROM violations GROUP BY rule ORDER BY rule`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		var s ruleSum
		if err := rows.Scan(&id, &s.count, &s.first, &s.last); err != nil {
			rows.Close()
			return err
		}
		sums[id] = s
		if !ruleInfo(id, ld.lang).known {
			others = append(others, id)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range append(slices.Clone(ruleOrder), others...) {
		s, ok := sums[id]
		if !ok {
			continue
		}
		info := ruleInfo(id, ld.lang)
		if err := rule(&Violation{Rule: id, Title: info.title, Source: info.source,
			Count: s.count, First: ld.time(s.first), Last: ld.time(s.last)}); err != nil {
			return err
		}
		if finding == nil {
			continue
		}
		if err := ld.findings(ctx, id, finding); err != nil {
			return err
		}
	}
	return nil
}

// findings calls fn with each finding of rule, by time, its events by id.
func (ld *loader) findings(ctx context.Context, rule string, fn func(*Finding) error) error {
	rows, err := ld.q.QueryContext(ctx, `SELECT v.id, v.day, v.number, v.phone, v.count, v.first_at, v.last_at, ve.event_id
		FROM violations v JOIN violation_events ve ON ve.violation_id = v.id
		WHERE v.rule = ?
		ORDER BY v.first_at, v.id, ve.event_id`, rule)
	if err != nil {
		return err
	}
	defer rows.Close()
	var f Finding
	curID := int64(-1)
	for rows.Next() {
		var id, first, last, event int64
		var next Finding
		if err := rows.Scan(&id, &next.Day, &next.Number, &next.Phone, &next.Count, &first, &last, &event); err != nil {
			return err
		}
		if id != curID {
			if curID >= 0 {
				if err := fn(&f); err != nil {
					return err
				}
			}
			next.First, next.Last = ld.time(first), ld.time(last)
			next.Events = f.Events[:0]
			f, curID = next, id
		}
		f.Events = append(f.Events, event)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if curID >= 0 {
		return fn(&f)
	}
	return nil
}
