package classify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
// "en").
func Load(ctx context.Context, db *sqlite.DB, lang string) (*Analysis, error) {
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
	if err := ld.numbers(ctx); err != nil {
		return nil, fmt.Errorf("read numbers: %w", err)
	}
	if err := ld.violations(ctx); err != nil {
		return nil, fmt.Errorf("read violations: %w", err)
	}
	return ld.a, nil
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

func (ld *loader) numbers(ctx context.Context) error {
	ev := map[string][]Evidence{}
	rows, err := ld.q.QueryContext(ctx, "SELECT number, code, points, n FROM number_evidence ORDER BY number, points DESC, code")
	if err != nil {
		return err
	}
	for rows.Next() {
		var num string
		var e Evidence
		if err := rows.Scan(&num, &e.Code, &e.Points, &e.N); err != nil {
			rows.Close()
			return err
		}
		ev[num] = append(ev[num], e)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	rows, err = ld.q.QueryContext(ctx, `SELECT number, category, score, first_at, last_at,
		calls_in + calls_out, msgs_in + msgs_out, phones, class, contact_name,
		calls_in, calls_out, unanswered, connected, talk_s, msgs_in, msgs_out, night_in,
		active_days, out_days, max_calls_day, in_contacts, owner_first, collection, threat,
		contacts_exposure, insult, impersonation, relay, loan, spam, fraud, service,
		verification, pool, third_party, campaign_new, blocked, history, returned
		FROM numbers ORDER BY score DESC, number`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n Number
		var first, last int64
		var phones string
		f := &n.Features
		if err := rows.Scan(&n.Number, &n.Category, &n.Score, &first, &last, &n.Calls, &n.Messages,
			&phones, &n.Class, &n.ContactName,
			&f.CallsIn, &f.CallsOut, &f.Unanswered, &f.Connected, &f.TalkS, &f.MsgsIn, &f.MsgsOut,
			&f.NightIn, &f.ActiveDays, &f.OutDays, &f.MaxCallsDay, &f.InContacts, &f.OwnerFirst, &f.Collection,
			&f.Threat, &f.ContactsExposure, &f.Insult, &f.Impersonation, &f.Relay, &f.Loan,
			&f.Spam, &f.Fraud, &f.Service, &f.Verification, &f.Pool, &f.ThirdParty, &f.CampaignNew, &f.Blocked, &f.History, &f.Returned); err != nil {
			return err
		}
		n.FirstSeen, n.LastSeen = ld.time(first), ld.time(last)
		n.Phones = strings.Fields(phones)
		n.Evidence = ev[n.Number]
		if n.Evidence == nil {
			n.Evidence = []Evidence{}
		}
		n.Reasons = reasons(&n, ld.a.Owner, ld.lang)
		ld.a.Numbers = append(ld.a.Numbers, n)
	}
	return rows.Err()
}

func (ld *loader) violations(ctx context.Context) error {
	rows, err := ld.q.QueryContext(ctx, `SELECT v.id, v.rule, v.day, v.number, v.phone, v.count, v.first_at, v.last_at, ve.event_id
		FROM violations v JOIN violation_events ve ON ve.violation_id = v.id
		ORDER BY v.rule, v.first_at, v.id, ve.event_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	byRule := map[string]*Violation{}
	lastAt := map[string]int64{}
	var order []string
	var cur *Finding
	var curID int64 = -1
	for rows.Next() {
		var id, first, last, event int64
		var f Finding
		var rule string
		if err := rows.Scan(&id, &rule, &f.Day, &f.Number, &f.Phone, &f.Count, &first, &last, &event); err != nil {
			return err
		}
		v := byRule[rule]
		if v == nil {
			info := ruleInfo(rule, ld.lang)
			v = &Violation{Rule: rule, Title: info.title, Source: info.source, First: ld.time(first)}
			byRule[rule] = v
			order = append(order, rule)
		}
		if id != curID {
			f.First, f.Last = ld.time(first), ld.time(last)
			v.Findings = append(v.Findings, f)
			cur, curID = &v.Findings[len(v.Findings)-1], id
			v.Count += f.Count
			if last > lastAt[rule] || v.Last == "" {
				lastAt[rule], v.Last = last, ld.time(last)
			}
		}
		cur.Events = append(cur.Events, event)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, rule := range ruleOrder {
		if v := byRule[rule]; v != nil {
			ld.a.Violations = append(ld.a.Violations, *v)
		}
	}
	for _, rule := range order {
		if ruleInfo(rule, ld.lang).known {
			continue
		}
		ld.a.Violations = append(ld.a.Violations, *byRule[rule])
	}
	return nil
}
