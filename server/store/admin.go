package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// UserQuery selects accounts for the admin list.
type UserQuery struct {
	Search string // case-insensitive substring of the username
	Limit  int    // 1..100 (default 20)
	Offset int    // 0..
}

// ListUsers returns one page of accounts ordered by username (with
// FailedAttempts counted in the current lockout window and no password
// hash) and the total number matching.
func (s *Store) ListUsers(ctx context.Context, q UserQuery, now time.Time) ([]model.User, int, error) {
	if q.Offset < 0 {
		q.Offset = 0
	}
	if q.Limit < 1 || q.Limit > 100 {
		q.Limit = 20
	}
	like := "%" + likeEscape(UsernameKey(q.Search)) + "%"
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE username_key LIKE ? ESCAPE '\'`, like).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count users: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+`,
		(SELECT COUNT(*) FROM login_failures f WHERE f.user_id = users.id AND f.at > ?)
		FROM users WHERE username_key LIKE ? ESCAPE '\' ORDER BY username_key LIMIT ? OFFSET ?`,
		ms(now.Add(-model.LockWindow)), like, q.Limit, q.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	out := []model.User{}
	for rows.Next() {
		row, err := scanAdminRow(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, row)
	}
	return out, total, rows.Err()
}

func scanAdminRow(rows *sql.Rows) (model.User, error) {
	var r model.User
	var created, last, valid, locked int64
	err := rows.Scan(&r.ID, &r.Username, &r.Role, &r.PasswordHash, &created, &last,
		&valid, &r.MustChangePassword, &locked, &r.LockLevel, &r.AdminLocked, &r.Email, &r.FailedAttempts)
	if err != nil {
		return r, fmt.Errorf("store: scan user: %w", err)
	}
	r.CreatedAt, r.LastLoginAt = fromMS(created), fromMS(last)
	r.TokensValidAfter, r.LockedUntil = fromMS(valid), fromMS(locked)
	r.PasswordHash = ""
	return r, nil
}

// likeEscape escapes LIKE wildcards so search text matches literally.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// AdminLock sets the admin lock and ends every session of the user.
func (s *Store) AdminLock(ctx context.Context, id string, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET admin_locked = 1, tokens_valid_after = ? WHERE id = ?`, ms(now), id)
	if err := affectedOne(res, err, "admin lock"); err != nil {
		return err
	}
	_, err = s.EndUserSessions(ctx, id, "", EndAccount, now)
	return err
}

// SetRole changes a user's role and ends their sessions. Demoting the last
// admin fails with ErrLastAdmin.
func (s *Store) SetRole(ctx context.Context, id, role string, now time.Time) error {
	if role != "user" && role != "admin" {
		return fmt.Errorf("store: set role: invalid role %q", role)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	defer tx.Rollback()
	if role != "admin" {
		if err := checkNotLastAdmin(ctx, tx, id); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, tokens_valid_after = ? WHERE id = ?`, role, ms(now), id)
	if err := affectedOne(res, err, "set role"); err != nil {
		return err
	}
	if _, err := endSessionsTx(ctx, tx, id, "", EndAccount, now); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	s.sessions.dropUser(id, "")
	return nil
}

// checkNotLastAdmin fails with ErrLastAdmin when id is the only admin.
func checkNotLastAdmin(ctx context.Context, tx *sql.Tx, id string) error {
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = ?`, id).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: check admins: %w", err)
	}
	if role != "admin" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n); err != nil {
		return fmt.Errorf("store: check admins: %w", err)
	}
	if n <= 1 {
		return model.ErrLastAdmin
	}
	return nil
}

// DeleteUser removes an account and its data directory DATA/users/<id>.
// It refuses to delete the acting admin (ErrSelf) or the last admin
// (ErrLastAdmin). The directory is named by the validated internal id only.
func (s *Store) DeleteUser(ctx context.Context, id, actorID string) error {
	if err := validate.ID(id); err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	if id == actorID {
		return model.ErrSelf
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	defer tx.Rollback()
	if err := checkNotLastAdmin(ctx, tx, id); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	if err := affectedOne(res, err, "delete user"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	s.sessions.dropUser(id, "")
	return s.removeUserDir(id)
}

// removeUserDir closes the cached handle and removes DATA/users/<id>
// through an os.Root, so a symlink cannot lead outside the users directory.
func (s *Store) removeUserDir(id string) error {
	s.users.drop(id)
	if s.shared {
		return s.deleteUserRows(id)
	}
	root, err := os.OpenRoot(filepath.Join(s.dir, "users"))
	if err != nil {
		return fmt.Errorf("store: remove user dir: %w", err)
	}
	defer root.Close()
	if err := root.RemoveAll(id); err != nil {
		return fmt.Errorf("store: remove user dir: %w", err)
	}
	return nil
}
