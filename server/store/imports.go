package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// importSchema keeps the re-import keys of imported transactions and the
// import settings a user saved, in the user's own database. A key has no
// foreign key to its transaction (the transactions table is rebuilt by
// schema changes): a key whose transaction was deleted is ignored.
const importSchema = `CREATE TABLE import_keys (
		portfolio_id TEXT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
		tx_id TEXT NOT NULL,
		import_id TEXT NOT NULL DEFAULT '',
		hash TEXT NOT NULL
	);
	CREATE INDEX import_keys_tx ON import_keys(portfolio_id, tx_id);
	CREATE TABLE import_mappings (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		signature TEXT NOT NULL UNIQUE,
		header TEXT NOT NULL,
		spec TEXT NOT NULL,
		updated_at INTEGER NOT NULL
	);`

// ImportKeys returns the re-import keys of the portfolio's transactions:
// broker ids (format:id) with their content hash, and every content hash.
func (s *Store) ImportKeys(ctx context.Context, userID, portfolioID string) (map[string]string, map[string]bool, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT k.import_id, k.hash FROM import_keys k
		JOIN transactions t ON t.id = k.tx_id AND t.portfolio_id = k.portfolio_id WHERE k.portfolio_id = ?`, portfolioID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: import keys: %w", err)
	}
	defer rows.Close()
	ids, hashes := map[string]string{}, map[string]bool{}
	for rows.Next() {
		var id, hash string
		if err := rows.Scan(&id, &hash); err != nil {
			return nil, nil, fmt.Errorf("store: import keys: %w", err)
		}
		if id != "" {
			ids[id] = hash
		}
		hashes[hash] = true
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: import keys: %w", err)
	}
	return ids, hashes, nil
}

// insertImportKey records an imported transaction's keys, in the write
// transaction that adds it.
func insertImportKey(ctx context.Context, q txStmts, t model.Transaction) error {
	if t.ImportHash == "" {
		return nil
	}
	if _, err := q.tx.ExecContext(ctx, `INSERT INTO import_keys (portfolio_id, tx_id, import_id, hash) VALUES (?, ?, ?, ?)`,
		t.PortfolioID, t.ID, t.ImportID, t.ImportHash); err != nil {
		return fmt.Errorf("store: add import key: %w", err)
	}
	return nil
}

// SaveImportMapping stores a user's import settings for files with the
// header signature m.Signature, replacing earlier ones for it. At most
// model.MaxImportMappings are kept (model.ErrLimit beyond).
func (s *Store) SaveImportMapping(ctx context.Context, userID string, m model.ImportMapping, now time.Time) (model.ImportMapping, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.ImportMapping{}, err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return model.ImportMapping{}, fmt.Errorf("store: save import mapping: %w", err)
	}
	defer tx.Rollback()
	var existing string
	err = tx.QueryRowContext(ctx, `SELECT id FROM import_mappings WHERE signature = ?`, m.Signature).Scan(&existing)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM import_mappings`).Scan(&n); err != nil {
			return model.ImportMapping{}, fmt.Errorf("store: save import mapping: %w", err)
		}
		if n >= model.MaxImportMappings {
			return model.ImportMapping{}, model.ErrLimit
		}
		m.ID = NewID()
	case err != nil:
		return model.ImportMapping{}, fmt.Errorf("store: save import mapping: %w", err)
	default:
		m.ID = existing
	}
	m.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	if _, err := tx.ExecContext(ctx, `INSERT INTO import_mappings (id, name, signature, header, spec, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, header = excluded.header, spec = excluded.spec, updated_at = excluded.updated_at`,
		m.ID, m.Name, m.Signature, m.Header, m.Spec, ms(m.UpdatedAt)); err != nil {
		return model.ImportMapping{}, fmt.Errorf("store: save import mapping: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return model.ImportMapping{}, fmt.Errorf("store: save import mapping: %w", err)
	}
	return m, nil
}

// ImportMappings returns the user's saved import settings, newest first.
func (s *Store) ImportMappings(ctx context.Context, userID string) ([]model.ImportMapping, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT id, name, signature, header, spec, updated_at FROM import_mappings ORDER BY updated_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list import mappings: %w", err)
	}
	defer rows.Close()
	out := []model.ImportMapping{}
	for rows.Next() {
		var m model.ImportMapping
		var updated int64
		if err := rows.Scan(&m.ID, &m.Name, &m.Signature, &m.Header, &m.Spec, &updated); err != nil {
			return nil, fmt.Errorf("store: list import mappings: %w", err)
		}
		m.UpdatedAt = fromMS(updated)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list import mappings: %w", err)
	}
	return out, nil
}

// DeleteImportMapping removes saved import settings (model.ErrNotFound
// when the user has none with that id).
func (s *Store) DeleteImportMapping(ctx context.Context, userID, id string) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	res, err := db.ExecContext(ctx, `DELETE FROM import_mappings WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete import mapping: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}
