package market

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// store saves bars fetched for [from, to] and records the interval as
// covered, merging it with overlapping or adjacent intervals.
func (c *cache) store(ctx context.Context, prov, ticker string, from, to time.Time, bars []Bar) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("market: cache: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if err := insertBars(ctx, tx, prov, ticker, bars); err != nil {
		return err
	}
	if err := mergeCoverage(ctx, tx, prov, ticker, dayNum(from), dayNum(to)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("market: cache: commit: %w", err)
	}
	return nil
}

// insertBars upserts bars.
func insertBars(ctx context.Context, tx *sql.Tx, prov, ticker string, bars []Bar) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO bars
		(provider, ticker, day, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("market: cache: prepare: %w", err)
	}
	defer stmt.Close()
	for _, b := range bars {
		if _, err := stmt.ExecContext(ctx, prov, ticker, dayNum(b.Date), b.Open, b.High, b.Low, b.Close, b.Volume); err != nil {
			return fmt.Errorf("market: cache: insert bar: %w", err)
		}
	}
	return nil
}

// mergeCoverage replaces the intervals touching [lo, hi] with their union.
func mergeCoverage(ctx context.Context, tx *sql.Tx, prov, ticker string, lo, hi int64) error {
	var minFrom, maxTo sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MIN(from_day), MAX(to_day) FROM coverage
		WHERE provider = ? AND ticker = ? AND from_day <= ? AND to_day >= ?`, prov, ticker, hi+1, lo-1).Scan(&minFrom, &maxTo)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("market: cache: read coverage: %w", err)
	}
	if minFrom.Valid {
		lo, hi = min(lo, minFrom.Int64), max(hi, maxTo.Int64)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM coverage WHERE provider = ? AND ticker = ?
		AND from_day <= ? AND to_day >= ?`, prov, ticker, hi+1, lo-1); err != nil {
		return fmt.Errorf("market: cache: delete coverage: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO coverage (provider, ticker, from_day, to_day)
		VALUES (?, ?, ?, ?)`, prov, ticker, lo, hi); err != nil {
		return fmt.Errorf("market: cache: insert coverage: %w", err)
	}
	return nil
}

// symbol returns cached metadata fetched after notBefore.
func (c *cache) symbol(ctx context.Context, prov, ticker string, notBefore time.Time) (Symbol, bool, error) {
	s := Symbol{Ticker: ticker}
	err := c.db.QueryRowContext(ctx, `SELECT name, sector, industry, country, exchange, currency FROM symbols
		WHERE provider = ? AND ticker = ? AND fetched_at >= ?`, prov, ticker, notBefore.Unix()).
		Scan(&s.Name, &s.Sector, &s.Industry, &s.Country, &s.Exchange, &s.Currency)
	if errors.Is(err, sql.ErrNoRows) {
		return Symbol{}, false, nil
	}
	if err != nil {
		return Symbol{}, false, fmt.Errorf("market: cache: symbol: %w", err)
	}
	return s, true, nil
}

// putSymbol stores metadata with its fetch time.
func (c *cache) putSymbol(ctx context.Context, prov string, s Symbol, at time.Time) error {
	_, err := c.db.ExecContext(ctx, `INSERT OR REPLACE INTO symbols
		(provider, ticker, name, sector, industry, country, exchange, currency, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		prov, s.Ticker, s.Name, s.Sector, s.Industry, s.Country, s.Exchange, s.Currency, at.Unix())
	if err != nil {
		return fmt.Errorf("market: cache: put symbol: %w", err)
	}
	return nil
}
