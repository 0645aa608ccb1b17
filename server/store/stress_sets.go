package store

import (
	"context"
	"fmt"
	"time"
)

// MaxStressSets is the number of stress sets a user may save.
const MaxStressSets = 50

// StressSet is a user's saved hypothetical stress set. Spec is its JSON
// definition, validated by the caller before saving.
type StressSet struct {
	ID        string
	Name      string
	Spec      string
	CreatedAt time.Time
}

// ListStressSets returns the user's stress sets, oldest first.
func (s *Store) ListStressSets(ctx context.Context, userID string) ([]StressSet, error) {
	db, done, err := s.userDB(ctx, userID)
	if err != nil {
		return nil, err
	}
	defer done()
	rows, err := db.QueryContext(ctx, `SELECT id, name, spec, created_at FROM stress_sets ORDER BY created_at, rowid`)
	if err != nil {
		return nil, fmt.Errorf("store: list stress sets: %w", err)
	}
	defer rows.Close()
	out := []StressSet{}
	for rows.Next() {
		var st StressSet
		var created int64
		if err := rows.Scan(&st.ID, &st.Name, &st.Spec, &created); err != nil {
			return nil, fmt.Errorf("store: list stress sets: %w", err)
		}
		st.CreatedAt = fromMS(created)
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list stress sets: %w", err)
	}
	return out, nil
}

// CreateStressSet saves a stress set with a fresh id. It fails with
// ErrLimit when the user already has MaxStressSets.
func (s *Store) CreateStressSet(ctx context.Context, userID, name, spec string, now time.Time) (StressSet, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return StressSet{}, err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stress_sets`).Scan(&n); err != nil {
		return StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	if n >= MaxStressSets {
		return StressSet{}, ErrLimit
	}
	st := StressSet{ID: NewID(), Name: name, Spec: spec, CreatedAt: now.UTC().Truncate(time.Millisecond)}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stress_sets (id, name, spec, created_at) VALUES (?, ?, ?, ?)`,
		st.ID, st.Name, st.Spec, ms(st.CreatedAt)); err != nil {
		return StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	return st, nil
}

// DeleteStressSet removes one of the user's stress sets, or returns
// ErrNotFound.
func (s *Store) DeleteStressSet(ctx context.Context, userID, id string) error {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return err
	}
	defer done()
	res, err := db.ExecContext(ctx, `DELETE FROM stress_sets WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete stress set: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
