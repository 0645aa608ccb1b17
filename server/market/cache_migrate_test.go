package market

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestCacheMigratesToCurrency opens a cache written before symbols kept
// their currency: its rows read as "" (USD), and a new row keeps its
// currency.
func TestCacheMigratesToCurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cache.db")
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.ExecContext(ctx, cacheSchema); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if _, err := old.ExecContext(ctx, `INSERT INTO symbols (provider, ticker, name, sector, industry, country, exchange, fetched_at)
		VALUES ('fmp', 'OLD', 'Old Co', 'x', 'x', 'US', 'NYSE', ?)`, at.Unix()); err != nil {
		t.Fatal(err)
	}
	_ = old.Close()
	c, err := openCache(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, ok, err := c.symbol(ctx, "fmp", "OLD", at)
	if err != nil || !ok || s.Currency != "" || s.QuoteCurrency() != "USD" {
		t.Fatalf("old row = %+v, %v, %v; want no currency (USD)", s, ok, err)
	}
	if err := c.putSymbol(ctx, "fmp", Symbol{Ticker: "SAP", Name: "SAP SE", Currency: "EUR"}, at); err != nil {
		t.Fatal(err)
	}
	if s, _, err := c.symbol(ctx, "fmp", "SAP", at); err != nil || s.Currency != "EUR" {
		t.Fatalf("new row = %+v, %v; want EUR", s, err)
	}
	var v int
	if err := c.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != 2 {
		t.Fatalf("user_version = %d, %v; want 2", v, err)
	}
}
