package api_test

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/market/yahootest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// A portfolio of a 2006-2017 stock and a ticker only the live provider
// (here its local fake) has is valued on the same dates: the embedded
// AAPL continues after 2017 at the live closes scaled at the seam (the
// fake quotes a quarter of the embedded close on 2017-12-29, so k = 4),
// and TSLA comes from the live provider.
func TestEmbeddedAndLiveTickersValuedTogether(t *testing.T) {
	t.Parallel()
	emb, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	seam, err := emb.Latest(context.Background(), "AAPL")
	if err != nil {
		t.Fatal(err)
	}
	fake := yahootest.New(map[string][]yahootest.Close{
		"AAPL": {{Date: "2017-12-29", Close: seam.Close / 4}, {Date: "2018-01-02", Close: 43.06}, {Date: "2018-01-03", Close: 43.0575}},
		"TSLA": {{Date: "2018-01-02", Close: 320.53}, {Date: "2018-01-03", Close: 317.25}},
	})
	defer fake.Close()
	live, err := market.NewComposite(context.Background(), market.Config{Live: true, YahooBaseURL: fake.URL(), MaxRetries: -1,
		Now: func() time.Time { return time.Date(2018, 1, 5, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ts := newTestServer(t, testOptions{market: live})
	token, _ := ts.registerAndLogin("seam", "a long enough passphrase")
	pid := ts.newPortfolio(token, "Old and new")
	for _, in := range []wire.TransactionInput{
		{Date: "2017-12-01", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 171.05},
		{Date: "2018-01-02", Kind: "buy", Ticker: "TSLA", Quantity: 2, Price: 320.53},
	} {
		if r := ts.do("POST", "/api/portfolios/"+pid+"/transactions", token, in); r.Status != http.StatusCreated {
			t.Fatalf("%s: %d %s", in.Ticker, r.Status, r.Body)
		}
	}
	h := decodeBody[wire.Holdings](t, ts.do("GET", "/api/portfolios/"+pid+"/holdings", token, nil))
	values := map[string]wire.Position{}
	for _, p := range h.Positions {
		values[p.Ticker] = p
	}
	// 2018-01-03: AAPL 43.0575 x 4 = 172.23, TSLA 317.25.
	if a, b := values["AAPL"], values["TSLA"]; a.LastDate != "2018-01-03" || b.LastDate != "2018-01-03" ||
		math.Abs(a.MarketValue-1722.3) > 1e-6 || math.Abs(b.MarketValue-634.5) > 1e-6 {
		t.Fatalf("holdings %+v", h.Positions)
	}
	a := decodeBody[wire.AnalyticsReport](t, ts.do("GET", "/api/portfolios/"+pid+"/analytics", token, nil))
	if a.To != "2018-01-03" || math.Abs(a.EndValue-(1722.3+634.5)) > 1e-6 {
		t.Fatalf("analytics to %s end %.4f", a.To, a.EndValue)
	}
	// Both are in the value series on 2018-01-02: 10 x 172.24 + 2 x 320.53 = 2363.46.
	found := false
	for _, p := range a.Series {
		if p.Date == "2018-01-02" {
			found = math.Abs(p.Value-2363.46) < 1e-6
		}
	}
	if !found {
		t.Fatalf("series %+v", a.Series[len(a.Series)-3:])
	}
}
