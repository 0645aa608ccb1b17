package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

const userColumns = `id, username, role, password_hash, created_at, COALESCE(last_login_at, 0),
	tokens_valid_after, must_change_password, locked_until, lock_level, admin_locked, email`

// scanUser scans userColumns, then the destinations in more (columns
// selected after them).
func scanUser(row interface{ Scan(...any) error }, more ...any) (model.User, error) {
	var u model.User
	var created, last, valid, locked int64
	err := row.Scan(append([]any{&u.ID, &u.Username, &u.Role, &u.PasswordHash, &created, &last,
		&valid, &u.MustChangePassword, &locked, &u.LockLevel, &u.AdminLocked, &u.Email}, more...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return model.User{}, model.ErrNotFound
	}
	if err != nil {
		return model.User{}, fmt.Errorf("store: scan user: %w", err)
	}
	u.CreatedAt, u.LastLoginAt = fromMS(created), fromMS(last)
	u.TokensValidAfter, u.LockedUntil = fromMS(valid), fromMS(locked)
	return u, nil
}

// UsernameKey is the case-insensitive uniqueness key of a username.
func UsernameKey(name string) string { return strings.ToLower(name) }

// CreateUser inserts an account. When firstIsAdmin is set and no account
// exists yet, the new account becomes admin (loopback development only).
func (s *Store) CreateUser(ctx context.Context, username, hash, role string, firstIsAdmin bool, now time.Time) (model.User, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return model.User{}, fmt.Errorf("store: create user: %w", err)
	}
	defer tx.Rollback()
	if firstIsAdmin {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return model.User{}, fmt.Errorf("store: count users: %w", err)
		}
		if n == 0 {
			role = "admin"
		}
	}
	u := model.User{ID: NewID(), Username: username, Role: role, PasswordHash: hash, CreatedAt: now.UTC().Truncate(time.Millisecond)}
	_, err = tx.ExecContext(ctx, `INSERT INTO users (id, username, username_key, password_hash, role, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, u.ID, username, UsernameKey(username), hash, role, ms(now))
	if err != nil {
		if isUniqueViolation(err) {
			return model.User{}, model.ErrUsernameTaken
		}
		return model.User{}, fmt.Errorf("store: insert user: %w", err)
	}
	return u, tx.Commit()
}

// UserByUsername finds an account by name, case-insensitively.
func (s *Store) UserByUsername(ctx context.Context, username string) (model.User, error) {
	return scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username_key = ?`, UsernameKey(username)))
}

// UserByID finds an account by id.
func (s *Store) UserByID(ctx context.Context, id string) (model.User, error) {
	return scanUser(s.prep.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// SetPassword stores a new hash, sets or clears the forced change and ends
// every token issued before now and every session.
func (s *Store) SetPassword(ctx context.Context, id, hash string, mustChange bool, now time.Time) error {
	return s.SetPasswordKeeping(ctx, id, hash, mustChange, "", now)
}

// SetPasswordKeeping is SetPassword that keeps session keep open (the
// user's own password change: the tokens of the other sessions die).
func (s *Store) SetPasswordKeeping(ctx context.Context, id, hash string, mustChange bool, keep string, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, tokens_valid_after = ? WHERE id = ?`,
		hash, mustChange, ms(now), id)
	if err := affectedOne(res, err, "set password"); err != nil {
		return err
	}
	if _, err := endSessionsTx(ctx, tx, id, keep, EndPassword, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	s.sessions.dropUser(id, keep)
	return nil
}

// SetEmail stores the user's address for security notices ("" removes
// it). The caller validates it with shared/validate.Email.
func (s *Store) SetEmail(ctx context.Context, id, email string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET email = ? WHERE id = ?`, email, id)
	return affectedOne(res, err, "set email")
}

// EndSessions makes every token of the user issued before now invalid
// and ends every session.
func (s *Store) EndSessions(ctx context.Context, id string, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET tokens_valid_after = ? WHERE id = ?`, ms(now), id)
	if err := affectedOne(res, err, "end sessions"); err != nil {
		return err
	}
	_, err = s.EndUserSessions(ctx, id, "", EndAccount, now)
	return err
}

func affectedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}
