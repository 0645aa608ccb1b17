package api_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// browserKey is what WebCrypto makes for a remembered browser.
type browserKey struct {
	priv *ecdsa.PrivateKey
}

func newBrowserKey(t *testing.T) browserKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return browserKey{k}
}

// spki is the exported public key as the client sends it.
func (k browserKey) spki(t *testing.T) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&k.priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(der)
}

// sign is WebCrypto's ECDSA P-256 SHA-256 signature (r||s, base64url).
func (k browserKey) sign(t *testing.T, msg string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(msg))
	r, s, err := ecdsa.Sign(rand.Reader, k.priv, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	raw := make([]byte, 64)
	r.FillBytes(raw[:32])
	s.FillBytes(raw[32:])
	return base64.RawURLEncoding.EncodeToString(raw)
}

// resume asks for a nonce and answers it with key's signature.
func resume(t *testing.T, ts *testServer, key browserKey, session string) response {
	t.Helper()
	r := ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: session})
	if r.Status != http.StatusOK {
		return r
	}
	var n wire.ResumeNonce
	decode(t, r, &n)
	return ts.do("POST", wire.RouteResume, "", wire.ResumeRequest{Session: session, Nonce: n.Nonce,
		Signature: key.sign(t, wire.ResumeMessage(session, n.Nonce))})
}

func rememberedLogin(t *testing.T, ts *testServer, name string, key browserKey) wire.LoginResponse {
	t.Helper()
	r := ts.do("POST", wire.RouteLogin, "", wire.LoginRequest{Username: name, Password: goodPassword, DeviceKey: key.spki(t)})
	expect(t, r, http.StatusOK)
	var lr wire.LoginResponse
	decode(t, r, &lr)
	return lr
}

// TestRememberedDevice: a remembered session resumes with its key's
// signature over a fresh nonce; its tokens are never renewed without it;
// a copied session id with another key, a replayed nonce, a nonce of
// another session and an ended session are all refused.
func TestRememberedDevice(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("keeper", goodPassword)
	key := newBrowserKey(t)
	lr := rememberedLogin(t, ts, "keeper", key)
	if list := sessionsOf(t, ts, lr.Token.Token); len(list) != 2 || !list[0].Remembered && !list[1].Remembered {
		t.Fatalf("sessions %+v", list)
	}
	r := ts.do("POST", wire.RouteRefresh, lr.Token.Token, nil)
	if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "proof_required") {
		t.Fatalf("plain refresh of a remembered session: %d %s", r.Status, r.Body)
	}
	r = resume(t, ts, key, lr.Session)
	expect(t, r, http.StatusOK)
	var again wire.LoginResponse
	decode(t, r, &again)
	if again.Session != lr.Session || again.Token.Token == "" {
		t.Fatalf("resume answered %s", r.Body)
	}
	expect(t, ts.do("GET", wire.RouteMe, again.Token.Token, nil), http.StatusOK)
	// Elsewhere: the session id without the key.
	expect(t, resume(t, ts, newBrowserKey(t), lr.Session), http.StatusUnauthorized)
	// A nonce is single-use and bound to its session.
	r = ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: lr.Session})
	var n wire.ResumeNonce
	decode(t, r, &n)
	req := wire.ResumeRequest{Session: lr.Session, Nonce: n.Nonce, Signature: key.sign(t, wire.ResumeMessage(lr.Session, n.Nonce))}
	expect(t, ts.do("POST", wire.RouteResume, "", req), http.StatusOK)
	expect(t, ts.do("POST", wire.RouteResume, "", req), http.StatusUnauthorized)
	// A session that is not remembered cannot be resumed.
	plain, _ := ts.login("keeper", goodPassword)
	plainSID := ""
	for _, s := range sessionsOf(t, ts, plain) {
		if s.Current {
			plainSID = s.ID
		}
	}
	expect(t, ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: plainSID}), http.StatusUnauthorized)
	// Ended from another session: the key is useless from then on.
	expect(t, ts.do("DELETE", wire.Path(wire.RouteSession, lr.Session), plain, nil), http.StatusNoContent)
	expect(t, resume(t, ts, key, lr.Session), http.StatusUnauthorized)
	expect(t, ts.do("GET", wire.RouteMe, again.Token.Token, nil), http.StatusUnauthorized)
}

// TestRememberedHostile: malformed keys, signatures and ids.
func TestRememberedHostile(t *testing.T) {
	ts := newTestServer(t)
	ts.registerAndLogin("keeper2", goodPassword)
	rsaLike := base64.RawURLEncoding.EncodeToString([]byte("not a key at all"))
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	der384, _ := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	for name, k := range map[string]string{
		"garbage":   rsaLike,
		"not b64":   "***",
		"too long":  strings.Repeat("A", 300),
		"P-384 key": base64.RawURLEncoding.EncodeToString(der384),
	} {
		r := ts.do("POST", wire.RouteLogin, "", wire.LoginRequest{Username: "keeper2", Password: goodPassword, DeviceKey: k})
		if r.Status != http.StatusBadRequest {
			t.Errorf("device key %s: %d %s", name, r.Status, r.Body)
		}
	}
	key := newBrowserKey(t)
	lr := rememberedLogin(t, ts, "keeper2", key)
	r := ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: lr.Session})
	var n wire.ResumeNonce
	decode(t, r, &n)
	good := key.sign(t, wire.ResumeMessage(lr.Session, n.Nonce))
	for name, sig := range map[string]string{
		"empty":        "",
		"short":        good[:40],
		"flipped":      strings.ToUpper(good[:1]) + good[1:] + "",
		"other msg":    key.sign(t, wire.ResumeMessage(lr.Session, "other")),
		"not base64":   strings.Repeat("*", 86),
		"zero r and s": base64.RawURLEncoding.EncodeToString(make([]byte, 64)),
	} {
		if sig == good {
			continue
		}
		// Each try uses up the nonce: a fresh one per case.
		r := ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: lr.Session})
		decode(t, r, &n)
		if name == "other msg" || name == "flipped" {
			sig = key.sign(t, wire.ResumeMessage(lr.Session, n.Nonce+"x"))
		}
		r = ts.do("POST", wire.RouteResume, "", wire.ResumeRequest{Session: lr.Session, Nonce: n.Nonce, Signature: sig})
		if r.Status != http.StatusUnauthorized {
			t.Errorf("signature %s: %d %s", name, r.Status, r.Body)
		}
	}
	for _, sid := range []string{"", "../x", strings.Repeat("a", 65), "unknown-session"} {
		if r := ts.do("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: sid}); r.Status != http.StatusUnauthorized {
			t.Errorf("nonce for %q: %d %s", sid, r.Status, r.Body)
		}
	}
	expect(t, resume(t, ts, key, lr.Session), http.StatusOK)
}
