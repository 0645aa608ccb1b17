package api_test

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestSetEmail(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	tok, _ := ts.registerAndLogin("emailer", adminPassword)
	long := strings.Repeat("a", 243) + "@example.com" // 255 bytes
	ts.runScenarios(t, []scenario{
		{name: "no token", method: "PUT", path: "/api/me/email", body: wire.EmailChange{Email: "a@b.c", CurrentPassword: adminPassword}, wantStatus: http.StatusUnauthorized},
		{name: "valid", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: "me@example.com", CurrentPassword: adminPassword},
			wantStatus: http.StatusOK, want: []string{`"email":"me@example.com"`, `"username":"emailer"`}, notWant: []string{"password"}},
		{name: "me shows it", method: "GET", path: "/api/me", token: tok, wantStatus: http.StatusOK, want: []string{`"email":"me@example.com"`}},
		{name: "invalid", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: "not-an-address", CurrentPassword: adminPassword}, wantStatus: http.StatusBadRequest},
		{name: "display name", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: "Me <me@example.com>", CurrentPassword: adminPassword}, wantStatus: http.StatusBadRequest},
		{name: "crlf injection", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: "a@b.c\r\nBcc: x@y.z", CurrentPassword: adminPassword}, wantStatus: http.StatusBadRequest},
		{name: "too long", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: long, CurrentPassword: adminPassword}, wantStatus: http.StatusBadRequest},
		{name: "unknown field", method: "PUT", path: "/api/me/email", token: tok, body: `{"email":"a@b.c","current_password":"` + adminPassword + `","role":"admin"}`, wantStatus: http.StatusBadRequest},
		{name: "two values", method: "PUT", path: "/api/me/email", token: tok, body: `{"email":"a@b.c","current_password":"` + adminPassword + `"}{"email":"d@e.f"}`, wantStatus: http.StatusBadRequest},
		{name: "still the valid one", method: "GET", path: "/api/me", token: tok, wantStatus: http.StatusOK, want: []string{`"email":"me@example.com"`}, notWant: []string{"x@y.z"}},
		{name: "remove", method: "PUT", path: "/api/me/email", token: tok, body: wire.EmailChange{Email: "", CurrentPassword: adminPassword}, wantStatus: http.StatusOK, notWant: []string{`"email"`}},
		{name: "removed", method: "GET", path: "/api/me", token: tok, wantStatus: http.StatusOK, notWant: []string{`"email"`}},
		{name: "status says off", method: "GET", path: "/api/security/status", wantStatus: http.StatusOK, want: []string{`"email_notices":false`}},
	})
}

// smtpSink is a minimal SMTP server on loopback that hands each message's
// envelope recipient and data to a channel.
func smtpSink(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	out := make(chan string, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
				say("220 sink")
				var msg strings.Builder
				inData := false
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					switch {
					case inData && line == ".\r\n":
						inData = false
						out <- msg.String()
						msg.Reset()
						say("250 ok")
					case inData:
						msg.WriteString(line)
					case strings.HasPrefix(line, "DATA"):
						inData = true
						say("354 go")
					case strings.HasPrefix(line, "QUIT"):
						say("221 bye")
						return
					case strings.HasPrefix(line, "RCPT"):
						msg.WriteString(line)
						say("250 ok")
					default:
						say("250 ok")
					}
				}
			}(c)
		}
	}()
	return ln.Addr().String(), out
}

func TestAdminLockSendsEmail(t *testing.T) {
	t.Parallel()
	addr, got := smtpSink(t)
	f := newAdminFixture(t, testOptions{smtp: config.SMTP{Addr: addr, From: "noreply@fortfolio.test"}})
	mail := func(what string, want ...string) func(*testing.T, response) {
		return func(t *testing.T, _ response) {
			select {
			case m := <-got:
				for _, w := range want {
					if !strings.Contains(m, w) {
						t.Fatalf("message %q lacks %q", m, w)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no e-mail for the " + what)
			}
		}
	}
	f.runScenarios(t, []scenario{
		{name: "alice sets her address", method: "PUT", path: "/api/me/email", token: f.userTok,
			body: wire.EmailChange{Email: "alice@example.com", CurrentPassword: adminPassword}, wantStatus: http.StatusOK},
		{name: "status says on", method: "GET", path: "/api/security/status", wantStatus: http.StatusOK, want: []string{`"email_notices":true`}},
		{name: "lock mails alice", method: "POST", path: "/api/admin/users/" + f.userID + "/lock", token: f.adminTok, wantStatus: http.StatusOK,
			after: mail("lock", "RCPT TO:<alice@example.com>", "Subject: Your Fortfolio account was locked", "An administrator locked your account")},
		// Unlock goes through the same notifier.
		{name: "unlock mails alice", method: "POST", path: "/api/admin/users/" + f.userID + "/unlock", token: f.adminTok, wantStatus: http.StatusOK,
			after: mail("unlock", "unlocked")},
	})
}
