package portfolioanalytics

import (
	"slices"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Ledger is a portfolio's transactions in analytics form.
type Ledger struct {
	Trades    []analytics.Trade
	Dividends []analytics.Dividend
	Tickers   []string // every ticker with a transaction, sorted
}

// Convert maps stored transactions (positive quantities, the kind gives
// the sign) to signed trades and cash dividends:
//   - buy and cover add shares, sell and short remove them;
//   - dividend is income of quantity x price - fee;
//   - fee is a cost of quantity x price + fee, booked as a negative
//     dividend (cash leaving the portfolio).
func Convert(txs []model.Transaction) Ledger {
	var l Ledger
	seen := map[string]bool{}
	for _, t := range txs {
		if validate.IsCashEntry(t.Kind, t.Amount) || t.Kind == validate.KindSplit {
			continue // cash and splits are booked by the cash ledger
		}
		if !seen[t.Ticker] {
			seen[t.Ticker] = true
			l.Tickers = append(l.Tickers, t.Ticker)
		}
		switch t.Kind {
		case validate.KindBuy, validate.KindCover:
			l.Trades = append(l.Trades, analytics.Trade{Date: t.Date, Ticker: t.Ticker, Quantity: t.Quantity, Price: t.Price, Fee: t.Fee})
		case validate.KindSell, validate.KindShort:
			l.Trades = append(l.Trades, analytics.Trade{Date: t.Date, Ticker: t.Ticker, Quantity: -t.Quantity, Price: t.Price, Fee: t.Fee})
		case validate.KindDividend:
			l.Dividends = append(l.Dividends, analytics.Dividend{Date: t.Date, Ticker: t.Ticker, Amount: t.Quantity*t.Price - t.Fee})
		case validate.KindFee:
			l.Dividends = append(l.Dividends, analytics.Dividend{Date: t.Date, Ticker: t.Ticker, Amount: -(t.Quantity*t.Price + t.Fee)})
		}
	}
	slices.Sort(l.Tickers)
	return l
}

// without returns the ledger minus the given tickers (no price data).
func (l Ledger) without(missing []string) Ledger {
	if len(missing) == 0 {
		return l
	}
	drop := func(tk string) bool { return slices.Contains(missing, tk) }
	out := Ledger{}
	for _, t := range l.Trades {
		if !drop(t.Ticker) {
			out.Trades = append(out.Trades, t)
		}
	}
	for _, d := range l.Dividends {
		if !drop(d.Ticker) {
			out.Dividends = append(out.Dividends, d)
		}
	}
	for _, tk := range l.Tickers {
		if !drop(tk) {
			out.Tickers = append(out.Tickers, tk)
		}
	}
	return out
}
