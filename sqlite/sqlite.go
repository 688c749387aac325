// Package sqlite owns the case database: one SQLite file per case, with the
// schema as numbered migrations embedded in the binary. Nobody else opens
// the database.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leaktrail/leaktrail"
	sqlite3 "github.com/mattn/go-sqlite3"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is an open case database.
type DB struct {
	db   *sql.DB
	path string

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens the case database at path, creating it with mode 0600 when it
// does not exist, and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("no database path")
	}
	if path != ":memory:" {
		// Create the file ourselves so that it, and the WAL and shared
		// memory files SQLite derives from it, are private.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	dsn := "file:" + path + "?_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate"
	if path == ":memory:" {
		dsn = "file::memory:?_foreign_keys=on&_txlock=immediate"
	}
	sdb, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: SQLite serialises writers anyway, and pragmas and the
	// in-memory database stay on that connection.
	sdb.SetMaxOpenConns(1)
	db := &DB{db: sdb, path: path, Now: time.Now}
	if err := db.init(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// ReadOnly opens a second, read-only handle on the same case file, for a
// query to run while this handle runs others (a handle has one
// connection). An in-memory database has no second handle.
func (db *DB) ReadOnly(ctx context.Context) (*DB, error) {
	if db.path == ":memory:" {
		return nil, errors.New("an in-memory database has no second handle")
	}
	sdb, err := sql.Open("sqlite3", "file:"+db.path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(1)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return &DB{db: sdb, path: db.path, Now: db.Now}, nil
}

// SQL returns the database handle, for packages that run their own queries
// against the case (analysis, reports) through this package's connection.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) init(ctx context.Context) error {
	for _, p := range []string{"PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY"} {
		if _, err := db.db.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
			return errors.New("not a leaktrail case database (not SQLite)")
		}
		return err
	}
	return db.migrate(ctx)
}

// migrate applies the embedded migrations the database lacks, in order,
// recording the last one in PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	var version int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > len(names) {
		return fmt.Errorf("database schema version %d is newer than this leaktrail (%d): upgrade leaktrail", version, len(names))
	}
	if version == 0 {
		if err := db.checkEmpty(ctx); err != nil {
			return err
		}
	}
	for i, name := range names {
		n, err := strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0])
		if err != nil || n != i+1 {
			return fmt.Errorf("migration %s out of sequence", name)
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// checkEmpty refuses to lay the schema over a database that holds tables
// of something else.
func (db *DB) checkEmpty(ctx context.Context) error {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errors.New("not a leaktrail case database (it holds other tables)")
	}
	return nil
}

// SourceBySHA256 returns the source with the given hash, or nil.
func (db *DB) SourceBySHA256(ctx context.Context, sum string) (*leaktrail.Source, error) {
	rows, err := db.db.QueryContext(ctx, sourceSelect+" WHERE sha256 = ?", sum)
	if err != nil {
		return nil, err
	}
	srcs, err := scanSources(rows)
	if err != nil || len(srcs) == 0 {
		return nil, err
	}
	return &srcs[0], nil
}

// Sources returns every source, in import order.
func (db *DB) Sources(ctx context.Context) ([]leaktrail.Source, error) {
	rows, err := db.db.QueryContext(ctx, sourceSelect+" ORDER BY id")
	if err != nil {
		return nil, err
	}
	return scanSources(rows)
}

const sourceSelect = `SELECT id, path, name, sha256, size, format, phone, imported_at, complete, read, inserted, duplicates, rejected FROM sources`

func scanSources(rows *sql.Rows) ([]leaktrail.Source, error) {
	defer rows.Close()
	var out []leaktrail.Source
	for rows.Next() {
		var s leaktrail.Source
		if err := rows.Scan(&s.ID, &s.Path, &s.Name, &s.SHA256, &s.Size, &s.Format, &s.Phone, &s.ImportedAt, &s.Complete,
			&s.Read, &s.Inserted, &s.Duplicates, &s.Rejected); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Rejects returns the rejects of a source in file order.
func (db *DB) Rejects(ctx context.Context, sourceID int64) ([]leaktrail.Reject, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT locator, reason, excerpt FROM rejects WHERE source_id = ? ORDER BY id`, sourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []leaktrail.Reject
	for rows.Next() {
		var r leaktrail.Reject
		var loc string
		if err := rows.Scan(&loc, &r.Reason, &r.Excerpt); err != nil {
			return nil, err
		}
		r.Locator = parseLocator(loc)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Totals are counts over the whole case. A call or message recorded both
// by the phone and by the carrier's bill counts once; Confirmed says how
// many the carrier's bill confirms.
type Totals struct {
	Events    int64 `json:"events"`
	Confirmed int64 `json:"confirmed"`
	Calls     int64 `json:"calls"`
	SMS       int64 `json:"sms"`
	MMS       int64 `json:"mms"`
	Contacts  int64 `json:"contacts"`
	Rejected  int64 `json:"rejected"`
}

// Totals counts what the case holds.
func (db *DB) Totals(ctx context.Context) (Totals, error) {
	var t Totals
	err := db.db.QueryRowContext(ctx, `SELECT
		count(*),
		count(*) FILTER (WHERE kind = 'call'),
		count(*) FILTER (WHERE kind = 'sms'),
		count(*) FILTER (WHERE kind = 'mms'),
		(SELECT count(*) FROM events WHERE same_as IS NOT NULL),
		(SELECT count(*) FROM contacts),
		(SELECT count(*) FROM rejects)
		FROM events WHERE same_as IS NULL`).Scan(&t.Events, &t.Calls, &t.SMS, &t.MMS, &t.Confirmed, &t.Contacts, &t.Rejected)
	return t, err
}

// parseLocator reads back a locator written by leaktrail.Locator.String.
func parseLocator(s string) leaktrail.Locator {
	var l leaktrail.Locator
	f := strings.Fields(s)
	for i := 0; i+1 < len(f); i += 2 {
		switch f[i] {
		case "sheet":
			// Sheet names may hold spaces: take words up to the next key.
			j := i + 1
			for j+1 < len(f) && f[j+1] != "row" && f[j+1] != "column" {
				j++
			}
			l.Sheet = strings.Join(f[i+1:j+1], " ")
			i = j - 1
		case "row":
			l.Row, _ = strconv.ParseInt(f[i+1], 10, 64)
		case "line":
			l.Line, _ = strconv.ParseInt(f[i+1], 10, 64)
		case "byte":
			l.Offset, _ = strconv.ParseInt(f[i+1], 10, 64)
		case "column":
			l.Column = strings.Join(f[i+1:], " ")
			return l
		}
	}
	return l
}
