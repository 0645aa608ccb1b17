package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// defaultPortfolioCurrency is the currency of a new portfolio.
const defaultPortfolioCurrency = "USD"

const portfolioCols = `id, name, note, currency, created_at, updated_at`

func scanPortfolio(row interface{ Scan(...any) error }) (model.Portfolio, error) {
	var p model.Portfolio
	var created, updated int64
	if err := row.Scan(&p.ID, &p.Name, &p.Note, &p.Currency, &created, &updated); err != nil {
		return model.Portfolio{}, err
	}
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, nil
}

// ListPortfolios returns the user's portfolios, oldest first, with their
// transaction counts. The list is served from memory until the next write
// turn on the user's database ends (any write, so a new table's writes
// cannot forget to invalidate it).
func (s *Store) ListPortfolios(ctx context.Context, userID string) ([]model.Portfolio, error) {
	c, err := s.portfolioList(ctx, userID)
	if err != nil {
		return nil, err
	}
	return slices.Clone(c.items), nil
}

// ListPortfoliosRendered returns render's result for the user's portfolio
// list (the list's response body). On SQLite the result is kept with the
// cached list and rendered again only once a write turn on the user's
// database ended, so a list read many times is rendered once; on
// PostgreSQL it is rendered for every call. render must depend on the
// list alone and be the same function on every call; it must not keep or
// change the slice.
func (s *Store) ListPortfoliosRendered(ctx context.Context, userID string, render func([]model.Portfolio) ([]byte, error)) ([]byte, error) {
	c, err := s.portfolioList(ctx, userID)
	if err != nil {
		return nil, err
	}
	c.rendered.Do(func() { c.body, c.bodyErr = render(c.items) })
	return c.body, c.bodyErr
}

// portfolioList returns the user's portfolio list as of now: the cached
// one while no data write turn ended since it was read, else a new read
// (cached on SQLite).
func (s *Store) portfolioList(ctx context.Context, userID string) (*portfolioList, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer s.users.release(h)
	gen := h.dataGen.Load()
	if c := h.portfolios.Load(); c != nil && c.gen == gen && !s.shared {
		return c, nil
	}
	out, err := listPortfolios(ctx, h.prep)
	if err != nil {
		return nil, err
	}
	c := &portfolioList{gen: gen, items: out}
	if !s.shared {
		// Read at gen or later: a write that ended meanwhile moved gen on,
		// so this entry is never used after it.
		h.portfolios.Store(c)
	}
	return c, nil
}

// listPortfolios reads the portfolio list with transaction counts.
func listPortfolios(ctx context.Context, q *stmtCache) ([]model.Portfolio, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+portfolioCols+`,
		(SELECT COUNT(*) FROM transactions t WHERE t.portfolio_id = p.id)
		FROM portfolios p ORDER BY created_at, rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: list portfolios: %w", err)
	}
	defer rows.Close()
	out := []model.Portfolio{}
	for rows.Next() {
		var p model.Portfolio
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.Name, &p.Note, &p.Currency, &created, &updated, &p.Transactions); err != nil {
			return nil, fmt.Errorf("store: list portfolios: %w", err)
		}
		p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list portfolios: %w", err)
	}
	return out, nil
}

// GetPortfolio returns one portfolio of the user, or ErrNotFound.
func (s *Store) GetPortfolio(ctx context.Context, userID, portfolioID string) (model.Portfolio, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return model.Portfolio{}, err
	}
	defer s.users.release(h)
	return getPortfolio(ctx, h.prep, portfolioID)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getPortfolio(ctx context.Context, q queryer, id string) (model.Portfolio, error) {
	p, err := scanPortfolio(q.QueryRowContext(ctx, `SELECT `+portfolioCols+` FROM portfolios WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return model.Portfolio{}, model.ErrNotFound
	}
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: get portfolio: %w", err)
	}
	return p, nil
}

// CreatePortfolio stores a new portfolio with a fresh id and returns it.
// It fails with ErrLimit when the user already has MaxPortfolios.
func (s *Store) CreatePortfolio(ctx context.Context, userID, name, note string, now time.Time) (model.Portfolio, error) {
	return s.CreatePortfolioIn(ctx, userID, name, note, defaultPortfolioCurrency, now)
}

// CreatePortfolioIn is CreatePortfolio with a base currency (a code the
// caller validated).
func (s *Store) CreatePortfolioIn(ctx context.Context, userID, name, note, currency string, now time.Time) (model.Portfolio, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.Portfolio{}, err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	defer tx.Rollback()
	p, err := insertPortfolio(ctx, tx, name, note, now, currency)
	if err != nil {
		return model.Portfolio{}, err
	}
	if err := tx.Commit(); err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	return p, nil
}

func insertPortfolio(ctx context.Context, tx *sql.Tx, name, note string, now time.Time, currency string) (model.Portfolio, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM portfolios`).Scan(&n); err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	if n >= model.MaxPortfolios {
		return model.Portfolio{}, model.ErrLimit
	}
	p := model.Portfolio{ID: NewID(), Name: name, Note: note, Currency: currency,
		CreatedAt: now.UTC().Truncate(time.Millisecond), UpdatedAt: now.UTC().Truncate(time.Millisecond)}
	_, err := tx.ExecContext(ctx, `INSERT INTO portfolios (`+portfolioCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, p.Name, p.Note, p.Currency, ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: create portfolio: %w", err)
	}
	return p, nil
}

// UpdatePortfolio renames a portfolio and replaces its note.
func (s *Store) UpdatePortfolio(ctx context.Context, userID, portfolioID, name, note string, now time.Time) (model.Portfolio, error) {
	return s.UpdatePortfolioIn(ctx, userID, portfolioID, name, note, "", now)
}

// UpdatePortfolioIn is UpdatePortfolio that also sets the base currency
// (a code the caller validated; empty keeps it). Every value is computed
// from the ledger when read, so a new base currency changes no stored data.
func (s *Store) UpdatePortfolioIn(ctx context.Context, userID, portfolioID, name, note, currency string, now time.Time) (model.Portfolio, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.Portfolio{}, err
	}
	defer done()
	res, err := db.ExecContext(ctx, `UPDATE portfolios SET name = ?, note = ?, updated_at = ?,
		currency = CASE WHEN ? = '' THEN currency ELSE ? END WHERE id = ?`,
		name, note, ms(now), currency, currency, portfolioID)
	if err != nil {
		return model.Portfolio{}, fmt.Errorf("store: update portfolio: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.Portfolio{}, model.ErrNotFound
	}
	return getPortfolio(ctx, db, portfolioID)
}

// DeletePortfolio deletes a portfolio and (by cascade) its transactions.
func (s *Store) DeletePortfolio(ctx context.Context, userID, portfolioID string) error {
	h, done, err := s.userWriter(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	defer h.tails.forget(portfolioID)
	res, err := h.db.ExecContext(ctx, `DELETE FROM portfolios WHERE id = ?`, portfolioID)
	if err != nil {
		return fmt.Errorf("store: delete portfolio: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// touchPortfolio bumps updated_at inside a transaction.
func touchPortfolio(ctx context.Context, tx execer, id string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE portfolios SET updated_at = ? WHERE id = ?`, ms(now), id); err != nil {
		return fmt.Errorf("store: touch portfolio: %w", err)
	}
	return nil
}
