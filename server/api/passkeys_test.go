package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestPasskeysHostile: on an IP-only host passkeys are off (409, said
// so in the status); bad ceremonies, names and ids are 4xx; another
// user's passkey is 404 and stays. (Registration and sign-in run in
// Chromium with its virtual authenticator: server/e2e/passkey_test.go.)
func TestPasskeysHostile(t *testing.T) {
	ts := newTestServer(t)
	alice, _ := ts.registerAndLogin("alice-pk", goodPassword)
	_, bobID := ts.registerAndLogin("bob-pk", goodPassword)
	r := ts.do("GET", wire.RouteMeMFA, alice, nil)
	expect(t, r, http.StatusOK)
	if !strings.Contains(r.Body, `"passkeys_available":false`) {
		t.Fatalf("status on an IP-only host: %s", r.Body)
	}
	expect(t, ts.do("POST", wire.RoutePasskeyRegBegin, alice, nil), http.StatusConflict)
	expect(t, ts.do("POST", wire.RoutePasskeyLoginBegin, "", nil), http.StatusConflict)
	for name, body := range map[string]any{
		"unknown ceremony": wire.PasskeyFinish{Ceremony: "nope", Name: "x", Credential: []byte(`{}`)},
		"empty name":       wire.PasskeyFinish{Ceremony: "nope", Name: "", Credential: []byte(`{}`)},
		"long name":        wire.PasskeyFinish{Ceremony: "nope", Name: strings.Repeat("n", 65), Credential: []byte(`{}`)},
		"control chars":    wire.PasskeyFinish{Ceremony: "nope", Name: "a\x00b", Credential: []byte(`{}`)},
		"not json":         `{"ceremony":`,
		"unknown field":    `{"ceremony":"x","user_id":"` + bobID + `"}`,
	} {
		if r := ts.do("POST", wire.RoutePasskeyRegFinish, alice, body); r.Status != http.StatusBadRequest {
			t.Errorf("register finish, %s: %d %s", name, r.Status, r.Body)
		}
	}
	if r := ts.do("POST", wire.RoutePasskeyLogin, "", wire.PasskeyFinish{Ceremony: "nope", Credential: []byte(`{"id":"x"}`)}); r.Status != http.StatusBadRequest {
		t.Errorf("login finish with an unknown ceremony: %d %s", r.Status, r.Body)
	}
	pk, err := ts.Platform.Store.AddPasskey(context.Background(), store.Passkey{UserID: bobID, Name: "Bob's key", Credential: []byte(`{}`), CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, ts.do("PUT", wire.Path(wire.RoutePasskey, pk.ID), alice, wire.PasskeyName{Name: "mine now"}), http.StatusNotFound)
	expect(t, ts.do("DELETE", wire.Path(wire.RoutePasskey, pk.ID), alice, nil), http.StatusNotFound)
	expect(t, ts.do("DELETE", "/api/me/passkeys/..%2Fx", alice, nil), http.StatusBadRequest)
	expect(t, ts.do("PUT", wire.Path(wire.RoutePasskey, pk.ID), alice, wire.PasskeyName{Name: strings.Repeat("n", 65)}), http.StatusBadRequest)
	keys, err := ts.Platform.Store.ListPasskeys(context.Background(), bobID)
	if err != nil || len(keys) != 1 || keys[0].Name != "Bob's key" {
		t.Fatalf("bob's passkeys after alice's attempts: %+v %v", keys, err)
	}
}
