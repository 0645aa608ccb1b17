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

// dateLayout is how transaction dates are stored (TEXT, YYYY-MM-DD).
const dateLayout = "2006-01-02"

// Transaction is one entry of a portfolio's ledger. Quantity, Price and Fee
// are stored positive; Kind gives the direction (see shared/validate).
type Transaction struct {
	ID, PortfolioID, Kind, Ticker, Note string
	Date                                time.Time // midnight UTC
	Quantity, Price, Fee                float64
	CreatedAt                           time.Time
	seq                                 int64 // insertion order (rowid), breaks ties
}

const txCols = `id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at, rowid`

func scanTransaction(row interface{ Scan(...any) error }) (Transaction, error) {
	var t Transaction
	var date string
	var created int64
	if err := row.Scan(&t.ID, &t.PortfolioID, &t.Kind, &t.Ticker, &t.Note, &date, &t.Quantity, &t.Price, &t.Fee, &created, &t.seq); err != nil {
		return Transaction{}, err
	}
	d, err := time.ParseInLocation(dateLayout, date, time.UTC)
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
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
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
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return Transaction{}, err
	}
	defer done()
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
// which ledger validates before fn's writes are committed.
func (s *Store) change(ctx context.Context, userID, portfolioID string, ledger Ledger,
	fn func(tx *sql.Tx, current []Transaction) ([]Transaction, error)) error {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	delete(h.tails, portfolioID) // whatever happens below, the tail is recomputed
	tx, err := h.db.BeginTx(ctx, nil)
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
	state, err := replay(ledger, proposed)
	if err != nil {
		return err
	}
	if err := commitTouched(ctx, tx, portfolioID); err != nil {
		return err
	}
	h.tails.remember(portfolioID, ledger, state, proposed)
	return nil
}

// replay checks a sorted history with ledger (none: no check, no state).
func replay(ledger Ledger, sorted []Transaction) (LedgerState, error) {
	if ledger == nil {
		return nil, nil
	}
	return ledger.Replay(sorted)
}

// commitTouched bumps the portfolio's updated_at and commits.
func commitTouched(ctx context.Context, tx *sql.Tx, portfolioID string) error {
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
// assigned here. ledger checks the whole resulting history; when every new
// transaction sorts after the last stored one and the history's end state
// is cached, only the new transactions are checked against it.
func (s *Store) AddTransactions(ctx context.Context, userID, portfolioID string, txs []Transaction, now time.Time, ledger Ledger) ([]Transaction, error) {
	if added, ok, err := s.appendTransactions(ctx, userID, portfolioID, txs, now, ledger); ok {
		return added, err
	}
	var added []Transaction
	err := s.change(ctx, userID, portfolioID, ledger, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
		var err error
		added, err = insertTransactions(ctx, tx, portfolioID, txs, now)
		return append(current, added...), err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// appendTransactions is AddTransactions' incremental path; ok is false
// when it does not apply (no cached end state, or a new transaction sorts
// before the last stored one) and the caller replays the history.
func (s *Store) appendTransactions(ctx context.Context, userID, portfolioID string, txs []Transaction, now time.Time, ledger Ledger) ([]Transaction, bool, error) {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return nil, true, err
	}
	defer done()
	tail, ok := h.tails.appendable(portfolioID, ledger, txs, now.UTC().Truncate(time.Millisecond))
	if !ok {
		return nil, false, nil
	}
	if tail.n+len(txs) > MaxTransactionsPerFolio {
		return nil, true, ErrLimit
	}
	delete(h.tails, portfolioID)
	added, state, err := appendChecked(ctx, h.db, portfolioID, txs, now, tail.state)
	if err != nil {
		return nil, true, err
	}
	h.tails[portfolioID] = ledgerTail{ledger: ledger, state: state, n: tail.n + len(added),
		date: added[len(added)-1].Date, created: added[len(added)-1].CreatedAt}
	return added, true, nil
}

// appendChecked inserts txs, checks them against the history's end state
// and commits; it returns the new transactions sorted and the new state.
func appendChecked(ctx context.Context, db *sql.DB, portfolioID string, txs []Transaction, now time.Time, state LedgerState) ([]Transaction, LedgerState, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("store: add transactions: %w", err)
	}
	defer tx.Rollback()
	if _, err := getPortfolio(ctx, tx, portfolioID); err != nil {
		return nil, nil, err
	}
	added, err := insertTransactions(ctx, tx, portfolioID, txs, now)
	if err != nil {
		return nil, nil, err
	}
	sorted := slices.Clone(added)
	SortTransactions(sorted)
	next, err := state.Append(sorted)
	if err != nil {
		return nil, nil, err
	}
	if err := commitTouched(ctx, tx, portfolioID); err != nil {
		return nil, nil, err
	}
	return added, next, nil
}

func insertTransactions(ctx context.Context, tx *sql.Tx, portfolioID string, txs []Transaction, now time.Time) ([]Transaction, error) {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO transactions
		(id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("store: add transactions: %w", err)
	}
	defer stmt.Close()
	out := make([]Transaction, 0, len(txs))
	created := now.UTC().Truncate(time.Millisecond)
	for _, t := range txs {
		if err := storable(t); err != nil {
			return nil, err
		}
		t.ID, t.PortfolioID, t.CreatedAt = NewID(), portfolioID, created
		res, err := stmt.ExecContext(ctx, t.ID, portfolioID, t.Kind, t.Ticker, t.Note,
			t.Date.UTC().Format(dateLayout), t.Quantity, t.Price, t.Fee, ms(created))
		if err != nil {
			return nil, fmt.Errorf("store: add transactions: %w", err)
		}
		if t.seq, err = res.LastInsertId(); err != nil {
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
func (s *Store) UpdateTransaction(ctx context.Context, userID, portfolioID string, t Transaction, ledger Ledger) (Transaction, error) {
	if err := storable(t); err != nil {
		return Transaction{}, err
	}
	var updated Transaction
	err := s.change(ctx, userID, portfolioID, ledger, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
		i := slices.IndexFunc(current, func(c Transaction) bool { return c.ID == t.ID })
		if i < 0 {
			return nil, ErrNotFound
		}
		t.PortfolioID, t.CreatedAt, t.seq = portfolioID, current[i].CreatedAt, current[i].seq
		current[i], updated = t, t
		_, err := tx.ExecContext(ctx, `UPDATE transactions SET kind = ?, ticker = ?, note = ?, date = ?, quantity = ?, price = ?, fee = ?
			WHERE id = ? AND portfolio_id = ?`, t.Kind, t.Ticker, t.Note, t.Date.UTC().Format(dateLayout), t.Quantity, t.Price, t.Fee, t.ID, portfolioID)
		if err != nil {
			return nil, fmt.Errorf("store: update transaction: %w", err)
		}
		return current, nil
	})
	return updated, err
}

// DeleteTransaction removes a transaction after check accepted the history
// without it (a sell may depend on an earlier buy).
func (s *Store) DeleteTransaction(ctx context.Context, userID, portfolioID, txID string, ledger Ledger) error {
	return s.change(ctx, userID, portfolioID, ledger, func(tx *sql.Tx, current []Transaction) ([]Transaction, error) {
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
func (s *Store) CreatePortfolioWith(ctx context.Context, userID, name, note string, txs []Transaction, now time.Time, ledger Ledger) (Portfolio, error) {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return Portfolio{}, err
	}
	defer done()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	defer tx.Rollback()
	p, err := insertPortfolio(ctx, tx, name, note, now)
	if err != nil {
		return Portfolio{}, err
	}
	added, err := insertTransactions(ctx, tx, p.ID, txs, now)
	if err != nil {
		return Portfolio{}, err
	}
	SortTransactions(added)
	state, err := replay(ledger, added)
	if err != nil {
		return Portfolio{}, err
	}
	if err := tx.Commit(); err != nil {
		return Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	h.tails.remember(p.ID, ledger, state, added)
	p.Transactions = len(added)
	return p, nil
}
