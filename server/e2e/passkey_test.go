package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
)

// virtualAuthenticator gives the browser a platform authenticator with
// resident keys and user verification (the DevTools WebAuthn domain); its
// id goes to *id.
func virtualAuthenticator(id *webauthn.AuthenticatorID) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := webauthn.Enable().Do(ctx); err != nil {
			return err
		}
		got, err := webauthn.AddVirtualAuthenticator(&webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21,
			Transport: webauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
			IsUserVerified: true, AutomaticPresenceSimulation: true,
		}).Do(ctx)
		*id = got
		return err
	})
}

// TestPasskeys: a user registers two passkeys (one per authenticator: an
// authenticator holds one passkey of an account), renames one and deletes
// the other,
// signs out, and signs in with the other alone (a discoverable
// credential, no username); then, with the authenticator app off, the
// passkey also serves as the second step after the password.
func TestPasskeys(t *testing.T) {
	s := newSiteAt(t, true)
	const pw = "keys instead of words"
	s.seedAdmin(pw, "boss", "petra")
	var names []string
	var who, firstStep string
	var old, laptop webauthn.AuthenticatorID
	s.run(
		virtualAuthenticator(&old),
		s.loginTo("/account", "#passkey-add-form", "petra", pw),
		chromedp.SendKeys("#passkey-name", "Old key", chromedp.ByQuery),
		chromedp.Click("#passkey-add", chromedp.ByQuery),
		s.waitFor(`.passkey-row[data-passkey]`),
		chromedp.ActionFunc(func(ctx context.Context) error { return webauthn.RemoveVirtualAuthenticator(old).Do(ctx) }),
		virtualAuthenticator(&laptop),
		chromedp.SendKeys("#passkey-name", "Laptop", chromedp.ByQuery),
		chromedp.Click("#passkey-add", chromedp.ByQuery),
		chromedp.WaitVisible(`.passkey-row:nth-of-type(2)`, chromedp.ByQuery),
		chromedp.Click(`.passkey-row:nth-of-type(2) .passkey-edit`, chromedp.ByQuery),
		s.waitFor(".passkey-rename"),
		chromedp.SendKeys(".passkey-rename", " (work)", chromedp.ByQuery),
		chromedp.Click(".passkey-save", chromedp.ByQuery),
		pollPage(`[...document.querySelectorAll(".passkey-name")].some(n => n.textContent === "Laptop (work)")`),
		chromedp.Click(`.passkey-row:nth-of-type(1) .passkey-delete`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`.passkey-row:nth-of-type(2)`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll(".passkey-name")].map(n => n.textContent)`, &names),
		chromedp.Click("#logout", chromedp.ByQuery),
		chromedp.WaitNotPresent("#logout", chromedp.ByQuery),
		s.page("/login?next=/account", "#passkey-login"),
		chromedp.Click("#passkey-login", chromedp.ByQuery),
		s.waitFor("#passkeys-list"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
	)
	if len(names) != 1 || names[0] != "Laptop (work)" {
		t.Fatalf("passkeys after rename and delete: %q", names)
	}
	if who != "petra" {
		t.Fatalf("passkey sign-in as %q", who)
	}
	// As the second step: the password asks for the passkey.
	s.run(
		chromedp.Click("#logout", chromedp.ByQuery),
		chromedp.WaitNotPresent("#logout", chromedp.ByQuery),
		s.page("/login?next=/account", "#login-form"),
		chromedp.SendKeys("#username", "petra", chromedp.ByQuery),
		chromedp.SendKeys("#password", pw, chromedp.ByQuery),
		chromedp.Click("#login-submit", chromedp.ByQuery),
		s.waitFor("#mfa-passkey"),
		chromedp.Text("#mfa-step p", &firstStep, chromedp.ByQuery),
		chromedp.Click("#mfa-passkey", chromedp.ByQuery),
		s.waitFor("#passkeys-list"),
		chromedp.Text(".whoami", &who, chromedp.ByQuery),
	)
	if who != "petra" {
		t.Fatalf("second step with a passkey as %q (%q)", who, firstStep)
	}
}
