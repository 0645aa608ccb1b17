package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/mailer"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Audit actions of the alert channels.
const (
	ActionSend            = "alert.send"
	ActionSendFailure     = "alert.send.failure"
	ActionSendLimited     = "alert.send.limited"
	ActionTelegramLink    = "alert.telegram.link"
	ActionTelegramUnlink  = "alert.telegram.unlink"
	ActionPushSubscribe   = "alert.push.subscribe"
	ActionPushUnsubscribe = "alert.push.unsubscribe"
)

// NoticeKind is the in-app notification kind of alerts.
const NoticeKind = "alert"

// ErrTestLimited means the user sent too many test messages.
var ErrTestLimited = errors.New("alerts: too many test messages")

// message is one alert to deliver: the facts, never a secret.
type message struct {
	Rule wire.AlertRule
	Text string
	Link string
	At   time.Time
	Test bool
}

// title is the first line of every channel's message.
func (m message) title() string {
	if m.Test {
		return "Fortfolio test: " + m.Rule.Name
	}
	return "Fortfolio alert: " + m.Rule.Name
}

// body is the plain text of the message: rule, facts, date and link
// (base + the app path; base is empty for the inbox).
func (m message) body(base string) string {
	var b strings.Builder
	b.WriteString(m.Text)
	fmt.Fprintf(&b, "\nRule: %s (%s). Data date: %s.", m.Rule.Name, m.Rule.Kind, day(m.At))
	if m.Link != "" {
		b.WriteString("\nOpen: " + base + m.Link)
	}
	return b.String()
}

// deliver sends m to the in-app inbox and to the rule's other channels
// (within the send limits) and audits each attempt.
func (s *Service) deliver(ctx context.Context, userID string, rule model.AlertRule, m message) wire.AlertTest {
	res := wire.AlertTest{Sent: []string{}, Skipped: map[string]string{}}
	if err := s.cfg.Store.NotifyLink(ctx, userID, NoticeKind, m.title()+": "+m.body(""), m.Link, s.cfg.Now()); err != nil {
		s.failed(ctx, userID, rule.ID, wire.ChannelInApp, err)
		res.Skipped[wire.ChannelInApp] = "failed"
	} else {
		s.sent(ctx, userID, rule.ID, wire.ChannelInApp)
		res.Sent = append(res.Sent, wire.ChannelInApp)
	}
	external := false
	for _, ch := range rule.Channels {
		external = external || ch != wire.ChannelInApp
	}
	if !external {
		return res
	}
	if !s.limits.allowSend(userID) {
		s.audit(ctx, "system", ActionSendLimited, rule.ID, map[string]string{"user": userID})
		for _, ch := range rule.Channels {
			if ch != wire.ChannelInApp {
				res.Skipped[ch] = "send limit reached"
			}
		}
		return res
	}
	for _, ch := range rule.Channels {
		if ch == wire.ChannelInApp {
			continue
		}
		reason, err := s.sendChannel(ctx, userID, ch, m)
		switch {
		case err != nil:
			s.failed(ctx, userID, rule.ID, ch, err)
			res.Skipped[ch] = "failed"
		case reason != "":
			res.Skipped[ch] = reason
		default:
			s.sent(ctx, userID, rule.ID, ch)
			res.Sent = append(res.Sent, ch)
		}
	}
	return res
}

// sendChannel sends m on one external channel. A non-empty reason says
// why the channel was skipped (not configured, not linked).
func (s *Service) sendChannel(ctx context.Context, userID, ch string, m message) (string, error) {
	switch ch {
	case wire.ChannelEmail:
		return s.sendEmail(ctx, userID, m)
	case wire.ChannelTelegram:
		return s.sendTelegram(ctx, userID, m)
	case wire.ChannelPush:
		return s.sendPush(ctx, userID, m)
	}
	return "unknown channel", nil
}

func (s *Service) sendEmail(ctx context.Context, userID string, m message) (string, error) {
	if !s.cfg.Mail.Enabled() {
		return "e-mail is not configured on this server", nil
	}
	u, err := s.cfg.Store.UserByID(ctx, userID)
	if err != nil {
		return "", err
	}
	if u.Email == "" {
		return "no e-mail address on your account", nil
	}
	if !s.cfg.Mail.Send(mailer.Message{UserID: userID, To: u.Email, Subject: m.title(), Body: m.body(s.cfg.BaseURL)}) {
		return "e-mail limit reached or queue full", nil
	}
	return "", nil
}

func (s *Service) sendTelegram(ctx context.Context, userID string, m message) (string, error) {
	if s.cfg.Telegram == nil {
		return "Telegram is not configured on this server", nil
	}
	chat, err := s.cfg.Store.TelegramChat(ctx, userID)
	if errors.Is(err, model.ErrNotFound) {
		return "no Telegram chat linked", nil
	}
	if err != nil {
		return "", err
	}
	err = s.cfg.Telegram.Send(ctx, chat, m.title()+"\n"+m.body(s.cfg.BaseURL))
	if errors.Is(err, ErrBlocked) {
		s.blocked(ctx, userID)
		return "the Telegram chat blocked the bot; it was unlinked", nil
	}
	return "", err
}

// blocked unlinks a chat that blocked the bot and tells the user in-app.
func (s *Service) blocked(ctx context.Context, userID string) {
	if err := s.cfg.Store.UnlinkTelegram(ctx, userID); err != nil && !errors.Is(err, model.ErrNotFound) {
		s.log.WarnContext(ctx, "alerts: unlink blocked chat", slog.String("user", userID), slog.Any("error", err))
	}
	s.audit(ctx, "system", ActionTelegramUnlink, userID, map[string]string{"reason": "blocked"})
	_ = s.cfg.Store.NotifyLink(ctx, userID, NoticeKind, "Your Telegram chat blocked the Fortfolio bot, so it was unlinked. "+
		"Link it again on the Alerts page to get alerts there.", "/alerts", s.cfg.Now())
}

func (s *Service) sendPush(ctx context.Context, userID string, m message) (string, error) {
	if s.cfg.Push == nil {
		return "Web Push is not configured on this server", nil
	}
	subs, err := s.cfg.Store.PushSubscriptions(ctx, userID)
	if err != nil {
		return "", err
	}
	if len(subs) == 0 {
		return "no browser subscribed to push", nil
	}
	var errs []error
	for _, sub := range subs {
		err := s.cfg.Push.Send(ctx, sub, m.title(), m.Text, m.Link)
		if errors.Is(err, ErrGone) {
			_, _ = s.cfg.Store.DeletePushSubscriptions(ctx, userID, sub.ID)
			s.audit(ctx, "system", ActionPushUnsubscribe, userID, map[string]string{"reason": "expired"})
			continue
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

func (s *Service) sent(ctx context.Context, userID, ruleID, ch string) {
	s.audit(ctx, "system", ActionSend, ruleID, map[string]string{"user": userID, "channel": ch})
}

func (s *Service) failed(ctx context.Context, userID, ruleID, ch string, err error) {
	s.log.WarnContext(ctx, "alerts: send failed", slog.String("user", userID), slog.String("channel", ch), slog.Any("error", err))
	s.audit(ctx, "system", ActionSendFailure, ruleID, map[string]string{"user": userID, "channel": ch})
	s.event(ctx, "alert_send_failure", userID, ch+": "+err.Error())
}

// Test sends a test message for one of the user's rules, now, on its
// channels (limited per user).
func (s *Service) Test(ctx context.Context, userID string, rule model.AlertRule) (wire.AlertTest, error) {
	if !s.limits.allowTest(userID) {
		return wire.AlertTest{}, ErrTestLimited
	}
	m := message{Rule: rule.AlertRule, Test: true, Link: "/alerts", At: s.cfg.Now(),
		Text: "This is a test of your rule \"" + rule.Name + "\". Real alerts will look like this one."}
	return s.deliver(ctx, userID, rule, m), nil
}
