package portfolioanalytics

import (
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/taxlots"
)

// TestFIFOMatchesHoldingsRealised cross-checks two engines: the fifo
// matches of server/taxlots add up, per ticker, to the realised P&L the
// holdings replay (server/portfolio) books for the same sales, with and
// without a sale naming its lots.
func TestFIFOMatchesHoldingsRealised(t *testing.T) {
	txs := []model.Transaction{
		{ID: "b1", Kind: "buy", Ticker: "A", Date: day("2015-01-02"), Quantity: 10, Price: 100, Fee: 5},
		{ID: "b2", Kind: "buy", Ticker: "A", Date: day("2015-03-02"), Quantity: 5, Price: 120},
		{ID: "b3", Kind: "buy", Ticker: "A", Date: day("2015-03-02"), Quantity: 5, Price: 90, Fee: 1},
		{ID: "s1", Kind: "sell", Ticker: "A", Date: day("2016-01-04"), Quantity: 12, Price: 130, Fee: 6},
		{ID: "s2", Kind: "sell", Ticker: "A", Date: day("2016-04-01"), Quantity: 2.5, Price: 80, Fee: 4},
		{ID: "c1", Kind: "short", Ticker: "B", Date: day("2016-04-01"), Quantity: 3, Price: 9},
	}
	named := append([]model.Transaction(nil), txs...)
	named[3].Lots = []model.LotPick{{Lot: "b3", Quantity: 5}, {Lot: "b1", Quantity: 7}}
	for name, h := range map[string][]model.Transaction{"fifo": txs, "named": named} {
		t.Run(name, func(t *testing.T) {
			b, err := portfolio.Replay(h)
			if err != nil {
				t.Fatal(err)
			}
			res, err := MatchLots(h, taxlots.FIFO)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for _, m := range res.Matches {
				sum += m.Gain
			}
			if got := b.Positions["A"].Realised; math.Abs(got-sum) > 1e-9 {
				t.Errorf("holdings realised %v, fifo matches %v", got, sum)
			}
			open := 0.0
			for _, l := range Lots(h) {
				open += l.Quantity * l.CostPerShare
			}
			if got := b.Positions["A"].Basis(); math.Abs(got-open) > 1e-9 {
				t.Errorf("holdings basis %v, open lots %v", got, open)
			}
		})
	}
}
