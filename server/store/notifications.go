package store

import (
	"context"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Notify queues an in-app notice for a user.
func (s *Store) Notify(ctx context.Context, userID, kind, message string, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, message, created_at) VALUES (?, ?, ?, ?, ?)`,
		NewID(), userID, kind, message, ms(now))
	if err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

// TakeNotifications returns the undelivered notices and marks them delivered.
func (s *Store) TakeNotifications(ctx context.Context, userID string) ([]wire.Notification, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, message, created_at FROM notifications
		WHERE user_id = ? AND delivered = 0 ORDER BY created_at LIMIT 50`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	var out []wire.Notification
	for rows.Next() {
		var n wire.Notification
		var at int64
		if err := rows.Scan(&n.ID, &n.Kind, &n.Message, &at); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("store: notifications: %w", err)
		}
		n.CreatedAt = fromMS(at)
		out = append(out, n)
	}
	_ = rows.Close()
	if _, err := tx.ExecContext(ctx, `UPDATE notifications SET delivered = 1 WHERE user_id = ? AND delivered = 0`, userID); err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	return out, tx.Commit()
}
