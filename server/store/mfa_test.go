package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestExpiredTOTPSetups: on both backends the set-up time is read back,
// DeleteExpiredTOTP and PurgeExpiredTOTP remove only unconfirmed keys
// started at or before the cutoff (never a confirmed one, however old),
// and ConfirmTOTP confirms only the set-up the caller read.
func TestExpiredTOTPSetups(t *testing.T) {
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
			t0 := time.UnixMilli(time.Now().UnixMilli()).UTC()
			user := func(name string) string {
				u, err := s.CreateUser(ctx, name, "hash", "user", false, t0)
				if err != nil {
					t.Fatal(err)
				}
				return u.ID
			}
			old, fresh, on := user("old"), user("fresh"), user("on")
			for id, at := range map[string]time.Time{old: t0, fresh: t0.Add(10 * time.Minute), on: t0} {
				if err := s.StartTOTP(ctx, id, []byte("sealed"), at); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.TOTPOf(ctx, fresh)
			if err != nil || !got.Started.Equal(t0.Add(10*time.Minute)) {
				t.Fatalf("TOTPOf: started %v (err %v), want %v", got.Started, err, t0.Add(10*time.Minute))
			}
			// A confirm bound to another start time confirms nothing.
			if err := s.ConfirmTOTP(ctx, on, t0.Add(time.Millisecond), 1, []string{"h"}); !errors.Is(err, model.ErrNotFound) {
				t.Fatalf("confirm of a replaced set-up: %v, want ErrNotFound", err)
			}
			if err := s.ConfirmTOTP(ctx, on, t0, 1, []string{"h"}); err != nil {
				t.Fatal(err)
			}
			cutoff := t0.Add(5 * time.Minute)
			if gone, err := s.DeleteExpiredTOTP(ctx, fresh, cutoff); err != nil || gone {
				t.Fatalf("a live set-up: deleted %v (err %v)", gone, err)
			}
			if gone, err := s.DeleteExpiredTOTP(ctx, on, cutoff); err != nil || gone {
				t.Fatalf("a confirmed key: deleted %v (err %v)", gone, err)
			}
			users, err := s.PurgeExpiredTOTP(ctx, t0.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(users)
			want := []string{old, fresh}
			slices.Sort(want)
			if !slices.Equal(users, want) {
				t.Fatalf("purged %v, want %v", users, want)
			}
			if _, err := s.TOTPOf(ctx, old); !errors.Is(err, model.ErrNotFound) {
				t.Fatalf("the expired key survived: %v", err)
			}
			if got, err := s.TOTPOf(ctx, on); err != nil || !got.Confirmed {
				t.Fatalf("the confirmed key: %+v (err %v)", got, err)
			}
			if gone, err := s.DeleteExpiredTOTP(ctx, old, t0.Add(time.Hour)); err != nil || gone {
				t.Fatalf("nothing left to delete: %v (err %v)", gone, err)
			}
		})
	}
}
