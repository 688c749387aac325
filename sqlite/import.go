package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/leaktrail/leaktrail"
)

const (
	// batchRows is how many rows one INSERT statement carries.
	batchRows = 128
	// commitRows is how many rows a transaction carries before it commits.
	commitRows = 10_000
)

// Every row of a source shares its source_id and phone: they are bound
// once per statement as ?1 and ?2, the columns after them per row.
var sharedCols = []string{"source_id", "phone"}

var eventCols = []string{"locator", "kind", "direction", "status", "at", "number_raw", "number",
	"number_class", "others", "duration_s", "body", "subject", "contact_name", "attachments", "flags", "witness", "dedupe_key"}

var contactCols = []string{"locator", "name", "number_raw", "number", "number_class", "label", "org", "dedupe_key"}

func insertSQL(table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT OR IGNORE INTO %s (%s, %s) VALUES ", table, strings.Join(sharedCols, ", "), strings.Join(cols, ", "))
	row := "(?1, ?2, " + strings.Repeat("?, ", len(cols)-1) + "?)"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// Import is the import of one source in progress. It is a sink for an
// importer: every record passed to it is counted as read and ends up
// inserted, recognised as a duplicate, or stored as a reject. Records are
// buffered into multi-row INSERTs that a writer goroutine executes while
// the importer goes on parsing, committing every commitRows rows; the
// source is marked complete only by Finish, so an import that is killed
// leaves an incomplete source that the next import of the same file
// replaces.
type Import struct {
	ctx    context.Context
	db     *DB
	src    leaktrail.Source
	counts leaktrail.Counts // Read and Rejected; the writer splits the rest

	table  *batch // events
	people *batch // contacts
	key    []byte // scratch for dedupe keys

	jobs   chan job
	free   chan []any // argument slices the writer is done with
	w      *writer
	closed bool
}

// job is one statement for the writer: a batch of rows, or a reject.
type job struct {
	query string
	args  []any
	rows  int  // rows the statement inserts, for the accounting; 0 for a reject
	one   bool // args hold rows of one-row statements (the tail of a batch)
	width int  // per-row arguments when one is set
}

// writer owns the transaction while an import runs.
type writer struct {
	ctx      context.Context
	db       *sql.DB
	tx       *sql.Tx
	stmts    map[string]*sql.Stmt
	pending  int
	inserted int64
	dups     int64
	err      error
	done     chan struct{}
}

// batch buffers rows of one table for a multi-row INSERT OR IGNORE.
type batch struct {
	cols []string
	args []any
	rows int
	full string // SQL for batchRows rows
	one  string // SQL for one row
}

func newBatch(table string, cols []string) *batch {
	return &batch{cols: cols, full: insertSQL(table, cols, batchRows), one: insertSQL(table, cols, 1)}
}

// BeginImport records src (its ID is assigned here) as an incomplete source
// and returns the Import that writes its records. An incomplete source with
// the same SHA-256, left by an interrupted import, is removed first with
// everything it had written.
func (db *DB) BeginImport(ctx context.Context, src leaktrail.Source, timezone string) (*Import, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE sha256 = ? AND complete = 0`, src.SHA256); err != nil {
		return nil, fmt.Errorf("remove interrupted import: %w", err)
	}
	src.ImportedAt = db.Now().UnixMilli()
	src.Complete = false
	res, err := tx.ExecContext(ctx, `INSERT INTO sources (path, name, sha256, size, format, phone, timezone, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, src.Path, src.Name, src.SHA256, src.Size, src.Format, src.Phone, timezone, src.ImportedAt)
	if err != nil {
		return nil, fmt.Errorf("insert source: %w", err)
	}
	if src.ID, err = res.LastInsertId(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	w := &writer{ctx: ctx, db: db.db, stmts: map[string]*sql.Stmt{}, done: make(chan struct{})}
	if w.tx, err = db.db.BeginTx(ctx, nil); err != nil {
		return nil, err
	}
	im := &Import{ctx: ctx, db: db, src: src, table: newBatch("events", eventCols), people: newBatch("contacts", contactCols),
		jobs: make(chan job, 4), free: make(chan []any, 8), w: w}
	im.table.args = im.newArgs(im.table)
	im.people.args = im.newArgs(im.people)
	go w.run(im.jobs, im.free)
	return im, nil
}

// newArgs returns an empty argument slice for b, starting with the
// arguments every row shares.
func (im *Import) newArgs(b *batch) []any {
	var args []any
	select {
	case args = <-im.free:
	default:
		args = make([]any, 0, len(sharedCols)+batchRows*len(eventCols))
	}
	return append(args, im.src.ID, im.src.Phone)
}

// send hands a statement to the writer; it fails once the writer has.
func (im *Import) send(j job) error {
	select {
	case im.jobs <- j:
		return nil
	case <-im.w.done:
		return im.w.err
	}
}

// run executes jobs until the channel closes or a statement fails.
func (w *writer) run(jobs <-chan job, free chan<- []any) {
	defer close(w.done)
	for j := range jobs {
		if w.err != nil {
			continue // drain
		}
		w.err = w.do(j)
		clear(j.args)
		select {
		case free <- j.args[:0]:
		default:
		}
	}
}

func (w *writer) do(j job) error {
	if !j.one {
		n, err := w.exec(j.query, j.args)
		if err != nil {
			return err
		}
		if j.rows > 0 {
			w.count(j.rows, n)
		}
	} else {
		shared := j.args[:len(sharedCols)]
		row := make([]any, 0, len(sharedCols)+j.width)
		for i := range j.rows {
			start := len(sharedCols) + i*j.width
			n, err := w.exec(j.query, append(append(row[:0], shared...), j.args[start:start+j.width]...))
			if err != nil {
				return err
			}
			w.count(1, n)
		}
	}
	w.pending += max(j.rows, 1)
	if w.pending < commitRows {
		return nil
	}
	w.closeStmts()
	if err := w.tx.Commit(); err != nil {
		return err
	}
	w.pending = 0
	var err error
	w.tx, err = w.db.BeginTx(w.ctx, nil)
	return err
}

// count splits rows written into inserted and duplicates: INSERT OR IGNORE
// changes nothing for a row whose key exists.
func (w *writer) count(rows int, inserted int64) {
	w.inserted += inserted
	w.dups += int64(rows) - inserted
}

// Event buffers one event for insertion.
func (im *Import) Event(ev *leaktrail.Event) error {
	im.counts.Read++
	b := im.table
	var dur any
	if ev.DurationS >= 0 {
		dur = ev.DurationS
	}
	var att string
	if len(ev.Attachments) > 0 {
		j, err := json.Marshal(ev.Attachments)
		if err != nil {
			return err
		}
		att = string(j)
	}
	others := strings.Join(ev.Others, " ")
	witness := ev.Witness
	if witness == "" {
		witness = leaktrail.WitnessPhone
	}
	b.args = append(b.args, ev.Locator.String(), string(ev.Kind), string(ev.Direction), string(ev.Status),
		ev.At, ev.NumberRaw, ev.Number, string(ev.NumberClass), others, dur, ev.Body, ev.Subject, ev.ContactName, att,
		strings.Join(ev.Flags, " "), string(witness), im.eventKey(witness, ev, att))
	b.rows++
	return im.maybeFlush(b)
}

// eventKey identifies an event across exports of the same phone by one
// witness: what was recorded, not where the export put it. The witness is
// part of the key so that a carrier's record of a call is never taken for a
// duplicate of the phone's own.
func (im *Import) eventKey(witness leaktrail.Witness, ev *leaktrail.Event, attachments string) int64 {
	k := im.key[:0]
	for _, s := range []string{im.src.Phone, string(witness), string(ev.Kind), string(ev.Direction), ev.Number, ev.Body, ev.Subject, attachments} {
		k = appendField(k, s)
	}
	k = binary.LittleEndian.AppendUint64(k, uint64(ev.At))
	k = binary.LittleEndian.AppendUint64(k, uint64(ev.DurationS))
	im.key = k
	return keyOf(k)
}

// appendField appends s to a key, prefixed with its length so that field
// boundaries cannot shift.
func appendField(k []byte, s string) []byte {
	k = binary.LittleEndian.AppendUint64(k, uint64(len(s)))
	return append(k, s...)
}

// keyOf returns the first 64 bits of the SHA-256 of a key as a signed
// integer, which SQLite stores and indexes more cheaply than a blob.
func keyOf(k []byte) int64 {
	sum := sha256.Sum256(k)
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// Contact buffers one address-book entry for insertion.
func (im *Import) Contact(c *leaktrail.Contact) error {
	im.counts.Read++
	b := im.people
	k := im.key[:0]
	for _, s := range []string{im.src.Phone, c.Name, c.Number} {
		k = appendField(k, s)
	}
	im.key = k
	b.args = append(b.args, c.Locator.String(), c.Name, c.NumberRaw, c.Number, string(c.NumberClass),
		c.Label, c.Org, keyOf(k))
	b.rows++
	return im.maybeFlush(b)
}

// Reject stores a record that could not be imported.
func (im *Import) Reject(r *leaktrail.Reject) error {
	im.counts.Read++
	im.counts.Rejected++
	return im.send(job{query: insertReject, args: []any{im.src.ID, r.Locator.String(), r.Reason, r.Excerpt}})
}

const insertReject = `INSERT INTO rejects (source_id, locator, reason, excerpt) VALUES (?, ?, ?, ?)`

func (im *Import) maybeFlush(b *batch) error {
	if b.rows < batchRows {
		return nil
	}
	return im.flush(b)
}

// flush hands the buffered rows of b to the writer.
func (im *Import) flush(b *batch) error {
	if b.rows == 0 {
		return nil
	}
	j := job{query: b.full, args: b.args, rows: b.rows}
	if b.rows < batchRows {
		j.query, j.one, j.width = b.one, true, len(b.cols)
	}
	b.args, b.rows = im.newArgs(b), 0
	return im.send(j)
}

// exec runs query on the open transaction through a statement prepared
// once per transaction: parsing a statement of thousands of parameters for
// every batch would cost more than inserting its rows.
func (w *writer) exec(query string, args []any) (int64, error) {
	stmt, ok := w.stmts[query]
	if !ok {
		var err error
		if stmt, err = w.tx.PrepareContext(w.ctx, query); err != nil {
			return 0, fmt.Errorf("prepare insert: %w", err)
		}
		w.stmts[query] = stmt
	}
	res, err := stmt.ExecContext(w.ctx, args...)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	return res.RowsAffected()
}

// closeStmts closes the statements of the transaction that is ending.
func (w *writer) closeStmts() {
	for q, stmt := range w.stmts {
		stmt.Close()
		delete(w.stmts, q)
	}
}

// stop ends the writer and waits for it; the transaction stays open.
func (im *Import) stop() error {
	if !im.closed {
		im.closed = true
		close(im.jobs)
	}
	<-im.w.done
	return im.w.err
}

// Finish writes what is buffered, records the counts and marks the source
// complete, in one transaction.
func (im *Import) Finish() (leaktrail.Source, error) {
	if err := im.flush(im.table); err != nil {
		return im.src, err
	}
	if err := im.flush(im.people); err != nil {
		return im.src, err
	}
	if err := im.stop(); err != nil {
		return im.src, err
	}
	c := im.counts
	c.Inserted, c.Duplicates = im.w.inserted, im.w.dups
	if !c.Balanced() {
		return im.src, fmt.Errorf("accounting does not balance: read %d != inserted %d + duplicates %d + rejected %d",
			c.Read, c.Inserted, c.Duplicates, c.Rejected)
	}
	w := im.w
	if _, err := w.tx.ExecContext(im.ctx, `UPDATE sources SET complete = 1, read = ?, inserted = ?, duplicates = ?, rejected = ?
		WHERE id = ?`, c.Read, c.Inserted, c.Duplicates, c.Rejected, im.src.ID); err != nil {
		return im.src, err
	}
	w.closeStmts()
	if err := w.tx.Commit(); err != nil {
		return im.src, err
	}
	im.src.Counts = c
	im.src.Complete = true
	return im.src, nil
}

// Abort abandons the import and removes the source with everything it had
// written, so that no half-imported file remains in the case.
func (im *Import) Abort() error {
	im.stop()
	im.w.closeStmts()
	im.w.tx.Rollback()
	// The caller's context may be what was cancelled: clean up regardless.
	_, err := im.db.db.ExecContext(context.WithoutCancel(im.ctx), `DELETE FROM sources WHERE id = ? AND complete = 0`, im.src.ID)
	return err
}
