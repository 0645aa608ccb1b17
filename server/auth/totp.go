package auth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/store"
)

// TOTP policy (RFC 6238): SHA-1, 6 digits, 30-second steps, one step of
// clock skew either way; a step once used is never accepted again.
const (
	totpPeriod      = 30
	totpDigits      = otp.DigitsSix
	totpSkew        = 1
	totpIssuer      = "Fortfolio"
	recoveryCount   = 10
	recoveryLen     = 10 // base32 characters, shown as two groups of five
	totpSecretBytes = 20
)

// TOTPSetupLifetime is how long an unconfirmed authenticator key lives:
// a set-up not confirmed within 15 minutes of its start is refused
// (ErrSetupExpired) and its key discarded, so a set-up left without
// Cancel (the tab closed) leaves no key behind for long. A confirmed
// authenticator never expires.
const TOTPSetupLifetime = 15 * time.Minute

// Errors of second-factor checks. Their messages are public.
var (
	ErrWrongCode      = errors.New("The code is not correct. Check the time on your device and enter the current code.")
	ErrMalformedCode  = errors.New("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")
	ErrNotEnrolled    = errors.New("Start the authenticator set-up first.")
	ErrAlreadyEnabled = errors.New("The authenticator app is already on. Turn it off first to enrol a new one.")
	ErrNoSetup        = errors.New("No authenticator set-up is pending.")
	ErrSetupExpired   = fmt.Errorf("This set-up has expired: a set-up must be confirmed within %d minutes. "+
		"Start the set-up again and scan the new QR code (remove the old entry from your authenticator app).", int(TOTPSetupLifetime.Minutes()))
)

// TOTPSetup is a pending enrolment: shown to the user once, before the
// confirming code.
type TOTPSetup struct {
	Secret, URL string
	// QRCode is a PNG data: URL made here (no remote service).
	QRCode string
}

// seal encrypts a TOTP secret with AES-256-GCM under a key derived from
// the pepper, bound to the account id.
func (s *Service) seal(userID string, secret []byte) ([]byte, error) {
	gcm, err := s.totpAEAD()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	_, _ = rand.Read(nonce)
	return gcm.Seal(nonce, nonce, secret, []byte(userID)), nil
}

func (s *Service) unseal(userID string, sealed []byte) (string, error) {
	gcm, err := s.totpAEAD()
	if err != nil {
		return "", err
	}
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("auth: sealed totp secret too short")
	}
	out, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], []byte(userID))
	if err != nil {
		return "", fmt.Errorf("auth: open totp secret: %w", err)
	}
	return string(out), nil
}

func (s *Service) totpAEAD() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.hasher.derivedKey("totp seal v1"))
	if err != nil {
		return nil, fmt.Errorf("auth: totp cipher: %w", err)
	}
	return cipher.NewGCM(block)
}

// StartTOTP begins an enrolment after checking the current password.
func (s *Service) StartTOTP(ctx context.Context, ip string, u model.User, password string) (TOTPSetup, error) {
	if err := s.ConfirmPassword(ctx, ip, u, password); err != nil {
		return TOTPSetup{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Username, Period: totpPeriod,
		SecretSize: totpSecretBytes, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPSetup{}, fmt.Errorf("auth: totp generate: %w", err)
	}
	sealed, err := s.seal(u.ID, []byte(key.Secret()))
	if err != nil {
		return TOTPSetup{}, err
	}
	if err := s.discardExpiredSetup(ctx, ip, u.ID); err != nil {
		return TOTPSetup{}, err
	}
	if err := s.store.StartTOTP(ctx, u.ID, sealed, s.now()); err != nil {
		return TOTPSetup{}, s.enrolError(err)
	}
	qr, err := qrDataURL(key)
	if err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: key.Secret(), URL: key.URL(), QRCode: qr}, nil
}

func (s *Service) enrolError(err error) error {
	if errors.Is(err, store.ErrAlreadyEnrolled) {
		return ErrAlreadyEnabled
	}
	return err
}

// qrDataURL renders the otpauth URL as a PNG QR code in a data: URL (the
// CSP's img-src allows data:).
func qrDataURL(key *otp.Key) (string, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return "", fmt.Errorf("auth: totp qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("auth: totp qr: %w", err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// ConfirmTOTP turns the pending enrolment on when code matches and returns
// the recovery codes (shown once; only their keyed hashes are stored). A
// set-up older than TOTPSetupLifetime is refused with ErrSetupExpired,
// whatever the code, and its key discarded (audited); nothing else
// changes.
func (s *Service) ConfirmTOTP(ctx context.Context, ip string, u model.User, code string) ([]string, error) {
	if err := s.mfaLimit(u.ID); err != nil {
		return nil, err
	}
	code, ok := normalTOTP(code)
	if !ok {
		return nil, &InputError{ErrMalformedCode}
	}
	t, err := s.store.TOTPOf(ctx, u.ID)
	if errors.Is(err, model.ErrNotFound) || (err == nil && t.Confirmed) {
		return nil, ErrNotEnrolled
	}
	if err != nil {
		return nil, err
	}
	if s.setupExpired(t) {
		if err := s.discardExpiredSetup(ctx, ip, u.ID); err != nil {
			return nil, err
		}
		return nil, ErrSetupExpired
	}
	step, ok, err := s.matchTOTP(u.ID, t, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrWrongCode
	}
	codes, hashes := s.newRecoveryCodes(u.ID)
	err = s.store.ConfirmTOTP(ctx, u.ID, t.Started, step, hashes)
	if errors.Is(err, model.ErrNotFound) {
		return nil, ErrNotEnrolled // replaced or discarded since it was read
	}
	if err != nil {
		return nil, err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, "auth.mfa.totp.enable", nil)
	_ = s.notify.Notify(ctx, u.ID, "mfa_enabled", "An authenticator app was set up as a second factor for your account.", s.now())
	return codes, nil
}

// setupExpired reports whether t is an unconfirmed set-up that started
// TOTPSetupLifetime ago or earlier.
func (s *Service) setupExpired(t store.TOTP) bool {
	return !t.Confirmed && !s.now().Before(t.Started.Add(TOTPSetupLifetime))
}

// discardExpiredSetup removes userID's unconfirmed key when its set-up has
// expired, audited as ActionTOTPSetupExpired (no key in the entry); a
// live set-up and a confirmed authenticator are kept.
func (s *Service) discardExpiredSetup(ctx context.Context, ip, userID string) error {
	gone, err := s.store.DeleteExpiredTOTP(ctx, userID, s.now().Add(-TOTPSetupLifetime))
	if err != nil {
		return err
	}
	if gone {
		s.auditMFA(ctx, userID, ip, userID, audit.ActionTOTPSetupExpired, nil)
	}
	return nil
}

// purgeTOTPSetups discards the expired unconfirmed keys of every account
// (set-ups left without Cancel), each audited as ActionTOTPSetupExpired
// by the system; PurgeLoop runs it.
func (s *Service) purgeTOTPSetups(ctx context.Context) {
	users, err := s.store.PurgeExpiredTOTP(ctx, s.now().Add(-TOTPSetupLifetime))
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.record.Event(ctx, model.SecurityEvent{Kind: "server_error", Detail: "purge totp set-ups"})
		}
		return
	}
	for _, id := range users {
		s.auditMFA(ctx, "system", "", id, audit.ActionTOTPSetupExpired, map[string]string{"by": "sweep"})
	}
}

// CancelTOTP discards u's pending authenticator key: a set-up left before
// its confirming code. A confirmed authenticator is never removed here
// (ErrAlreadyEnabled: turning it off needs the password and a code); with
// nothing pending it returns ErrNoSetup. The discard is audited.
func (s *Service) CancelTOTP(ctx context.Context, ip string, u model.User) error {
	err := s.store.DeletePendingTOTP(ctx, u.ID)
	if errors.Is(err, model.ErrNotFound) {
		t, terr := s.store.TOTPOf(ctx, u.ID)
		if terr == nil && t.Confirmed {
			return ErrAlreadyEnabled
		}
		return ErrNoSetup
	}
	if err != nil {
		return err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, audit.ActionTOTPSetupCancel, nil)
	return nil
}

// DisableTOTP turns the authenticator off after the current password and
// a current code (or a recovery code).
func (s *Service) DisableTOTP(ctx context.Context, ip string, u model.User, password, code string) error {
	if err := s.ConfirmPassword(ctx, ip, u, password); err != nil {
		return err
	}
	if err := s.mfaLimit(u.ID); err != nil {
		return err
	}
	ok, err := s.checkSecondCode(ctx, u.ID, code)
	if err != nil {
		return err
	}
	if !ok {
		return ErrWrongCode
	}
	if err := s.store.DeleteTOTP(ctx, u.ID); err != nil {
		return err
	}
	s.auditMFA(ctx, u.ID, ip, u.ID, "auth.mfa.totp.disable", nil)
	_ = s.notify.Notify(ctx, u.ID, "mfa_disabled", "The authenticator app was turned off for your account.", s.now())
	return nil
}

// mfaLimit applies the per-account limit of second-factor codes.
func (s *Service) mfaLimit(userID string) error {
	if ok, wait := s.limits.Allow("mfa:"+userID, ratelimit.ClassMFA); !ok {
		return &RateLimitedError{RetryAfter: wait, Message: "Too many codes tried. Wait a moment and try again."}
	}
	return nil
}

// checkSecondCode checks a TOTP code (never one of a step used before) or
// a recovery code (once only) of a confirmed enrolment. A malformed code
// is an InputError.
func (s *Service) checkSecondCode(ctx context.Context, userID, code string) (bool, error) {
	if c, ok := normalTOTP(code); ok {
		t, err := s.store.TOTPOf(ctx, userID)
		if errors.Is(err, model.ErrNotFound) || (err == nil && !t.Confirmed) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		step, ok, err := s.matchTOTP(userID, t, c)
		if err != nil || !ok {
			return false, err
		}
		return s.store.UseTOTPStep(ctx, userID, step)
	}
	if c, ok := normalRecovery(code); ok {
		return s.store.UseRecoveryCode(ctx, userID, s.recoveryHash(userID, c), s.now())
	}
	return false, &InputError{ErrMalformedCode}
}

// matchTOTP finds the time step (within the skew) whose code is code and
// reports it when it is later than the last step used.
func (s *Service) matchTOTP(userID string, t store.TOTP, code string) (int64, bool, error) {
	secret, err := s.unseal(userID, t.Secret)
	if err != nil {
		return 0, false, err
	}
	now := s.now()
	found, step := false, int64(0)
	for d := -totpSkew; d <= totpSkew; d++ {
		at := now.Add(time.Duration(d*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: totpPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false, fmt.Errorf("auth: totp code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			found, step = true, at.Unix()/totpPeriod
		}
	}
	return step, found && step > t.LastStep, nil
}

// normalTOTP accepts six digits, spaces around or in the middle ignored.
func normalTOTP(code string) (string, bool) {
	c := strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(c) != 6 {
		return "", false
	}
	for _, r := range c {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return c, true
}

// recoveryAlphabet is base32 without padding (RFC 4648).
const recoveryAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// normalRecovery accepts a recovery code in any case, with or without
// the dash and spaces.
func normalRecovery(code string) (string, bool) {
	c := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	if len(c) != recoveryLen {
		return "", false
	}
	for _, r := range c {
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return "", false
		}
	}
	return c, true
}

// newRecoveryCodes returns fresh codes ("ABCDE-FGHIJ", 50 random bits
// each) and their keyed hashes.
func (s *Service) newRecoveryCodes(userID string) (codes, hashes []string) {
	for range recoveryCount {
		b := make([]byte, recoveryLen)
		_, _ = rand.Read(b)
		for i := range b {
			b[i] = recoveryAlphabet[b[i]%32]
		}
		c := string(b)
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, s.recoveryHash(userID, c))
	}
	return codes, hashes
}

// recoveryHash is HMAC-SHA256 of the normalised code under a key derived
// from the pepper, bound to the account: a stolen database alone cannot
// test guesses.
func (s *Service) recoveryHash(userID, code string) string {
	m := hmac.New(sha256.New, s.hasher.derivedKey("recovery codes v1"))
	m.Write([]byte(userID + ":" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// auditMFA records a second-factor change.
func (s *Service) auditMFA(ctx context.Context, actor, ip, target, action string, details map[string]string) {
	s.record.Audit(ctx, audit.Entry{Actor: actor, IP: ip, Action: action, Target: target, Details: details})
}

// MFAState is what GET /api/me/mfa reports of a user's second factors.
type MFAState struct {
	TOTP         bool
	RecoveryLeft int
}

// MFAStatus reports the second factors of userID.
func (s *Service) MFAStatus(ctx context.Context, userID string) (MFAState, error) {
	on, _, err := s.store.SecondFactors(ctx, userID)
	if err != nil {
		return MFAState{}, err
	}
	left, err := s.store.RecoveryCodesLeft(ctx, userID)
	if err != nil {
		return MFAState{}, err
	}
	return MFAState{TOTP: on, RecoveryLeft: left}, nil
}
