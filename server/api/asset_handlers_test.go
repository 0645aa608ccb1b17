package api_test

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// myFundPrices: ten daily closes pasted as CSV with a header.
const myFundPrices = "date,close\n2017-01-02,100\n2017-01-03,100\n2017-01-04,102\n2017-01-05,101\n2017-01-06,103\n" +
	"2017-01-09,104\n2017-01-10,102\n2017-01-11,105\n2017-01-12,106\n2017-01-13,108\n"

func decodeBody[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("%d %s: %v", r.Status, r.Body, err)
	}
	return v
}

// A custom asset with pasted prices is valued and analysed like a listed
// ticker, and nobody else sees it.
func TestCustomAssetWithPastedPricesShowsAnalytics(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("owner", "a long enough passphrase")
	r := ts.do("POST", "/api/assets", token, wire.AssetInput{Symbol: "myfund", Name: "My pension fund", Currency: "USD",
		Sector: "Multi-asset", Country: "Switzerland", Kind: "fund"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	asset := decodeBody[wire.Asset](t, r)
	if asset.Symbol != "MYFUND" || asset.Prices != 0 {
		t.Fatalf("asset %+v", asset)
	}
	r = ts.do("PUT", "/api/assets/"+asset.ID+"/prices", token, wire.AssetPrices{CSV: myFundPrices})
	if got := decodeBody[wire.Asset](t, r); r.Status != 200 || got.Prices != 10 || got.First != "2017-01-02" || got.Last != "2017-01-13" {
		t.Fatalf("prices: %d %s", r.Status, r.Body)
	}
	pid := ts.newPortfolio(token, "With my fund")
	if r := ts.do("POST", "/api/portfolios/"+pid+"/transactions", token, wire.TransactionInput{Date: "2017-01-03", Kind: "buy",
		Ticker: "MYFUND", Quantity: 10, Price: 100}); r.Status != http.StatusCreated {
		t.Fatalf("buy: %d %s", r.Status, r.Body)
	}
	h := decodeBody[wire.Holdings](t, ts.do("GET", "/api/portfolios/"+pid+"/holdings", token, nil))
	if len(h.Positions) != 1 || h.Positions[0].MarketValue != 1080 || h.Positions[0].Name != "My pension fund" || h.Positions[0].LastDate != "2017-01-13" {
		t.Fatalf("holdings %+v", h)
	}
	// 10 shares bought at the 2017-01-03 close of 100, worth 10 x 108 on
	// 2017-01-13: total return 1080 / 1000 - 1 = 0.08 over 8 daily returns.
	a := decodeBody[wire.AnalyticsReport](t, ts.do("GET", "/api/portfolios/"+pid+"/analytics", token, nil))
	if a.Metrics.TotalReturn == nil || math.Abs(*a.Metrics.TotalReturn-0.08) > 1e-12 || a.EndValue != 1080 || a.Returns != 8 {
		t.Fatalf("analytics %+v", a)
	}
	if len(a.Sectors) != 1 || a.Sectors[0].Key != "Multi-asset" || len(a.Countries) != 1 || a.Countries[0].Key != "Switzerland" {
		t.Fatalf("allocation %+v %+v", a.Sectors, a.Countries)
	}
	stress := ts.do("POST", "/api/portfolios/"+pid+"/stress", token, wire.StressRequest{Sets: []wire.StressSet{{Name: "Fund -10%",
		TickerShocks: map[string]float64{"MYFUND": -0.1}}}})
	if stress.Status != http.StatusOK || !strings.Contains(stress.Body, `"MYFUND"`) || !strings.Contains(stress.Body, "-108") {
		t.Fatalf("stress: %d %s", stress.Status, stress.Body)
	}
	if r := ts.do("GET", "/api/market/symbols?q=pension", token, nil); !strings.Contains(r.Body, `"MYFUND"`) {
		t.Fatalf("search: %s", r.Body)
	}

	export := decodeBody[wire.ExportData](t, ts.do("GET", "/api/export.json", token, nil))
	if len(export.Assets) != 1 || export.Assets[0].Asset.Symbol != "MYFUND" || len(export.Assets[0].Prices) != 10 {
		t.Fatalf("export assets %+v", export.Assets)
	}
	other, _ := ts.registerAndLogin("stranger", "another long passphrase")
	for _, path := range []string{"/api/assets/" + asset.ID, "/api/assets/" + asset.ID + "/prices"} {
		if r := ts.do("GET", path, other, nil); r.Status != http.StatusNotFound {
			t.Errorf("another user's %s: %d", path, r.Status)
		}
	}
	if r := ts.do("DELETE", "/api/assets/"+asset.ID, other, nil); r.Status != http.StatusNotFound {
		t.Errorf("another user's delete: %d", r.Status)
	}
	theirs := ts.newPortfolio(other, "Theirs")
	if r := ts.do("POST", "/api/portfolios/"+theirs+"/transactions", other, wire.TransactionInput{Date: "2017-01-03", Kind: "buy",
		Ticker: "MYFUND", Quantity: 1, Price: 100}); r.Status != http.StatusBadRequest {
		t.Errorf("another user used MYFUND: %d %s", r.Status, r.Body)
	}
	if r := ts.do("GET", "/api/market/symbols?q=pension", other, nil); strings.Contains(r.Body, "MYFUND") {
		t.Errorf("another user finds MYFUND: %s", r.Body)
	}
	if r := ts.do("DELETE", "/api/assets/"+asset.ID, token, nil); r.Status != http.StatusConflict {
		t.Errorf("delete of a used asset: %d %s", r.Status, r.Body)
	}
}

func TestCustomAssetHostileInput(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("owner", "a long enough passphrase")
	good := wire.AssetInput{Symbol: "GOLDBAR", Name: "Gold bar", Currency: "CHF", Kind: "other"}
	r := ts.do("POST", "/api/assets", token, good)
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := decodeBody[wire.Asset](t, r).ID
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		want               string
	}{
		{"listed ticker", "POST", "/api/assets", wire.AssetInput{Symbol: "AAPL", Name: "Mine", Currency: "USD", Kind: "stock"}, 409, "listed ticker"},
		{"taken symbol", "POST", "/api/assets", good, 409, "already have"},
		{"bad symbol", "POST", "/api/assets", wire.AssetInput{Symbol: "../x", Name: "x", Currency: "USD", Kind: "stock"}, 400, "Symbol"},
		{"bad kind", "POST", "/api/assets", wire.AssetInput{Symbol: "ABC", Name: "x", Currency: "USD", Kind: "nft"}, 400, "Kind must be"},
		{"bad currency", "POST", "/api/assets", wire.AssetInput{Symbol: "ABC", Name: "x", Currency: "XXX", Kind: "stock"}, 400, "Currency"},
		{"control characters", "POST", "/api/assets", wire.AssetInput{Symbol: "ABC", Name: "a\x00b", Currency: "USD", Kind: "stock"}, 400, ""},
		{"privileged field", "POST", "/api/assets", map[string]string{"symbol": "ABC", "name": "x", "currency": "USD", "kind": "stock", "owner": "u"}, 400, "Unknown field"},
		{"symbol change", "PUT", "/api/assets/" + id, wire.AssetInput{Symbol: "OTHER", Name: "x", Currency: "USD", Kind: "stock"}, 400, "cannot change"},
		{"negative price", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{Prices: []wire.AssetPrice{{Date: "2017-01-02", Close: -1}}}, 400, "positive"},
		{"bad date", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{CSV: "2017-13-40,1\n"}, 400, "real date"},
		{"twice a date", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{CSV: "2017-01-02,1\n2017-01-02,2\n"}, 400, "two prices"},
		{"not a price", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{CSV: "2017-01-02,1\n2017-01-03,=1+1\n"}, 400, "not a price"},
		{"both", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{CSV: "2017-01-02,1", Prices: []wire.AssetPrice{{Date: "2017-01-02", Close: 1}}}, 400, "either"},
		{"too many", "PUT", "/api/assets/" + id + "/prices", wire.AssetPrices{CSV: strings.Repeat("2017-01-02,1\n", 20001)}, 400, "At most"},
		{"bad id", "GET", "/api/assets/..%2Fx", nil, 400, ""},
		{"unknown id", "GET", "/api/assets/nope", nil, 404, ""},
	} {
		r := ts.do(tc.method, tc.path, token, tc.body)
		if r.Status != tc.status || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
	}
	list := decodeBody[[]wire.Asset](t, ts.do("GET", "/api/assets", token, nil))
	if len(list) != 1 || list[0].Prices != 0 || list[0].Sector != "Unknown" {
		t.Fatalf("refused requests changed the assets: %+v", list)
	}
	// Prices given by hand, with a semicolon and a decimal comma.
	r = ts.do("PUT", "/api/assets/"+id+"/prices", token, wire.AssetPrices{CSV: "2017-01-03;1234,5\n2017-01-02;1230\n"})
	if got := decodeBody[wire.Asset](t, r); got.Prices != 2 || got.First != "2017-01-02" {
		t.Fatalf("%s", r.Body)
	}
	if r := ts.do("DELETE", "/api/assets/"+id, token, nil); r.Status != http.StatusNoContent {
		t.Fatalf("delete: %d", r.Status)
	}
}

// TestCustomAssetKeepsItsCurrency holds a EUR custom asset in a USD
// portfolio: the trade settles in EUR and the holding is worth its EUR
// value at that day's ECB rate (10 x 108 EUR x 1.0661 USD/EUR on
// 2017-01-13 = 1,151.388 USD), not the EUR figure read as dollars.
func TestCustomAssetKeepsItsCurrency(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	token, _ := ts.registerAndLogin("owner", "a long enough passphrase")
	r := ts.do("POST", "/api/assets", token, wire.AssetInput{Symbol: "eurfund", Name: "Euro fund", Currency: "EUR",
		Sector: "Multi-asset", Country: "Germany", Kind: "fund"})
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	asset := decodeBody[wire.Asset](t, r)
	if r := ts.do("PUT", "/api/assets/"+asset.ID+"/prices", token, wire.AssetPrices{CSV: myFundPrices}); r.Status != http.StatusOK {
		t.Fatalf("prices: %d %s", r.Status, r.Body)
	}
	pid := ts.newPortfolio(token, "Dollars")
	if r := ts.do("POST", "/api/portfolios/"+pid+"/transactions", token, wire.TransactionInput{Date: "2017-01-03", Kind: "buy",
		Ticker: "EURFUND", Quantity: 10, Price: 100}); r.Status != http.StatusCreated {
		t.Fatalf("buy: %d %s", r.Status, r.Body)
	} else if tx := decodeBody[wire.Transaction](t, r); tx.Currency != "EUR" {
		t.Fatalf("the trade settles in %q, want EUR", tx.Currency)
	}
	h := decodeBody[wire.Holdings](t, ts.do("GET", "/api/portfolios/"+pid+"/holdings", token, nil))
	if len(h.Positions) != 1 {
		t.Fatalf("holdings %+v", h)
	}
	p := h.Positions[0]
	if p.MarketValueLocal != 1080 || math.Abs(p.MarketValue-1080*1.0661) > 1e-9 {
		t.Fatalf("market value %v USD (local %v), want %v USD from 1080 EUR", p.MarketValue, p.MarketValueLocal, 1080*1.0661)
	}
}
