package api_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// sessionsOf lists the sessions a token sees.
func sessionsOf(t *testing.T, ts *testServer, tok string) []wire.Session {
	t.Helper()
	r := ts.do("GET", wire.RouteSessions, tok, nil)
	expect(t, r, http.StatusOK)
	var out wire.SessionList
	decode(t, r, &out)
	return out.Sessions
}

func auditCount(t *testing.T, ts *testServer, action string) int {
	t.Helper()
	p, err := audit.Query(context.Background(), filepath.Join(ts.DataDir, "audit"), audit.Filter{Action: action, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(p.Entries)
}

// TestSessionsListAndEnd: each login is a session; one browser ends
// another and that browser's token is refused at once.
func TestSessionsListAndEnd(t *testing.T) {
	ts := newTestServer(t)
	first, _ := ts.registerAndLogin("sess-owner", goodPassword)
	r := ts.doHeaders("POST", wire.RouteLogin, "", map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
		wire.Credentials{Username: "sess-owner", Password: goodPassword})
	expect(t, r, http.StatusOK)
	var second wire.LoginResponse
	decode(t, r, &second)
	if second.Session == "" {
		t.Fatal("login answered no session id")
	}
	list := sessionsOf(t, ts, first)
	if len(list) != 2 {
		t.Fatalf("%d sessions, want 2: %+v", len(list), list)
	}
	var other wire.Session
	for _, s := range list {
		if s.ID == second.Session {
			other = s
		} else if !s.Current {
			t.Errorf("the asking session is not marked current: %+v", s)
		}
	}
	if other.Current || other.Agent != "Firefox on Linux" || other.IP == "" {
		t.Fatalf("other session %+v", other)
	}
	expect(t, ts.do("GET", wire.RouteMe, second.Token.Token, nil), http.StatusOK)
	expect(t, ts.do("DELETE", wire.Path(wire.RouteSession, second.Session), first, nil), http.StatusNoContent)
	expect(t, ts.do("GET", wire.RouteMe, second.Token.Token, nil), http.StatusUnauthorized)
	expect(t, ts.do("POST", wire.RouteRefresh, second.Token.Token, nil), http.StatusUnauthorized)
	if list := sessionsOf(t, ts, first); len(list) != 1 || !list[0].Current {
		t.Fatalf("after the end: %+v", list)
	}
	// Ending it again, or an unknown id: 404.
	expect(t, ts.do("DELETE", wire.Path(wire.RouteSession, second.Session), first, nil), http.StatusNotFound)
	if n := auditCount(t, ts, audit.ActionSessionStart); n != 2 {
		t.Errorf("%d session starts audited, want 2", n)
	}
	if n := auditCount(t, ts, audit.ActionSessionEnd); n != 1 {
		t.Errorf("%d session ends audited, want 1", n)
	}
}

// TestSessionsHostile: another user's session id is 404 and ends nothing;
// bad ids are 400; a refreshed token keeps its session.
func TestSessionsHostile(t *testing.T) {
	ts := newTestServer(t)
	alice, _ := ts.registerAndLogin("alice-s", goodPassword)
	bob, _ := ts.registerAndLogin("bob-s", goodPassword)
	bobSession := sessionsOf(t, ts, bob)[0].ID
	expect(t, ts.do("DELETE", wire.Path(wire.RouteSession, bobSession), alice, nil), http.StatusNotFound)
	expect(t, ts.do("GET", wire.RouteMe, bob, nil), http.StatusOK)
	for _, bad := range []string{"..%2F..", "a%20b", "x" + string(make([]byte, 0)) + "%00"} {
		r := ts.do("DELETE", "/api/me/sessions/"+bad, alice, nil)
		if r.Status != http.StatusBadRequest && r.Status != http.StatusNotFound {
			t.Errorf("id %q: %d %s", bad, r.Status, r.Body)
		}
	}
	expect(t, ts.do("DELETE", "/api/me/sessions/"+string(make([]byte, 0))+"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", alice, nil), http.StatusBadRequest)
	// Refresh keeps the session: the new token is listed under the same id.
	r := ts.do("POST", wire.RouteRefresh, alice, nil)
	expect(t, r, http.StatusOK)
	var tok wire.Token
	decode(t, r, &tok)
	if list := sessionsOf(t, ts, tok.Token); len(list) != 1 || !list[0].Current {
		t.Fatalf("after refresh: %+v", list)
	}
	// Logout ends the session.
	expect(t, ts.do("POST", wire.RouteLogout, tok.Token, nil), http.StatusNoContent)
	if n := auditCount(t, ts, audit.ActionSessionEnd); n != 1 {
		t.Errorf("%d session ends audited after logout, want 1", n)
	}
}

// TestLogoutAll ends every session but the asking one.
func TestLogoutAll(t *testing.T) {
	ts := newTestServer(t)
	keep, _ := ts.registerAndLogin("many-s", goodPassword)
	var others []string
	for range 3 {
		tok, _ := ts.login("many-s", goodPassword)
		others = append(others, tok)
	}
	r := ts.do("POST", wire.RouteLogoutAll, keep, nil)
	expect(t, r, http.StatusOK)
	var ended wire.SessionsEnded
	decode(t, r, &ended)
	if ended.Ended != 3 {
		t.Fatalf("ended %d, want 3", ended.Ended)
	}
	for _, tok := range others {
		expect(t, ts.do("GET", wire.RouteMe, tok, nil), http.StatusUnauthorized)
	}
	expect(t, ts.do("GET", wire.RouteMe, keep, nil), http.StatusOK)
}

// TestPasswordChangeKeepsOwnSession: the other sessions end, this one
// continues with the fresh token.
func TestPasswordChangeKeepsOwnSession(t *testing.T) {
	ts := newTestServer(t)
	mine, _ := ts.registerAndLogin("pw-s", goodPassword)
	other, _ := ts.login("pw-s", goodPassword)
	r := ts.do("POST", wire.RouteChangePassword, mine, wire.ChangePassword{CurrentPassword: goodPassword, NewPassword: "another fine passphrase"})
	expect(t, r, http.StatusOK)
	var tok wire.Token
	decode(t, r, &tok)
	expect(t, ts.do("GET", wire.RouteMe, other, nil), http.StatusUnauthorized)
	if list := sessionsOf(t, ts, tok.Token); len(list) != 1 || !list[0].Current {
		t.Fatalf("after password change: %+v", list)
	}
}

// TestAdminEndsUserSession: an admin lists and ends a user's session;
// another user's session id under the wrong user is 404.
func TestAdminEndsUserSession(t *testing.T) {
	f := newAdminFixture(t)
	r := f.do("GET", wire.Path(wire.RouteAdminUserSessions, f.userID), f.adminTok, nil)
	expect(t, r, http.StatusOK)
	var list wire.SessionList
	decode(t, r, &list)
	if len(list.Sessions) != 1 || list.Sessions[0].Current {
		t.Fatalf("user's sessions as the admin sees them: %+v", list)
	}
	sid := list.Sessions[0].ID
	expect(t, f.do("GET", wire.Path(wire.RouteAdminUserSessions, f.userID), f.userTok, nil), http.StatusForbidden)
	expect(t, f.do("DELETE", wire.Path(wire.RouteAdminUserSession, f.adminID, sid), f.adminTok, nil), http.StatusNotFound)
	expect(t, f.do("GET", wire.RouteMe, f.userTok, nil), http.StatusOK)
	expect(t, f.do("DELETE", wire.Path(wire.RouteAdminUserSession, f.userID, sid), f.adminTok, nil), http.StatusNoContent)
	expect(t, f.do("GET", wire.RouteMe, f.userTok, nil), http.StatusUnauthorized)
}

// TestAdminActionsAuditSessionEnds: the sessions an admin's lock, reset
// or role change ends are each audited.
func TestAdminActionsAuditSessionEnds(t *testing.T) {
	f := newAdminFixture(t)
	before := auditCount(t, f.testServer, audit.ActionSessionEnd)
	expect(t, f.do("PUT", wire.Path(wire.RouteAdminUserRole, f.userID), f.adminTok, wire.RoleChange{Role: wire.RoleAdmin}), http.StatusOK)
	tok, _ := f.login("alice", adminPassword)
	expect(t, f.do("POST", wire.Path(wire.RouteAdminUserReset, f.userID), f.adminTok, nil), http.StatusOK)
	expect(t, f.do("GET", wire.RouteMe, tok, nil), http.StatusUnauthorized)
	if n := auditCount(t, f.testServer, audit.ActionSessionEnd) - before; n != 2 {
		t.Fatalf("%d session ends audited for a role change and a reset, want 2", n)
	}
}
