package auth

import (
	"context"
	"errors"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/stats"
	"github.com/fortfolio/fortfolio/server/store"
)

// RememberTTL is how long a remembered browser stays signed in without a
// password (each proof of its key counts from the login, never renews it).
const RememberTTL = 30 * 24 * time.Hour

// Client describes the browser a login comes from.
type Client struct {
	IP        string
	UserAgent string
}

// agentName reduces a User-Agent header to "Browser on System".
func agentName(ua string) string {
	a := stats.ParseUserAgent(ua)
	return a.Browser + " on " + a.OS
}

// newSession is what starting a session needs.
type newSession struct {
	user      model.User
	client    Client
	device    string // login-protection device id
	deviceKey []byte // SPKI of a remembered browser's key (nil: not remembered)
	now       time.Time
}

// startSession records a session, audits its start and issues its first
// token.
func (s *Service) startSession(ctx context.Context, n newSession) (store.Session, string, time.Time, error) {
	exp := n.now.Add(SessionCap)
	if len(n.deviceKey) > 0 {
		exp = n.now.Add(RememberTTL)
	}
	se, err := s.store.CreateSession(ctx, store.Session{UserID: n.user.ID, CreatedAt: n.now, LastSeenAt: n.now, ExpiresAt: exp,
		IP: n.client.IP, Agent: agentName(n.client.UserAgent), Device: n.device, DeviceKey: n.deviceKey})
	if err != nil {
		return store.Session{}, "", time.Time{}, err
	}
	tok, texp, err := s.tokens.IssueSession(n.user.ID, se.ID, n.now)
	if err != nil {
		return store.Session{}, "", time.Time{}, err
	}
	s.record.Audit(ctx, audit.Entry{Actor: n.user.ID, IP: n.client.IP, Action: audit.ActionSessionStart, Target: se.ID,
		Details: map[string]string{"user": n.user.ID, "agent": se.Agent, "remembered": boolText(se.Remembered())}})
	return se, tok, texp, nil
}

func boolText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Sessions lists the open sessions of a user.
func (s *Service) Sessions(ctx context.Context, userID string) ([]store.Session, error) {
	return s.store.ListSessions(ctx, userID, s.now())
}

// EndSession ends one session of userID on behalf of actorID (the user
// or an administrator); its tokens die at once. Another user's session id
// is model.ErrNotFound.
func (s *Service) EndSession(ctx context.Context, actorID, ip, userID, sid, reason string) error {
	if err := s.store.EndSession(ctx, userID, sid, reason, s.now()); err != nil {
		return err
	}
	s.auditEnd(ctx, actorID, ip, userID, sid, reason)
	return nil
}

// LogoutAll ends every session of userID but keep and returns how many.
func (s *Service) LogoutAll(ctx context.Context, actorID, ip, userID, keep, reason string) (int, error) {
	ids, err := s.store.EndUserSessions(ctx, userID, keep, reason, s.now())
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		s.auditEnd(ctx, actorID, ip, userID, id, reason)
	}
	return len(ids), nil
}

// AuditSessionEnd records the end of a session another change ended
// (a role change ends every session with the tokens).
func (s *Service) AuditSessionEnd(ctx context.Context, actorID, ip, userID, sid, reason string) {
	s.auditEnd(ctx, actorID, ip, userID, sid, reason)
}

func (s *Service) auditEnd(ctx context.Context, actorID, ip, userID, sid, reason string) {
	s.record.Audit(ctx, audit.Entry{Actor: actorID, IP: ip, Action: audit.ActionSessionEnd, Target: sid,
		Details: map[string]string{"user": userID, "reason": reason}})
}

// sessionOpen checks the session of a token (from memory when it can).
// A token without a session id comes from before sessions existed: it is
// accepted until its expiry (at most TokenTTL) but never refreshed.
func (s *Service) sessionOpen(ctx context.Context, c *Claims, ip string) error {
	if c.SessionID == "" {
		return nil
	}
	open, err := s.store.SessionOpen(ctx, c.Subject, c.SessionID, ip, s.now())
	if err != nil {
		return err
	}
	if !open {
		return ErrInvalidToken
	}
	return nil
}

// PurgeSessionsBefore is how long ended sessions are kept for the list
// of the admin panel's audit (the audit log keeps them for good).
const purgeEndedAfter = 7 * 24 * time.Hour

func (s *Service) purgeSessions(ctx context.Context) {
	if err := s.store.PurgeSessions(ctx, s.now().Add(-purgeEndedAfter)); err != nil && !errors.Is(err, context.Canceled) {
		s.record.Event(ctx, model.SecurityEvent{Kind: "server_error", Detail: "purge sessions"})
	}
}
