package classify

import (
	"cmp"
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

// Facts of the case as analyze stores them in the analysis table, one JSON
// value per key, free of language: Load renders the words.
type storedOnset struct {
	Date       string  `json:"date"`
	RateBefore float64 `json:"rate_before"`
	RateAfter  float64 `json:"rate_after"`
	LLR        float64 `json:"llr"`
	Event      int64   `json:"event"` // the first collection event of the day
}

type storedLeak struct {
	Date     string   `json:"date"`
	Platform string   `json:"platform"`
	Events   []int64  `json:"events"` // the platform's loan events, oldest first
	Rules    []string `json:"rules"`  // the loan rule of each event: loan.disbursed ...
}

type storedPlatform struct {
	Name     string `json:"name"`
	Mentions int    `json:"mentions"` // collection messages naming it
}

// facts works out the case facts (platforms, onset, leak) and stores them
// with the zone and the owner.
func (a *analyzer) facts(ctx context.Context, onsets map[string]phoneOnset) error {
	plats, err := a.platforms(ctx)
	if err != nil {
		return fmt.Errorf("platforms: %w", err)
	}
	var onset *storedOnset
	if o, ok := onsets[a.owner]; ok {
		onset, err = a.onsetFact(ctx, o)
		if err != nil {
			return fmt.Errorf("onset: %w", err)
		}
	}
	leak, err := a.leak(ctx, plats)
	if err != nil {
		return fmt.Errorf("leak: %w", err)
	}
	var counts Counts
	err = a.tx.QueryRowContext(ctx, `SELECT
		count(*),
		count(*) FILTER (WHERE kind = 'call'),
		count(*) FILTER (WHERE kind = 'sms'),
		count(*) FILTER (WHERE kind = 'mms'),
		(SELECT count(*) FROM rejects)
		FROM events WHERE same_as IS NULL`).Scan(&counts.Events, &counts.Calls, &counts.SMS, &counts.MMS, &counts.Rejected)
	if err != nil {
		return err
	}
	sums, err := sourceSums(ctx, a.tx)
	if err != nil {
		return err
	}
	facts := []struct {
		key   string
		value any
	}{
		{"counts", counts},
		{"sources", sums},
		{"leak", leak},
		{"onset", onset},
		{"owner", a.owner},
		{"platforms", plats},
		{"timezone", a.loc.String()},
	}
	for _, f := range facts {
		b, err := json.Marshal(f.value)
		if err != nil {
			return err
		}
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO analysis (key, value) VALUES (?, ?)", f.key, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// sourceSums lists the SHA-256 of the complete sources, sorted: the
// analysis records which sources it saw, so that Stale can tell when an
// import came after it.
func sourceSums(ctx context.Context, q sqlite.Querier) ([]string, error) {
	sums := []string{}
	err := sqlite.EachRow(ctx, q, "SELECT sha256 FROM sources WHERE complete ORDER BY sha256", func(rows *sql.Rows) error {
		var s string
		err := rows.Scan(&s)
		sums = append(sums, s)
		return err
	})
	return sums, err
}

// Stale reports whether the case needs analyze: it was never analyzed, or
// sources were imported (or removed) since.
func Stale(ctx context.Context, db *sqlite.DB) (bool, error) {
	q := db.SQL()
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'analysis'").Scan(&n); err != nil {
		return false, err
	}
	if n == 0 {
		return true, nil
	}
	var stored string
	err := q.QueryRowContext(ctx, "SELECT value FROM analysis WHERE key = 'sources'").Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	var was []string
	if err := json.Unmarshal([]byte(stored), &was); err != nil {
		return true, nil
	}
	now, err := sourceSums(ctx, q)
	if err != nil {
		return false, err
	}
	return !slices.Equal(was, now), nil
}

// platforms names the lending platforms the collectors' messages speak
// of, the most named first. A name given only once is kept when a loan
// notice names it too; otherwise one stray phrase does not make a lender.
func (a *analyzer) platforms(ctx context.Context) ([]storedPlatform, error) {
	rows, err := a.tx.QueryContext(ctx, `
		SELECT j.value, sum(n.category = 'collection' AND e.direction = 'in'), sum(l.loan)
		FROM event_labels l JOIN events e ON e.id = l.event_id JOIN numbers n ON n.number = e.number,
			json_each(l.platforms) j
		WHERE l.platforms <> '[]' AND e.same_as IS NULL
		GROUP BY j.value`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type tally struct{ mentions, loans int }
	seen := map[string]*tally{}
	for rows.Next() {
		var name string
		t := &tally{}
		if err := rows.Scan(&name, &t.mentions, &t.loans); err != nil {
			return nil, err
		}
		seen[name] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A name inside another (蜂钱 in 蜂钱分期) is the same platform cut
	// short by a phrase: count it for the longest name that holds it.
	names := sortedKeys(seen)
	slices.SortStableFunc(names, func(x, y string) int { return cmp.Compare(len(y), len(x)) })
	for i, short := range names {
		for _, long := range names[:i] {
			if seen[long] != nil && seen[short] != nil && len(long) > len(short) && strings.Contains(long, short) {
				seen[long].mentions += seen[short].mentions
				seen[long].loans += seen[short].loans
				delete(seen, short)
			}
		}
	}
	var out []storedPlatform
	for name, t := range seen {
		if t.mentions >= 2 || (t.mentions == 1 && t.loans > 0) {
			out = append(out, storedPlatform{Name: name, Mentions: t.mentions})
		}
	}
	slices.SortFunc(out, func(x, y storedPlatform) int {
		return cmp.Or(cmp.Compare(y.Mentions, x.Mentions), strings.Compare(x.Name, y.Name))
	})
	return out, nil
}

// onsetFact dates the owner's onset and finds its first collection event.
func (a *analyzer) onsetFact(ctx context.Context, o phoneOnset) (*storedOnset, error) {
	day := o.first + int64(o.Day)
	date := time.Unix(day*86400, 0).UTC()
	start := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, a.loc)
	end := start.AddDate(0, 0, 1)
	f := &storedOnset{
		Date:       date.Format(time.DateOnly),
		RateBefore: round2(o.RateBefore),
		RateAfter:  round2(o.RateAfter),
		LLR:        round2(o.LLR),
	}
	err := a.tx.QueryRowContext(ctx, `SELECT e.id FROM events e JOIN numbers n ON n.number = e.number
		WHERE n.category = 'collection' AND e.phone = ? AND e.direction = 'in' AND e.same_as IS NULL
			AND e.at >= ? AND e.at < ?
		ORDER BY e.at, e.id LIMIT 1`, a.owner, start.UnixMilli(), end.UnixMilli()).Scan(&f.Event)
	if err != nil {
		return nil, fmt.Errorf("first event of %s: %w", f.Date, err)
	}
	return f, nil
}

// leak dates the loan behind the harassment: the loan events (granted,
// due, overdue) of the platforms the collectors name. The app took the
// contacts list when the loan was made, so the earliest of these events is
// the latest the leak can have happened. Nil when no loan event names a
// platform the collectors name.
func (a *analyzer) leak(ctx context.Context, plats []storedPlatform) (*storedLeak, error) {
	if len(plats) == 0 {
		return nil, nil
	}
	named := map[string]bool{}
	for _, p := range plats {
		named[p.Name] = true
	}
	// The lender's own notices, not the collectors' talk of the overdue
	// loan.
	rows, err := a.tx.QueryContext(ctx, `SELECT e.id, e.at, l.platforms, l.rules
		FROM event_labels l JOIN events e ON e.id = l.event_id JOIN numbers n ON n.number = e.number
		WHERE l.loan AND l.platforms <> '[]' AND e.direction = 'in' AND e.same_as IS NULL
			AND n.category <> 'collection'
		ORDER BY e.at, e.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var leak *storedLeak
	for rows.Next() {
		var id, at int64
		var js, rules string
		if err := rows.Scan(&id, &at, &js, &rules); err != nil {
			return nil, err
		}
		var names []string
		if err := json.Unmarshal([]byte(js), &names); err != nil {
			return nil, err
		}
		var hit string
		for _, n := range names {
			if named[n] && (leak == nil || n == leak.Platform) {
				hit = n
				break
			}
		}
		if hit == "" {
			continue
		}
		if leak == nil {
			leak = &storedLeak{
				Date:     time.UnixMilli(at).In(a.loc).Format(time.DateOnly),
				Platform: hit,
			}
		}
		leak.Events = append(leak.Events, id)
		leak.Rules = append(leak.Rules, loanRule(rules))
	}
	return leak, rows.Err()
}

// loanRule picks the loan rule among a message's rules.
func loanRule(rules string) string {
	for _, r := range strings.Fields(rules) {
		if strings.HasPrefix(r, "loan.") {
			return r
		}
	}
	return ""
}

func round2(x float64) float64 {
	return float64(int64(x*100+0.5)) / 100
}
