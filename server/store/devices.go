package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// Device is a browser that signed in to an account successfully. Its id is
// the SHA-256 of the device token the browser keeps; the token itself is
// never stored.
type Device struct {
	ID          string
	UserID      string
	CreatedAt   time.Time
	LastUsedAt  time.Time
	LockedUntil time.Time
}

// DeviceByID finds a device by the hash of its token (ErrNotFound when
// there is none).
func (s *Store) DeviceByID(ctx context.Context, id string) (Device, error) {
	var d Device
	var created, used, locked int64
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, created_at, last_used_at, locked_until FROM devices WHERE id = ?`, id).
		Scan(&d.ID, &d.UserID, &created, &used, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return Device{}, model.ErrNotFound
	}
	if err != nil {
		return Device{}, fmt.Errorf("store: device: %w", err)
	}
	d.CreatedAt, d.LastUsedAt, d.LockedUntil = fromMS(created), fromMS(used), fromMS(locked)
	return d, nil
}

// RememberDevice records a successful login of a device (creating it when
// new), forgets the account's devices unused since staleBefore and keeps
// only its newest keep devices.
func (s *Store) RememberDevice(ctx context.Context, userID, id string, now, staleBefore time.Time, keep int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: remember device: %w", err)
	}
	defer tx.Rollback()
	stmts := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO devices (id, user_id, created_at, last_used_at) VALUES (?1, ?2, ?3, ?3)
		ON CONFLICT(id) DO UPDATE SET last_used_at = excluded.last_used_at WHERE devices.user_id = excluded.user_id`,
			[]any{id, userID, ms(now)}},
		{`DELETE FROM devices WHERE user_id = ? AND last_used_at < ?`, []any{userID, ms(staleBefore)}},
		{`DELETE FROM devices WHERE user_id = ?1 AND id NOT IN
			(SELECT id FROM devices WHERE user_id = ?1 ORDER BY last_used_at DESC LIMIT ?2)`, []any{userID, keep}},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("store: remember device: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: remember device: %w", err)
	}
	return nil
}
