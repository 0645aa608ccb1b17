package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// codeHash is how Telegram link codes are stored: a database copy holds
// no usable code.
func codeHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// AddTelegramCode stores a one-time link code for the user, replacing
// the user's earlier codes, valid until expires.
func (s *Store) AddTelegramCode(ctx context.Context, userID, code string, expires time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: telegram code: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM telegram_codes WHERE user_id = ? OR expires_at < ?`, userID, ms(time.Now())); err != nil {
		return fmt.Errorf("store: telegram code: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO telegram_codes (code_hash, user_id, expires_at) VALUES (?, ?, ?)`,
		codeHash(code), userID, ms(expires)); err != nil {
		return fmt.Errorf("store: telegram code: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: telegram code: %w", err)
	}
	return nil
}

// RedeemTelegramCode consumes a code (once) and links chatID to its user,
// replacing an earlier link. It returns the user id, or ErrNotFound for an
// unknown, used or expired code.
func (s *Store) RedeemTelegramCode(ctx context.Context, code string, chatID int64, now time.Time) (string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("store: redeem telegram code: %w", err)
	}
	defer tx.Rollback()
	var userID string
	var expires int64
	err = tx.QueryRowContext(ctx, `DELETE FROM telegram_codes WHERE code_hash = ? RETURNING user_id, expires_at`, codeHash(code)).Scan(&userID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return "", model.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: redeem telegram code: %w", err)
	}
	if expires < ms(now) {
		_ = tx.Commit()
		return "", model.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM telegram_links WHERE chat_id = ?`, chatID); err != nil {
		return "", fmt.Errorf("store: redeem telegram code: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO telegram_links (user_id, chat_id, linked_at) VALUES (?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET chat_id = excluded.chat_id, linked_at = excluded.linked_at`, userID, chatID, ms(now)); err != nil {
		return "", fmt.Errorf("store: redeem telegram code: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("store: redeem telegram code: %w", err)
	}
	return userID, nil
}

// TelegramChat returns the user's linked chat, or ErrNotFound.
func (s *Store) TelegramChat(ctx context.Context, userID string) (int64, error) {
	var chat int64
	err := s.db.QueryRowContext(ctx, `SELECT chat_id FROM telegram_links WHERE user_id = ?`, userID).Scan(&chat)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: telegram chat: %w", err)
	}
	return chat, nil
}

// UnlinkTelegram removes the user's chat link (ErrNotFound when none).
func (s *Store) UnlinkTelegram(ctx context.Context, userID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM telegram_links WHERE user_id = ?`, userID)
	return affectedOne(res, err, "unlink telegram")
}

// PushSubscription is a stored Web Push subscription.
type PushSubscription struct {
	ID, UserID, Endpoint, P256dh, Auth string
}

// MaxPushSubscriptions is how many browsers one user may subscribe.
const MaxPushSubscriptions = 10

// AddPushSubscription saves (or re-assigns to this user) a subscription.
func (s *Store) AddPushSubscription(ctx context.Context, sub PushSubscription, now time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: push subscribe: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM push_subscriptions WHERE endpoint = ?`, sub.Endpoint); err != nil {
		return fmt.Errorf("store: push subscribe: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM push_subscriptions WHERE user_id = ?`, sub.UserID).Scan(&n); err != nil {
		return fmt.Errorf("store: push subscribe: %w", err)
	}
	if n >= MaxPushSubscriptions {
		return model.ErrPushLimit
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		NewID(), sub.UserID, sub.Endpoint, sub.P256dh, sub.Auth, ms(now)); err != nil {
		return fmt.Errorf("store: push subscribe: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: push subscribe: %w", err)
	}
	return nil
}

// PushSubscriptions returns the user's subscriptions.
func (s *Store) PushSubscriptions(ctx context.Context, userID string) ([]PushSubscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ? ORDER BY created_at`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: push subscriptions: %w", err)
	}
	defer rows.Close()
	var out []PushSubscription
	for rows.Next() {
		var p PushSubscription
		if err := rows.Scan(&p.ID, &p.UserID, &p.Endpoint, &p.P256dh, &p.Auth); err != nil {
			return nil, fmt.Errorf("store: push subscriptions: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeletePushSubscriptions removes the user's subscriptions: the one with
// id, or every one when id is empty. It returns how many were removed.
func (s *Store) DeletePushSubscriptions(ctx context.Context, userID, id string) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM push_subscriptions WHERE user_id = ? AND (? = '' OR id = ?)`, userID, id, id)
	if err != nil {
		return 0, fmt.Errorf("store: push unsubscribe: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
