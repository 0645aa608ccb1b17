package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// LoginScope is whose failed logins count together: one known device of an
// account (Device is its id), or every untrusted client of it (Device "").
type LoginScope struct {
	UserID string
	Device string
}

// RecordLoginFailure counts a failed login of a scope and locks the scope
// when the threshold is reached; it returns the lock end when this failure
// locked it. It never ends sessions: a failed-login lock only refuses
// further logins of that scope.
func (s *Store) RecordLoginFailure(ctx context.Context, sc LoginScope, now time.Time) (time.Time, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: login failure: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (user_id, device, at) VALUES (?, ?, ?)`, sc.UserID, sc.Device, ms(now)); err != nil {
		return time.Time{}, fmt.Errorf("store: login failure: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_since_login = failed_since_login + 1 WHERE id = ?`, sc.UserID); err != nil {
		return time.Time{}, fmt.Errorf("store: login failure: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE user_id = ? AND device = ? AND at > ?`,
		sc.UserID, sc.Device, ms(now.Add(-model.LockWindow))).Scan(&n); err != nil {
		return time.Time{}, fmt.Errorf("store: login failure: %w", err)
	}
	var until time.Time
	if n >= model.LockThreshold {
		if until, err = lockScope(ctx, tx, sc, now); err != nil {
			return time.Time{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return time.Time{}, fmt.Errorf("store: login failure: %w", err)
	}
	return until, nil
}

// lockScope locks a scope at its next level and forgets its failures.
func lockScope(ctx context.Context, tx execQueryer, sc LoginScope, now time.Time) (time.Time, error) {
	table, id := "users", sc.UserID
	if sc.Device != "" {
		table, id = "devices", sc.Device
	}
	var level int
	// #nosec G202 -- table is one of two constants above, never user input.
	if err := tx.QueryRowContext(ctx, `SELECT lock_level FROM `+table+` WHERE id = ?`, id).Scan(&level); err != nil {
		return time.Time{}, fmt.Errorf("store: lock: %w", err)
	}
	until := now.Add(model.LockDelay(level))
	// #nosec G202 -- as above.
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET locked_until = ?, lock_level = lock_level + 1 WHERE id = ?`, ms(until), id); err != nil {
		return time.Time{}, fmt.Errorf("store: lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE user_id = ? AND device = ?`, sc.UserID, sc.Device); err != nil {
		return time.Time{}, fmt.Errorf("store: lock: %w", err)
	}
	return until, nil
}

// execQueryer is a transaction (or a database).
type execQueryer interface {
	execer
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// RecordLoginSuccess stamps the login, clears the scope's failures and
// lock level, and returns (and resets) the number of failed or refused
// attempts on the account since the previous successful login.
func (s *Store) RecordLoginSuccess(ctx context.Context, sc LoginScope, now time.Time) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: login success: %w", err)
	}
	defer tx.Rollback()
	var failed int
	if err := tx.QueryRowContext(ctx, `SELECT failed_since_login FROM users WHERE id = ?`, sc.UserID).Scan(&failed); err != nil {
		return 0, fmt.Errorf("store: login success: %w", err)
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE users SET last_login_at = ?, failed_since_login = 0,
		lock_level = CASE WHEN ? = '' THEN 0 ELSE lock_level END WHERE id = ?`, []any{ms(now), sc.Device, sc.UserID}},
		{`DELETE FROM login_failures WHERE user_id = ? AND device = ?`, []any{sc.UserID, sc.Device}},
		{`UPDATE devices SET lock_level = 0, locked_until = 0 WHERE id = ? AND user_id = ?`, []any{sc.Device, sc.UserID}},
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return 0, fmt.Errorf("store: login success: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: login success: %w", err)
	}
	return failed, nil
}

// AddRefusedLogins adds login attempts refused before any password check
// (counted in memory by server/refusal) to each account's failed-attempts
// count, keyed by UsernameKey; names of no account are ignored.
func (s *Store) AddRefusedLogins(ctx context.Context, counts map[string]int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: refused logins: %w", err)
	}
	defer tx.Rollback()
	for name, n := range counts {
		if !storableText(name) {
			continue // no account has it, and PostgreSQL could not compare it
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_since_login = failed_since_login + ? WHERE username_key = ?`, n, name); err != nil {
			return fmt.Errorf("store: refused logins: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: refused logins: %w", err)
	}
	return nil
}

// Unlock clears every failed-login lock of an account (untrusted clients
// and each device), the admin lock and the failed attempts.
func (s *Store) Unlock(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unlock: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET locked_until = 0, lock_level = 0, admin_locked = 0 WHERE id = ?`, id)
	if err := affectedOne(res, err, "unlock"); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM login_failures WHERE user_id = ?`,
		`UPDATE devices SET locked_until = 0, lock_level = 0 WHERE user_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("store: unlock: %w", err)
		}
	}
	return tx.Commit()
}
