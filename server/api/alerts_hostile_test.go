package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAlertsHostileInput: bad rules, foreign objects and bad queries get
// a 4xx and change nothing.
func TestAlertsHostileInput(t *testing.T) {
	f := newAlertsFixture(t)
	good := `"kind":"price_above","ticker":"AAPL","threshold":150,"channels":["email"],"cooldown_hours":24`
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"NaN threshold", `{"kind":"price_above","ticker":"AAPL","threshold":NaN,"channels":[]}`, 400},
		{"huge threshold", `{"kind":"price_above","ticker":"AAPL","threshold":1e400,"channels":[]}`, 400},
		{"negative price", `{"kind":"price_above","ticker":"AAPL","threshold":-1,"channels":[]}`, 400},
		{"zero price", `{"kind":"price_below","ticker":"AAPL","threshold":0,"channels":[]}`, 400},
		{"drawdown 100%", `{"kind":"drawdown","portfolio_id":"` + f.folio + `","threshold":100,"channels":[]}`, 400},
		{"move over 100%", `{"kind":"daily_move","ticker":"AAPL","threshold":101,"channels":[]}`, 400},
		{"threshold on surge", `{"kind":"surge","threshold":3,"channels":[]}`, 400},
		{"unknown kind", `{"kind":"rocket","ticker":"AAPL","threshold":1,"channels":[]}`, 400},
		{"unknown ticker", `{"kind":"price_above","ticker":"ZZZZ","threshold":1,"channels":[]}`, 400},
		{"malformed ticker", `{"kind":"price_above","ticker":"../etc","threshold":1,"channels":[]}`, 400},
		{"missing ticker", `{"kind":"daily_move","threshold":1,"channels":[]}`, 400},
		{"bad portfolio id", `{"kind":"var","portfolio_id":"a/b","threshold":1,"channels":[]}`, 400},
		{"another user's portfolio", `{"kind":"var","portfolio_id":"` + f.bobFolio + `","threshold":1,"channels":[]}`, 404},
		{"missing portfolio", `{"kind":"weight","portfolio_id":"nope","threshold":1,"channels":[]}`, 404},
		{"surge ticker and portfolio", `{"kind":"surge","ticker":"AAPL","portfolio_id":"` + f.folio + `","channels":[]}`, 400},
		{"wash sale without window", `{"kind":"wash_sale","portfolio_id":"` + f.folio + `","country":"DE","channels":[]}`, 400},
		{"wash sale unknown country", `{"kind":"wash_sale","portfolio_id":"` + f.folio + `","country":"XX","channels":[]}`, 400},
		{"unknown channel", `{"kind":"price_above","ticker":"AAPL","threshold":1,"channels":["sms"]}`, 400},
		{"negative cool-down", `{"kind":"price_above","ticker":"AAPL","threshold":1,"channels":[],"cooldown_hours":-1}`, 400},
		{"cool-down over a year", `{"kind":"price_above","ticker":"AAPL","threshold":1,"channels":[],"cooldown_hours":9000}`, 400},
		{"control character in name", `{"name":"a\u0007b",` + good + `}`, 400},
		{"bidi control in name", `{"name":"a\u202eb",` + good + `}`, 400},
		{"overlong name", `{"name":"` + strings.Repeat("n", 81) + `",` + good + `}`, 400},
		{"unknown field", `{"owner":"x",` + good + `}`, 400},
		{"state is not settable", `{"state":"fired",` + good + `}`, 400},
		{"two values", `{` + good + `}{` + good + `}`, 400},
		{"not an object", `[1,2]`, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do("POST", wire.RouteAlerts, f.alice, tc.body)
			if r.Status != tc.status {
				t.Errorf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
		})
	}
	r := f.do("GET", wire.RouteAlerts, f.alice, nil)
	if strings.TrimSpace(r.Body) != "[]" {
		t.Fatalf("refused rules were saved: %s", r.Body)
	}
	rule := f.createRule(t, f.alice, wire.AlertRuleInput{Kind: wire.AlertVaR, PortfolioID: f.folio, Threshold: 2})
	if rule.Name != "Value at risk" || strings.Join(rule.Channels, ",") != "inapp" {
		t.Errorf("defaults: %+v", rule)
	}
	// Another user's rule is not found, whatever the method.
	for _, m := range []struct{ method, path string }{
		{"GET", wire.Path(wire.RouteAlert, rule.ID)}, {"PUT", wire.Path(wire.RouteAlert, rule.ID)},
		{"DELETE", wire.Path(wire.RouteAlert, rule.ID)}, {"POST", wire.Path(wire.RouteAlertTest, rule.ID)},
	} {
		if r := f.do(m.method, m.path, f.bob, rule.AlertRuleInput); r.Status != http.StatusNotFound {
			t.Errorf("bob %s %s: %d", m.method, m.path, r.Status)
		}
	}
	expect(t, f.do("GET", wire.Path(wire.RouteAlert, "bad.id"), f.alice, nil), http.StatusBadRequest)
	expect(t, f.do("GET", wire.RouteAlerts, "", nil), http.StatusUnauthorized)
	moved := rule.AlertRuleInput
	moved.PortfolioID = f.bobFolio
	expect(t, f.do("PUT", wire.Path(wire.RouteAlert, rule.ID), f.alice, moved), http.StatusNotFound)

	for _, tc := range []struct {
		name, path string
		status     int
	}{
		{"surges bad date", wire.RouteSurges + "?date=2008-13-01", 400},
		{"surges after data", wire.RouteSurges + "?date=2030-01-02", 400},
		{"surges injection", wire.RouteSurges + "?date=2008-10-13'--", 400},
	} {
		if r := f.do("GET", tc.path, f.alice, nil); r.Status != tc.status {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "AAPL"
	}
	// Each refusal names the entry at fault in a sentence for people.
	for name, tc := range map[string]struct {
		body wire.Watchlist
		want string
	}{
		"unknown ticker": {wire.Watchlist{Tickers: []string{"AAPL", "ZZZZ"}}, `"error":"Unknown ticker ZZZZ: it is not in the market data."`},
		"bad ticker":     {wire.Watchlist{Tickers: []string{"AAPL", "A;B"}}, `"error":"Ticker \"A;B\": use only letters, digits, '.' and '-'."`},
		"long ticker":    {wire.Watchlist{Tickers: []string{"AAPL", strings.Repeat("A", 200)}}, `"error":"Ticker 2 of the watchlist: use at most 10 characters."`},
		"too many":       {wire.Watchlist{Tickers: many}, `"error":"A watchlist holds at most 100 tickers."`},
	} {
		r := f.do("PUT", wire.RouteWatchlist, f.alice, tc.body)
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), tc.want) {
			t.Errorf("watchlist %s: %d %s", name, r.Status, r.Body)
		}
	}
	for name, body := range map[string]string{
		"file endpoint":   `{"endpoint":"file:///etc/passwd","keys":{"auth":"AAAAAAAAAAAAAAAAAAAAAA","p256dh":"x"}}`,
		"short key":       `{"endpoint":"https://push.example/x","keys":{"auth":"AAAAAAAAAAAAAAAAAAAAAA","p256dh":"BAAA"}}`,
		"unknown field":   `{"endpoint":"https://push.example/x","user_id":"x"}`,
		"userinfo in url": `{"endpoint":"https://u:p@push.example/x","keys":{"auth":"AAAAAAAAAAAAAAAAAAAAAA","p256dh":"x"}}`,
	} {
		if r := f.do("POST", wire.RoutePush, f.alice, body); r.Status != http.StatusBadRequest {
			t.Errorf("push %s: %d %s", name, r.Status, r.Body)
		}
	}
}

// TestSurgeReportAPI: the surge report of a 2008 crash day lists the
// tickers of the independent computation (server/alerts/testdata) and
// adds the user's watched tickers to the data set scanned.
func TestSurgeReportAPI(t *testing.T) {
	f := newAlertsFixture(t)
	expect(t, f.do("PUT", wire.RouteWatchlist, f.alice, wire.Watchlist{Tickers: []string{"msft", "AAPL", "MSFT"}}), http.StatusOK)
	var w wire.Watchlist
	mustJSON(t, f.do("GET", wire.RouteWatchlist, f.alice, nil).Body, &w)
	if strings.Join(w.Tickers, ",") != "AAPL,MSFT" {
		t.Errorf("watchlist %v", w.Tickers)
	}
	var rep wire.SurgeReport
	mustJSON(t, f.do("GET", wire.RouteSurges+"?date=2008-09-29", f.alice, nil).Body, &rep)
	var got []string
	for _, s := range rep.Surges {
		got = append(got, s.Ticker)
	}
	want := "AAPL,UNH,TRV,DIS,CVX,INTC,GOOGL,AXP,MSFT,JNJ,XOM,CSCO,UTX,AABA"
	if strings.Join(got, ",") != want || rep.Window != 60 || rep.ReturnZ != 3 {
		t.Errorf("2008-09-29 surges %v, want %s", got, want)
	}
	rule := f.createRule(t, f.alice, wire.AlertRuleInput{Name: "Watched surge", Kind: wire.AlertSurge})
	f.evaluate(t, "2008-09-29")
	var in wire.Inbox
	mustJSON(t, f.do("GET", wire.RouteNotifications, f.alice, nil).Body, &in)
	if len(in.Items) == 0 || !strings.Contains(in.Items[0].Message, "Surge on 2008-09-29: AAPL -17.90%") || !strings.Contains(in.Items[0].Message, "MSFT") {
		t.Errorf("surge alert: %+v", in.Items)
	}
	var got2 wire.AlertRule
	mustJSON(t, f.do("GET", wire.Path(wire.RouteAlert, rule.ID), f.alice, nil).Body, &got2)
	if got2.State != wire.AlertFired {
		t.Errorf("surge rule state %s", got2.State)
	}
	// "Download all my data" includes the rules and the watchlist.
	var exp wire.ExportData
	mustJSON(t, f.do("GET", wire.RouteExportJSON, f.alice, nil).Body, &exp)
	if len(exp.AlertRules) != 1 || exp.AlertRules[0].ID != rule.ID || strings.Join(exp.Watchlist, ",") != "AAPL,MSFT" || len(exp.Portfolios) != 1 {
		t.Errorf("export: rules %+v watchlist %v", exp.AlertRules, exp.Watchlist)
	}
}

// TestAlertFieldsOfAnotherKind: a field the rule's kind does not use is
// refused with a 400 naming it (it used to be dropped), and nothing is
// stored; the fields each kind does use are accepted.
func TestAlertFieldsOfAnotherKind(t *testing.T) {
	f := newAlertsFixture(t)
	folio := `"portfolio_id":"` + f.folio + `"`
	for _, tc := range []struct {
		name, body string
		field      string // the field named in the 400, "" when accepted
	}{
		{"ticker on drawdown", `{"kind":"drawdown",` + folio + `,"ticker":"AAPL","threshold":10,"channels":[]}`, "ticker"},
		{"ticker on wash sale", `{"kind":"wash_sale",` + folio + `,"ticker":"AAPL","channels":[]}`, "ticker"},
		{"portfolio on price", `{"kind":"price_above","ticker":"AAPL",` + folio + `,"threshold":150,"channels":[]}`, "portfolio_id"},
		{"portfolio on forecast", `{"kind":"forecast_move","ticker":"AAPL",` + folio + `,"threshold":5,"probability":60,"channels":[]}`, "portfolio_id"},
		{"country on VaR", `{"kind":"var",` + folio + `,"country":"US","threshold":1,"channels":[]}`, "country"},
		{"probability on daily move", `{"kind":"daily_move","ticker":"AAPL","probability":60,"threshold":5,"channels":[]}`, "probability"},
		{"horizon on weight", `{"kind":"weight",` + folio + `,"horizon":5,"threshold":20,"channels":[]}`, "horizon"},
		{"country on surge", `{"kind":"surge","country":"US","channels":[]}`, "country"},
		{"price rule", `{"kind":"price_above","ticker":"AAPL","threshold":150,"channels":[]}`, ""},
		{"surge on a ticker", `{"kind":"surge","ticker":"AAPL","channels":[]}`, ""},
		{"surge on a portfolio", `{"kind":"surge",` + folio + `,"channels":[]}`, ""},
		{"wash sale with country", `{"kind":"wash_sale",` + folio + `,"country":"US","channels":[]}`, ""},
		{"forecast with probability and horizon", `{"kind":"forecast_move","ticker":"AAPL","threshold":5,"probability":60,"horizon":21,"channels":[]}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before []wire.AlertRule
			mustJSON(t, f.do("GET", wire.RouteAlerts, f.alice, nil).Body, &before)
			r := f.do("POST", wire.RouteAlerts, f.alice, tc.body)
			if tc.field == "" {
				expectStatus(t, r, http.StatusCreated)
				return
			}
			expectStatus(t, r, http.StatusBadRequest)
			var e wire.FieldError
			mustJSON(t, r.Body, &e)
			if e.Fields[tc.field] == "" || !strings.Contains(e.Error, tc.field) {
				t.Fatalf("answer %s does not name %s", r.Body, tc.field)
			}
			var after []wire.AlertRule
			mustJSON(t, f.do("GET", wire.RouteAlerts, f.alice, nil).Body, &after)
			if len(after) != len(before) {
				t.Fatalf("%d rules after a refused one, want %d", len(after), len(before))
			}
		})
	}
}
