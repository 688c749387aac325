package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Conn reserves the database's connection for a long sequence of
// statements, with the Go functions of funcs callable from SQL under their
// names. A function must be pure (same arguments, same result) and take
// and return only integers, floats, strings or byte slices. The caller
// closes the connection to give it back.
func (db *DB) Conn(ctx context.Context, funcs map[string]any) (*sql.Conn, error) {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(funcs))
	for name := range funcs {
		names = append(names, name)
	}
	slices.Sort(names)
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		for _, name := range names {
			if err := c.RegisterFunc(name, funcs[name], true); err != nil {
				return fmt.Errorf("register SQL function %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// Querier is what EachRow needs: a *sql.DB, *sql.Tx or *sql.Conn.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// EachRow runs query on q and calls row for each row, in order.
func EachRow(ctx context.Context, q Querier, query string, row func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
