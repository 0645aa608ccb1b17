package store

import (
	"context"
	"fmt"
	"time"
)

// RevokeToken records a logged-out token id until its expiry.
func (s *Store) RevokeToken(ctx context.Context, jti string, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, jti, ms(expires))
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", err)
	}
	return nil
}

// RevokeTokenOnce records a token id as revoked and reports whether this
// call revoked it (false when it was revoked already). The INSERT is
// atomic, so of several concurrent callers exactly one gets true: a token
// can be exchanged (refreshed) once only.
func (s *Store) RevokeTokenOnce(ctx context.Context, jti string, expires time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, jti, ms(expires))
	if err != nil {
		return false, fmt.Errorf("store: revoke token: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: revoke token: %w", err)
	}
	return n == 1, nil
}

// TokenRevoked reports whether a token id was revoked.
func (s *Store) TokenRevoked(ctx context.Context, jti string) (bool, error) {
	var n int
	err := s.prep.QueryRowContext(ctx, `SELECT COUNT(*) FROM revoked_tokens WHERE jti = ?`, jti).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: check token: %w", err)
	}
	return n > 0, nil
}

// PurgeRevokedTokens forgets revoked ids whose tokens have expired anyway.
func (s *Store) PurgeRevokedTokens(ctx context.Context, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM revoked_tokens WHERE expires_at < ?`, ms(now))
	if err != nil {
		return fmt.Errorf("store: purge tokens: %w", err)
	}
	return nil
}
