package portfolioanalytics

import (
	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/taxlots"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// LotEvents maps stored transactions (ledger order) to the lot matcher's
// events: buys open lots, sells close them. Shorts and covers do not
// touch long lots; income and fees do not either.
func LotEvents(txs []model.Transaction) []taxlots.Event {
	out := make([]taxlots.Event, 0, len(txs))
	for _, t := range txs {
		e := taxlots.Event{ID: t.ID, Ticker: t.Ticker, Currency: t.Currency, Date: t.Date, Quantity: t.Quantity, Price: t.Price, Fee: t.Fee}
		switch t.Kind {
		case validate.KindBuy:
			e.Kind = taxlots.Buy
		case validate.KindSell:
			e.Kind = taxlots.Sell
			for _, p := range t.Lots {
				e.Picks = append(e.Picks, taxlots.Pick{Lot: p.Lot, Quantity: p.Quantity})
			}
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// MatchLots matches the sales of the transactions to their lots by the
// method, honouring the lots a sale names.
func MatchLots(txs []model.Transaction, m taxlots.Method) (taxlots.Result, error) {
	return taxlots.Run(LotEvents(txs), m)
}

// Lots returns the open long tax lots of the transactions (oldest first)
// after applying sells first-in first-out, or to the lots a sale names. A
// lot's cost per share includes its buy fee. Shorts and covers do not
// touch long lots. Stored histories always match (the ledger refuses a
// sale naming a lot it cannot close); should one not, its named lots are
// ignored rather than the report failing.
func Lots(txs []model.Transaction) []analytics.Lot {
	ev := LotEvents(txs)
	res, err := taxlots.Run(ev, taxlots.FIFO)
	if err != nil {
		for i := range ev {
			ev[i].Picks = nil
		}
		res, _ = taxlots.Run(ev, taxlots.FIFO) // without picks Run cannot fail
	}
	out := make([]analytics.Lot, len(res.Open))
	for i, l := range res.Open {
		out[i] = analytics.Lot{Ticker: l.Ticker, Quantity: l.Quantity, CostPerShare: l.CostPerShare, Acquired: l.Acquired}
	}
	return out
}
