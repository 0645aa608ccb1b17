package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

const txCols = `id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at, rowid`

func scanTransaction(row interface{ Scan(...any) error }) (model.Transaction, error) {
	var t model.Transaction
	var date string
	var created int64
	if err := row.Scan(&t.ID, &t.PortfolioID, &t.Kind, &t.Ticker, &t.Note, &date, &t.Quantity, &t.Price, &t.Fee, &created, &t.Seq); err != nil {
		return model.Transaction{}, err
	}
	d, err := time.ParseInLocation(time.DateOnly, date, time.UTC)
	if err != nil {
		return model.Transaction{}, fmt.Errorf("store: bad stored date %q: %w", date, err)
	}
	t.Date, t.CreatedAt = d, fromMS(created)
	return t, nil
}

// ListTransactions returns a portfolio's transactions oldest first (date,
// then created_at), or ErrNotFound when the portfolio does not exist.
func (s *Store) ListTransactions(ctx context.Context, userID, portfolioID string) ([]model.Transaction, error) {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: list transactions: %w", err)
	}
	defer tx.Rollback()
	if _, err := getPortfolio(ctx, tx, portfolioID); err != nil {
		return nil, err
	}
	return listTx(ctx, tx, portfolioID)
}

func listTx(ctx context.Context, tx *sql.Tx, portfolioID string) ([]model.Transaction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+txCols+` FROM transactions WHERE portfolio_id = ?
		ORDER BY date, created_at, rowid`, portfolioID)
	if err != nil {
		return nil, fmt.Errorf("store: list transactions: %w", err)
	}
	defer rows.Close()
	out := []model.Transaction{}
	for rows.Next() {
		t, err := scanTransaction(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list transactions: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list transactions: %w", err)
	}
	return out, nil
}

// GetTransaction returns one transaction of a portfolio, or ErrNotFound.
func (s *Store) GetTransaction(ctx context.Context, userID, portfolioID, txID string) (model.Transaction, error) {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return model.Transaction{}, err
	}
	t, err := scanTransaction(db.QueryRowContext(ctx, `SELECT `+txCols+` FROM transactions
		WHERE id = ? AND portfolio_id = ?`, txID, portfolioID))
	if errors.Is(err, sql.ErrNoRows) {
		return model.Transaction{}, model.ErrNotFound
	}
	if err != nil {
		return model.Transaction{}, fmt.Errorf("store: get transaction: %w", err)
	}
	return t, nil
}

// change runs fn inside one write transaction on the user's database with
// the portfolio's current history loaded; fn returns the proposed history,
// which check validates before fn's writes are committed.
func (s *Store) change(ctx context.Context, userID, portfolioID string, check model.CheckFunc,
	fn func(tx *sql.Tx, current []model.Transaction) ([]model.Transaction, error)) error {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: change transactions: %w", err)
	}
	defer tx.Rollback()
	if _, err := getPortfolio(ctx, tx, portfolioID); err != nil {
		return err
	}
	current, err := listTx(ctx, tx, portfolioID)
	if err != nil {
		return err
	}
	proposed, err := fn(tx, current)
	if err != nil {
		return err
	}
	if len(proposed) > model.MaxTransactionsPerFolio {
		return model.ErrLimit
	}
	model.SortTransactions(proposed)
	if check != nil {
		if err := check(proposed); err != nil {
			return err
		}
	}
	if err := touchPortfolio(ctx, tx, portfolioID, time.Now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: change transactions: %w", err)
	}
	return nil
}

// AddTransactions appends transactions to a portfolio in one database
// transaction: all are written or none. Ids, PortfolioID and CreatedAt are
// assigned here. check sees the whole resulting history.
func (s *Store) AddTransactions(ctx context.Context, userID, portfolioID string, txs []model.Transaction, now time.Time, check model.CheckFunc) ([]model.Transaction, error) {
	var added []model.Transaction
	err := s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []model.Transaction) ([]model.Transaction, error) {
		var err error
		added, err = insertTransactions(ctx, tx, portfolioID, txs, now, nextSeq(current))
		return append(current, added...), err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

func nextSeq(txs []model.Transaction) int64 {
	var m int64
	for _, t := range txs {
		m = max(m, t.Seq)
	}
	return m + 1
}

func insertTransactions(ctx context.Context, tx *sql.Tx, portfolioID string, txs []model.Transaction, now time.Time, seq int64) ([]model.Transaction, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO transactions
		(id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("store: add transactions: %w", err)
	}
	defer stmt.Close()
	out := make([]model.Transaction, 0, len(txs))
	created := now.UTC().Truncate(time.Millisecond)
	for i, t := range txs {
		if err := storable(t); err != nil {
			return nil, err
		}
		t.ID, t.PortfolioID, t.CreatedAt, t.Seq = NewID(), portfolioID, created, seq+int64(i)
		if _, err := stmt.ExecContext(ctx, t.ID, portfolioID, t.Kind, t.Ticker, t.Note,
			t.Date.UTC().Format(time.DateOnly), t.Quantity, t.Price, t.Fee, ms(created)); err != nil {
			return nil, fmt.Errorf("store: add transactions: %w", err)
		}
		out = append(out, t)
	}
	return out, nil
}

// storable is a last line of defence: validation happens in shared/validate
// before the store is called.
func storable(t model.Transaction) error {
	for _, f := range []float64{t.Quantity, t.Price, t.Fee} {
		if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return fmt.Errorf("store: transaction has a non-finite or negative amount")
		}
	}
	return nil
}

// UpdateTransaction replaces the fields of an existing transaction (keeping
// its id and creation time) after check accepted the resulting history.
func (s *Store) UpdateTransaction(ctx context.Context, userID, portfolioID string, t model.Transaction, check model.CheckFunc) (model.Transaction, error) {
	if err := storable(t); err != nil {
		return model.Transaction{}, err
	}
	var updated model.Transaction
	err := s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []model.Transaction) ([]model.Transaction, error) {
		i := slices.IndexFunc(current, func(c model.Transaction) bool { return c.ID == t.ID })
		if i < 0 {
			return nil, model.ErrNotFound
		}
		t.PortfolioID, t.CreatedAt, t.Seq = portfolioID, current[i].CreatedAt, current[i].Seq
		current[i], updated = t, t
		_, err := tx.ExecContext(ctx, `UPDATE transactions SET kind = ?, ticker = ?, note = ?, date = ?, quantity = ?, price = ?, fee = ?
			WHERE id = ? AND portfolio_id = ?`, t.Kind, t.Ticker, t.Note, t.Date.UTC().Format(time.DateOnly), t.Quantity, t.Price, t.Fee, t.ID, portfolioID)
		if err != nil {
			return nil, fmt.Errorf("store: update transaction: %w", err)
		}
		return current, nil
	})
	return updated, err
}

// DeleteTransaction removes a transaction after check accepted the history
// without it (a sell may depend on an earlier buy).
func (s *Store) DeleteTransaction(ctx context.Context, userID, portfolioID, txID string, check model.CheckFunc) error {
	return s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []model.Transaction) ([]model.Transaction, error) {
		i := slices.IndexFunc(current, func(c model.Transaction) bool { return c.ID == txID })
		if i < 0 {
			return nil, model.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM transactions WHERE id = ? AND portfolio_id = ?`, txID, portfolioID); err != nil {
			return nil, fmt.Errorf("store: delete transaction: %w", err)
		}
		return slices.Delete(current, i, i+1), nil
	})
}

// CreatePortfolioWith creates a portfolio and its transactions atomically
// (the example portfolio).
func (s *Store) CreatePortfolioWith(ctx context.Context, userID, name, note string, txs []model.Transaction, now time.Time, check model.CheckFunc) (model.Portfolio, error) {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return model.Portfolio{}, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	defer tx.Rollback()
	p, err := insertPortfolio(ctx, tx, name, note, now)
	if err != nil {
		return model.Portfolio{}, err
	}
	added, err := insertTransactions(ctx, tx, p.ID, txs, now, 1)
	if err != nil {
		return model.Portfolio{}, err
	}
	model.SortTransactions(added)
	if check != nil {
		if err := check(added); err != nil {
			return model.Portfolio{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	p.Transactions = len(added)
	return p, nil
}
