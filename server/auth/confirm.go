package auth

import (
	"context"

	"github.com/fortfolio/fortfolio/server/model"
)

// ConfirmPassword checks a signed-in user's current password before a
// sensitive change (a new password, the notice e-mail address) under the
// bcrypt bound. Its limit is keyed by the signed-in account, so login
// attempts by others on the account name cannot refuse its owner's change.
// A wrong password is recorded as a failure and answers ErrWrongPassword.
func (s *Service) ConfirmPassword(ctx context.Context, ip string, u model.User, password string) error {
	if err := s.checkLimit("pw:" + u.ID); err != nil {
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
