package ledger

import (
	"context"
	"errors"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Operations a HistoryError names.
const (
	OpUpdate = "update"
	OpDelete = "delete"
)

// HistoryError is an update or delete refused because the history would
// become impossible (a sell of more than is held, ...).
type HistoryError struct {
	Op       string // OpUpdate or OpDelete
	Position *portfolio.PositionError
}

func (e *HistoryError) Error() string {
	return "ledger: " + e.Op + " transaction: " + e.Position.Error()
}

// Unwrap returns the position error.
func (e *HistoryError) Unwrap() error { return e.Position }

// Public says which change was refused and why, for the user.
func (e *HistoryError) Public() string {
	if e.Op == OpDelete {
		return "This transaction cannot be deleted because a later one depends on it: " + e.Position.Msg
	}
	return "This change would make the history impossible: " + e.Position.Msg
}

// refused marks a position error of op as a refused change.
func refused(op string, err error) error {
	var pe *portfolio.PositionError
	if errors.As(err, &pe) {
		return &HistoryError{Op: op, Position: pe}
	}
	return err
}

// Add checks in and appends it to the portfolio's history.
func (s *Service) Add(ctx context.Context, userID, portfolioID string, in wire.TransactionInput) (model.Transaction, error) {
	t, err := s.checkOne(ctx, in)
	if err != nil {
		return model.Transaction{}, err
	}
	if err := s.historySplits(ctx, userID, portfolioID); err != nil {
		return model.Transaction{}, err
	}
	added, err := s.store.AddTransactions(ctx, userID, portfolioID, []model.Transaction{t}, s.now(), s.Ledger())
	if err != nil {
		return model.Transaction{}, err
	}
	return added[0], nil
}

// Update checks in and replaces transaction txID with it.
func (s *Service) Update(ctx context.Context, userID, portfolioID, txID string, in wire.TransactionInput) (model.Transaction, error) {
	t, err := s.checkOne(ctx, in)
	if err != nil {
		return model.Transaction{}, err
	}
	t.ID = txID
	if err := s.historySplits(ctx, userID, portfolioID); err != nil {
		return model.Transaction{}, err
	}
	updated, err := s.store.UpdateTransaction(ctx, userID, portfolioID, t, s.Ledger())
	if err != nil {
		return model.Transaction{}, refused(OpUpdate, err)
	}
	return updated, nil
}

// Delete removes transaction txID when the rest of the history stays
// possible.
func (s *Service) Delete(ctx context.Context, userID, portfolioID, txID string) error {
	if err := s.historySplits(ctx, userID, portfolioID); err != nil {
		return err
	}
	return refused(OpDelete, s.store.DeleteTransaction(ctx, userID, portfolioID, txID, s.Ledger()))
}

// historySplits fetches the data's splits of every ticker the stored
// history trades as traded: a change or a read of the ledger state replays
// the whole history, and after a restart (or on another node sharing the
// database) the split book does not know them yet. Tickers already
// fetched cost nothing; the tickers are asked each time (one query, not
// the history), since another node may have added one since.
func (s *Service) historySplits(ctx context.Context, userID, portfolioID string) error {
	tickers, err := s.store.AsTradedTickers(ctx, userID, portfolioID)
	if err != nil {
		return err
	}
	return s.splits.Fetch(ctx, tickers...)
}

// State returns the checked end state of the portfolio's history, replayed
// with the splits of its as-traded tickers.
func (s *Service) State(ctx context.Context, userID, portfolioID string) (model.LedgerState, error) {
	if err := s.historySplits(ctx, userID, portfolioID); err != nil {
		return nil, err
	}
	return s.store.LedgerState(ctx, userID, portfolioID, s.Ledger())
}

// ErrNoExamplePrices is returned when the market data cannot price the
// example portfolio.
var ErrNoExamplePrices = errors.New("ledger: the market data has no prices for the example portfolio")

// CreateExample creates the example portfolio, priced at the real closes
// of the market data.
func (s *Service) CreateExample(ctx context.Context, userID string) (model.Portfolio, error) {
	txs := make([]model.Transaction, 0, len(portfolio.ExampleTrades))
	for _, tr := range portfolio.ExampleTrades {
		bars, err := s.market.History(ctx, tr.Ticker, tr.Date, tr.Date.AddDate(0, 0, 10))
		if err != nil {
			return model.Portfolio{}, err
		}
		if len(bars) == 0 {
			return model.Portfolio{}, ErrNoExamplePrices
		}
		txs = append(txs, model.Transaction{Kind: tr.Kind, Ticker: tr.Ticker, Date: bars[0].Date,
			Quantity: tr.Quantity, Price: bars[0].Close, Note: "Example trade at the real close", Basis: validate.BasisAdjusted})
	}
	return s.store.CreatePortfolioWith(ctx, userID, portfolio.ExampleName, portfolio.ExampleNote, txs, s.now(), s.Ledger())
}
