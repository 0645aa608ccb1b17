package api_test

import (
	"encoding/json"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestProviderFXThroughServer: a EUR portfolio holding a USD stock priced
// by Polygon is valued at the provider's EURUSD (C:EURUSD, carried from
// the last settled day); with the provider's forex failing it is valued
// at the ECB rates alone, as without a provider's rates: up to 2024-10-18,
// the 2024-10-11 rate (1.0938) carried, never a 5xx.
func TestProviderFXThroughServer(t *testing.T) {
	yesterday := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1)
	tests := []struct {
		name   string
		failFX bool
		rate   func(last time.Time) float64
		last   string // the valuation date, "" for the latest price
	}{
		{"the provider's rate", false, func(last time.Time) float64 { return fakeRate(lastWeekday(minDay(last, yesterday))) }, ""},
		{"the provider fails: ECB's rate", true, func(time.Time) float64 { return 1.0938 }, "2024-10-18"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakePolygon(t)
			fake.failFX = tc.failFX
			ts := newPolygonTestServer(t, fake.srv.URL)
			token, _ := ts.registerAndLogin("fx_user", adminPassword)
			r := ts.do("POST", "/api/portfolios", token, wire.PortfolioInput{Name: "Euro", Currency: "EUR"})
			var p wire.Portfolio
			if err := json.Unmarshal([]byte(r.Body), &p); r.Status != http.StatusCreated || err != nil {
				t.Fatalf("create portfolio: %d %s", r.Status, r.Body)
			}
			tx := wire.TransactionInput{Date: "2024-03-01", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 150}
			if r := ts.do("POST", "/api/portfolios/"+p.ID+"/transactions", token, tx); r.Status != http.StatusCreated {
				t.Fatalf("add transaction: %d %s", r.Status, r.Body)
			}
			r = ts.do("GET", "/api/portfolios/"+p.ID+"/holdings", token, nil)
			var h wire.Holdings
			if err := json.Unmarshal([]byte(r.Body), &h); r.Status != http.StatusOK || err != nil || len(h.Positions) != 1 {
				t.Fatalf("holdings: %d %s", r.Status, r.Body)
			}
			pos := h.Positions[0]
			last, err := time.Parse(time.DateOnly, pos.LastDate)
			if err != nil || tc.last != "" && pos.LastDate != tc.last {
				t.Fatalf("last date %q, want %q", pos.LastDate, tc.last)
			}
			q, c, rate := 10.0, fakePrice(last), tc.rate(last)
			if want := q * (c / rate); math.Abs(pos.MarketValue-want) > 1e-9*want || h.Currency != "EUR" {
				t.Fatalf("value on %s = %v %s, want %v (10 x %v / %v)", pos.LastDate, pos.MarketValue, h.Currency, want, c, rate)
			}
		})
	}
}

func minDay(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// lastWeekday is d or the weekday before it.
func lastWeekday(d time.Time) time.Time {
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d
}
