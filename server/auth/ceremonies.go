package auth

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/fortfolio/fortfolio/server/store"
)

// ceremony is a begun WebAuthn registration or sign-in, kept in memory
// until its answer (single use, ceremonyTTL).
type ceremony struct {
	kind    string // "register", "login" or "mfa"
	userID  string // "" for a discoverable sign-in
	session webauthn.SessionData
	expires time.Time
}

// maxCeremonies bounds the ceremonies waiting for an answer.
const maxCeremonies = 10000

// ceremonies holds the begun ceremonies by id.
type ceremonies struct {
	mu sync.Mutex
	m  map[string]ceremony
}

// beginCeremony keeps c and returns its id and the options as JSON.
func (s *Service) beginCeremony(c ceremony, options any) (string, []byte, error) {
	raw, err := json.Marshal(options)
	if err != nil {
		return "", nil, fmt.Errorf("auth: passkey options: %w", err)
	}
	now := s.now()
	c.expires = now.Add(ceremonyTTL)
	s.ceremonies.mu.Lock()
	defer s.ceremonies.mu.Unlock()
	if s.ceremonies.m == nil {
		s.ceremonies.m = map[string]ceremony{}
	}
	if len(s.ceremonies.m) >= maxCeremonies {
		for k, v := range s.ceremonies.m {
			if !now.Before(v.expires) {
				delete(s.ceremonies.m, k)
			}
		}
		if len(s.ceremonies.m) >= maxCeremonies {
			return "", nil, ErrBusy
		}
	}
	id := store.NewID()
	s.ceremonies.m[id] = c
	return id, raw, nil
}

// takeCeremony removes and returns the ceremony id of kind for userID.
func (s *Service) takeCeremony(id, kind, userID string) (ceremony, error) {
	s.ceremonies.mu.Lock()
	defer s.ceremonies.mu.Unlock()
	c, ok := s.ceremonies.m[id]
	if !ok || c.kind != kind || c.userID != userID {
		return ceremony{}, ErrPasskeyCeremony
	}
	delete(s.ceremonies.m, id)
	if !s.now().Before(c.expires) {
		return ceremony{}, ErrPasskeyCeremony
	}
	return c, nil
}
