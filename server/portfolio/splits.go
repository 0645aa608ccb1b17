package portfolio

import (
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// SplitData returns the market data's splits of a ticker, oldest first
// (nil when it knows none).
type SplitData func(ticker string) []model.Split

// Adjust restates every as-traded trade (buy, sell, short, cover) of a
// sorted history in the split-adjusted terms of the price series: its
// quantity times F and its price divided by F, where F is the product of
// the ratios of the ticker's splits dated after the trade (a trade on a
// split's date is already post-split). The splits are the data's plus the
// history's split transactions; a split transaction replaces a data split
// of the same ticker and date. Adjusted trades and all other entries are
// used as entered; the cost (quantity x price + fee) of a trade does not
// change. Restated trades carry the adjusted basis. A history without
// as-traded trades is returned as it is.
func Adjust(txs []model.Transaction, data SplitData) []model.Transaction {
	if !slices.ContainsFunc(txs, isAsTradedTrade) {
		return txs
	}
	own := map[string][]model.Split{}
	for _, t := range txs {
		if t.Kind == validate.KindSplit {
			own[t.Ticker] = append(own[t.Ticker], model.Split{Ticker: t.Ticker, Date: t.Date, Ratio: t.Ratio, Source: "transaction"})
		}
	}
	out := slices.Clone(txs)
	for i, t := range out {
		if !isAsTradedTrade(t) {
			continue
		}
		if f := factorAfter(t.Ticker, t.Date, own[t.Ticker], data); f != 1 {
			out[i] = restate(t, f)
		}
		out[i].Basis = validate.BasisAdjusted
	}
	return out
}

// SplitsOf merges the data's splits of a ticker with the history's split
// transactions (which win on the same date), oldest first.
func SplitsOf(ticker string, own []model.Split, data SplitData) []model.Split {
	var all []model.Split
	if data != nil {
		for _, s := range data(ticker) {
			if !slices.ContainsFunc(own, func(o model.Split) bool { return o.Date.Equal(s.Date) }) {
				all = append(all, s)
			}
		}
	}
	all = append(all, own...)
	slices.SortStableFunc(all, func(a, b model.Split) int { return a.Date.Compare(b.Date) })
	return all
}

// SharesFactor is how many split-adjusted shares one share of ticker held
// on date is: the product of the ratios of its later splits (the data's
// and the history's split transactions).
func SharesFactor(txs []model.Transaction, data SplitData, ticker string, date time.Time) float64 {
	var own []model.Split
	for _, t := range txs {
		if t.Kind == validate.KindSplit && t.Ticker == ticker {
			own = append(own, model.Split{Ticker: t.Ticker, Date: t.Date, Ratio: t.Ratio, Source: "transaction"})
		}
	}
	return factorAfter(ticker, date, own, data)
}

// restate scales an as-traded trade by the split factor f: quantity x f,
// price / f, and the shares a sale takes from each lot it names x f (they
// are in the sale date's shares, like its quantity).
func restate(t model.Transaction, f float64) model.Transaction {
	t.Quantity, t.Price = t.Quantity*f, t.Price/f
	if len(t.Lots) > 0 {
		lots := make([]model.LotPick, len(t.Lots))
		for i, p := range t.Lots {
			lots[i] = model.LotPick{Lot: p.Lot, Quantity: p.Quantity * f}
		}
		t.Lots = lots
	}
	return t
}

// factorAfter is the product of the ratios of the splits after date.
func factorAfter(ticker string, date time.Time, own []model.Split, data SplitData) float64 {
	f := 1.0
	for _, s := range SplitsOf(ticker, own, data) {
		if s.Date.After(date) {
			f *= s.Ratio
		}
	}
	return f
}

func isAsTradedTrade(t model.Transaction) bool {
	if t.Basis != validate.BasisAsTraded {
		return false
	}
	switch t.Kind {
	case validate.KindBuy, validate.KindSell, validate.KindShort, validate.KindCover:
		return true
	}
	return false
}

// AsTradedTickers lists the tickers with an as-traded trade: the only ones
// whose splits a history needs.
func AsTradedTickers(txs []model.Transaction) []string {
	var out []string
	for _, t := range txs {
		if isAsTradedTrade(t) && !slices.Contains(out, t.Ticker) {
			out = append(out, t.Ticker)
		}
	}
	return out
}
