package ledger

import (
	"context"
	"errors"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// checker validates transaction inputs with the shared rules plus the
// market provider (known ticker, date not before the data starts). It
// remembers tickers already looked up, for imports.
type checker struct {
	prov   market.Provider
	splits *market.SplitBook
	today  time.Time
	known  map[string]symbolResult
}

type symbolResult struct {
	sym market.Symbol
	err error
}

func (s *Service) newChecker() *checker {
	return &checker{prov: s.market, splits: s.splits, today: s.now().UTC(), known: map[string]symbolResult{}}
}

// symbol looks a ticker up once per checker.
func (c *checker) symbol(ctx context.Context, ticker string) (market.Symbol, error) {
	r, seen := c.known[ticker]
	if !seen {
		r.sym, r.err = c.prov.Symbol(ctx, ticker)
		c.known[ticker] = r
	}
	return r.sym, r.err
}

// check returns the transaction to store, or field errors, or an error
// when the market provider is unavailable.
func (c *checker) check(ctx context.Context, in validate.TxInput) (model.Transaction, validate.FieldErrors, error) {
	in, ferrs := validate.Transaction(in, c.today)
	if ferrs != nil {
		return model.Transaction{}, ferrs, nil
	}
	date, _ := validate.Date(in.Date)
	t := model.Transaction{Kind: in.Kind, Ticker: in.Ticker, Note: in.Note, Date: date,
		Quantity: in.Quantity, Price: in.Price, Fee: in.Fee,
		Amount: in.Amount, Currency: in.Currency, Basis: in.Basis, Ratio: in.Ratio, Lots: modelLots(in.Lots)}
	if in.Ticker == "" { // a cash entry: no instrument to look up
		return t, nil, nil
	}
	sym, err := c.symbol(ctx, in.Ticker)
	switch {
	case errors.Is(err, market.ErrUnavailable):
		return model.Transaction{}, nil, err
	case err != nil:
		return model.Transaction{}, validate.FieldErrors{"ticker": "Ticker " + in.Ticker + " is not in the market data: pick one from the list."}, nil
	}
	if in.Basis == validate.BasisAsTraded || in.Kind == validate.KindSplit {
		// Only as-traded trades (and the history a split rescales) read
		// the data's splits; without them the check cannot be right.
		if err := c.splits.Fetch(ctx, in.Ticker); err != nil {
			return model.Transaction{}, nil, err
		}
	}
	if !validate.IsCashEntry(in.Kind, in.Amount) && in.Kind != validate.KindSplit {
		if cur := sym.QuoteCurrency(); in.Currency != "" && in.Currency != cur {
			return model.Transaction{}, validate.FieldErrors{"currency": in.Ticker + " is quoted in " + cur + ": a trade's price is in the instrument's currency."}, nil
		}
		t.Currency = sym.QuoteCurrency()
	}
	if rp, ok := c.prov.(market.Ranged); ok {
		if first, _ := rp.Range(); date.Before(first) {
			return model.Transaction{}, validate.FieldErrors{"date": "Date must not be before " + first.Format(time.DateOnly) + ", when the market data starts."}, nil
		}
	}
	return t, nil, nil
}

// checkOne checks a single input: field errors come back as the error.
func (s *Service) checkOne(ctx context.Context, in wire.TransactionInput) (model.Transaction, error) {
	t, ferrs, err := s.newChecker().check(ctx, fromInput(in))
	if err != nil {
		return model.Transaction{}, err
	}
	if ferrs != nil {
		return model.Transaction{}, ferrs
	}
	return t, nil
}

func fromInput(in wire.TransactionInput) validate.TxInput {
	return validate.TxInput{Date: in.Date, Kind: in.Kind, Ticker: in.Ticker, Quantity: in.Quantity,
		Price: in.Price, Fee: in.Fee, Note: in.Note, Amount: in.Amount, Currency: in.Currency, Basis: in.Basis, Ratio: in.Ratio,
		Lots: inputLots(in.Lots)}
}

// inputLots converts a sale's named lots for validation.
func inputLots(picks []wire.LotPick) []validate.LotPick {
	if len(picks) == 0 {
		return nil
	}
	out := make([]validate.LotPick, len(picks))
	for i, p := range picks {
		out[i] = validate.LotPick{Lot: p.Lot, Quantity: p.Quantity}
	}
	return out
}

// modelLots converts validated named lots for storage.
func modelLots(picks []validate.LotPick) []model.LotPick {
	if len(picks) == 0 {
		return nil
	}
	out := make([]model.LotPick, len(picks))
	for i, p := range picks {
		out[i] = model.LotPick{Lot: p.Lot, Quantity: p.Quantity}
	}
	return out
}
