package auth

import (
	"context"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
)

// ConfirmPassword checks a signed-in user's current password before a
// sensitive change (such as the notice e-mail address), under the same
// account limit and bcrypt bound as a password change. A wrong password
// is recorded like a failed password change and answers ErrWrongPassword.
func (s *Service) ConfirmPassword(ctx context.Context, ip string, u model.User, password string) error {
	if err := s.checkLimit("acct:" + store.UsernameKey(u.Username)); err != nil {
		return err
	}
	release, err := s.acquire()
	if err != nil {
		return err
	}
	defer release()
	if !s.hasher.Check(u.PasswordHash, password) {
		s.failed(ctx, ip, u.ID, u.Username, "wrong current password")
		return ErrWrongPassword
	}
	return nil
}
