package store

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestUserForTokenFollowsEveryChange: the per-request lookup is served
// from memory, and every change to the account or the token is seen by the
// next lookup, whether it was made through the same store or through
// another one on the same data directory (as the fortfolio CLI does while
// the server runs).
func TestUserForTokenFollowsEveryChange(t *testing.T) {
	tests := []struct {
		name   string
		change func(ctx context.Context, s *Store, userID, jti string) error
		seen   func(u model.User, revoked bool) bool
	}{
		{"token revoked", func(ctx context.Context, s *Store, _, jti string) error {
			return s.RevokeToken(ctx, jti, time.Now().Add(time.Hour))
		}, func(_ model.User, revoked bool) bool { return revoked }},
		{"password reset", func(ctx context.Context, s *Store, id, _ string) error {
			return s.SetPassword(ctx, id, "new hash", true, time.Now())
		}, func(u model.User, _ bool) bool { return u.MustChangePassword && u.PasswordHash == "new hash" }},
		{"locked by an admin", func(ctx context.Context, s *Store, id, _ string) error {
			return s.AdminLock(ctx, id, time.Now())
		}, func(u model.User, _ bool) bool { return u.AdminLocked }},
		{"role changed", func(ctx context.Context, s *Store, id, _ string) error {
			return s.SetRole(ctx, id, "admin", time.Now())
		}, func(u model.User, _ bool) bool { return u.Role == "admin" }},
	}
	for _, where := range []string{"same store", "another store"} {
		for _, tt := range tests {
			t.Run(where+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				dir := t.TempDir()
				s := openTokenStore(t, dir)
				u, err := s.CreateUser(ctx, "alice", "hash", "user", false, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				const jti = "token-1"
				for range 2 {
					if got, revoked, err := s.UserForToken(ctx, u.ID, jti); err != nil || revoked || got.ID != u.ID {
						t.Fatalf("before: %+v %v %v", got, revoked, err)
					}
				}
				if _, ok := s.tokenUsers.entries[tokenKey{u.ID, jti}]; !ok {
					t.Fatal("the lookup was not kept in memory")
				}
				other := s
				if where == "another store" {
					other = openTokenStore(t, dir)
				}
				if err := tt.change(ctx, other, u.ID, jti); err != nil {
					t.Fatal(err)
				}
				got, revoked, err := s.UserForToken(ctx, u.ID, jti)
				if err != nil || !tt.seen(got, revoked) {
					t.Fatalf("after the change: %+v revoked=%v %v", got, revoked, err)
				}
			})
		}
	}
}

func openTokenStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// TestTokenUserCacheKeepsNoOlderVersion: an answer read before the
// accounts database moved on is never served once a newer version was
// seen.
func TestTokenUserCacheKeepsNoOlderVersion(t *testing.T) {
	var c tokenUserCache
	k := tokenKey{"u", "j"}
	c.put(6, k, tokenUser{revoked: true})
	c.put(5, k, tokenUser{revoked: false}) // a slow lookup that began earlier
	if e, ok := c.get(6, k); !ok || !e.revoked {
		t.Fatalf("version 6: %+v %v", e, ok)
	}
	if _, ok := c.get(5, k); ok {
		t.Fatal("an older version was served")
	}
	c.put(7, tokenKey{"v", "j"}, tokenUser{})
	if _, ok := c.get(7, k); ok {
		t.Fatal("an entry of version 6 was served at version 7")
	}
}
