package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestConcurrentWritersOneUser has 50 clients of one account write to the
// same portfolio at once (transactions, renames, stress-free reads): every
// write is answered 2xx, none is lost, and nothing ends in a 5xx such as a
// "database is locked".
func TestConcurrentWritersOneUser(t *testing.T) {
	f := newPFFixture(t)
	const clients, perClient = 50, 8
	base := "/api/portfolios/" + f.folio
	var wg sync.WaitGroup
	fails := make(chan string, clients*perClient*2)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				in := wire.TransactionInput{Date: "2013-01-02", Kind: "buy", Ticker: "MSFT", Quantity: float64(1 + i), Price: 27}
				if r := f.ts.doNoFatal("POST", base+"/transactions", f.alice, in); r.Status != http.StatusCreated {
					fails <- fmt.Sprintf("client %d write %d: %d %s", c, i, r.Status, r.Body)
				}
				if c%5 == 0 {
					name := wire.PortfolioInput{Name: fmt.Sprintf("Main %d", c)}
					if r := f.ts.doNoFatal("PUT", base, f.alice, name); r.Status != http.StatusOK {
						fails <- fmt.Sprintf("client %d rename: %d %s", c, r.Status, r.Body)
					}
				}
				if r := f.ts.doNoFatal("GET", base+"/holdings", f.alice, nil); r.Status != http.StatusOK {
					fails <- fmt.Sprintf("client %d holdings: %d %s", c, r.Status, r.Body)
				}
			}
		}()
	}
	wg.Wait()
	close(fails)
	for msg := range fails {
		t.Error(msg)
	}
	var txs []wire.Transaction
	mustJSON(t, f.ts.do("GET", base+"/transactions", f.alice, nil).Body, &txs)
	if want := 2 + clients*perClient; len(txs) != want {
		t.Fatalf("%d transactions stored, want %d", len(txs), want)
	}
}
