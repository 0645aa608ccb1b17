package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Passkeys (WebAuthn, github.com/go-webauthn/webauthn): registered on the
// account page, used as a first factor (a discoverable credential with
// user verification) or as the second factor after the password.

// Errors of passkey ceremonies. Their messages are public.
var (
	ErrPasskeysOff     = errors.New("Passkeys are not available on this server address. Open it by its name (for example localhost) instead of an IP address.")
	ErrPasskeyFailed   = errors.New("The passkey was not accepted. Try again or use another way to sign in.")
	ErrPasskeyCeremony = errors.New("This passkey request has expired. Start again.")
	ErrPasskeyLimit    = errors.New("You have the most passkeys an account can have (20). Delete one first.")
	errPasskeyNotAdded = errors.New("The passkey could not be registered. Try again.")
)

// ceremonyTTL is how long a begun registration or sign-in stays valid.
const ceremonyTTL = 5 * time.Minute

// passkeyUser adapts an account to webauthn.User. The user handle is the
// account id (random, no personal data).
type passkeyUser struct {
	u     model.User
	keys  []store.Passkey
	creds []webauthn.Credential
}

func (p *passkeyUser) WebAuthnID() []byte                         { return []byte(p.u.ID) }
func (p *passkeyUser) WebAuthnName() string                       { return p.u.Username }
func (p *passkeyUser) WebAuthnDisplayName() string                { return p.u.Username }
func (p *passkeyUser) WebAuthnCredentials() []webauthn.Credential { return p.creds }

// loadPasskeyUser reads an account with its credentials.
func (s *Service) loadPasskeyUser(ctx context.Context, u model.User) (*passkeyUser, error) {
	keys, err := s.store.ListPasskeys(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	pu := &passkeyUser{u: u, keys: keys}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Credential, &c); err != nil {
			return nil, fmt.Errorf("auth: passkey record: %w", err)
		}
		pu.creds = append(pu.creds, c)
	}
	return pu, nil
}

// keyOf returns the stored passkey of a credential.
func (p *passkeyUser) keyOf(c *webauthn.Credential) (store.Passkey, bool) {
	for i, have := range p.creds {
		if bytes.Equal(have.ID, c.ID) {
			return p.keys[i], true
		}
	}
	return store.Passkey{}, false
}

// PasskeysAvailable reports whether the server's host can be a WebAuthn
// relying party.
func (s *Service) PasskeysAvailable() bool { return s.webauthn != nil }

// PasskeyRPID is the relying party ID ("" when passkeys are off).
func (s *Service) PasskeyRPID() string {
	if s.webauthn == nil {
		return ""
	}
	return s.webauthn.Config.RPID
}

// BeginPasskeyRegistration starts registering a passkey for u.
func (s *Service) BeginPasskeyRegistration(ctx context.Context, u model.User) (string, []byte, error) {
	if s.webauthn == nil {
		return "", nil, ErrPasskeysOff
	}
	pu, err := s.loadPasskeyUser(ctx, u)
	if err != nil {
		return "", nil, err
	}
	if len(pu.keys) >= store.MaxPasskeys {
		return "", nil, ErrPasskeyLimit
	}
	creation, session, err := s.webauthn.BeginRegistration(pu,
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification: protocol.VerificationPreferred}),
		webauthn.WithExclusions(webauthn.Credentials(pu.creds).CredentialDescriptors()))
	if err != nil {
		return "", nil, fmt.Errorf("auth: begin passkey registration: %w", err)
	}
	return s.beginCeremony(ceremony{kind: "register", userID: u.ID, session: *session}, creation)
}

// FinishPasskeyRegistration checks the browser's answer and stores the
// passkey under name.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, ip string, u model.User, id, name string, answer []byte) (store.Passkey, error) {
	name, err := validate.Text("Name", name, 1, 64, false)
	if err != nil {
		return store.Passkey{}, &InputError{err}
	}
	c, err := s.takeCeremony(id, "register", u.ID)
	if err != nil {
		return store.Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(answer)
	if err != nil {
		return store.Passkey{}, &InputError{errPasskeyNotAdded}
	}
	pu, err := s.loadPasskeyUser(ctx, u)
	if err != nil {
		return store.Passkey{}, err
	}
	cred, err := s.webauthn.CreateCredential(pu, c.session, parsed)
	if err != nil {
		return store.Passkey{}, &InputError{errPasskeyNotAdded}
	}
	rec, err := json.Marshal(cred)
	if err != nil {
		return store.Passkey{}, fmt.Errorf("auth: passkey record: %w", err)
	}
	pk, err := s.store.AddPasskey(ctx, store.Passkey{UserID: u.ID, Name: name, Credential: rec, CreatedAt: s.now()})
	if errors.Is(err, store.ErrPasskeyLimit) {
		return store.Passkey{}, ErrPasskeyLimit
	}
	if err != nil {
		return store.Passkey{}, err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, audit.ActionPasskeyAdd, map[string]string{"passkey": pk.ID, "name": name})
	_ = s.notify.Notify(ctx, u.ID, "passkey_added", "A passkey named \""+name+"\" was added to your account.", s.now())
	return pk, nil
}

// RenamePasskey renames one of u's passkeys.
func (s *Service) RenamePasskey(ctx context.Context, ip string, u model.User, id, name string) error {
	name, err := validate.Text("Name", name, 1, 64, false)
	if err != nil {
		return &InputError{err}
	}
	if err := s.store.RenamePasskey(ctx, u.ID, id, name); err != nil {
		return err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, audit.ActionPasskeyRename, map[string]string{"passkey": id, "name": name})
	return nil
}

// DeletePasskey removes one of u's passkeys.
func (s *Service) DeletePasskey(ctx context.Context, ip string, u model.User, id string) error {
	if err := s.store.DeletePasskey(ctx, u.ID, id); err != nil {
		return err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, audit.ActionPasskeyDelete, map[string]string{"passkey": id})
	_ = s.notify.Notify(ctx, u.ID, "passkey_deleted", "A passkey was removed from your account.", s.now())
	return nil
}

// Passkeys lists u's passkeys.
func (s *Service) Passkeys(ctx context.Context, userID string) ([]store.Passkey, error) {
	return s.store.ListPasskeys(ctx, userID)
}

// BeginPasskeyLogin starts a sign-in with a discoverable passkey (no
// username: the authenticator offers the account's passkey).
func (s *Service) BeginPasskeyLogin(ip string) (string, []byte, error) {
	if s.webauthn == nil {
		return "", nil, ErrPasskeysOff
	}
	if err := s.admitIP(&loginCtx{Attempt: Attempt{IP: ip}}); err != nil {
		return "", nil, err
	}
	assertion, session, err := s.webauthn.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return "", nil, fmt.Errorf("auth: begin passkey login: %w", err)
	}
	return s.beginCeremony(ceremony{kind: "login", session: *session}, assertion)
}

// FinishPasskeyLogin checks a passkey assertion and starts a session: the
// passkey (with user verification) is the whole login.
func (s *Service) FinishPasskeyLogin(ctx context.Context, a Attempt, id string, answer []byte) (LoginResult, error) {
	ctx = context.WithoutCancel(ctx)
	c, err := s.takeCeremony(id, "login", "")
	if err != nil {
		return LoginResult{}, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(answer)
	if err != nil {
		return LoginResult{}, ErrPasskeyFailed
	}
	var pu *passkeyUser
	handler := func(_, userHandle []byte) (webauthn.User, error) {
		u, err := s.store.UserByID(ctx, string(userHandle))
		if err != nil {
			return nil, err
		}
		pu, err = s.loadPasskeyUser(ctx, u)
		return pu, err
	}
	_, cred, err := s.webauthn.ValidatePasskeyLogin(handler, c.session, parsed)
	if err != nil || pu == nil {
		s.failed(ctx, a.IP, "", "", "passkey not accepted")
		return LoginResult{}, ErrPasskeyFailed
	}
	if err := s.passkeyUsed(ctx, pu, cred); err != nil {
		return LoginResult{}, err
	}
	if pu.u.AdminLocked {
		s.failed(ctx, a.IP, pu.u.ID, pu.u.Username, "locked by an administrator")
		return LoginResult{}, ErrAdminLocked
	}
	a.Username = pu.u.Username
	lc := &loginCtx{Attempt: a, now: s.now()}
	if err := s.identify(ctx, lc); err != nil {
		return LoginResult{}, err
	}
	return s.succeed(ctx, lc)
}

// passkeyUsed stores the credential's updated counter and last use.
func (s *Service) passkeyUsed(ctx context.Context, pu *passkeyUser, cred *webauthn.Credential) error {
	pk, ok := pu.keyOf(cred)
	if !ok {
		return ErrPasskeyFailed
	}
	rec, err := json.Marshal(cred)
	if err != nil {
		return fmt.Errorf("auth: passkey record: %w", err)
	}
	return s.store.UsedPasskey(ctx, pk.ID, rec, s.now())
}

// BeginMFAPasskey starts the passkey step of a login whose password was
// right (the mfa_token's account's passkeys only).
func (s *Service) BeginMFAPasskey(ctx context.Context, mfaToken string) (string, []byte, error) {
	if s.webauthn == nil {
		return "", nil, ErrPasskeysOff
	}
	userID, err := s.pending.peek(mfaToken, s.now())
	if err != nil {
		return "", nil, err
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	pu, err := s.loadPasskeyUser(ctx, u)
	if err != nil {
		return "", nil, err
	}
	if len(pu.creds) == 0 {
		return "", nil, ErrPasskeyFailed
	}
	assertion, session, err := s.webauthn.BeginLogin(pu)
	if err != nil {
		return "", nil, fmt.Errorf("auth: begin passkey step: %w", err)
	}
	return s.beginCeremony(ceremony{kind: "mfa", userID: u.ID, session: *session}, assertion)
}

// CompleteMFAPasskey checks the passkey step of a pending login.
func (s *Service) CompleteMFAPasskey(ctx context.Context, ip, mfaToken, id string, answer []byte) (LoginResult, error) {
	ctx = context.WithoutCancel(ctx)
	p, err := s.pending.take(mfaToken, s.now())
	if err != nil {
		return LoginResult{}, err
	}
	p.tries++
	u := p.lc.user
	c, err := s.takeCeremony(id, "mfa", u.ID)
	if err != nil {
		s.pending.giveBack(mfaToken, p)
		return LoginResult{}, err
	}
	parsed, perr := protocol.ParseCredentialRequestResponseBytes(answer)
	pu, err := s.loadPasskeyUser(ctx, u)
	if err != nil {
		s.pending.giveBack(mfaToken, p)
		return LoginResult{}, err
	}
	var cred *webauthn.Credential
	if perr == nil {
		cred, err = s.webauthn.ValidateLogin(pu, c.session, parsed)
	}
	if perr != nil || err != nil {
		s.failed(ctx, ip, u.ID, u.Username, "passkey not accepted (second factor)")
		s.pending.giveBack(mfaToken, p)
		return LoginResult{}, ErrPasskeyFailed
	}
	if err := s.passkeyUsed(ctx, pu, cred); err != nil {
		return LoginResult{}, err
	}
	return s.finishPending(ctx, p)
}
