package classify

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leaktrail/leaktrail"
	"github.com/leaktrail/leaktrail/sqlite"
)

//go:embed sql/*.sql
var scripts embed.FS

func script(name string) string {
	b, err := scripts.ReadFile("sql/" + name)
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	return string(b)
}

// Options choose how Analyze reads a case.
type Options struct {
	// Location is the zone whose days and nights the rules speak of. Nil
	// means the zone most sources were imported with, else Asia/Shanghai.
	Location *time.Location
	// Owner is the debtor's phone. Empty means "owner" when the case has
	// it, else the phone with the most events.
	Owner string
	// Log receives the time each step took, at debug level; nil means
	// no logging.
	Log *slog.Logger
}

// Analyze rebuilds the case's derived tables (event_labels, numbers,
// number_evidence, violations, violation_events, analysis) from its events
// and contacts, in one transaction: a failed run leaves the previous
// analysis in place. Read the result with Load.
func Analyze(ctx context.Context, db *sqlite.DB, l *Labeler, opts Options) error {
	conn, err := db.Conn(ctx, map[string]any{
		"lt_collector_name": collectorName,
		"lt_logistic":       logistic,
	})
	if err != nil {
		return fmt.Errorf("analysis connection: %w", err)
	}
	defer conn.Close()
	// Sorts and temporary tables of a large case go to a temporary file,
	// not to memory.
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")

	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	a := &analyzer{tx: tx, labeler: l, log: opts.Log}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if err := a.run(ctx, opts); err != nil {
		return err
	}
	return tx.Commit()
}

type analyzer struct {
	tx      *sql.Tx
	labeler *Labeler
	loc     *time.Location
	owner   string
	log     *slog.Logger
	// fixedZone: the zone has one offset over the case's time span.
	fixedZone bool
}

// zoneOffset is how the scripts find the zone's offset at an event's time
// e.at; with a single offset over the case (a zone without daylight
// saving, like China's) it becomes a constant, evaluated once.
const (
	zoneOffset      = "(SELECT z.off FROM lt_zone z WHERE z.start <= e.at ORDER BY z.start DESC LIMIT 1)"
	zoneOffsetFixed = "(SELECT z.off FROM lt_zone z)"
)

func (a *analyzer) exec(ctx context.Context, name string) error {
	defer a.timed(name)()
	q := script(name)
	if a.fixedZone {
		q = strings.ReplaceAll(q, zoneOffset, zoneOffsetFixed)
	}
	// Statement by statement, so that the log can say which one is slow.
	for i, stmt := range strings.SplitAfter(q, ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		start := time.Now()
		if _, err := a.tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s statement %d: %w", name, i+1, err)
		}
		a.log.Debug("analyze statement", "script", name, "n", i+1, "took", time.Since(start))
	}
	return nil
}

// timed logs how long a step took, when called at its end.
func (a *analyzer) timed(step string) func() {
	start := time.Now()
	return func() { a.log.Debug("analyze step", "step", step, "took", time.Since(start)) }
}

func (a *analyzer) run(ctx context.Context, opts Options) error {
	if err := a.exec(ctx, "schema.sql"); err != nil {
		return err
	}
	if err := a.setup(ctx, opts); err != nil {
		return err
	}
	done := a.timed("label")
	err := a.label(ctx)
	done()
	if err != nil {
		return fmt.Errorf("label messages: %w", err)
	}
	if err := a.exec(ctx, "features.sql"); err != nil {
		return err
	}
	// Score without the campaign context, find where collection begins on
	// each phone, and score again with it, until the onsets settle.
	var onsets map[string]phoneOnset
	for i := 0; ; i++ {
		if err := a.exec(ctx, "campaign.sql"); err != nil {
			return err
		}
		if err := a.exec(ctx, "score.sql"); err != nil {
			return err
		}
		if i == 4 {
			break // scored with the last onsets found: good enough
		}
		done := a.timed("onsets")
		next, err := a.onsets(ctx)
		done()
		if err != nil {
			return fmt.Errorf("onset: %w", err)
		}
		if onsets != nil && sameOnsets(onsets, next) {
			break
		}
		onsets = next
		if err := a.storeOnsets(ctx, onsets); err != nil {
			return err
		}
	}
	if err := a.exec(ctx, "violations.sql"); err != nil {
		return err
	}
	defer a.timed("facts")()
	return a.facts(ctx, onsets)
}

// setup picks the zone and the owner's phone and fills lt_params and
// lt_zone, the offsets of the zone over the case's time span.
func (a *analyzer) setup(ctx context.Context, opts Options) error {
	a.loc = opts.Location
	if a.loc == nil {
		var name string
		err := a.tx.QueryRowContext(ctx, `SELECT timezone FROM sources WHERE complete
			GROUP BY timezone ORDER BY count(*) DESC, timezone LIMIT 1`).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if name == "" {
			name = "Asia/Shanghai"
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			return fmt.Errorf("case time zone: %w", err)
		}
		a.loc = loc
	}
	a.owner = opts.Owner
	if a.owner == "" {
		err := a.tx.QueryRowContext(ctx, `SELECT phone FROM events GROUP BY phone
			ORDER BY phone = ? DESC, count(*) DESC, phone LIMIT 1`, leaktrail.DefaultPhone).Scan(&a.owner)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if a.owner == "" {
			a.owner = leaktrail.DefaultPhone
		}
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS temp.lt_params",
		"CREATE TEMP TABLE lt_params (owner TEXT NOT NULL)",
		"DROP TABLE IF EXISTS temp.lt_zone",
		"CREATE TEMP TABLE lt_zone (start INTEGER PRIMARY KEY, off INTEGER NOT NULL)",
		"DROP TABLE IF EXISTS temp.lt_onset",
		"CREATE TEMP TABLE lt_onset (phone TEXT PRIMARY KEY, day INTEGER NOT NULL)",
		"DROP TABLE IF EXISTS temp.number_labels",
		`CREATE TEMP TABLE number_labels (number TEXT PRIMARY KEY,
			collection INTEGER NOT NULL, threat INTEGER NOT NULL, contacts_exposure INTEGER NOT NULL,
			insult INTEGER NOT NULL, impersonation INTEGER NOT NULL, relay INTEGER NOT NULL,
			loan INTEGER NOT NULL, spam INTEGER NOT NULL, fraud INTEGER NOT NULL,
			service INTEGER NOT NULL, verification INTEGER NOT NULL) WITHOUT ROWID`,
	} {
		if _, err := a.tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if _, err := a.tx.ExecContext(ctx, "INSERT INTO lt_params (owner) VALUES (?)", a.owner); err != nil {
		return err
	}
	var lo, hi sql.NullInt64
	if err := a.tx.QueryRowContext(ctx, "SELECT min(at), max(at) FROM events").Scan(&lo, &hi); err != nil {
		return err
	}
	spans := zoneSpans(a.loc, lo.Int64, hi.Int64)
	a.fixedZone = len(spans) == 1
	for _, z := range spans {
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO lt_zone (start, off) VALUES (?, ?)", z.start, z.off); err != nil {
			return err
		}
	}
	return nil
}

type zoneSpan struct{ start, off int64 }

// zoneSpans lists the UTC offsets (ms) of loc from lo to hi (Unix ms):
// the first span starts at the smallest int64 so that every time finds one.
func zoneSpans(loc *time.Location, lo, hi int64) []zoneSpan {
	t := time.UnixMilli(lo).In(loc)
	_, off := t.Zone()
	spans := []zoneSpan{{math.MinInt64, int64(off) * 1000}}
	for range 10000 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.UnixMilli() > hi {
			break
		}
		t = end
		_, off = t.Zone()
		spans = append(spans, zoneSpan{t.UnixMilli(), int64(off) * 1000})
	}
	return spans
}

// label runs the rules over every message and stores the labels of those
// that get any, in chunks, with the labelling spread over the CPUs.
func (a *analyzer) label(ctx context.Context) error {
	const chunk = 8192
	workers := runtime.GOMAXPROCS(0)
	ins := &labelInserter{tx: a.tx}
	defer ins.close()
	cache := newLabelCache(labelCacheSize)
	counts := &labelCounts{tx: a.tx, n: map[string]*[labelCount]int64{}}

	// This goroutine does the database work, reading the next chunk and
	// storing the last one's labels, while the labellers work on the
	// chunks between: the CPUs label while SQLite reads and writes.
	todo := make(chan []labelled, 2)
	done := make(chan []labelled, 2)
	go func() {
		defer close(done)
		for msgs := range todo {
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					for i := w; i < len(msgs); i += workers {
						m := &msgs[i]
						if m.known || m.twin > 0 {
							continue
						}
						m.res = a.labeler.Label(m.body)
						if isDebt(m.res) {
							m.tpl = Template(m.body)
						}
					}
				})
			}
			wg.Wait()
			done <- msgs
		}
	}()
	stop := func() {
		close(todo)
		for range done {
		}
	}

	var last int64
	more, inflight := true, 0
	for more || inflight > 0 {
		if more {
			msgs, err := a.readMessages(ctx, last, chunk)
			if err != nil {
				stop()
				return err
			}
			if len(msgs) == 0 {
				more = false
				close(todo)
			} else {
				last = msgs[len(msgs)-1].id
				cache.lookup(msgs)
				todo <- msgs
				inflight++
			}
		}
		if inflight == 0 || (more && inflight < 2) {
			continue
		}
		msgs := <-done
		inflight--
		cache.store(msgs)
		for i := range msgs {
			if len(msgs[i].res.Labels) == 0 {
				continue
			}
			if err := counts.add(ctx, &msgs[i]); err != nil {
				if more {
					stop()
				} else {
					for range done {
					}
				}
				return err
			}
			if err := ins.add(ctx, msgs[i].id, msgs[i].res, msgs[i].tpl); err != nil {
				if more {
					stop()
				} else {
					for range done {
					}
				}
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			if more {
				stop()
			} else {
				for range done {
				}
			}
			return err
		}
	}
	if err := counts.flush(ctx); err != nil {
		return err
	}
	return ins.flush(ctx)
}

// labelled is a message and what the rules found in it.
type labelled struct {
	id     int64
	number string // the sender's canonical number when the message came in, else ""
	body   string
	res    Result
	tpl    string
	// known: res and tpl came from the cache. twin: 1 + the index of an
	// earlier message of the same chunk with the same body, labelled in
	// its stead.
	known bool
	twin  int
}

// labelCacheSize bounds the texts whose labels the cache keeps (twice
// that in its two generations): about 10 MB of bodies and results at its
// fullest. (A variable for tests.)
var labelCacheSize = 1 << 14

// labelCache keeps the labels of recent texts, so that a text sent many
// times (a collector's template, a bank's notice) is labelled once:
// labels are a function of the text alone. It holds two generations of
// at most size texts each; when the newer fills up, the older is
// dropped, so memory stays bounded and frequent texts stay in.
type labelCache struct {
	size     int
	cur, old map[string]labelledText
}

type labelledText struct {
	res Result
	tpl string
}

func newLabelCache(size int) *labelCache {
	return &labelCache{size: size, cur: make(map[string]labelledText, size)}
}

// lookup fills in the messages whose text the cache knows and marks the
// later copies of a text repeated within msgs as twins of the first.
// With size 0 it does nothing: every message is labelled.
func (c *labelCache) lookup(msgs []labelled) {
	if c.size == 0 {
		return
	}
	first := make(map[string]int, len(msgs))
	for i := range msgs {
		m := &msgs[i]
		if t, ok := c.get(m.body); ok {
			m.res, m.tpl, m.known = t.res, t.tpl, true
		} else if j, ok := first[m.body]; ok {
			m.twin = j + 1
		} else {
			first[m.body] = i
		}
	}
}

// store copies labels to the twins and remembers the texts just labelled.
func (c *labelCache) store(msgs []labelled) {
	for i := range msgs {
		m := &msgs[i]
		switch {
		case m.known:
		case m.twin > 0:
			t := &msgs[m.twin-1]
			m.res, m.tpl = t.res, t.tpl
		case c.size > 0:
			c.put(m.body, labelledText{m.res, m.tpl})
		}
	}
}

func (c *labelCache) get(body string) (labelledText, bool) {
	if t, ok := c.cur[body]; ok {
		return t, true
	}
	t, ok := c.old[body]
	if ok {
		c.put(body, t)
	}
	return t, ok
}

func (c *labelCache) put(body string, t labelledText) {
	if len(c.cur) >= c.size {
		c.old, c.cur = c.cur, make(map[string]labelledText, c.size)
	}
	c.cur[body] = t
}

// readMessages reads up to n messages with ids after last.
func (a *analyzer) readMessages(ctx context.Context, last int64, n int) ([]labelled, error) {
	msgs := make([]labelled, 0, n)
	err := a.query(ctx, `SELECT id, CASE WHEN direction = 'in' THEN number ELSE '' END, body FROM events
		WHERE id > ? AND kind <> 'call' AND body <> '' AND same_as IS NULL
		ORDER BY id LIMIT ?`, func(rows *sql.Rows) error {
		var m labelled
		if err := rows.Scan(&m.id, &m.number, &m.body); err != nil {
			return err
		}
		msgs = append(msgs, m)
		return nil
	}, last, n)
	return msgs, err
}

// isDebt says whether a message speaks for a collector: debt labels, and
// not a relative relaying one.
func isDebt(r Result) bool {
	if r.Has(leaktrail.LabelRelay) {
		return false
	}
	for _, l := range []leaktrail.Label{leaktrail.LabelCollection, leaktrail.LabelThreat,
		leaktrail.LabelContactsExposure, leaktrail.LabelInsult, leaktrail.LabelImpersonation} {
		if r.Has(l) {
			return true
		}
	}
	return false
}

// Template is a message's text as a rotation pool sends it from every
// number: normalized (see Normalize), with each run of digits (amounts,
// dates, days overdue) read as one '#'.
func Template(body string) string {
	s := Normalize(body)
	var b strings.Builder
	digit := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !digit {
				b.WriteByte('#')
			}
			digit = true
			continue
		}
		if r == ' ' && digit {
			continue
		}
		digit = false
		b.WriteRune(r)
	}
	return b.String()
}

// labelCounts counts, for each number, the messages it sent with each
// label, into the temporary table number_labels that features.sql reads
// (the numbers table's label columns). A scam or an advertisement that
// quotes collectors' words (your account is frozen, 爆通讯录) does not
// count as a collector's text: collection, threat, contacts_exposure,
// insult and impersonation are not counted on a text labelled fraud or
// spam. The counts are kept in memory for at most labelCountsSize numbers
// at a time and added to the table when that fills.
type labelCounts struct {
	tx *sql.Tx
	n  map[string]*[labelCount]int64
}

var labelCountsSize = 1 << 15 // a variable for tests

// collectorLabels are the labels a fraud or spam label cancels (the first
// five of labelColumns).
const collectorLabels = 5

func (c *labelCounts) add(ctx context.Context, m *labelled) error {
	if m.number == "" {
		return nil
	}
	n := c.n[m.number]
	if n == nil {
		if len(c.n) >= labelCountsSize {
			if err := c.flush(ctx); err != nil {
				return err
			}
		}
		n = new([labelCount]int64)
		c.n[m.number] = n
	}
	scam := m.res.Has(leaktrail.LabelFraud) || m.res.Has(leaktrail.LabelSpam)
	for i, l := range labelColumns {
		if (i >= collectorLabels || !scam) && m.res.Has(l) {
			n[i]++
		}
	}
	return nil
}

// flush adds the counts in memory to number_labels, in number order.
func (c *labelCounts) flush(ctx context.Context) error {
	if len(c.n) == 0 {
		return nil
	}
	cols := make([]string, len(labelColumns))
	for i, l := range labelColumns {
		cols[i] = string(l)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO number_labels (number, " + strings.Join(cols, ", ") + ") VALUES (?" +
		strings.Repeat(", ?", len(cols)) + ") ON CONFLICT (number) DO UPDATE SET ")
	for i, col := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %s + excluded.%s", col, col, col)
	}
	stmt, err := c.tx.PrepareContext(ctx, b.String())
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 1+len(cols))
	for _, number := range sortedKeys(c.n) {
		args[0] = number
		for i, v := range c.n[number] {
			args[1+i] = v
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	clear(c.n)
	return nil
}

// labelCount is the number of labelColumns.
const labelCount = 11

// labelColumns are event_labels' label columns: label i is bit i of its
// mask column (schema.sql).
var labelColumns = [labelCount]leaktrail.Label{
	leaktrail.LabelCollection, leaktrail.LabelThreat, leaktrail.LabelContactsExposure,
	leaktrail.LabelInsult, leaktrail.LabelImpersonation, leaktrail.LabelRelay,
	leaktrail.LabelLoan, leaktrail.LabelSpam, leaktrail.LabelFraud,
	leaktrail.LabelService, leaktrail.LabelVerification,
}

// labelInserter writes event_labels rows, many per statement.
type labelInserter struct {
	tx   *sql.Tx
	stmt *sql.Stmt
	args []any
}

const (
	labelBatch = 128
	labelArgs  = 6 // columns bound per row
)

func (ins *labelInserter) add(ctx context.Context, id int64, r Result, tpl string) error {
	labels := make([]string, len(r.Labels))
	for i, l := range r.Labels {
		labels[i] = string(l)
	}
	plats := "[]"
	if len(r.Platforms) > 0 {
		b, err := json.Marshal(r.Platforms)
		if err != nil {
			return err
		}
		plats = string(b)
	}
	var mask int64
	for i, l := range labelColumns {
		if r.Has(l) {
			mask |= 1 << i
		}
	}
	ins.args = append(ins.args, id, strings.Join(labels, " "), strings.Join(r.Rules, " "), plats, tpl, mask)
	if len(ins.args) < labelBatch*labelArgs {
		return nil
	}
	if ins.stmt == nil {
		stmt, err := ins.tx.PrepareContext(ctx, labelInsert(labelBatch))
		if err != nil {
			return err
		}
		ins.stmt = stmt
	}
	_, err := ins.stmt.ExecContext(ctx, ins.args...)
	ins.args = ins.args[:0]
	return err
}

func (ins *labelInserter) flush(ctx context.Context) error {
	n := len(ins.args) / labelArgs
	if n == 0 {
		return nil
	}
	_, err := ins.tx.ExecContext(ctx, labelInsert(n), ins.args...)
	ins.args = ins.args[:0]
	return err
}

func (ins *labelInserter) close() {
	if ins.stmt != nil {
		ins.stmt.Close()
	}
}

func labelInsert(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO event_labels (event_id, labels, rules, platforms, template, mask) VALUES ")
	row := "(?" + strings.Repeat(", ?", labelArgs-1) + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// phoneOnset is where collection began on one phone.
type phoneOnset struct {
	Onset
	first int64 // the local day index of series[0]
}

// onsets finds, for each phone, the day the daily count of calls and
// messages from collector numbers rises into a campaign.
func (a *analyzer) onsets(ctx context.Context) (map[string]phoneOnset, error) {
	series := map[string][]int{}
	firsts := map[string]int64{}
	if err := a.query(ctx, `SELECT phone, min(first_day), max(last_day) FROM pairs GROUP BY phone ORDER BY phone`,
		func(rows *sql.Rows) error {
			var ph string
			var lo, hi int64
			if err := rows.Scan(&ph, &lo, &hi); err != nil {
				return err
			}
			series[ph], firsts[ph] = make([]int, hi-lo+1), lo
			return nil
		}); err != nil {
		return nil, err
	}
	if err := a.query(ctx, `SELECT d.phone, d.day, sum(d.calls_in + d.msgs_in)
		FROM numbers n JOIN daily d ON d.number = n.number
		WHERE n.category = 'collection'
		GROUP BY d.phone, d.day ORDER BY d.phone, d.day`,
		func(rows *sql.Rows) error {
			var ph string
			var day, n int64
			if err := rows.Scan(&ph, &day, &n); err != nil {
				return err
			}
			if s, ok := series[ph]; ok && day >= firsts[ph] && day-firsts[ph] < int64(len(s)) {
				s[day-firsts[ph]] = int(n)
			}
			return nil
		}); err != nil {
		return nil, err
	}
	out := map[string]phoneOnset{}
	for ph, s := range series {
		if o, ok := DetectOnset(s); ok {
			out[ph] = phoneOnset{Onset: o, first: firsts[ph]}
		}
	}
	return out, nil
}

// query runs q in the analysis transaction and calls row for each row.
func (a *analyzer) query(ctx context.Context, q string, row func(*sql.Rows) error, args ...any) error {
	return sqlite.EachRow(ctx, a.tx, q, row, args...)
}

func sameOnsets(a, b map[string]phoneOnset) bool {
	if len(a) != len(b) {
		return false
	}
	for ph, o := range a {
		p, ok := b[ph]
		if !ok || p.first+int64(p.Day) != o.first+int64(o.Day) {
			return false
		}
	}
	return true
}

func (a *analyzer) storeOnsets(ctx context.Context, onsets map[string]phoneOnset) error {
	if _, err := a.tx.ExecContext(ctx, "DELETE FROM lt_onset"); err != nil {
		return err
	}
	for _, ph := range sortedKeys(onsets) {
		o := onsets[ph]
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO lt_onset (phone, day) VALUES (?, ?)", ph, o.first+int64(o.Day)); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// logistic maps evidence points to a score in (0, 1).
func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// collectorWords are words in a saved contact's name that say the owner
// knows the number for a collector: victims save them so, to know not to
// answer.
var collectorWords = []string{"催收", "催债", "讨债", "要债", "追债", "网贷", "贷款", "借贷", "逾期", "别接", "勿接", "不要接", "骚扰"}

// collectorName reports (as 1 or 0, for SQL) whether a saved name marks
// the number as a collector's.
func collectorName(name string) int {
	s := Normalize(name)
	for _, w := range collectorWords {
		if strings.Contains(s, w) {
			return 1
		}
	}
	return 0
}
