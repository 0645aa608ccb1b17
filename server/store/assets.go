package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// assetSchema keeps the user's own assets and their daily closes.
const assetSchema = `CREATE TABLE custom_assets (
		id TEXT PRIMARY KEY,
		symbol TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		currency TEXT NOT NULL,
		sector TEXT NOT NULL,
		country TEXT NOT NULL,
		kind TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE custom_prices (
		asset_id TEXT NOT NULL REFERENCES custom_assets(id) ON DELETE CASCADE,
		date TEXT NOT NULL,
		close REAL NOT NULL CHECK (close > 0),
		PRIMARY KEY (asset_id, date)
	);`

// ErrAssetExists is returned when the user already has an asset with the
// symbol.
var ErrAssetExists = errors.New("store: an asset with this symbol exists")

// ErrAssetInUse is returned when deleting an asset that transactions use.
var ErrAssetInUse = errors.New("store: the asset is used by transactions")

const assetColumns = `a.id, a.symbol, a.name, a.currency, a.sector, a.country, a.kind, a.created_at, a.updated_at,
	(SELECT COUNT(*) FROM custom_prices p WHERE p.asset_id = a.id),
	COALESCE((SELECT MIN(date) FROM custom_prices p WHERE p.asset_id = a.id), ''),
	COALESCE((SELECT MAX(date) FROM custom_prices p WHERE p.asset_id = a.id), '')`

func scanAsset(row interface{ Scan(...any) error }) (model.Asset, error) {
	var a model.Asset
	var created, updated int64
	var first, last string
	if err := row.Scan(&a.ID, &a.Symbol, &a.Name, &a.Currency, &a.Sector, &a.Country, &a.Kind, &created, &updated,
		&a.Prices, &first, &last); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	a.First, _ = time.Parse(time.DateOnly, first)
	a.Last, _ = time.Parse(time.DateOnly, last)
	return a, nil
}

// ListAssets returns the user's assets by symbol.
func (s *Store) ListAssets(ctx context.Context, userID string) ([]model.Asset, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT `+assetColumns+` FROM custom_assets a ORDER BY a.symbol`)
	if err != nil {
		return nil, fmt.Errorf("store: list assets: %w", err)
	}
	return collect(rows, "list assets", func(r *sql.Rows) (model.Asset, error) { return scanAsset(r) })
}

// GetAsset returns one of the user's assets by id (model.ErrNotFound).
func (s *Store) GetAsset(ctx context.Context, userID, id string) (model.Asset, error) {
	return s.assetWhere(ctx, userID, "a.id = ?", id)
}

// AssetBySymbol returns the user's asset with the symbol (model.ErrNotFound).
func (s *Store) AssetBySymbol(ctx context.Context, userID, symbol string) (model.Asset, error) {
	return s.assetWhere(ctx, userID, "a.symbol = ?", symbol)
}

func (s *Store) assetWhere(ctx context.Context, userID, where, arg string) (model.Asset, error) {
	h, err := s.acquireUser(ctx, userID)
	if err != nil {
		return model.Asset{}, err
	}
	defer s.users.release(h)
	// Prepared once: every transaction write looks its ticker up here.
	a, err := scanAsset(h.prep.QueryRowContext(ctx, `SELECT `+assetColumns+` FROM custom_assets a WHERE `+where, arg)) // #nosec G202 -- where is one of two constant conditions
	if errors.Is(err, sql.ErrNoRows) {
		return model.Asset{}, model.ErrNotFound
	}
	if err != nil {
		return model.Asset{}, fmt.Errorf("store: get asset: %w", err)
	}
	return a, nil
}

// CreateAsset adds an asset (ErrAssetExists for a taken symbol,
// model.ErrLimit beyond validate.MaxAssets).
func (s *Store) CreateAsset(ctx context.Context, userID string, a model.Asset, now time.Time) (model.Asset, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.Asset{}, err
	}
	defer done()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM custom_assets`).Scan(&n); err != nil {
		return model.Asset{}, fmt.Errorf("store: create asset: %w", err)
	}
	if n >= validate.MaxAssets {
		return model.Asset{}, model.ErrLimit
	}
	a.ID = NewID()
	a.CreatedAt = now.UTC().Truncate(time.Millisecond)
	a.UpdatedAt = a.CreatedAt
	_, err = db.ExecContext(ctx, `INSERT INTO custom_assets (id, symbol, name, currency, sector, country, kind, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Symbol, a.Name, a.Currency, a.Sector, a.Country, a.Kind, ms(a.CreatedAt), ms(a.UpdatedAt))
	if isUniqueViolation(err) {
		return model.Asset{}, ErrAssetExists
	}
	if err != nil {
		return model.Asset{}, fmt.Errorf("store: create asset: %w", err)
	}
	return a, nil
}

// UpdateAsset changes an asset's name, currency, sector, country and kind
// (its symbol stays: transactions refer to it).
func (s *Store) UpdateAsset(ctx context.Context, userID string, a model.Asset, now time.Time) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	res, err := db.ExecContext(ctx, `UPDATE custom_assets SET name = ?, currency = ?, sector = ?, country = ?, kind = ?, updated_at = ?
		WHERE id = ?`, a.Name, a.Currency, a.Sector, a.Country, a.Kind, ms(now), a.ID)
	if err != nil {
		return fmt.Errorf("store: update asset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}

// DeleteAsset removes an asset and its prices; an asset that a transaction
// uses is kept (ErrAssetInUse).
func (s *Store) DeleteAsset(ctx context.Context, userID, id string) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete asset: %w", err)
	}
	defer tx.Rollback()
	var used int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions t JOIN custom_assets a ON a.symbol = t.ticker WHERE a.id = ?`, id).Scan(&used); err != nil {
		return fmt.Errorf("store: delete asset: %w", err)
	}
	if used > 0 {
		return ErrAssetInUse
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM custom_assets WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete asset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: delete asset: %w", err)
	}
	return nil
}

// SetAssetPrices replaces an asset's daily closes.
func (s *Store) SetAssetPrices(ctx context.Context, userID, id string, prices []model.AssetPrice, now time.Time) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set asset prices: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE custom_assets SET updated_at = ? WHERE id = ?`, ms(now), id)
	if err != nil {
		return fmt.Errorf("store: set asset prices: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM custom_prices WHERE asset_id = ?`, id); err != nil {
		return fmt.Errorf("store: set asset prices: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO custom_prices (asset_id, date, close) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("store: set asset prices: %w", err)
	}
	defer stmt.Close()
	for _, p := range prices {
		if _, err := stmt.ExecContext(ctx, id, p.Date.UTC().Format(time.DateOnly), p.Close); err != nil {
			return fmt.Errorf("store: set asset prices: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set asset prices: %w", err)
	}
	return nil
}

// AssetPrices returns an asset's closes in [from, to], oldest first.
func (s *Store) AssetPrices(ctx context.Context, userID, id string, from, to time.Time) ([]model.AssetPrice, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT date, close FROM custom_prices WHERE asset_id = ? AND date >= ? AND date <= ? ORDER BY date`,
		id, from.UTC().Format(time.DateOnly), to.UTC().Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("store: asset prices: %w", err)
	}
	defer rows.Close()
	out := []model.AssetPrice{}
	for rows.Next() {
		var d string
		var p model.AssetPrice
		if err := rows.Scan(&d, &p.Close); err != nil {
			return nil, fmt.Errorf("store: asset prices: %w", err)
		}
		if p.Date, err = time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("store: asset prices: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: asset prices: %w", err)
	}
	return out, nil
}
