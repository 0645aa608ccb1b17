package market

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

// cacheSchema is migration 1 of the market cache database. Days are stored
// as days since the Unix epoch; coverage rows are merged, non-overlapping
// intervals of days a provider was asked for (so days without bars, like
// weekends, are known to be empty).
const cacheSchema = `
CREATE TABLE IF NOT EXISTS bars (
	provider TEXT NOT NULL, ticker TEXT NOT NULL, day INTEGER NOT NULL,
	open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume INTEGER NOT NULL,
	PRIMARY KEY (provider, ticker, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS coverage (
	provider TEXT NOT NULL, ticker TEXT NOT NULL, from_day INTEGER NOT NULL, to_day INTEGER NOT NULL,
	PRIMARY KEY (provider, ticker, from_day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS symbols (
	provider TEXT NOT NULL, ticker TEXT NOT NULL, name TEXT NOT NULL, sector TEXT NOT NULL,
	industry TEXT NOT NULL, country TEXT NOT NULL, exchange TEXT NOT NULL, fetched_at INTEGER NOT NULL,
	PRIMARY KEY (provider, ticker)
) WITHOUT ROWID;
PRAGMA user_version = 1;`

// cache is the SQLite response cache shared by remote providers.
type cache struct {
	db *sql.DB
}

// openCache opens (creating if needed) the cache at path; "" is in memory.
func openCache(ctx context.Context, path string) (*cache, error) {
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("market: cache: path must not contain '?' or '#'")
	}
	dsn, conns := path, 4
	if path == "" {
		dsn, conns = ":memory:", 1
	} else {
		// Owner-only, like every file in the data directory; SQLite gives
		// the -wal and -shm files the same mode.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600) // #nosec G304 -- the configured cache path
		if err != nil {
			return nil, fmt.Errorf("market: cache: %w", err)
		}
		_ = f.Close()
	}
	dsn += "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("market: cache: open: %w", err)
	}
	db.SetMaxOpenConns(conns)
	if conns == 1 {
		db.SetConnMaxLifetime(0)
		db.SetMaxIdleConns(1)
	}
	if err := migrate(ctx, db); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &cache{db: db}, nil
}

// cacheCurrency is migration 2: the quote currency a provider gives for a
// symbol (empty: not given, read as USD).
const cacheCurrency = `ALTER TABLE symbols ADD COLUMN currency TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 2;`

// migrate applies the migrations the database has not seen yet.
func migrate(ctx context.Context, db *sql.DB) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("market: cache: read version: %w", err)
	}
	for i, m := range []string{cacheSchema, cacheCurrency}[min(v, 2):] {
		if _, err := db.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("market: cache: migration %d: %w", v+i+1, err)
		}
	}
	return nil
}

// Close closes the database.
func (c *cache) Close() error { return c.db.Close() }

// dayNum converts a UTC midnight to days since the epoch, and back.
func dayNum(t time.Time) int64 { return t.Unix() / 86400 }

func numDay(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// covered returns the fetched interval containing [from, to], if any.
func (c *cache) covered(ctx context.Context, prov, ticker string, from, to time.Time) (span, bool, error) {
	var lo, hi int64
	err := c.db.QueryRowContext(ctx, `SELECT from_day, to_day FROM coverage WHERE provider = ? AND ticker = ?
		AND from_day <= ? AND to_day >= ? LIMIT 1`, prov, ticker, dayNum(from), dayNum(to)).Scan(&lo, &hi)
	if errors.Is(err, sql.ErrNoRows) {
		return span{}, false, nil
	}
	if err != nil {
		return span{}, false, fmt.Errorf("market: cache: coverage: %w", err)
	}
	return span{from: numDay(lo), to: numDay(hi)}, true, nil
}

// span is an inclusive range of days.
type span struct {
	from, to time.Time
}

// contains reports whether s covers [from, to].
func (s span) contains(from, to time.Time) bool {
	return !s.from.After(from) && !s.to.Before(to)
}

// bars returns the cached bars of ticker in [from, to], oldest first.
func (c *cache) bars(ctx context.Context, prov, ticker string, from, to time.Time) ([]Bar, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT day, open, high, low, close, volume FROM bars
		WHERE provider = ? AND ticker = ? AND day BETWEEN ? AND ? ORDER BY day`, prov, ticker, dayNum(from), dayNum(to))
	if err != nil {
		return nil, fmt.Errorf("market: cache: bars: %w", err)
	}
	defer rows.Close()
	out := []Bar{}
	for rows.Next() {
		var b Bar
		var d int64
		if err := rows.Scan(&d, &b.Open, &b.High, &b.Low, &b.Close, &b.Volume); err != nil {
			return nil, fmt.Errorf("market: cache: scan: %w", err)
		}
		b.Date = numDay(d)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("market: cache: rows: %w", err)
	}
	return out, nil
}
