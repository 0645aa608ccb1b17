package e2e

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/alerts/alertstest"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/server/platform"
)

// waitText polls until the element's text contains substr.
func (s *site) waitText(selector, substr string) chromedp.Action {
	return pollPage(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		return !!el && el.textContent.includes(%q);
	})()`, selector, substr))
}

// TestAlertsPageFlow: create a price rule with the form, link Telegram
// through the t.me code (fake Bot API), send a test message, see an
// evaluation's alert in the inbox and on Telegram, pause, use the
// watchlist and a crash day's surge report, mark read, delete.
func TestAlertsPageFlow(t *testing.T) {
	const token, chat = "777:e2e-token", 99
	bot := alertstest.NewBot(t, token)
	s := newSite(t, func(c *config.Config, _ *platform.Options) {
		c.Alerts = config.Alerts{TelegramToken: token, TelegramBaseURL: bot.Srv.URL}
	})
	ctx := context.Background()
	if _, _, err := s.Platform.Auth.Register(ctx, "127.0.0.1", "watcher", "a long secret phrase"); err != nil {
		t.Fatal(err)
	}
	s.run(
		s.loginTo("/alerts", "#alerts-empty", "watcher", "a long secret phrase"),
		s.waitFor("#telegram-start-link"),
		// A bad threshold is refused in the form, before any request.
		setInput("#alert-ticker", "aapl"),
		setInput("#alert-threshold", "-5"),
		chromedp.Click("#alert-create", chromedp.ByQuery),
		s.waitText("#alert-form-error", "threshold must be a price above 0"),
		setInput("#alert-name", "Apple above 150"),
		setInput("#alert-threshold", "150"),
		chromedp.Click("#alert-channel-telegram", chromedp.ByQuery),
		chromedp.Click("#alert-create", chromedp.ByQuery),
		s.waitText("#alert-rules", "Apple above 150"),
		s.waitText("#alert-rules", "Inbox, Telegram"),
		chromedp.Click("#telegram-start-link", chromedp.ByQuery),
		s.waitFor("#telegram-link"),
	)
	var href string
	s.run(chromedp.AttributeValue("#telegram-link", "href", &href, nil, chromedp.ByQuery))
	u, err := url.Parse(href)
	if err != nil || u.Host != "t.me" || u.Path != "/FortfolioTestBot" || u.Query().Get("start") == "" {
		t.Fatalf("telegram link %q", href)
	}
	bot.UserSends(chat, "/start "+u.Query().Get("start"))
	if _, err := s.Platform.Alerts.HandleUpdates(ctx, 0); err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.Click("#telegram-check", chromedp.ByQuery),
		s.waitFor("#telegram-linked"),
		chromedp.Click(".alert-test", chromedp.ByQuery),
		s.waitText("#alerts-msg", "Test message sent to: Inbox, Telegram"),
		s.waitText("#inbox", "Fortfolio test: Apple above 150"),
	)
	if _, err := s.Platform.Alerts.Evaluate(ctx, time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.run(
		chromedp.Reload(),
		s.waitText("#inbox", "AAPL closed at 169.23 on 2017-12-29"),
		s.waitText(".alert-rule-state", "fired"),
		chromedp.Click(".alert-pause", chromedp.ByQuery),
		s.waitText(".alert-rule-state", "paused"),
		setInput("#watchlist-tickers", "msft, aapl"),
		chromedp.Click("#watchlist-save", chromedp.ByQuery),
		s.waitText("#watchlist-msg", "2 tickers"),
		setInput("#surge-date", "2008-09-29"),
		chromedp.Click("#surge-show", chromedp.ByQuery),
		s.waitText("#surge-table", "AAPL"),
		chromedp.Click("#inbox-read-all", chromedp.ByQuery),
		s.waitFor("#inbox .inbox-item"),
		chromedp.Click(".alert-delete", chromedp.ByQuery),
		s.waitFor("#alerts-empty"),
	)
	if n := len(bot.Messages(chat, "Fortfolio alert: Apple above 150")); n != 1 {
		t.Errorf("telegram got %d alerts, want 1", n)
	}
	var unread int
	s.run(chromedp.Evaluate(`document.querySelectorAll("#inbox .unread").length`, &unread))
	if unread != 0 {
		t.Errorf("%d unread after mark all read", unread)
	}
}
