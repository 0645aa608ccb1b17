package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// Transaction is one entry of a portfolio's ledger. Quantity, Price and Fee
// are stored positive; Kind gives the direction (see shared/validate).
type Transaction struct {
	ID, PortfolioID, Kind, Ticker, Note string
	Date                                time.Time // midnight UTC
	Quantity, Price, Fee                float64
	CreatedAt                           time.Time
	seq                                 int64 // insertion order (rowid), breaks ties
}

// CheckFunc validates a proposed full transaction history of a portfolio,
// oldest first, before a change is written. A non-nil error aborts the
// change and is returned unchanged to the caller.
type CheckFunc func(all []Transaction) error

const txCols = `id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at, rowid`

func scanTransaction(row interface{ Scan(...any) error }) (Transaction, error) {
	var t Transaction
	var date string
	var created int64
	if err := row.Scan(&t.ID, &t.PortfolioID, &t.Kind, &t.Ticker, &t.Note, &date, &t.Quantity, &t.Price, &t.Fee, &created, &t.seq); err != nil {
		return Transaction{}, err
	}
	d, err := time.ParseInLocation(time.DateOnly, date, time.UTC)
	if err != nil {
		return Transaction{}, fmt.Errorf("store: bad stored date %q: %w", date, err)
	}
	t.Date, t.CreatedAt = d, fromMS(created)
	return t, nil
}

// SortTransactions orders a history by date, then creation time, then
// insertion order, exactly as ListTransactions does.
func SortTransactions(txs []Transaction) {
	slices.SortStableFunc(txs, func(a, b Transaction) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
}

// ListTransactions returns a portfolio's transactions oldest first (date,
// then created_at), or ErrNotFound when the portfolio does not exist.
func (s *Store) ListTransactions(ctx context.Context, userID, portfolioID string) ([]Transaction, error) {
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

func listTx(ctx context.Context, tx *sql.Tx, portfolioID string) ([]Transaction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+txCols+` FROM transactions WHERE portfolio_id = ?
		ORDER BY date, created_at, rowid`, portfolioID)
	if err != nil {
		return nil, fmt.Errorf("store: list transactions: %w", err)
	}
	defer rows.Close()
	out := []Transaction{}
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
func (s *Store) GetTransaction(ctx context.Context, userID, portfolioID, txID string) (Transaction, error) {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return Transaction{}, err
	}
	t, err := scanTransaction(db.QueryRowContext(ctx, `SELECT `+txCols+` FROM transactions
		WHERE id = ? AND portfolio_id = ?`, txID, portfolioID))
	if errors.Is(err, sql.ErrNoRows) {
		return Transaction{}, ErrNotFound
	}
	if err != nil {
		return Transaction{}, fmt.Errorf("store: get transaction: %w", err)
	}
	return t, nil
}

// change runs fn inside one write transaction on the user's database with
// the portfolio's current history loaded; fn returns the proposed history,
// which check validates before fn's writes are committed.
func (s *Store) change(ctx context.Context, userID, portfolioID string, check CheckFunc,
	fn func(tx *sql.Tx, current []Transaction) ([]Transaction, error)) error {
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
	if len(proposed) > MaxTransactionsPerFolio {
		return ErrLimit
	}
	SortTransactions(proposed)
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
func (s *Store) AddTransactions(ctx context.Context, userID, portfolioID string, txs []Transaction, now time.Time, check CheckFunc) ([]Transaction, error) {
	var added []Transaction
	err := s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
		var err error
		added, err = insertTransactions(ctx, tx, portfolioID, txs, now, nextSeq(current))
		return append(current, added...), err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

func nextSeq(txs []Transaction) int64 {
	var m int64
	for _, t := range txs {
		m = max(m, t.seq)
	}
	return m + 1
}

func insertTransactions(ctx context.Context, tx *sql.Tx, portfolioID string, txs []Transaction, now time.Time, seq int64) ([]Transaction, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO transactions
		(id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("store: add transactions: %w", err)
	}
	defer stmt.Close()
	out := make([]Transaction, 0, len(txs))
	created := now.UTC().Truncate(time.Millisecond)
	for i, t := range txs {
		if err := storable(t); err != nil {
			return nil, err
		}
		t.ID, t.PortfolioID, t.CreatedAt, t.seq = NewID(), portfolioID, created, seq+int64(i)
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
func storable(t Transaction) error {
	for _, f := range []float64{t.Quantity, t.Price, t.Fee} {
		if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return fmt.Errorf("store: transaction has a non-finite or negative amount")
		}
	}
	return nil
}

// UpdateTransaction replaces the fields of an existing transaction (keeping
// its id and creation time) after check accepted the resulting history.
func (s *Store) UpdateTransaction(ctx context.Context, userID, portfolioID string, t Transaction, check CheckFunc) (Transaction, error) {
	if err := storable(t); err != nil {
		return Transaction{}, err
	}
	var updated Transaction
	err := s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
		i := slices.IndexFunc(current, func(c Transaction) bool { return c.ID == t.ID })
		if i < 0 {
			return nil, ErrNotFound
		}
		t.PortfolioID, t.CreatedAt, t.seq = portfolioID, current[i].CreatedAt, current[i].seq
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
func (s *Store) DeleteTransaction(ctx context.Context, userID, portfolioID, txID string, check CheckFunc) error {
	return s.change(ctx, userID, portfolioID, check, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
		i := slices.IndexFunc(current, func(c Transaction) bool { return c.ID == txID })
		if i < 0 {
			return nil, ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM transactions WHERE id = ? AND portfolio_id = ?`, txID, portfolioID); err != nil {
			return nil, fmt.Errorf("store: delete transaction: %w", err)
		}
		return slices.Delete(current, i, i+1), nil
	})
}

// CreatePortfolioWith creates a portfolio and its transactions atomically
// (the example portfolio).
func (s *Store) CreatePortfolioWith(ctx context.Context, userID, name, note string, txs []Transaction, now time.Time, check CheckFunc) (Portfolio, error) {
	db, err := s.UserDB(ctx, userID)
	if err != nil {
		return Portfolio{}, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	defer tx.Rollback()
	p, err := insertPortfolio(ctx, tx, name, note, now)
	if err != nil {
		return Portfolio{}, err
	}
	added, err := insertTransactions(ctx, tx, p.ID, txs, now, 1)
	if err != nil {
		return Portfolio{}, err
	}
	SortTransactions(added)
	if check != nil {
		if err := check(added); err != nil {
			return Portfolio{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	p.Transactions = len(added)
	return p, nil
}
