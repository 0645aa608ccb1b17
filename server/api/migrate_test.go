package api_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestMigratedInstallationAnswersTheSame: a SQLite installation moved to
// PostgreSQL (store.MigrateSQLiteToPostgres) serves every read of its
// users the same, byte for byte, to the tokens issued before the move.
func TestMigratedInstallationAnswersTheSame(t *testing.T) {
	sqliteOnly(t, "the installation moved is a SQLite one")
	dir := t.TempDir()
	src := newAdminFixture(t, testOptions{data: dir})
	bobTok, _ := src.registerAndLogin("bob", adminPassword)
	paths := map[string][]string{
		src.userTok:  populateForMigration(t, src.testServer, src.userTok, true),
		bobTok:       populateForMigration(t, src.testServer, bobTok, false),
		src.adminTok: {"/api/me", "/api/admin/users", "/api/admin/security-events", "/api/admin/audit?limit=500"},
	}
	if r := src.do("POST", "/api/auth/login", "", wire.Credentials{Username: "bob", Password: "wrong passphrase"}); r.Status != http.StatusUnauthorized {
		t.Fatalf("failed login: %d", r.Status)
	}
	read := func(ts *testServer) map[string]string {
		out := map[string]string{}
		for tok, ps := range paths {
			for _, p := range ps {
				r := ts.do("GET", p, tok, nil)
				if r.Status != http.StatusOK {
					t.Fatalf("GET %s: %d %s", p, r.Status, r.Body)
				}
				out[tok[len(tok)-8:]+" "+p] = r.Body
			}
		}
		return out
	}
	want := read(src.testServer)
	if err := src.Platform.Close(); err != nil {
		t.Fatal(err)
	}

	url := pgtest.URL(t)
	if _, err := store.MigrateSQLiteToPostgres(context.Background(), dir, url); err != nil {
		t.Fatal(err)
	}
	dst := newTestServer(t, testOptions{data: dir, database: url, dev: true})
	if dst.Platform.Store.Backend() != "postgres" {
		t.Fatal("the new server is not on PostgreSQL")
	}
	got := read(dst)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("GET %s differs after the move:\n got %s\nwant %s", k, got[k], w)
		}
	}
	// The moved installation keeps working: new rows, the audit chain.
	pid := dst.newPortfolio(bobTok, "After the move")
	if r := dst.do("POST", "/api/portfolios/"+pid+"/transactions", bobTok, wire.TransactionInput{Date: "2017-03-01", Kind: "buy",
		Ticker: "KO", Quantity: 1, Price: 41}); r.Status != http.StatusCreated {
		t.Fatalf("buy after the move: %d %s", r.Status, r.Body)
	}
	if r := dst.do("GET", "/api/admin/audit/verify", src.adminTok, nil); r.Status != http.StatusOK || !strings.Contains(r.Body, `"ok":true`) {
		t.Fatalf("audit verify after the move: %d %s", r.Status, r.Body)
	}
}

// populateForMigration gives the account behind tok portfolios with cash
// and trades, an import with a saved mapping, a custom asset with prices,
// an alert rule and a watchlist, and returns the paths that read them.
func populateForMigration(t *testing.T, ts *testServer, tok string, rich bool) []string {
	t.Helper()
	r := ts.do("POST", "/api/portfolios", tok, wire.PortfolioInput{Name: "Euro", Note: "cash and trades", Currency: "EUR"})
	expect(t, r, http.StatusCreated)
	pid := decodeBody[wire.Portfolio](t, r).ID
	for _, in := range []wire.TransactionInput{
		{Date: "2015-01-02", Kind: "deposit", Amount: 20000, Currency: "USD"},
		{Date: "2015-01-05", Kind: "buy", Ticker: "KO", Quantity: 100, Price: 42, Fee: 5},
		{Date: "2015-01-05", Kind: "buy", Ticker: "AAPL", Quantity: 30, Price: 106, Fee: 5},
		{Date: "2015-06-01", Kind: "dividend", Ticker: "KO", Quantity: 1, Price: 33},
		{Date: "2016-02-01", Kind: "sell", Ticker: "KO", Quantity: 40, Price: 43, Fee: 5},
		{Date: "2016-03-01", Kind: "withdrawal", Amount: 1000, Currency: "USD"},
	} {
		expect(t, ts.do("POST", "/api/portfolios/"+pid+"/transactions", tok, in), http.StatusCreated)
	}
	paths := []string{"/api/portfolios", "/api/portfolios/" + pid, "/api/portfolios/" + pid + "/transactions",
		"/api/portfolios/" + pid + "/holdings", "/api/portfolios/" + pid + "/analytics", "/api/portfolios/" + pid + "/income?by=month",
		"/api/portfolios/" + pid + "/realised-gains?year=2016", "/api/portfolios/" + pid + "/lots", "/api/me"}
	if !rich {
		return paths
	}
	imp := ts.newPortfolio(tok, "Imported")
	req := wire.ImportFileRequest{Format: "custom", Mapping: bankMapping, Save: true, File: base64.StdEncoding.EncodeToString([]byte(bankCSV))}
	expect(t, ts.do("POST", "/api/portfolios/"+imp+"/import/file", tok, req), http.StatusOK)
	r = ts.do("POST", "/api/assets", tok, wire.AssetInput{Symbol: "myfund", Name: "My pension fund", Currency: "USD",
		Sector: "Multi-asset", Country: "Switzerland", Kind: "fund"})
	expect(t, r, http.StatusCreated)
	asset := decodeBody[wire.Asset](t, r).ID
	expect(t, ts.do("PUT", "/api/assets/"+asset+"/prices", tok, wire.AssetPrices{CSV: myFundPrices}), http.StatusOK)
	fund := ts.newPortfolio(tok, "Fund")
	expect(t, ts.do("POST", "/api/portfolios/"+fund+"/transactions", tok, wire.TransactionInput{Date: "2017-01-03", Kind: "buy",
		Ticker: "MYFUND", Quantity: 10, Price: 100}), http.StatusCreated)
	expect(t, ts.do("POST", wire.RouteAlerts, tok, wire.AlertRuleInput{Name: "KO below 40", Kind: wire.AlertPriceBelow, Ticker: "KO",
		Threshold: 40, Channels: []string{"inapp"}, CooldownHours: 12}), http.StatusCreated)
	expect(t, ts.do("PUT", wire.RouteWatchlist, tok, wire.Watchlist{Tickers: []string{"KO", "AAPL", "MYFUND"}}), http.StatusOK)
	return append(paths, "/api/portfolios/"+imp+"/transactions", "/api/portfolios/"+imp+"/holdings",
		"/api/portfolios/"+imp+"/analytics", "/api/portfolios/"+fund+"/analytics", "/api/assets", "/api/assets/"+asset+"/prices",
		"/api/import/mappings", wire.RouteAlerts, wire.RouteWatchlist, "/api/me/sessions")
}
