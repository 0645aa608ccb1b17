package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// Session is one login of an account: every token issued for it carries
// its id, and they all die when it ends.
type Session struct {
	ID         string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	// IP is the client address last seen; Agent the browser and system
	// ("Chrome on Linux"), never the raw User-Agent.
	IP, Agent string
	// Device is the login protection's device id of the browser.
	Device string
	// DeviceKey is the SPKI public key of a remembered browser (nil when
	// the session is not remembered).
	DeviceKey []byte
}

// Remembered reports whether the session is bound to a device key.
func (s Session) Remembered() bool { return len(s.DeviceKey) > 0 }

// Reasons a session ends (kept in sessions.end_reason and the audit log).
const (
	EndLogout    = "logout"
	EndByUser    = "ended by the user"
	EndLogoutAll = "signed out everywhere else"
	EndByAdmin   = "ended by an administrator"
	EndPassword  = "password changed"
	EndAccount   = "account change by an administrator"
)

const sessionColumns = `id, user_id, created_at, last_seen_at, expires_at, ip, agent, device, device_key`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var se Session
	var created, seen, exp int64
	err := row.Scan(&se.ID, &se.UserID, &created, &seen, &exp, &se.IP, &se.Agent, &se.Device, &se.DeviceKey)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, model.ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: scan session: %w", err)
	}
	se.CreatedAt, se.LastSeenAt, se.ExpiresAt = fromMS(created), fromMS(seen), fromMS(exp)
	return se, nil
}

// CreateSession records a new session (se.ID is assigned when empty).
func (s *Store) CreateSession(ctx context.Context, se Session) (Session, error) {
	if se.ID == "" {
		se.ID = NewID()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, agent, device, device_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, se.ID, se.UserID, ms(se.CreatedAt), ms(se.LastSeenAt), ms(se.ExpiresAt),
		se.IP, se.Agent, se.Device, se.DeviceKey)
	if err != nil {
		return Session{}, fmt.Errorf("store: create session: %w", err)
	}
	return se, nil
}

// SessionByID returns an open session (ended or expired: ErrNotFound).
func (s *Store) SessionByID(ctx context.Context, id string, now time.Time) (Session, error) {
	return scanSession(s.db.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE id = ? AND ended_at = 0 AND expires_at > ?`, id, ms(now)))
}

// ListSessions returns a user's open sessions, most recently seen first.
func (s *Store) ListSessions(ctx context.Context, userID string, now time.Time) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = ? AND ended_at = 0 AND expires_at > ? ORDER BY last_seen_at DESC, id LIMIT 200`, userID, ms(now))
	if err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		se, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, se)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list sessions: %w", err)
	}
	return out, nil
}

// EndSession ends one open session of userID. It returns ErrNotFound when
// the user has no such open session (another user's id included).
func (s *Store) EndSession(ctx context.Context, userID, id, reason string, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET ended_at = ?, end_reason = ?, device_key = NULL
		WHERE id = ? AND user_id = ? AND ended_at = 0`, ms(now), reason, id, userID)
	s.sessions.drop(id)
	return affectedOne(res, err, "end session")
}

// EndUserSessions ends every open session of userID except keep ("" for
// none) and returns the ids it ended.
func (s *Store) EndUserSessions(ctx context.Context, userID, keep, reason string, now time.Time) ([]string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: end sessions: %w", err)
	}
	defer tx.Rollback()
	ids, err := endSessionsTx(ctx, tx, userID, keep, reason, now)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: end sessions: %w", err)
	}
	s.sessions.dropUser(userID, keep)
	return ids, nil
}

// endSessionsTx ends the open sessions of userID but keep inside tx. The
// caller drops them from the cache after the commit.
func endSessionsTx(ctx context.Context, tx *sql.Tx, userID, keep, reason string, now time.Time) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE sessions SET ended_at = ?, end_reason = ?, device_key = NULL
		WHERE user_id = ? AND ended_at = 0 AND id != ? RETURNING id`, ms(now), reason, userID, keep)
	if err != nil {
		return nil, fmt.Errorf("store: end sessions: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: end sessions: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: end sessions: %w", err)
	}
	return ids, nil
}

// SessionOpen reports whether session id of userID is open, from memory
// when it can (docs/security.md, "Sessions"). It also records the
// client's address and the time, at most once a minute per session.
func (s *Store) SessionOpen(ctx context.Context, userID, id, ip string, now time.Time) (bool, error) {
	e, gen, ok := s.sessions.get(id)
	if !ok {
		se, err := s.SessionByID(ctx, id, now)
		if errors.Is(err, model.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		e = cachedSession{userID: se.UserID, expires: se.ExpiresAt, seen: se.LastSeenAt, ip: se.IP}
		s.sessions.put(id, e, gen)
	}
	if e.userID != userID || !now.Before(e.expires) {
		return false, nil
	}
	// An address change is recorded with the next touch too: a token used
	// from many addresses (a phone between networks, clients behind a
	// rotating proxy) must not turn every request into a write.
	if now.Sub(e.seen) >= sessionTouchEvery {
		s.touchSession(ctx, id, ip, now)
	}
	return true, nil
}

// sessionTouchEvery is how often a session's last-seen time and client
// address are written.
const sessionTouchEvery = time.Minute

// ExtendSession moves the expiry of an open session (a remembered device
// proving possession of its key).
func (s *Store) ExtendSession(ctx context.Context, id string, expires time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE sessions SET expires_at = ? WHERE id = ? AND ended_at = 0`, ms(expires), id)
	s.sessions.drop(id)
	return affectedOne(res, err, "extend session")
}

// PurgeSessions deletes sessions that ended or expired before cutoff.
func (s *Store) PurgeSessions(ctx context.Context, cutoff time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE (ended_at != 0 AND ended_at < ?1) OR expires_at < ?1`, ms(cutoff))
	if err != nil {
		return fmt.Errorf("store: purge sessions: %w", err)
	}
	return nil
}
