package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestUserForToken reads the account and the token's revocation in one
// query, on both backends, as UserByID and TokenRevoked answer them.
func TestUserForToken(t *testing.T) {
	backends := []struct {
		name string
		open func(t *testing.T) *Store
	}{
		{"sqlite", func(t *testing.T) *Store {
			s, err := Open(context.Background(), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		}},
		{"postgres", openPostgresTest},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			s := b.open(t)
			now := time.Now()
			u, err := s.CreateUser(ctx, "alice", "hash", "user", false, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RevokeToken(ctx, "dead", now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				user, jti string
				revoked   bool
				err       error
			}{
				{user: u.ID, jti: "live"},
				{user: u.ID, jti: "dead", revoked: true},
				{user: "nobody", jti: "live", err: model.ErrNotFound},
			}
			for _, tc := range cases {
				got, revoked, err := s.UserForToken(ctx, tc.user, tc.jti)
				if !errors.Is(err, tc.err) || revoked != tc.revoked {
					t.Fatalf("%s/%s: revoked %v, err %v; want %v, %v", tc.user, tc.jti, revoked, err, tc.revoked, tc.err)
				}
				want, _ := s.UserByID(ctx, tc.user)
				if got != want {
					t.Fatalf("%s: user %+v, want %+v", tc.user, got, want)
				}
			}
		})
	}
}
