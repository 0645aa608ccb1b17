package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// adminPassword is the password of every account in the admin tests.
const adminPassword = "correct-horse-battery-9"

// adminFixture is a server with one admin (the first account in dev mode)
// and one ordinary user.
type adminFixture struct {
	*testServer
	adminTok, adminID string
	userTok, userID   string
}

func newAdminFixture(t *testing.T, opts ...testOptions) *adminFixture {
	t.Helper()
	o := testOptions{}
	if len(opts) > 0 {
		o = opts[0]
	}
	o.dev = true
	ts := newTestServer(t, o)
	f := &adminFixture{testServer: ts}
	f.adminTok, f.adminID = ts.registerAndLogin("root-admin", adminPassword)
	f.userTok, f.userID = ts.registerAndLogin("alice", adminPassword)
	return f
}

// decode unmarshals a response body into v.
func decode(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// expect fails unless the response has the given status.
func expect(t *testing.T, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
}

// events returns the security events of one kind.
func (f *adminFixture) events(kind string) []model.SecurityEvent {
	f.t.Helper()
	ev, err := f.Platform.Store.ListSecurityEvents(context.Background(), kind, time.Time{}, 500)
	if err != nil {
		f.t.Fatal(err)
	}
	return ev
}
