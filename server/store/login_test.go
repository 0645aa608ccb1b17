package store

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestRefusalRowsNeverPushOutOtherEvents: refusal rows are trimmed within
// their own quota, so older events of other kinds survive any flood.
func TestRefusalRowsNeverPushOutOtherEvents(t *testing.T) {
	s, _ := openAdminTestStore(t)
	ctx := context.Background()
	if err := s.AddSecurityEvent(ctx, model.SecurityEvent{Kind: "forbidden_admin", Detail: "GET /api/admin/users"}); err != nil {
		t.Fatal(err)
	}
	batch := make([]model.SecurityEvent, maxRefusalEvents+500)
	for i := range batch {
		batch[i] = model.SecurityEvent{Kind: "rate_limited", IP: "203.0.113.1", Count: 3}
	}
	if err := s.AddSecurityEvents(ctx, batch); err != nil {
		t.Fatal(err)
	}
	var refusals, others int
	if err := s.db.QueryRowContext(ctx, `SELECT SUM(refusal = 1), SUM(refusal = 0) FROM security_events`).Scan(&refusals, &others); err != nil {
		t.Fatal(err)
	}
	if refusals != maxRefusalEvents || others != 1 {
		t.Fatalf("%d refusal rows and %d others, want %d and the older event", refusals, others, maxRefusalEvents)
	}
	counts, err := s.CountSecurityEvents(ctx, time.Time{})
	if err != nil || counts["rate_limited"] != 3*maxRefusalEvents {
		t.Fatalf("counts %v (err %v): an aggregated row counts as its count", counts, err)
	}
}

// TestDeviceLockIsItsOwn: failures of a known device lock that device, not
// the account's untrusted clients, and a success clears it.
func TestDeviceLockIsItsOwn(t *testing.T) {
	s, ids := openAdminTestStore(t)
	ctx := context.Background()
	now := time.Now()
	uid := ids["a_b"]
	if err := s.RememberDevice(ctx, uid, "dev1", now, now.Add(-time.Hour), 20); err != nil {
		t.Fatal(err)
	}
	var until time.Time
	for i := 0; i < model.LockThreshold; i++ {
		var err error
		if until, err = s.RecordLoginFailure(ctx, LoginScope{UserID: uid, Device: "dev1"}, now); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.DeviceByID(ctx, "dev1")
	if err != nil || until.IsZero() || !d.LockedUntil.Equal(until.Truncate(time.Millisecond)) {
		t.Fatalf("device lock %v, returned %v (err %v)", d.LockedUntil, until, err)
	}
	u, _ := s.UserByID(ctx, uid)
	if !u.LockedUntil.IsZero() {
		t.Fatalf("the device's failures locked the account's untrusted clients until %v", u.LockedUntil)
	}
	failed, err := s.RecordLoginSuccess(ctx, LoginScope{UserID: uid, Device: "dev1"}, now)
	if err != nil || failed != model.LockThreshold {
		t.Fatalf("success reports %d failed attempts (err %v), want %d", failed, err, model.LockThreshold)
	}
	if d, _ := s.DeviceByID(ctx, "dev1"); !d.LockedUntil.IsZero() {
		t.Fatalf("success left the device locked until %v", d.LockedUntil)
	}
}

// TestRememberDeviceKeepsTheNewest bounds the devices of one account.
func TestRememberDeviceKeepsTheNewest(t *testing.T) {
	s, ids := openAdminTestStore(t)
	ctx := context.Background()
	now := time.Now()
	for i := 0; i < 5; i++ {
		if err := s.RememberDevice(ctx, ids["root"], string(rune('a'+i)), now.Add(time.Duration(i)*time.Second), now.Add(-time.Hour), 3); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM devices WHERE user_id = ?`, ids["root"]).Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d devices kept (err %v), want 3", n, err)
	}
	if _, err := s.DeviceByID(ctx, "a"); err == nil {
		t.Fatal("the oldest device is still known")
	}
}
