package api_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/fortfolio/fortfolio/server/auth"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/shared/wire"
)

const goodPassword = "correct horse battery"

func TestAuthFlow(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("alice", goodPassword)
	ts.runScenarios(t, []scenario{
		{name: "me", method: "GET", path: "/api/me", token: token, wantStatus: 200, want: []string{`"username":"alice"`, `"role":"user"`}, notWant: []string{"password", "hash"}},
		{name: "me without token", method: "GET", path: "/api/me", wantStatus: 401},
		{name: "duplicate username any case", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "ALICE", Password: goodPassword}, wantStatus: 409},
		{name: "short username", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "al", Password: goodPassword}, wantStatus: 400, want: []string{"3 to 32"}},
		{name: "short password", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "bob", Password: "short"}, wantStatus: 400, want: []string{"at least 8"}},
		{name: "long password", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "bob", Password: strings.Repeat("x", 129)}, wantStatus: 400, want: []string{"at most 128"}},
		{name: "common password", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "bob", Password: "password123"}, wantStatus: 400, want: []string{"too common"}},
		{name: "wrong password", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "alice", Password: "wrong password!"}, wantStatus: 401, want: []string{"Invalid username or password."}},
		{name: "unknown user same message", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "nobody", Password: "wrong password!"}, wantStatus: 401, want: []string{"Invalid username or password."}},
		{name: "privileged field refused", method: "POST", path: "/api/auth/register", body: `{"username":"eve","password":"` + goodPassword + `","role":"admin"}`, wantStatus: 400, want: []string{"Unknown field"}},
		{name: "case-folded privileged field refused", method: "POST", path: "/api/auth/register", body: `{"username":"eve","password":"` + goodPassword + `","ROLE":"admin"}`, wantStatus: 400},
		{name: "case-folded known field refused", method: "POST", path: "/api/auth/register", body: `{"USERNAME":"eve","password":"` + goodPassword + `"}`, wantStatus: 400},
	})
}

func TestLongPasswordNotTruncated(t *testing.T) {
	ts := newTestServer(t)
	long := strings.Repeat("a", 100) + "-tail-one"
	ts.registerAndLogin("longpw", long)
	ts.runScenarios(t, []scenario{
		// Same first 72 bytes, different tail: bcrypt alone would accept it.
		{name: "different tail refused", method: "POST", path: "/api/auth/login",
			body: wire.Credentials{Username: "longpw", Password: strings.Repeat("a", 100) + "-tail-two"}, wantStatus: http.StatusUnauthorized},
		{name: "whole password accepted", method: "POST", path: "/api/auth/login",
			body: wire.Credentials{Username: "longpw", Password: long}, wantStatus: http.StatusOK},
	})
}

func TestLogoutRefreshAndPasswordChangeEndTokens(t *testing.T) {
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("carol", goodPassword)
	second, _ := ts.login("carol", goodPassword)
	var refreshed, fresh string
	ts.runScenarios(t, []scenario{
		{name: "refresh", method: "POST", path: "/api/auth/refresh", token: token, wantStatus: http.StatusOK, after: keepToken(&refreshed)},
		{name: "the refreshed-away token is dead", method: "GET", path: "/api/me", token: token, wantStatus: http.StatusUnauthorized},
		{name: "logout", method: "POST", path: "/api/auth/logout", before: withToken(&refreshed), wantStatus: http.StatusNoContent},
		{name: "no token after logout", method: "GET", path: "/api/me", before: withToken(&refreshed), wantStatus: http.StatusUnauthorized},
		{name: "change password", method: "POST", path: "/api/auth/change-password", token: second,
			body: wire.ChangePassword{CurrentPassword: goodPassword, NewPassword: "another fine password"}, wantStatus: http.StatusOK, after: keepToken(&fresh)},
		{name: "old token dead after the change", method: "GET", path: "/api/me", token: second, wantStatus: http.StatusUnauthorized},
		{name: "the token issued by the change works", method: "GET", path: "/api/me", before: withToken(&fresh), wantStatus: http.StatusOK},
		{name: "old password refused", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "carol", Password: goodPassword}, wantStatus: http.StatusUnauthorized},
	})
}

// forge signs arbitrary claims with a method and key.
func forge(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims, header map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestJWTAttacks(t *testing.T) {
	ts := newTestServer(t)
	valid, id := ts.registerAndLogin("dave", goodPassword)
	now := time.Now()
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": id, "iss": auth.Issuer, "aud": []string{auth.Audience}, "jti": "j" + id,
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "auth_time": now.Unix()}
	}
	with := func(k string, v any) jwt.MapClaims {
		c := base()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	parts := strings.Split(valid, ".")
	noneToken := b64(map[string]string{"alg": "none", "typ": "JWT"}) + "." + parts[1] + "."
	hs256 := func(c jwt.MapClaims) string { return forge(t, jwt.SigningMethodHS256, ts.Secret, c, nil) }
	manual := func(header map[string]any, payload string) string {
		h := b64(header) + "." + payload
		m := hmac.New(sha256.New, ts.Secret)
		m.Write([]byte(h))
		return h + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	cases := map[string]string{
		"alg none":             noneToken,
		"HS512 same key":       forge(t, jwt.SigningMethodHS512, ts.Secret, base(), nil),
		"RS256":                forge(t, jwt.SigningMethodRS256, rsaKey, base(), nil),
		"stripped signature":   parts[0] + "." + parts[1] + ".",
		"wrong signature":      parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString([]byte("not the signature at all........")),
		"other secret":         forge(t, jwt.SigningMethodHS256, []byte(strings.Repeat("z", 32)), base(), nil),
		"expired":              hs256(with("exp", now.Add(-time.Minute).Unix())),
		"nbf in future":        hs256(with("nbf", now.Add(time.Hour).Unix())),
		"iat in future":        hs256(with("iat", now.Add(time.Hour).Unix())),
		"missing exp":          hs256(with("exp", nil)),
		"exp as string":        manual(map[string]any{"alg": "HS256", "typ": "JWT"}, b64(with("exp", "9999999999"))),
		"wrong issuer":         hs256(with("iss", "someone-else")),
		"wrong audience":       hs256(with("aud", []string{"other"})),
		"missing jti":          hs256(with("jti", nil)),
		"unknown subject":      hs256(with("sub", "nosuchuser")),
		"kid header":           forge(t, jwt.SigningMethodHS256, ts.Secret, with("exp", now.Add(-time.Minute).Unix()), map[string]any{"kid": "../../dev/null"}),
		"jku header other key": forge(t, jwt.SigningMethodHS256, []byte(strings.Repeat("q", 32)), base(), map[string]any{"jku": "https://evil.example/jwks.json"}),
		"garbage":              "not.a.jwt",
		"empty parts":          "..",
		"huge":                 strings.Repeat("a", 10000),
	}
	names := slices.Sorted(maps.Keys(cases))
	var table []scenario
	for _, name := range names {
		table = append(table, scenario{name: name, method: "GET", path: "/api/me", token: cases[name], wantStatus: http.StatusUnauthorized})
	}
	// A correctly forged token must pass (the control).
	table = append(table, scenario{name: "valid control", method: "GET", path: "/api/me", token: hs256(base()), wantStatus: http.StatusOK})
	ts.runScenarios(t, table)
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("erin", goodPassword)
	wrong := wire.Credentials{Username: "erin", Password: "wrong password!"}
	right := wire.Credentials{Username: "erin", Password: goodPassword}
	var table []scenario
	for i := range 5 {
		table = append(table, scenario{name: fmt.Sprintf("failure %d", i+1), method: "POST", path: "/api/auth/login", body: wrong, wantStatus: http.StatusUnauthorized})
	}
	table = append(table,
		scenario{name: "locked: 429 saying why, never a bare 401 for the right password", method: "POST", path: "/api/auth/login", body: right,
			wantStatus: http.StatusTooManyRequests, want: []string{"paused", "signed in with before"}, notWant: []string{"token"},
			after: func(t *testing.T, r response) {
				if r.Header.Get("Retry-After") == "" {
					t.Error("429 without Retry-After")
				}
				u, err := ts.Platform.Store.UserByUsername(t.Context(), "erin")
				if err != nil || !u.LockedUntil.After(time.Now()) || u.LockedUntil.After(time.Now().Add(2*time.Minute)) {
					t.Fatalf("lock until %v, want about one minute from now (err %v)", u.LockedUntil, err)
				}
				if err := ts.Platform.Store.Unlock(t.Context(), u.ID); err != nil {
					t.Fatal(err)
				}
			}},
		scenario{name: "after unlock: in, with the lockout notice", method: "POST", path: "/api/auth/login", body: right,
			wantStatus: http.StatusOK, want: []string{"were paused"}})
	ts.runScenarios(t, table)
}

func TestLockDelayGrowsAndIsCapped(t *testing.T) {
	prev := time.Duration(0)
	for level := 0; level < 10; level++ {
		d := model.LockDelay(level)
		if d < prev || d > 15*time.Minute {
			t.Fatalf("level %d: delay %v (previous %v)", level, d, prev)
		}
		prev = d
	}
	if prev != 15*time.Minute {
		t.Fatalf("delay caps at %v, want 15 minutes", prev)
	}
}

func TestLoginRateLimitBeforeHashing(t *testing.T) {
	rules := ratelimit.DefaultUserRules()
	rules[ratelimit.ClassLogin] = ratelimit.PerMinute(1, 3)
	ts := newTestServer(t, testOptions{rules: rules})
	hasher := ts.Platform.Auth.Hasher()
	limited := 0
	for i := 0; i < 6; i++ {
		before := hasher.BcryptRuns()
		r := ts.do("POST", "/api/auth/login", "", wire.Credentials{Username: "frank", Password: "whatever pass"})
		ran := hasher.BcryptRuns() - before
		switch {
		case r.Status == 429 && ran != 0:
			t.Errorf("attempt %d: limited, yet %d bcrypt run(s): the limit must be checked before hashing", i, ran)
		case r.Status != 429 && ran == 0:
			t.Errorf("attempt %d: status %d without a bcrypt run: the counter sees no hashing", i, r.Status)
		}
		if r.Status == 429 {
			limited++
			if r.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited < 3 {
		t.Fatalf("%d of 6 attempts limited, want at least 3", limited)
	}
	if err := ts.Platform.Refusals.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, got := rateLimitSummaries(t, ts); got != limited {
		t.Errorf("%d refused attempts in the audit summaries, want %d: every attempt is audited", got, limited)
	}
}

func TestPasswordNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	ts := newTestServer(t)
	canary := "Canary-Pa55word-7f3c9"
	var token string
	ts.runScenarios(t, []scenario{
		{name: "register", method: "POST", path: "/api/auth/register", body: wire.Credentials{Username: "gina", Password: canary},
			wantStatus: http.StatusCreated, notWant: []string{canary}},
		{name: "wrong password", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "gina", Password: canary + "x"},
			wantStatus: http.StatusUnauthorized, notWant: []string{canary}},
		{name: "login", method: "POST", path: "/api/auth/login", body: wire.Credentials{Username: "gina", Password: canary},
			wantStatus: http.StatusOK, notWant: []string{canary}, after: keepToken(&token)},
		{name: "me", method: "GET", path: "/api/me", before: withToken(&token), wantStatus: http.StatusOK, notWant: []string{canary}},
	})
	if strings.Contains(logs.String(), canary) {
		t.Error("the logs contain the password")
	}
	if !strings.Contains(logs.String(), "/api/auth/login") {
		t.Error("the log capture saw no requests; the check above proves nothing")
	}
	_ = filepath.WalkDir(ts.DataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), canary) {
			t.Errorf("%s contains the password", path)
		}
		return nil
	})
}
