package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLedgerMigrationKeepsRows opens a portfolio database at schema 1 with
// rows in it, applies the later migrations and checks every row kept its
// values and row id (the insertion order), reads as adjusted, and that the
// new kinds and columns are accepted while bad values are still refused.
func TestLedgerMigrationKeepsRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portfolio.db")
	db, err := openDB(ctx, path, "FULL", portfolioMigrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db.ExecContext, `INSERT INTO portfolios (id, name, created_at, updated_at) VALUES ('p', 'P', 1, 1)`)
	mustExec(t, db.ExecContext, `INSERT INTO transactions (rowid, id, portfolio_id, kind, date, ticker, quantity, price, fee, note, created_at)
		VALUES (7, 'a', 'p', 'buy', '2014-01-02', 'AAPL', 10, 553.13, 1.5, 'n', 5), (3, 'b', 'p', 'sell', '2014-02-03', 'AAPL', 4, 500, 0, '', 6)`)
	_ = db.Close()

	db, err = openDB(ctx, path, "FULL", portfolioMigrations)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	got, err := listTx(ctx, tx, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "a" || got[0].Seq != 7 || got[1].Seq != 3 || got[0].Price != 553.13 || got[0].Fee != 1.5 ||
		got[0].Note != "n" || got[0].Basis != "adjusted" || got[1].Basis != "adjusted" || got[0].Amount != 0 || got[0].Ratio != 0 {
		t.Fatalf("rows after migration: %+v", got)
	}
	for _, kind := range []string{"deposit", "withdrawal", "interest", "tax", "split"} {
		mustExec(t, tx.ExecContext, `INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at, amount, currency, basis, ratio)
			VALUES (?, 'p', ?, '2014-03-03', '', 0, 0, 1, 100, 'EUR', '', 0)`, "k-"+kind, kind)
	}
	for name, q := range map[string]string{
		"unknown kind":    `INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at) VALUES ('x1', 'p', 'gift', '2014-03-03', '', 0, 0, 1)`,
		"negative amount": `INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at, amount) VALUES ('x2', 'p', 'deposit', '2014-03-03', '', 0, 0, 1, -1)`,
		"bad basis":       `INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at, basis) VALUES ('x3', 'p', 'buy', '2014-03-03', 'A', 1, 1, 1, 'raw')`,
		"negative ratio":  `INSERT INTO transactions (id, portfolio_id, kind, date, ticker, quantity, price, created_at, ratio) VALUES ('x4', 'p', 'split', '2014-03-03', 'A', 0, 0, 1, -2)`,
	} {
		if _, err := tx.ExecContext(ctx, q); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func mustExec[R any](t *testing.T, exec func(context.Context, string, ...any) (R, error), q string, args ...any) {
	t.Helper()
	if _, err := exec(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}
