package api_test

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/alerts"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAlertRuleKinds evaluates the VaR, weight, wash-sale and daily-move
// rules and checks their values against the analytics endpoint (the same
// engine) and hand calculations from the embedded closes.
func TestAlertRuleKinds(t *testing.T) {
	f := newAlertsFixture(t)
	af := &analyticsFixture{ts: f.ts}
	folio := af.createPortfolio(f.alice, "Tax", []wire.TransactionInput{
		{Date: "2015-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 100, Price: 109.33},
		{Date: "2015-01-02", Kind: "buy", Ticker: "KO", Quantity: 50, Price: 42.14},
		{Date: "2016-05-12", Kind: "sell", Ticker: "AAPL", Quantity: 40, Price: 90.34},
	})
	vr := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertVaR, PortfolioID: folio, Threshold: 0.5})
	wt := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertWeight, PortfolioID: folio, Threshold: 50})
	ws := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertWashSale, PortfolioID: folio})
	mv := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertDailyMove, Ticker: "AAPL", Threshold: 10})
	f.evaluate(t, "2016-06-13")
	rules := map[string]wire.AlertRule{}
	var list []wire.AlertRule
	mustJSON(t, f.do("GET", wire.RouteAlerts, f.alice, nil).Body, &list)
	for _, r := range list {
		rules[r.ID] = r
	}
	var rep wire.AnalyticsReport
	mustJSON(t, f.do("GET", "/api/portfolios/"+folio+"/analytics?from=2015-06-14&to=2016-06-13", f.alice, nil).Body, &rep)
	if got := rules[vr.ID]; got.State != wire.AlertFired || got.LastValue == nil || math.Abs(*got.LastValue-*rep.Metrics.VaR95*100) > 1e-9 {
		t.Errorf("VaR rule %+v, analytics VaR95 %v", got, *rep.Metrics.VaR95)
	}
	// AAPL 60 x 97.34 = 5840.40, KO 50 x 45.12 = 2256.00: weight 72.1358%.
	if got := rules[wt.ID]; got.State != wire.AlertFired || math.Abs(*got.LastValue-100*5840.4/8096.4) > 1e-6 {
		t.Errorf("weight rule %+v", got)
	}
	if got := rules[ws.ID]; got.State != wire.AlertFired || got.Country != "US" {
		t.Errorf("wash-sale rule %+v", got)
	}
	if got := rules[mv.ID]; got.State != wire.AlertArmed {
		t.Errorf("daily move fired on a quiet day: %+v", got)
	}
	var in wire.Inbox
	mustJSON(t, f.do("GET", wire.RouteNotifications, f.alice, nil).Body, &in)
	all := ""
	for _, it := range in.Items {
		all += it.Message + "\n"
	}
	// Loss: 40 x (109.33 - 90.34) = 759.60; the window ends 30 days later.
	for _, want := range []string{"AAPL sold on 2016-05-12 at a loss of 759.60: the 30-day window ended on 2016-06-11",
		"AAPL is 72.14% of the portfolio on 2016-06-13", "1-day 95% value at risk is"} {
		if !strings.Contains(all, want) {
			t.Errorf("inbox lacks %q:\n%s", want, all)
		}
	}
	// Three weeks later the wash-sale notice is over; 2008-09-29 moved
	// AAPL 15.04 / 18.32 - 1 = -17.90%.
	f.evaluate(t, "2016-07-05")
	var got wire.AlertRule
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, ws.ID), f.alice, nil).Body, &got)
	if got.State != wire.AlertArmed {
		t.Errorf("wash-sale rule still fired: %+v", got)
	}
	f.evaluate(t, "2008-09-29")
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, mv.ID), f.alice, nil).Body, &got)
	if got.State != wire.AlertFired || math.Abs(*got.LastValue-(15.04/18.32-1)*100) > 1e-9 {
		t.Errorf("daily move %+v", got)
	}
}

// TestAlertEvaluationFailureIsEvent: a rule that cannot be evaluated is a
// security event; the other rules still run.
func TestAlertEvaluationFailureIsEvent(t *testing.T) {
	f := newAlertsFixture(t)
	ok := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertPriceAbove, Ticker: "AAPL", Threshold: 1})
	// A ticker the data no longer has (written directly: the API refuses it).
	if _, err := f.ts.Platform.Store.CreateAlertRule(context.Background(), f.aliceID, wire.AlertRuleInput{Name: "gone",
		Kind: wire.AlertPriceAbove, Ticker: "ZZZZ", Threshold: 1, Channels: []string{"inapp"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ts.Platform.Alerts.Evaluate(context.Background(), time.Time{}); err == nil {
		t.Fatal("evaluation with a failing rule reported success")
	}
	events, err := f.ts.Platform.Store.ListSecurityEvents(context.Background(), alerts.EventEvalFailure, time.Time{}, 10)
	if err != nil || len(events) != 1 || !strings.Contains(events[0].Detail, "1 of 2 rules failed") {
		t.Fatalf("events %+v %v", events, err)
	}
	var got wire.AlertRule
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, ok.ID), f.alice, nil).Body, &got)
	if got.State != wire.AlertFired {
		t.Errorf("the good rule did not run: %+v", got)
	}
}

// TestAlertSendLimits: beyond the per-user limit the external channels
// are skipped (the inbox still gets it), and test messages are limited.
func TestAlertSendLimits(t *testing.T) {
	f := newAlertsFixture(t, testOptions{alertLimits: alerts.Limits{UserPerHour: 1, UserBurst: 1, GlobalPerMin: 100,
		GlobalBurst: 100, TestPerHour: 3, MaxUserBucket: 100}})
	f.linkChat(t, 7)
	rule := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertSurge, Channels: []string{"telegram"}})
	var res wire.AlertTest
	mustJSON(t, f.do("POST", wire.Path(wire.RouteAlertTest, rule.ID), f.alice, nil).Body, &res)
	if strings.Join(res.Sent, ",") != "inapp,telegram" {
		t.Fatalf("first: %+v", res)
	}
	mustJSON(t, f.do("POST", wire.Path(wire.RouteAlertTest, rule.ID), f.alice, nil).Body, &res)
	if strings.Join(res.Sent, ",") != "inapp" || res.Skipped["telegram"] != "send limit reached" {
		t.Fatalf("second: %+v", res)
	}
	expect(t, f.do("POST", wire.Path(wire.RouteAlertTest, rule.ID), f.alice, nil), http.StatusOK)
	r := f.do("POST", wire.Path(wire.RouteAlertTest, rule.ID), f.alice, nil)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth test: %d %v", r.Status, r.Header)
	}
	if n := len(f.bot.Messages(7, "Fortfolio test")); n != 1 {
		t.Errorf("telegram got %d test messages, want 1", n)
	}
}

// TestAlertScheduleRuns: the background schedule evaluates at start (the
// data's last day) without anyone calling Evaluate.
func TestAlertScheduleRuns(t *testing.T) {
	f := newAlertsFixture(t)
	rule := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertPriceBelow, Ticker: "GE", Threshold: 20})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		f.ts.Platform.Alerts.Run(ctx, alerts.Schedule{CheckEvery: 10 * time.Millisecond, At: time.Hour})
		close(done)
	}()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got wire.AlertRule
		mustJSON(t, f.ts.do("GET", wire.Path(wire.RouteAlert, rule.ID), f.alice, nil).Body, &got)
		if got.State == wire.AlertFired {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the schedule never fired the rule: %+v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTelegramPollLinks: the long-poll loop of a serving platform links a
// chat that sends its code, without the test driving the updates.
func TestTelegramPollLinks(t *testing.T) {
	f := newAlertsFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.ts.Platform.Alerts.PollTelegram(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	var link wire.TelegramLink
	mustJSON(t, f.do("POST", wire.RouteTelegramLink, f.alice, nil).Body, &link)
	f.bot.UserSends(31, "/start "+link.Code)
	deadline := time.Now().Add(20 * time.Second)
	for {
		var st wire.ChannelStatus
		mustJSON(t, f.do("GET", wire.RouteChannels, f.alice, nil).Body, &st)
		if st.TelegramLinked {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the poll loop never linked the chat")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The code works once: a second /start with it links nothing.
	f.bot.UserSends(32, "/start "+link.Code)
	deadline = time.Now().Add(20 * time.Second)
	for len(f.bot.Messages(32, "unknown or expired")) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("a reused code was not refused")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if chat, err := f.ts.Platform.Store.TelegramChat(context.Background(), f.aliceID); err != nil || chat != 31 {
		t.Errorf("linked chat %d %v", chat, err)
	}
}

// TestTelegramCodeExpires: a code older than 10 minutes links nothing.
func TestTelegramCodeExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := newAlertsFixture(t, testOptions{now: clock})
	var link wire.TelegramLink
	mustJSON(t, f.do("POST", wire.RouteTelegramLink, f.alice, nil).Body, &link)
	mu.Lock()
	now = now.Add(10*time.Minute + time.Second)
	mu.Unlock()
	f.bot.UserSends(41, "/start "+link.Code)
	if _, err := f.ts.Platform.Alerts.HandleUpdates(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	if len(f.bot.Messages(41, "unknown or expired")) != 1 {
		t.Errorf("expired code: %v", f.bot.Messages(41, ""))
	}
	if _, err := f.ts.Platform.Store.TelegramChat(context.Background(), f.aliceID); err == nil {
		t.Error("an expired code linked the chat")
	}
}
