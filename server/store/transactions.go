package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

const txCols = `id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at, rowid, amount, currency, basis, ratio, lots`

func scanTransaction(row interface{ Scan(...any) error }) (model.Transaction, error) {
	var t model.Transaction
	var date string
	var created int64
	var lots string
	if err := row.Scan(&t.ID, &t.PortfolioID, &t.Kind, &t.Ticker, &t.Note, &date, &t.Quantity, &t.Price, &t.Fee, &created, &t.Seq,
		&t.Amount, &t.Currency, &t.Basis, &t.Ratio, &lots); err != nil {
		return model.Transaction{}, err
	}
	if lots != "" {
		var err error
		if t.Lots, err = decodeLots(lots); err != nil {
			return model.Transaction{}, err
		}
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
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	return readHistory(ctx, db, portfolioID)
}

// AsTradedTickers returns the tickers the portfolio's as-traded trades
// (buy, sell, short, cover) name, whose splits its history needs, without
// reading the history itself.
func (s *Store) AsTradedTickers(ctx context.Context, userID, portfolioID string) ([]string, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer s.users.release(h)
	rows, err := h.prep.QueryContext(ctx, asTradedSQL, portfolioID)
	if err != nil {
		return nil, fmt.Errorf("store: as-traded tickers: %w", err)
	}
	return collect(rows, "as-traded tickers", func(r *sql.Rows) (string, error) {
		var t string
		return t, r.Scan(&t)
	})
}

// asTradedSQL reads the as-traded tickers from the partial index
// transactions_as_traded, which holds as-traded trades only: every write
// asks, and reading the portfolio's rows instead made each write cost time
// in proportion to the history's length. Its WHERE terms are the index's,
// word for word, as SQLite requires to use a partial index.
const asTradedSQL = `SELECT DISTINCT ticker FROM transactions WHERE portfolio_id = ?
	AND basis = 'as_traded' AND kind IN ('buy', 'sell', 'short', 'cover') ORDER BY ticker`

// readHistory reads a portfolio's sorted history in one read transaction
// (model.ErrNotFound when the portfolio does not exist).
func readHistory(ctx context.Context, db dbHandle, portfolioID string) ([]model.Transaction, error) {
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

// LedgerState returns the checked end state of a portfolio's history under
// ledger (model.ErrNotFound for a missing portfolio). The state a write or
// an earlier read left is used as it is; otherwise the history is read and
// replayed once, and kept for the next reads and appends.
func (s *Store) LedgerState(ctx context.Context, userID, portfolioID string, ledger model.Ledger) (model.LedgerState, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer s.users.release(h)
	if tail, ok := h.tails.get(portfolioID, ledger); ok {
		return tail.state, nil
	}
	gen := h.tails.generation()
	txs, err := readHistory(ctx, h.db, portfolioID)
	if err != nil {
		return nil, err
	}
	state, err := ledger.Replay(txs)
	if err != nil {
		return nil, err
	}
	h.tails.offer(portfolioID, newTail(ledger, state, txs), gen)
	return state, nil
}

func listTx(ctx context.Context, tx *sql.Tx, portfolioID string) ([]model.Transaction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+historyCols+` FROM transactions WHERE portfolio_id = ?
		ORDER BY date, created_at, rowid`, portfolioID)
	if err != nil {
		return nil, fmt.Errorf("store: list transactions: %w", err)
	}
	defer rows.Close()
	out := []model.Transaction{}
	h := newHistoryScanner(portfolioID)
	for rows.Next() {
		t, err := h.scan(rows)
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
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return model.Transaction{}, err
	}
	defer done()
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
// which ledger validates before fn's writes are committed.
func (s *Store) change(ctx context.Context, userID, portfolioID string, ledger model.Ledger,
	fn func(tx txStmts, current []model.Transaction) ([]model.Transaction, error)) error {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	return changeHeld(ctx, h, portfolioID, ledger, fn)
}

// changeHeld is change for a caller that already holds h's write turn.
func changeHeld(ctx context.Context, h *userDB, portfolioID string, ledger model.Ledger,
	fn func(tx txStmts, current []model.Transaction) ([]model.Transaction, error)) error {
	h.tails.forget(portfolioID) // whatever happens below, the tail is recomputed
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: change transactions: %w", err)
	}
	defer tx.Rollback()
	q := h.prep.inTx(tx)
	if _, err := getPortfolio(ctx, q, portfolioID); err != nil {
		return err
	}
	current, err := listTx(ctx, tx, portfolioID)
	if err != nil {
		return err
	}
	proposed, err := fn(q, current)
	if err != nil {
		return err
	}
	if len(proposed) > model.MaxTransactionsPerFolio {
		return model.ErrLimit
	}
	model.SortTransactions(proposed)
	state, err := replay(ledger, proposed)
	if err != nil {
		return err
	}
	if err := insertPending(ctx, ctx, q, ""); err != nil {
		return err
	}
	if err := commitTouched(ctx, tx, q, portfolioID); err != nil {
		return err
	}
	h.tails.remember(portfolioID, newTail(ledger, state, proposed))
	return nil
}

// replay checks a sorted history with ledger (none: no check, no state).
func replay(ledger model.Ledger, sorted []model.Transaction) (model.LedgerState, error) {
	if ledger == nil {
		return nil, nil
	}
	return ledger.Replay(sorted)
}

// commitTouched bumps the portfolio's updated_at and commits.
func commitTouched(ctx context.Context, tx *sql.Tx, q txStmts, portfolioID string) error {
	if err := touchPortfolio(ctx, q, portfolioID, time.Now()); err != nil {
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
//
// On SQLite, appends arriving while another write holds the database's
// write turn are written together by the next writer, in one transaction
// with a savepoint each (see appendQueue); each still gets its own
// outcome.
func (s *Store) AddTransactions(ctx context.Context, userID, portfolioID string, txs []model.Transaction, now time.Time, ledger model.Ledger) ([]model.Transaction, error) {
	if s.users.shared == nil {
		h, err := s.acquireUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		r := &appendReq{ctx: ctx, portfolioID: portfolioID, txs: txs, now: now, ledger: ledger, done: make(chan struct{})}
		return s.addQueued(ctx, h, r)
	}
	// One write turn for both paths, so a write that cannot take the
	// incremental path keeps its place in the queue.
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	if added, ok, err := appendTransactions(ctx, h, portfolioID, txs, now, ledger); ok {
		return added, err
	}
	var added []model.Transaction
	err = changeHeld(ctx, h, portfolioID, ledger, func(tx txStmts, current []model.Transaction) ([]model.Transaction, error) {
		var err error
		added, err = insertTransactions(ctx, tx, portfolioID, txs, now)
		return append(current, added...), err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

// appendTransactions is AddTransactions' incremental path, run under h's
// write turn; ok is false when it does not apply (no cached end state, or
// a new transaction sorts before the last stored one) and the caller
// replays the history.
func appendTransactions(ctx context.Context, h *userDB, portfolioID string, txs []model.Transaction, now time.Time, ledger model.Ledger) ([]model.Transaction, bool, error) {
	tail, ok := h.tails.appendable(portfolioID, ledger, txs, now.UTC().Truncate(time.Millisecond))
	if !ok || len(txs) == 0 {
		return nil, false, nil
	}
	if tail.n+len(txs) > model.MaxTransactionsPerFolio {
		return nil, true, model.ErrLimit
	}
	h.tails.forget(portfolioID)
	added, state, err := appendChecked(ctx, h, portfolioID, txs, now, tail.state)
	if err != nil {
		return nil, true, err
	}
	last := added[len(added)-1]
	h.tails.remember(portfolioID, ledgerTail{ledger: ledger, state: state, n: tail.n + len(added), date: last.Date, created: last.CreatedAt})
	return added, true, nil
}

// appendChecked inserts txs, checks them against the history's end state
// and commits; it returns the new transactions and the new state.
func appendChecked(ctx context.Context, h *userDB, portfolioID string, txs []model.Transaction, now time.Time, state model.LedgerState) ([]model.Transaction, model.LedgerState, error) {
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("store: add transactions: %w", err)
	}
	defer tx.Rollback()
	q := h.prep.inTx(tx)
	if _, err := getPortfolio(ctx, q, portfolioID); err != nil {
		return nil, nil, err
	}
	added, err := insertTransactions(ctx, q, portfolioID, txs, now)
	if err != nil {
		return nil, nil, err
	}
	sorted := slices.Clone(added)
	model.SortTransactions(sorted)
	next, err := state.Append(sorted)
	if err != nil {
		return nil, nil, err
	}
	if err := commitTouched(ctx, tx, q, portfolioID); err != nil {
		return nil, nil, err
	}
	return added, next, nil
}

const insertTxSQL = `INSERT INTO transactions
	(id, portfolio_id, kind, ticker, note, date, quantity, price, fee, created_at, amount, currency, basis, ratio, lots)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid`

// insertTransactions writes txs with fresh ids; Seq is the row id, the
// insertion order.
func insertTransactions(ctx context.Context, tx txStmts, portfolioID string, txs []model.Transaction, now time.Time) ([]model.Transaction, error) {
	insert := func(args ...any) *sql.Row { return tx.tx.QueryRowContext(ctx, insertTxSQL, args...) }
	st, err := tx.c.stmt(ctx, insertTxSQL)
	switch {
	case err == nil:
		stmt := tx.tx.StmtContext(ctx, st)
		insert = func(args ...any) *sql.Row { return stmt.QueryRowContext(ctx, args...) }
	case !errors.Is(err, errUnprepared):
		return nil, fmt.Errorf("store: add transactions: %w", err)
	}
	out := make([]model.Transaction, 0, len(txs))
	created := now.UTC().Truncate(time.Millisecond)
	for _, t := range txs {
		if err := storable(t); err != nil {
			return nil, err
		}
		t.ID, t.PortfolioID, t.CreatedAt = NewID(), portfolioID, created
		err := insert(t.ID, portfolioID, t.Kind, t.Ticker, t.Note,
			t.Date.UTC().Format(time.DateOnly), t.Quantity, t.Price, t.Fee, ms(created),
			t.Amount, t.Currency, t.Basis, t.Ratio, encodeLots(t.Lots)).Scan(&t.Seq)
		if err != nil {
			return nil, fmt.Errorf("store: add transactions: %w", err)
		}
		if err := insertImportKey(ctx, tx, t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// storable is a last line of defence: validation happens in shared/validate
// before the store is called.
func storable(t model.Transaction) error {
	for _, f := range []float64{t.Quantity, t.Price, t.Fee, t.Amount, t.Ratio} {
		if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return fmt.Errorf("store: transaction has a non-finite or negative amount")
		}
	}
	for _, p := range t.Lots {
		if strings.ContainsAny(p.Lot, ":,") || p.Lot == "" || math.IsNaN(p.Quantity) || math.IsInf(p.Quantity, 0) || p.Quantity <= 0 {
			return fmt.Errorf("store: transaction names a malformed lot")
		}
	}
	return nil
}

// UpdateTransaction replaces the fields of an existing transaction (keeping
// its id and creation time) after check accepted the resulting history.
func (s *Store) UpdateTransaction(ctx context.Context, userID, portfolioID string, t model.Transaction, ledger model.Ledger) (model.Transaction, error) {
	if err := storable(t); err != nil {
		return model.Transaction{}, err
	}
	var updated model.Transaction
	err := s.change(ctx, userID, portfolioID, ledger, func(tx txStmts, current []model.Transaction) ([]model.Transaction, error) {
		i := slices.IndexFunc(current, func(c model.Transaction) bool { return c.ID == t.ID })
		if i < 0 {
			return nil, model.ErrNotFound
		}
		t.PortfolioID, t.CreatedAt, t.Seq = portfolioID, current[i].CreatedAt, current[i].Seq
		current[i], updated = t, t
		_, err := tx.ExecContext(ctx, `UPDATE transactions SET kind = ?, ticker = ?, note = ?, date = ?, quantity = ?, price = ?, fee = ?,
			amount = ?, currency = ?, basis = ?, ratio = ?, lots = ? WHERE id = ? AND portfolio_id = ?`, t.Kind, t.Ticker, t.Note,
			t.Date.UTC().Format(time.DateOnly), t.Quantity, t.Price, t.Fee, t.Amount, t.Currency, t.Basis, t.Ratio, encodeLots(t.Lots),
			t.ID, portfolioID)
		if err != nil {
			return nil, fmt.Errorf("store: update transaction: %w", err)
		}
		return current, nil
	})
	return updated, err
}

// DeleteTransaction removes a transaction after check accepted the history
// without it (a sell may depend on an earlier buy).
func (s *Store) DeleteTransaction(ctx context.Context, userID, portfolioID, txID string, ledger model.Ledger) error {
	return s.change(ctx, userID, portfolioID, ledger, func(tx txStmts, current []model.Transaction) ([]model.Transaction, error) {
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
func (s *Store) CreatePortfolioWith(ctx context.Context, userID, name, note string, txs []model.Transaction, now time.Time, ledger model.Ledger) (model.Portfolio, error) {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return model.Portfolio{}, err
	}
	defer done()
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	defer tx.Rollback()
	p, err := insertPortfolio(ctx, tx, name, note, now, defaultPortfolioCurrency)
	if err != nil {
		return model.Portfolio{}, err
	}
	added, err := insertTransactions(ctx, h.prep.inTx(tx), p.ID, txs, now)
	if err != nil {
		return model.Portfolio{}, err
	}
	model.SortTransactions(added)
	state, err := replay(ledger, added)
	if err != nil {
		return model.Portfolio{}, err
	}
	if err := tx.Commit(); err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	h.tails.remember(p.ID, newTail(ledger, state, added))
	p.Transactions = len(added)
	return p, nil
}
