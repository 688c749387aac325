package sqlite

import (
	"context"
	"fmt"
)

// Tolerances for taking a carrier's record and a phone's record for the
// same call or message: start times within witnessWindowMS, and call
// durations within witnessDurationS seconds or a tenth of the longer one.
const (
	witnessWindowMS  = 10_000
	witnessDurationS = 5
)

// LinkWitnesses pairs each carrier-bill event not yet linked with the
// phone-log event of the same call or message (same phone, kind, number and
// direction, start within a few seconds, similar duration), closest in time
// first, each phone event taken at most once. It returns how many pairs it
// linked. Linking is idempotent and independent of import order.
func (db *DB) LinkWitnesses(ctx context.Context) (int64, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `
		SELECT c.id, p.id
		FROM events c
		JOIN events p ON p.number = c.number
			AND p.at BETWEEN c.at - ? AND c.at + ?
			AND p.phone = c.phone AND p.kind = c.kind AND p.direction = c.direction
			AND p.witness = 'phone'
		WHERE c.witness = 'carrier' AND c.same_as IS NULL AND c.number != 'hidden'
			AND (c.kind != 'call' OR abs(coalesce(p.duration_s, 0) - coalesce(c.duration_s, 0))
				<= max(?, max(coalesce(p.duration_s, 0), coalesce(c.duration_s, 0)) / 10))
			AND NOT EXISTS (SELECT 1 FROM events x WHERE x.same_as = p.id)
		ORDER BY abs(p.at - c.at), c.id, p.id`, witnessWindowMS, witnessWindowMS, witnessDurationS)
	if err != nil {
		return 0, fmt.Errorf("find witnesses: %w", err)
	}
	type pair struct{ carrier, phone int64 }
	var pairs []pair
	usedC, usedP := map[int64]bool{}, map[int64]bool{}
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.carrier, &p.phone); err != nil {
			rows.Close()
			return 0, err
		}
		if usedC[p.carrier] || usedP[p.phone] {
			continue
		}
		usedC[p.carrier], usedP[p.phone] = true, true
		pairs = append(pairs, p)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE events SET same_as = ? WHERE id = ?`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	for _, p := range pairs {
		if _, err := stmt.ExecContext(ctx, p.phone, p.carrier); err != nil {
			return 0, fmt.Errorf("link witnesses: %w", err)
		}
	}
	return int64(len(pairs)), tx.Commit()
}
