package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// idbRecord reads the remembered record's session id from IndexedDB
// ("" when none).
const idbRecord = `new Promise(done => {
	const open = indexedDB.open("fortfolio", 1);
	open.onupgradeneeded = () => open.result.createObjectStore("device");
	open.onsuccess = () => {
		const get = open.result.transaction("device").objectStore("device").get("remembered");
		get.onsuccess = () => done(get.result ? get.result.session + (get.result.key instanceof CryptoKey && !get.result.key.extractable ? ":key" : ":nokey") : "");
	};
})`

func awaitEval(expr string, out any) chromedp.Action {
	return chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

// TestRememberedBrowser: "keep me signed in" survives a browser restart
// (same profile, new process) and signs the user back in without the
// login form, on the home page as on a signed-in page; the token copied out of that browser cannot be renewed
// elsewhere and the session id cannot be resumed without the device
// key; logout forgets the key.
func TestRememberedBrowser(t *testing.T) {
	s := newSite(t)
	const pw = "keep me here please"
	s.seedAdmin(pw, "boss", "remy")
	var rec string
	s.run(
		s.page("/login?next=/portfolios", "#login-form"),
		chromedp.SendKeys("#username", "remy", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#remember", chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#create-portfolio"),
		pollPage(`true`),
		awaitEval(idbRecord, &rec),
	)
	sid, haveKey, _ := strings.Cut(rec, ":")
	if sid == "" || haveKey != "key" {
		t.Fatalf("remembered record %q", rec)
	}
	s.restartBrowser()
	var home, who, path, stored string
	s.run(
		s.page("/", ".whoami"),
		chromedp.Text(".whoami", &home, chromedp.ByQuery),
		s.page("/portfolios", "#create-portfolio"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(`sessionStorage.getItem("fortfolio.session")`, &stored),
	)
	if home != "remy" || who != "remy" || path != "/portfolios" {
		t.Fatalf("after the restart: %s as %q", path, who)
	}
	var sess struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(stored), &sess); err != nil || sess.Token == "" {
		t.Fatalf("stored session %q", stored)
	}
	// Elsewhere: the copied token cannot be renewed, the session id not
	// resumed with another key.
	if status, body := s.apiCall("POST", wire.RouteRefresh, sess.Token, nil); status != http.StatusUnauthorized {
		t.Fatalf("copied token renewed: %d %s", status, body)
	}
	status, body := s.apiCall("POST", wire.RouteResumeNonce, "", wire.ResumeNonceRequest{Session: sid})
	var n wire.ResumeNonce
	if status != http.StatusOK || json.Unmarshal(body, &n) != nil {
		t.Fatalf("nonce: %d %s", status, body)
	}
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	sum := sha256.Sum256([]byte(wire.ResumeMessage(sid, n.Nonce)))
	r, sg, _ := ecdsa.Sign(rand.Reader, other, sum[:])
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	sg.FillBytes(sig[32:])
	if status, body := s.apiCall("POST", wire.RouteResume, "", wire.ResumeRequest{Session: sid, Nonce: n.Nonce,
		Signature: base64.RawURLEncoding.EncodeToString(sig)}); status != http.StatusUnauthorized {
		t.Fatalf("resume with another key: %d %s", status, body)
	}
	// Logout forgets the key: the next visit shows the login form.
	s.run(
		chromedp.Click("#logout", chromedp.ByQuery),
		chromedp.WaitNotPresent("#logout", chromedp.ByQuery),
		awaitEval(idbRecord, &rec),
		s.page("/portfolios", "#login-form"),
	)
	if rec != "" {
		t.Fatalf("record after logout: %q", rec)
	}
	if _, err := s.Platform.Store.SessionByID(context.Background(), sid, time.Now()); err == nil {
		t.Fatal("the remembered session is still open after logout")
	}
}
