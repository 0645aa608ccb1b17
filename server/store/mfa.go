package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TOTP is an account's authenticator-app enrolment. Secret is sealed by
// the caller (server/auth); the store never sees it in clear.
type TOTP struct {
	Secret    []byte
	Confirmed bool
	LastStep  int64
	// Started is when the set-up began (the last StartTOTP).
	Started time.Time
}

// TOTPOf returns the enrolment of userID (ErrNotFound when none).
func (s *Store) TOTPOf(ctx context.Context, userID string) (TOTP, error) {
	var t TOTP
	var started int64
	err := s.db.QueryRowContext(ctx, `SELECT secret, confirmed, last_step, created_at FROM mfa_totp WHERE user_id = ?`, userID).
		Scan(&t.Secret, &t.Confirmed, &t.LastStep, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return TOTP{}, model.ErrNotFound
	}
	if err != nil {
		return TOTP{}, fmt.Errorf("store: totp: %w", err)
	}
	t.Started = fromMS(started)
	return t, nil
}

// StartTOTP stores a new, unconfirmed secret, replacing an unconfirmed
// one. It returns ErrAlreadyEnrolled when a confirmed enrolment exists.
func (s *Store) StartTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO mfa_totp (user_id, secret, confirmed, created_at) VALUES (?, ?, 0, ?)
		ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
		WHERE mfa_totp.confirmed = 0`, userID, sealed, ms(now))
	if err != nil {
		return fmt.Errorf("store: start totp: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrAlreadyEnrolled
	}
	return nil
}

// ConfirmTOTP turns the pending enrolment that started at started on,
// records step as used and replaces the recovery codes with hashes. It
// returns ErrNotFound when no such unconfirmed enrolment exists (none, or
// one a newer set-up replaced after the caller read it).
func (s *Store) ConfirmTOTP(ctx context.Context, userID string, started time.Time, step int64, hashes []string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: confirm totp: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE mfa_totp SET confirmed = 1, last_step = ? WHERE user_id = ? AND confirmed = 0 AND created_at = ?`,
		step, userID, ms(started))
	if err := affectedOne(res, err, "confirm totp"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("store: confirm totp: %w", err)
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)`, userID, h); err != nil {
			return fmt.Errorf("store: confirm totp: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: confirm totp: %w", err)
	}
	return nil
}

// UseTOTPStep records a code's time step as used and reports whether it
// was later than every step used before (false: a replay or an older code).
func (s *Store) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE mfa_totp SET last_step = ? WHERE user_id = ? AND confirmed = 1 AND last_step < ?`,
		step, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: use totp step: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UseRecoveryCode marks an unused recovery code (by its hash) as used and
// reports whether it was one.
func (s *Store) UseRecoveryCode(ctx context.Context, userID, hash string, now time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at = 0`,
		ms(now), userID, hash)
	if err != nil {
		return false, fmt.Errorf("store: use recovery code: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RecoveryCodesLeft counts the unused recovery codes of userID.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at = 0`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recovery codes: %w", err)
	}
	return n, nil
}

// DeletePendingTOTP removes the unconfirmed enrolment of userID (a set-up
// left before its confirming code); a confirmed one is never touched. It
// returns ErrNotFound when no unconfirmed enrolment exists.
func (s *Store) DeletePendingTOTP(ctx context.Context, userID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM mfa_totp WHERE user_id = ? AND confirmed = 0`, userID)
	return affectedOne(res, err, "delete pending totp")
}

// DeleteExpiredTOTP removes the unconfirmed enrolment of userID when its
// set-up started at or before cutoff, and reports whether it did; a
// confirmed enrolment is never touched.
func (s *Store) DeleteExpiredTOTP(ctx context.Context, userID string, cutoff time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM mfa_totp WHERE user_id = ? AND confirmed = 0 AND created_at <= ?`, userID, ms(cutoff))
	if err != nil {
		return false, fmt.Errorf("store: delete expired totp: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// PurgeExpiredTOTP removes every unconfirmed enrolment whose set-up
// started at or before cutoff and returns the accounts they belonged to;
// confirmed enrolments are never touched.
func (s *Store) PurgeExpiredTOTP(ctx context.Context, cutoff time.Time) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `DELETE FROM mfa_totp WHERE confirmed = 0 AND created_at <= ? RETURNING user_id`, ms(cutoff))
	if err != nil {
		return nil, fmt.Errorf("store: purge expired totp: %w", err)
	}
	defer rows.Close()
	var users []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: purge expired totp: %w", err)
		}
		users = append(users, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: purge expired totp: %w", err)
	}
	return users, nil
}

// DeleteTOTP removes the enrolment and the recovery codes of userID.
func (s *Store) DeleteTOTP(ctx context.Context, userID string) error {
	return s.deleteFactors(ctx, userID, `DELETE FROM mfa_totp WHERE user_id = ?`, `DELETE FROM recovery_codes WHERE user_id = ?`)
}

// ResetSecondFactors removes every second factor of userID: TOTP,
// recovery codes and passkeys (an administrator's reset).
func (s *Store) ResetSecondFactors(ctx context.Context, userID string) error {
	return s.deleteFactors(ctx, userID, `DELETE FROM mfa_totp WHERE user_id = ?`, `DELETE FROM recovery_codes WHERE user_id = ?`,
		`DELETE FROM passkeys WHERE user_id = ?`)
}

func (s *Store) deleteFactors(ctx context.Context, userID string, stmts ...string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: delete factors: %w", err)
	}
	defer tx.Rollback()
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return fmt.Errorf("store: delete factors: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: delete factors: %w", err)
	}
	return nil
}

// SecondFactors reports which second factors userID has on.
func (s *Store) SecondFactors(ctx context.Context, userID string) (totp bool, passkeys int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		EXISTS(SELECT 1 FROM mfa_totp WHERE user_id = ?1 AND confirmed = 1),
		(SELECT COUNT(*) FROM passkeys WHERE user_id = ?1)`, userID).Scan(&totp, &passkeys)
	if err != nil {
		return false, 0, fmt.Errorf("store: second factors: %w", err)
	}
	return totp, passkeys, nil
}

// ErrAlreadyEnrolled: the account has a confirmed TOTP enrolment already.
var ErrAlreadyEnrolled = errors.New("store: totp already enrolled")

// ErrPasskeyLimit: the account has MaxPasskeys passkeys already.
var ErrPasskeyLimit = errors.New("store: passkey limit")
