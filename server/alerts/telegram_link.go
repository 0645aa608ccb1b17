package alerts

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// LinkTelegram issues a one-time code for the user and the t.me link
// that sends it to the bot.
func (s *Service) LinkTelegram(ctx context.Context, userID string) (wire.TelegramLink, error) {
	t := s.cfg.Telegram
	if t == nil {
		return wire.TelegramLink{}, ErrNotConfigured
	}
	name, err := t.Username(ctx)
	if err != nil {
		return wire.TelegramLink{}, err
	}
	code, err := NewLinkCode()
	if err != nil {
		return wire.TelegramLink{}, err
	}
	exp := s.cfg.Now().Add(LinkCodeTTL)
	if err := s.cfg.Store.AddTelegramCode(ctx, userID, code, exp); err != nil {
		return wire.TelegramLink{}, err
	}
	return wire.TelegramLink{URL: "https://t.me/" + name + "?start=" + code, Code: code, ExpiresAt: exp}, nil
}

// UnlinkTelegram removes the user's chat (model.ErrNotFound when none).
func (s *Service) UnlinkTelegram(ctx context.Context, userID string) error {
	if err := s.cfg.Store.UnlinkTelegram(ctx, userID); err != nil {
		return err
	}
	s.audit(ctx, userID, ActionTelegramUnlink, userID, map[string]string{"reason": "user"})
	return nil
}

// ErrNotConfigured means the channel is not set up on this server.
var ErrNotConfigured = errors.New("alerts: channel not configured")

// PollTelegram long-polls the bot's updates until ctx ends and links the
// chats that send "/start <code>". Long polling needs no public URL and
// no webhook secret; the bot must have no webhook set.
func (s *Service) PollTelegram(ctx context.Context) {
	t := s.cfg.Telegram
	if t == nil {
		return
	}
	var offset int64
	backoff := time.Second
	for ctx.Err() == nil {
		ups, err := t.updates(ctx, offset, 25*time.Second)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.WarnContext(ctx, "alerts: telegram updates failed", slog.Any("error", err))
			s.event(ctx, "telegram_failure", "", err.Error())
			sleep(ctx, backoff)
			backoff = min(2*backoff, 5*time.Minute)
			continue
		}
		backoff = time.Second
		for _, u := range ups {
			offset = max(offset, u.UpdateID+1)
			s.handleUpdate(ctx, u)
		}
	}
}

// HandleUpdates processes one batch of updates (tests and PollTelegram).
func (s *Service) HandleUpdates(ctx context.Context, offset int64) (int64, error) {
	ups, err := s.cfg.Telegram.updates(ctx, offset, 0)
	if err != nil {
		return offset, err
	}
	for _, u := range ups {
		offset = max(offset, u.UpdateID+1)
		s.handleUpdate(ctx, u)
	}
	return offset, nil
}

// handleUpdate links the chat of a "/start <code>" message in a private chat.
func (s *Service) handleUpdate(ctx context.Context, u update) {
	if u.Message == nil {
		return
	}
	code, ok := strings.CutPrefix(strings.TrimSpace(u.Message.Text), "/start ")
	chat := u.Message.Chat.ID
	if !ok || validate.ID(code) != nil {
		return
	}
	if u.Message.Chat.Type != "" && u.Message.Chat.Type != "private" {
		_ = s.cfg.Telegram.Send(ctx, chat, "Fortfolio alerts can only be linked in a private chat with the bot.")
		return
	}
	userID, err := s.cfg.Store.RedeemTelegramCode(ctx, code, chat, s.cfg.Now())
	if errors.Is(err, model.ErrNotFound) {
		_ = s.cfg.Telegram.Send(ctx, chat, "This link code is unknown or expired. Create a new one on the Alerts page of Fortfolio.")
		return
	}
	if err != nil {
		s.log.WarnContext(ctx, "alerts: telegram link failed", slog.Any("error", err))
		return
	}
	s.audit(ctx, userID, ActionTelegramLink, userID, nil)
	_ = s.cfg.Store.NotifyLink(ctx, userID, NoticeKind, "A Telegram chat was linked to your account for alerts.", "/alerts", s.cfg.Now())
	if err := s.cfg.Telegram.Send(ctx, chat, "This chat is now linked to your Fortfolio account. Alerts you route to Telegram will arrive here."); errors.Is(err, ErrBlocked) {
		s.blocked(ctx, userID)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
