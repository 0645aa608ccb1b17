package ratelimit

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// fakeShared answers from a script and records the keys it was asked.
type fakeShared struct {
	ok     bool
	err    error
	keys   []string
	forgot []string
}

func (f *fakeShared) TakeToken(_ context.Context, key string, _ rate.Limit, _ int, _ time.Time) (bool, time.Duration, error) {
	f.keys = append(f.keys, key)
	if f.ok {
		return true, 0, f.err
	}
	return false, 3 * time.Second, f.err
}

func (f *fakeShared) ForgetBucket(_ context.Context, key string) error {
	f.forgot = append(f.forgot, key)
	return f.err
}

func TestSharedBuckets(t *testing.T) {
	rules := map[string]Rule{ClassLogin: PerMinute(60, 1)}
	tests := []struct {
		name     string
		shared   fakeShared
		wantOK   []bool // two calls in a row
		wantWait time.Duration
	}{
		{"shared allows: the local bucket is not used", fakeShared{ok: true}, []bool{true, true}, 0},
		{"shared refuses with its wait", fakeShared{ok: false}, []bool{false, false}, 3 * time.Second},
		{"shared fails: the local bucket decides", fakeShared{err: errors.New("down")}, []bool{true, false}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sh := tc.shared
			u, err := NewUserLimiter(UserConfig{Rules: rules, Shared: &sh})
			if err != nil {
				t.Fatal(err)
			}
			defer u.Close()
			for i, want := range tc.wantOK {
				ok, wait := u.Allow("alice", ClassLogin)
				if ok != want {
					t.Fatalf("call %d: ok %v, want %v", i, ok, want)
				}
				if !ok && sh.err == nil && wait != tc.wantWait {
					t.Fatalf("call %d: wait %v, want %v", i, wait, tc.wantWait)
				}
			}
			if len(sh.keys) != 2 || sh.keys[0] != "login:alice" {
				t.Fatalf("shared keys %v", sh.keys)
			}
			u.Forget("alice", ClassLogin)
			if len(sh.forgot) != 1 || sh.forgot[0] != "login:alice" {
				t.Fatalf("forgotten %v", sh.forgot)
			}
		})
	}
}
