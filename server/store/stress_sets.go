package store

import (
	"context"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// ListStressSets returns the user's stress sets, oldest first.
func (s *Store) ListStressSets(ctx context.Context, userID string) ([]model.StressSet, error) {
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
	out := []model.StressSet{}
	for rows.Next() {
		var st model.StressSet
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
// model.ErrStressSetLimit (an ErrLimit) when the user already has MaxStressSets.
func (s *Store) CreateStressSet(ctx context.Context, userID, name, spec string, now time.Time) (model.StressSet, error) {
	db, done, err := s.userWriteDB(ctx, userID)
	if err != nil {
		return model.StressSet{}, err
	}
	defer done()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return model.StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stress_sets`).Scan(&n); err != nil {
		return model.StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	if n >= model.MaxStressSets {
		return model.StressSet{}, model.ErrStressSetLimit
	}
	st := model.StressSet{ID: NewID(), Name: name, Spec: spec, CreatedAt: now.UTC().Truncate(time.Millisecond)}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stress_sets (id, name, spec, created_at) VALUES (?, ?, ?, ?)`,
		st.ID, st.Name, st.Spec, ms(st.CreatedAt)); err != nil {
		return model.StressSet{}, fmt.Errorf("store: create stress set: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return model.StressSet{}, fmt.Errorf("store: create stress set: %w", err)
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
		return model.ErrNotFound
	}
	return nil
}
