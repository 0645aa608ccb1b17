package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"golang.org/x/crypto/bcrypt"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store"
)

// testClock is a settable clock for the service under test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// auditLog keeps the audit entries the service writes.
type auditLog struct {
	mu      sync.Mutex
	entries []audit.Entry
}

func (l *auditLog) Audit(_ context.Context, e audit.Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

func (*auditLog) Event(context.Context, model.SecurityEvent) {}

// count is the number of entries with action for target.
func (l *auditLog) count(action, target string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.entries {
		if e.Action == action && e.Target == target {
			n++
		}
	}
	return n
}

// totpFixture is a service on a real SQLite store with a moved clock.
type totpFixture struct {
	svc   *Service
	st    *store.Store
	clock *testClock
	log   *auditLog
}

const totpTestPassword = "a long enough test password"

func newTOTPFixture(t *testing.T) *totpFixture {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	h, err := NewHasher([]byte(strings.Repeat("p", 32)), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: time.Now().UTC().Truncate(time.Second)}
	tok, err := NewTokens([]byte(strings.Repeat("s", 32)), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	rules := ratelimit.DefaultUserRules()
	for k := range rules {
		rules[k] = ratelimit.PerMinute(1e6, 1e6)
	}
	lim, err := ratelimit.NewUserLimiter(ratelimit.UserConfig{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lim.Close() })
	log := &auditLog{}
	svc := NewService(Options{Store: st, Hasher: h, Tokens: tok, Limits: lim, Record: log, Now: clock.Now})
	return &totpFixture{svc: svc, st: st, clock: clock, log: log}
}

// user registers name.
func (f *totpFixture) user(t *testing.T, name string) model.User {
	t.Helper()
	u, _, err := f.svc.Register(context.Background(), "192.0.2.1", name, totpTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// start begins a set-up for u and returns its key.
func (f *totpFixture) start(t *testing.T, u model.User) string {
	t.Helper()
	setup, err := f.svc.StartTOTP(context.Background(), "192.0.2.1", u, totpTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	return setup.Secret
}

// code is secret's current code on the service's clock.
func (f *totpFixture) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTOTPSetupExpiry: an unconfirmed key confirms up to
// TOTPSetupLifetime after its set-up started and not after. The late
// confirmation turns nothing on, leaves no recovery codes, discards the
// key (audited once) and says to start again; a new set-up after the
// expiry works.
func TestTOTPSetupExpiry(t *testing.T) {
	if TOTPSetupLifetime != 15*time.Minute {
		t.Fatalf("TOTPSetupLifetime = %v, want 15m", TOTPSetupLifetime)
	}
	ctx := context.Background()
	cases := []struct {
		name    string
		after   time.Duration
		expired bool
	}{
		{"at 14m59s", 14*time.Minute + 59*time.Second, false},
		{"at 15m01s", 15*time.Minute + time.Second, true},
		{"a day later", 24 * time.Hour, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newTOTPFixture(t)
			u := f.user(t, "expiry")
			secret := f.start(t, u)
			f.clock.Add(tc.after)
			codes, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, secret))
			st, serr := f.svc.MFAStatus(ctx, u.ID)
			if serr != nil {
				t.Fatal(serr)
			}
			if !tc.expired {
				if err != nil || len(codes) != recoveryCount || !st.TOTP {
					t.Fatalf("confirm: %v, %d codes, on %v", err, len(codes), st.TOTP)
				}
				if n := f.log.count(audit.ActionTOTPSetupExpired, u.ID); n != 0 {
					t.Fatalf("%d setup_expired entries for a confirmed set-up", n)
				}
				return
			}
			if !errors.Is(err, ErrSetupExpired) || codes != nil {
				t.Fatalf("late confirm: %v (%d codes), want ErrSetupExpired", err, len(codes))
			}
			if !strings.Contains(err.Error(), "Start the set-up again") {
				t.Fatalf("the refusal does not say to start again: %q", err)
			}
			if st.TOTP || st.RecoveryLeft != 0 {
				t.Fatalf("after the late confirm: %+v", st)
			}
			if _, err := f.st.TOTPOf(ctx, u.ID); !errors.Is(err, model.ErrNotFound) {
				t.Fatalf("the expired key is still stored (err %v)", err)
			}
			if n := f.log.count(audit.ActionTOTPSetupExpired, u.ID); n != 1 {
				t.Fatalf("%d setup_expired audit entries, want 1", n)
			}
			if n := f.log.count("auth.mfa.totp.enable", u.ID); n != 0 {
				t.Fatalf("the late confirm was audited as enable")
			}
			// Again: nothing is pending any more.
			if _, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, secret)); !errors.Is(err, ErrNotEnrolled) {
				t.Fatalf("confirm after the discard: %v, want ErrNotEnrolled", err)
			}
			// A new set-up after the expiry works.
			fresh := f.start(t, u)
			f.clock.Add(time.Minute)
			if _, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, fresh)); err != nil {
				t.Fatalf("confirm of a new set-up after the expiry: %v", err)
			}
		})
	}
}

// TestTOTPSetupExpiryOnStart: a set-up started over an expired one
// discards the old key (audited as expired) and gets a full lifetime of
// its own; one started over a live one replaces it unaudited as before.
func TestTOTPSetupExpiryOnStart(t *testing.T) {
	ctx := context.Background()
	f := newTOTPFixture(t)
	u := f.user(t, "restart")
	old := f.start(t, u)
	f.clock.Add(TOTPSetupLifetime - time.Minute)
	f.start(t, u) // over a live set-up: a plain replacement
	if n := f.log.count(audit.ActionTOTPSetupExpired, u.ID); n != 0 {
		t.Fatalf("%d setup_expired entries for a live set-up replaced", n)
	}
	f.clock.Add(TOTPSetupLifetime + time.Second)
	fresh := f.start(t, u) // over an expired one
	if n := f.log.count(audit.ActionTOTPSetupExpired, u.ID); n != 1 {
		t.Fatalf("%d setup_expired entries, want 1", n)
	}
	if fresh == old {
		t.Fatal("the new set-up reuses the old key")
	}
	f.clock.Add(TOTPSetupLifetime - time.Second)
	if _, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, fresh)); err != nil {
		t.Fatalf("the new set-up did not get its own lifetime: %v", err)
	}
}

// TestTOTPExpiryKeepsConfirmed: a confirmed authenticator is never
// touched by the set-up expiry: not by a confirm, a new set-up or the
// sweep, however old; sign-in codes of it still work.
func TestTOTPExpiryKeepsConfirmed(t *testing.T) {
	ctx := context.Background()
	f := newTOTPFixture(t)
	u := f.user(t, "steady")
	secret := f.start(t, u)
	if _, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, secret)); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(30 * 24 * time.Hour)
	if _, err := f.svc.ConfirmTOTP(ctx, "192.0.2.1", u, f.code(t, secret)); !errors.Is(err, ErrNotEnrolled) {
		t.Fatalf("confirm with the app on: %v, want ErrNotEnrolled", err)
	}
	if _, err := f.svc.StartTOTP(ctx, "192.0.2.1", u, totpTestPassword); !errors.Is(err, ErrAlreadyEnabled) {
		t.Fatalf("set-up with the app on: %v, want ErrAlreadyEnabled", err)
	}
	f.svc.purgeTOTPSetups(ctx)
	st, err := f.svc.MFAStatus(ctx, u.ID)
	if err != nil || !st.TOTP || st.RecoveryLeft != recoveryCount {
		t.Fatalf("after a month: %+v (err %v)", st, err)
	}
	if n := f.log.count(audit.ActionTOTPSetupExpired, u.ID); n != 0 {
		t.Fatalf("%d setup_expired entries for a confirmed authenticator", n)
	}
	ok, err := f.svc.checkSecondCode(ctx, u.ID, f.code(t, secret))
	if err != nil || !ok {
		t.Fatalf("a code of the confirmed authenticator: %v %v", ok, err)
	}
}

// TestTOTPSetupSweep: the periodic sweep discards the expired unconfirmed
// keys of every account (audited for each) and keeps live ones.
func TestTOTPSetupSweep(t *testing.T) {
	ctx := context.Background()
	f := newTOTPFixture(t)
	gone, kept := f.user(t, "abandoned"), f.user(t, "recent")
	f.start(t, gone)
	f.clock.Add(TOTPSetupLifetime - time.Minute)
	f.start(t, kept)
	f.clock.Add(2 * time.Minute)
	f.svc.purgeTOTPSetups(ctx)
	if _, err := f.st.TOTPOf(ctx, gone.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("the abandoned set-up's key survived the sweep (err %v)", err)
	}
	if _, err := f.st.TOTPOf(ctx, kept.ID); err != nil {
		t.Fatalf("the live set-up's key: %v", err)
	}
	if n := f.log.count(audit.ActionTOTPSetupExpired, gone.ID); n != 1 {
		t.Fatalf("%d setup_expired entries for the swept key, want 1", n)
	}
	if n := f.log.count(audit.ActionTOTPSetupExpired, kept.ID); n != 0 {
		t.Fatalf("%d setup_expired entries for the live key", n)
	}
}
