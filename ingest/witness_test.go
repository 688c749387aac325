package ingest

import (
	"path/filepath"
	"testing"
)

// TestCarrierBillConfirmsPhoneLog imports a phone's call log and the
// carrier's bill of the same month, in both orders: the calls on both are
// linked, kept twice with their provenance and counted once.
func TestCarrierBillConfirmsPhoneLog(t *testing.T) {
	log := filepath.Join("..", "testdata", "witness", "owner-calls-2026-03.xml")
	bill := filepath.Join("..", "testdata", "witness", "china-mobile-2026-03-calls.csv")
	for _, order := range [][]string{{log, bill}, {bill, log}} {
		t.Run(filepath.Base(order[0])+" first", func(t *testing.T) {
			db := openCase(t)
			var linked int64
			for _, path := range order {
				res := importPath(t, db, path, "owner")
				linked += res.Linked
			}
			if linked != 4 {
				t.Errorf("linked %d calls, want 4", linked)
			}
			tot, err := db.Totals(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			// 5 on the phone + 5 on the bill - 4 on both.
			if tot.Calls != 6 || tot.Confirmed != 4 {
				t.Errorf("totals: %d calls, %d confirmed; want 6 and 4", tot.Calls, tot.Confirmed)
			}
			var pairs int
			err = db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM events c JOIN events p ON p.id = c.same_as
				WHERE c.witness = 'carrier' AND p.witness = 'phone' AND c.number = p.number AND c.direction = p.direction`).Scan(&pairs)
			if err != nil || pairs != 4 {
				t.Errorf("%d consistent pairs, %v; want 4", pairs, err)
			}
		})
	}
}
