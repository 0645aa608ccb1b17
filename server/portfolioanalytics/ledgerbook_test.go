package portfolioanalytics

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// TestRatesEndBoundsValuation: a EUR portfolio priced by a provider whose
// closes run past the end of the exchange rates (2024-10-11, carried to
// 2024-10-18) is valued up to there; an entry after it is pending, not an
// error. By hand: 1 share at 55 USD on 2024-10-18 is 55 / 1.0938 EUR (the
// 2024-10-11 rate carried forward).
func TestRatesEndBoundsValuation(t *testing.T) {
	d := []time.Time{day("2024-10-10"), day("2024-10-18"), day("2024-11-04")}
	p := &fakeProvider{ref: &fakeRef{dates: d, closes: map[string][]float64{"XA": {1, 1, 1}, "XB": {1, 1, 1}}}}
	src := Source{Market: p}
	b, err := src.LoadIn(context.Background(), "EUR", []model.Transaction{
		{Kind: "buy", Ticker: "ZZ", Date: d[0], Quantity: 1, Price: 50, Basis: "adjusted"},
		{Kind: "buy", Ticker: "ZZ", Date: d[2], Quantity: 1, Price: 60, Basis: "adjusted"},
	})
	if err != nil {
		t.Fatal(err)
	}
	usd := 1.0938
	if !b.LastPriceDate().Equal(d[1]) || len(b.Pending) != 1 {
		t.Fatalf("last price date %s, %d pending", b.LastPriceDate(), len(b.Pending))
	}
	rep, err := b.Report(time.Time{}, time.Time{}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.To != "2024-10-18" || rep.EndValue != 55/usd || rep.Currency != "EUR" {
		t.Fatalf("to %s end %v (want %v) currency %s", rep.To, rep.EndValue, 55/usd, rep.Currency)
	}
}
