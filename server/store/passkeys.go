package store

import (
	"context"
	"fmt"
	"time"
)

// Passkey is a registered WebAuthn credential of an account. Credential
// is the library's credential record as JSON (public key, id, counter,
// flags); ID is an internal id, used in paths.
type Passkey struct {
	ID         string
	UserID     string
	Name       string
	Credential []byte
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// MaxPasskeys is how many passkeys one account may register.
const MaxPasskeys = 20

// ListPasskeys returns the passkeys of userID, oldest first.
func (s *Store) ListPasskeys(ctx context.Context, userID string) ([]Passkey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, name, credential, created_at, last_used_at FROM passkeys
		WHERE user_id = ? ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: passkeys: %w", err)
	}
	defer rows.Close()
	out := []Passkey{}
	for rows.Next() {
		var p Passkey
		var cred string
		var created, used int64
		if err := rows.Scan(&p.ID, &p.UserID, &p.Name, &cred, &created, &used); err != nil {
			return nil, fmt.Errorf("store: passkeys: %w", err)
		}
		p.Credential, p.CreatedAt, p.LastUsedAt = []byte(cred), fromMS(created), fromMS(used)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: passkeys: %w", err)
	}
	return out, nil
}

// AddPasskey stores a new passkey; model.ErrLimit past MaxPasskeys.
func (s *Store) AddPasskey(ctx context.Context, p Passkey) (Passkey, error) {
	p.ID = NewID()
	res, err := s.db.ExecContext(ctx, `INSERT INTO passkeys (id, user_id, name, credential, created_at)
		SELECT ?1, ?2, ?3, ?4, CAST(?5 AS BIGINT) WHERE (SELECT COUNT(*) FROM passkeys WHERE user_id = ?2) < ?6`,
		p.ID, p.UserID, p.Name, string(p.Credential), ms(p.CreatedAt), MaxPasskeys)
	if err != nil {
		return Passkey{}, fmt.Errorf("store: add passkey: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Passkey{}, ErrPasskeyLimit
	}
	return p, nil
}

// RenamePasskey renames a passkey of userID (ErrNotFound otherwise).
func (s *Store) RenamePasskey(ctx context.Context, userID, id, name string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE passkeys SET name = ? WHERE id = ? AND user_id = ?`, name, id, userID)
	return affectedOne(res, err, "rename passkey")
}

// DeletePasskey removes a passkey of userID (ErrNotFound otherwise).
func (s *Store) DeletePasskey(ctx context.Context, userID, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM passkeys WHERE id = ? AND user_id = ?`, id, userID)
	return affectedOne(res, err, "delete passkey")
}

// UsedPasskey records a sign-in with a passkey and its updated record
// (the signature counter).
func (s *Store) UsedPasskey(ctx context.Context, id string, credential []byte, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE passkeys SET credential = ?, last_used_at = ? WHERE id = ?`, string(credential), ms(now), id)
	return affectedOne(res, err, "use passkey")
}
