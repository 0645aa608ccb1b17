package alerts

import (
	"context"
	"errors"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Channels reports what each channel can do for the user.
func (s *Service) Channels(ctx context.Context, userID string) (wire.ChannelStatus, error) {
	var st wire.ChannelStatus
	u, err := s.cfg.Store.UserByID(ctx, userID)
	if err != nil {
		return st, err
	}
	st.Email, st.EmailAddress = s.cfg.Mail.Enabled(), u.Email != ""
	if t := s.cfg.Telegram; t != nil {
		st.Telegram, st.TelegramLinkTTL = true, int(LinkCodeTTL.Seconds())
		if name, err := t.Username(ctx); err == nil {
			st.TelegramBot = name
		}
		_, err := s.cfg.Store.TelegramChat(ctx, userID)
		if err != nil && !errors.Is(err, model.ErrNotFound) {
			return st, err
		}
		st.TelegramLinked = err == nil
	}
	if p := s.cfg.Push; p != nil {
		st.Push, st.PushPublicKey = true, p.PublicKey()
		subs, err := s.cfg.Store.PushSubscriptions(ctx, userID)
		if err != nil {
			return st, err
		}
		st.PushDevices = len(subs)
	}
	if d, err := s.DataDate(ctx); err == nil {
		st.DataDate = day(d)
	}
	return st, nil
}

// Subscribe saves a browser's push subscription for the user.
func (s *Service) Subscribe(ctx context.Context, userID string, in wire.PushSubscription) error {
	p := s.cfg.Push
	if p == nil {
		return ErrNotConfigured
	}
	if err := p.CheckSubscription(in); err != nil {
		return err
	}
	err := s.cfg.Store.AddPushSubscription(ctx, store.PushSubscription{UserID: userID, Endpoint: in.Endpoint,
		P256dh: in.Keys.P256dh, Auth: in.Keys.Auth}, s.cfg.Now())
	if err != nil {
		return err
	}
	s.audit(ctx, userID, ActionPushSubscribe, userID, nil)
	return nil
}

// Unsubscribe removes every push subscription of the user.
func (s *Service) Unsubscribe(ctx context.Context, userID string) error {
	n, err := s.cfg.Store.DeletePushSubscriptions(ctx, userID, "")
	if err != nil {
		return err
	}
	if n == 0 {
		return model.ErrNotFound
	}
	s.audit(ctx, userID, ActionPushUnsubscribe, userID, map[string]string{"reason": "user"})
	return nil
}
