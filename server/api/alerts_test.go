package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/alerts/alertstest"
	"github.com/fortfolio/fortfolio/server/config"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// botToken is the fake bot's token: it must appear in no log line, no
// response and no file of the data directory.
const botToken = "123456:TEST-token-must-never-leak-9f8e7d"

// lockedBuffer collects slog output from every goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// alertsFixture is a server wired to a fake Bot API and a fake push
// service, with alice (a linked chat, a portfolio holding GE) and bob.
type alertsFixture struct {
	ts         *testServer
	bot        *alertstest.Bot
	push       *alertstest.PushService
	logs       *lockedBuffer
	alice, bob string
	aliceID    string
	folio      string
	bobFolio   string
	responses  []string
}

func newAlertsFixture(t *testing.T, opts ...testOptions) *alertsFixture {
	f := &alertsFixture{logs: &lockedBuffer{}}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	f.bot, f.push = alertstest.NewBot(t, botToken), alertstest.NewPushService(t)
	o := testOptions{}
	if len(opts) > 0 {
		o = opts[0]
	}
	o.alerts, o.pushPrivate = config.Alerts{TelegramToken: botToken, TelegramBaseURL: f.bot.Srv.URL}, true
	f.ts = newTestServer(t, o)
	f.alice, f.aliceID = f.ts.registerAndLogin("alice", "correct horse battery")
	f.bob, _ = f.ts.registerAndLogin("bob", "another long passphrase")
	af := &analyticsFixture{ts: f.ts}
	f.folio = af.createPortfolio(f.alice, "Industrial", []wire.TransactionInput{
		{Date: "2016-12-01", Kind: "buy", Ticker: "GE", Quantity: 100, Price: 31.3}})
	f.bobFolio = af.createPortfolio(f.bob, "Bob's", []wire.TransactionInput{
		{Date: "2016-12-01", Kind: "buy", Ticker: "KO", Quantity: 10, Price: 41}})
	return f
}

// do is ts.do that keeps every answer for the leak check.
func (f *alertsFixture) do(method, path, token string, body any) response {
	f.ts.t.Helper()
	r := f.ts.do(method, path, token, body)
	var h strings.Builder
	_ = r.Header.Write(&h)
	f.responses = append(f.responses, h.String()+r.Body)
	return r
}

func (f *alertsFixture) evaluate(t *testing.T, date string) {
	t.Helper()
	d, _ := time.Parse(time.DateOnly, date)
	if _, err := f.ts.Platform.Alerts.Evaluate(context.Background(), d); err != nil {
		t.Fatalf("evaluate %s: %v", date, err)
	}
}

func (f *alertsFixture) createRule(t *testing.T, token string, in wire.AlertRuleInput) wire.AlertRule {
	t.Helper()
	r := f.do("POST", wire.RouteAlerts, token, in)
	expect(t, r, http.StatusCreated)
	var rule wire.AlertRule
	mustJSON(t, r.Body, &rule)
	return rule
}

// linkChat links chat to alice through the fake Bot API.
func (f *alertsFixture) linkChat(t *testing.T, chat int64) {
	t.Helper()
	r := f.do("POST", wire.RouteTelegramLink, f.alice, nil)
	expect(t, r, http.StatusCreated)
	var link wire.TelegramLink
	mustJSON(t, r.Body, &link)
	if !strings.HasPrefix(link.URL, "https://t.me/FortfolioTestBot?start=") || !strings.HasSuffix(link.URL, link.Code) {
		t.Fatalf("link %+v", link)
	}
	if d := time.Until(link.ExpiresAt); d < 9*time.Minute || d > 10*time.Minute+time.Second {
		t.Errorf("code expires in %v, want 10 minutes", d)
	}
	f.bot.UserSends(chat, "/start "+link.Code)
	if _, err := f.ts.Platform.Alerts.HandleUpdates(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if len(f.bot.Messages(chat, "now linked")) != 1 {
		t.Fatalf("no link confirmation: %+v", f.bot.Messages(chat, ""))
	}
}

func TestAlertsEndToEnd(t *testing.T) {
	f := newAlertsFixture(t)
	const chat = 4242
	f.linkChat(t, chat)
	var st wire.ChannelStatus
	mustJSON(t, f.do("GET", wire.RouteChannels, f.alice, nil).Body, &st)
	if !st.Telegram || !st.TelegramLinked || st.TelegramBot != "FortfolioTestBot" || !st.Push || st.PushPublicKey == "" || st.DataDate != "2017-12-29" {
		t.Fatalf("channels %+v", st)
	}
	p256dh, auth := f.push.Keys()
	sub := wire.PushSubscription{Endpoint: f.push.Srv.URL + "/push/alice-1"}
	sub.Keys.P256dh, sub.Keys.Auth = p256dh, auth
	expect(t, f.do("POST", wire.RoutePush, f.alice, sub), http.StatusNoContent)

	price := f.createRule(t, f.alice, wire.AlertRuleInput{Name: "AAPL above 150", Kind: wire.AlertPriceAbove, Ticker: "aapl",
		Threshold: 150, Channels: []string{"telegram", "push"}})
	dd := f.createRule(t, f.alice, wire.AlertRuleInput{Name: "Industrial drawdown", Kind: wire.AlertDrawdown, PortfolioID: f.folio,
		Threshold: 20, Channels: []string{"telegram"}})
	if price.Ticker != "AAPL" || price.State != wire.AlertArmed || strings.Join(price.Channels, ",") != "inapp,push,telegram" || dd.CooldownHours != 0 {
		t.Fatalf("saved rules %+v %+v", price, dd)
	}
	count := func(name string) int { return len(f.bot.Messages(chat, "Fortfolio alert: "+name)) }

	// The last day of the embedded data: AAPL closed at 169.23 and GE at
	// 17.45, 44% below the 31.3 of the purchase's peak.
	f.evaluate(t, "")
	if count(price.Name) != 1 || count(dd.Name) != 1 {
		t.Fatalf("first run: %d price, %d drawdown messages: %+v", count(price.Name), count(dd.Name), f.bot.Messages(chat, ""))
	}
	f.evaluate(t, "2017-12-29")
	if count(price.Name) != 1 || count(dd.Name) != 1 {
		t.Fatalf("second run while holding sent again: %+v", f.bot.Messages(chat, ""))
	}
	// 2017-01-03: AAPL at 116.15 and GE near its peak: both clear.
	f.evaluate(t, "2017-01-03")
	f.evaluate(t, "2017-12-29")
	if count(price.Name) != 2 || count(dd.Name) != 2 {
		t.Fatalf("after clearing and re-firing: %d price, %d drawdown", count(price.Name), count(dd.Name))
	}
	msg := f.bot.Messages(chat, "Fortfolio alert: "+price.Name)[0]
	for _, want := range []string{"AAPL closed at 169.23 on 2017-12-29", "threshold of 150.00", "Open: /alerts"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if m := f.bot.Messages(chat, "Fortfolio alert: "+dd.Name)[0]; !strings.Contains(m, "below its peak on 2017-12-29") || !strings.Contains(m, "/portfolios/"+f.folio) {
		t.Errorf("drawdown message: %s", m)
	}

	// Web Push reached the fake push service, signed and decryptable.
	payloads, errs := f.push.Received()
	if len(errs) > 0 || len(payloads) != 2 {
		t.Fatalf("push: %d payloads, errors %v", len(payloads), errs)
	}
	var pl struct{ Title, Body, Path string }
	if err := json.Unmarshal([]byte(payloads[0]), &pl); err != nil || pl.Title != "Fortfolio alert: AAPL above 150" || pl.Path != "/alerts" ||
		!strings.Contains(pl.Body, "169.23") || f.push.VAPIDKeys[0] != st.PushPublicKey {
		t.Errorf("push payload %s (%v)", payloads[0], err)
	}

	// The inbox has every alert, newest first; mark read.
	var in wire.Inbox
	mustJSON(t, f.do("GET", wire.RouteNotifications, f.alice, nil).Body, &in)
	alertsIn := 0
	for _, it := range in.Items {
		if it.Kind == "alert" && strings.Contains(it.Message, "Fortfolio alert:") {
			alertsIn++
		}
	}
	if alertsIn != 4 || in.Unread < 4 {
		t.Fatalf("inbox: %d alerts, %d unread", alertsIn, in.Unread)
	}
	expect(t, f.do("POST", wire.Path(wire.RouteNotificationRead, in.Items[0].ID), f.bob, nil), http.StatusNotFound)
	expect(t, f.do("POST", wire.Path(wire.RouteNotificationRead, in.Items[0].ID), f.alice, nil), http.StatusNoContent)
	expect(t, f.do("POST", wire.RouteNotificationsRead, f.alice, nil), http.StatusNoContent)
	mustJSON(t, f.do("GET", wire.RouteNotifications, f.alice, nil).Body, &in)
	if in.Unread != 0 || !in.Items[0].Read {
		t.Errorf("after mark read: %+v", in.Unread)
	}

	// Pause stops evaluation; the rule keeps its state.
	paused := price.AlertRuleInput
	paused.Paused = true
	expect(t, f.do("PUT", wire.Path(wire.RouteAlert, price.ID), f.alice, paused), http.StatusOK)
	f.evaluate(t, "2017-01-03")
	var got wire.AlertRule
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, price.ID), f.alice, nil).Body, &got)
	if !got.Paused || got.State != wire.AlertFired {
		t.Errorf("paused rule changed: %+v", got)
	}

	// A test message; then the chat blocks the bot: unlinked, told in-app.
	var res wire.AlertTest
	mustJSON(t, f.do("POST", wire.Path(wire.RouteAlertTest, dd.ID), f.alice, nil).Body, &res)
	if strings.Join(res.Sent, ",") != "inapp,telegram" || len(f.bot.Messages(chat, "Fortfolio test: "+dd.Name)) != 1 {
		t.Fatalf("test message: %+v", res)
	}
	f.bot.Block(chat)
	mustJSON(t, f.do("POST", wire.Path(wire.RouteAlertTest, dd.ID), f.alice, nil).Body, &res)
	if !strings.Contains(res.Skipped["telegram"], "blocked") {
		t.Fatalf("blocked chat: %+v", res)
	}
	mustJSON(t, f.do("GET", wire.RouteChannels, f.alice, nil).Body, &st)
	mustJSON(t, f.do("GET", wire.RouteNotifications, f.alice, nil).Body, &in)
	if st.TelegramLinked || !strings.Contains(in.Items[0].Message, "blocked the Fortfolio bot") {
		t.Errorf("after block: linked %v, inbox %q", st.TelegramLinked, in.Items[0].Message)
	}
	expect(t, f.do("DELETE", wire.RouteTelegram, f.alice, nil), http.StatusNotFound)
	expect(t, f.do("DELETE", wire.RoutePush, f.alice, nil), http.StatusNoContent)
	expect(t, f.do("DELETE", wire.Path(wire.RouteAlert, price.ID), f.alice, nil), http.StatusNoContent)

	// Audited: sends, link, unlink.
	admin := adminToken(t, f.ts)
	for _, action := range []string{"alert.send", "alert.telegram.link", "alert.telegram.unlink", "alert.push.subscribe", "alert.rule.create"} {
		r := f.ts.do("GET", "/api/admin/audit?action="+action, admin, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, action) {
			t.Errorf("audit %s: %d %s", action, r.Status, r.Body)
		}
	}
	// The Bot API going away: the error names the method, never the URL.
	f.bot.Srv.Close()
	_, err := f.ts.Platform.Alerts.HandleUpdates(context.Background(), 0)
	if err == nil || strings.Contains(err.Error(), botToken) || !strings.Contains(err.Error(), "getUpdates") {
		t.Errorf("transport error %v", err)
	}
	slog.Error("telegram down", slog.Any("error", err))
	f.assertNoToken(t)
}

// adminToken makes an admin account directly in the store.
func adminToken(t *testing.T, ts *testServer) string {
	t.Helper()
	_, id := ts.registerAndLogin("auditor", "admin passphrase long")
	if err := ts.Platform.Store.SetRole(context.Background(), id, "admin", time.Now()); err != nil {
		t.Fatal(err)
	}
	tok, _ := ts.login("auditor", "admin passphrase long")
	return tok
}

// assertNoToken greps the logs, every response and every file of the
// data directory (gzip files decompressed) for the bot token.
func (f *alertsFixture) assertNoToken(t *testing.T) {
	t.Helper()
	if strings.Contains(f.logs.String(), botToken) {
		t.Error("bot token in the log")
	}
	if !strings.Contains(f.logs.String(), "alerts: evaluation done") {
		t.Error("log capture did not work")
	}
	for _, r := range f.responses {
		if strings.Contains(r, botToken) || strings.Contains(r, "TEST-token") {
			t.Errorf("bot token in a response: %s", r)
		}
	}
	_ = filepath.WalkDir(f.ts.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path) // #nosec G304 -- test data directory
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".gz") {
			if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
				b, _ = io.ReadAll(zr)
			}
		}
		if bytes.Contains(b, []byte(botToken)) {
			t.Errorf("bot token in %s", path)
		}
		return nil
	})
}
