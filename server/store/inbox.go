package store

import (
	"context"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// inboxSize is how many notices the inbox lists; older ones are deleted
// when a new one arrives beyond maxInbox.
const (
	inboxSize = 100
	maxInbox  = 500
)

// NotifyLink queues an in-app notice with a link to the page it is about
// (a path of the app) and trims the user's inbox to maxInbox entries.
func (s *Store) NotifyLink(ctx context.Context, userID, kind, message, link string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, message, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		NewID(), userID, kind, message, link, ms(now)); err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM notifications WHERE user_id = ? AND id NOT IN
		(SELECT id FROM notifications WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`, userID, userID, maxInbox); err != nil {
		return fmt.Errorf("store: trim inbox: %w", err)
	}
	return nil
}

// Inbox returns the user's newest notices (read or not) and the unread count.
func (s *Store) Inbox(ctx context.Context, userID string) (wire.Inbox, error) {
	out := wire.Inbox{Items: []wire.InboxItem{}}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, message, link, created_at, read_at FROM notifications
		WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`, userID, inboxSize)
	if err != nil {
		return out, fmt.Errorf("store: inbox: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it wire.InboxItem
		var at, read int64
		if err := rows.Scan(&it.ID, &it.Kind, &it.Message, &it.Link, &at, &read); err != nil {
			return out, fmt.Errorf("store: inbox: %w", err)
		}
		it.CreatedAt, it.Read = fromMS(at), read != 0
		out.Items = append(out.Items, it)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: inbox: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at = 0`, userID).Scan(&out.Unread); err != nil {
		return out, fmt.Errorf("store: inbox: %w", err)
	}
	return out, nil
}

// MarkRead marks one of the user's notices read (ErrNotFound for another
// user's or a missing one); an empty id marks all of them.
func (s *Store) MarkRead(ctx context.Context, userID, id string, now time.Time) error {
	if id == "" {
		_, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0`, ms(now), userID)
		if err != nil {
			return fmt.Errorf("store: mark read: %w", err)
		}
		return nil
	}
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = CASE WHEN read_at = 0 THEN ? ELSE read_at END
		WHERE user_id = ? AND id = ?`, ms(now), userID, id)
	return affectedOne(res, err, "mark read")
}
