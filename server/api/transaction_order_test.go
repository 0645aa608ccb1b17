//go:build !js

package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestListTransactionsOldestFirst adds trades out of date order, with a
// different ticker each and two on the same day, and checks the list comes
// back by trade date, same-day trades in the order they were entered.
func TestListTransactionsOldestFirst(t *testing.T) {
	f := newPFFixture(t)
	base := "/api/portfolios/" + f.folio + "/transactions"
	// The fixture holds AAPL bought 2010-01-04 and sold 2012-01-04.
	for _, in := range []wire.TransactionInput{
		{Date: "2013-06-03", Kind: "buy", Ticker: "MSFT", Quantity: 20, Price: 34.9},
		{Date: "2011-03-01", Kind: "buy", Ticker: "KO", Quantity: 5, Price: 31.5},
		{Date: "2008-05-01", Kind: "buy", Ticker: "GE", Quantity: 10, Price: 26.1},
		{Date: "2011-03-01", Kind: "buy", Ticker: "XOM", Quantity: 3, Price: 83.2},
	} {
		f.addTx(t, in)
	}
	r := f.ts.do("GET", base, f.alice, nil)
	expectStatus(t, r, http.StatusOK)
	var list []wire.Transaction
	mustJSON(t, r.Body, &list)
	var got []string
	for _, tx := range list {
		got = append(got, fmt.Sprintf("%s %s %s", tx.Date, tx.Kind, tx.Ticker))
	}
	want := []string{
		"2008-05-01 buy GE",
		"2010-01-04 buy AAPL",
		"2011-03-01 buy KO",
		"2011-03-01 buy XOM",
		"2012-01-04 sell AAPL",
		"2013-06-03 buy MSFT",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("transactions in this order:\n%s\nwant oldest first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
