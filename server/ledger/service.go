// Package ledger owns the changes to a user's portfolio data: adding,
// updating and deleting transactions, creating the example portfolio,
// importing CSV files, and the stress sets and stress plans that run on a
// portfolio. Every change is checked against the shared validation rules,
// the market data (known ticker, date not before the data starts) and the
// history it would produce (portfolio.Ledger) before the store writes it.
// Handlers decode a request, call the Service and encode its answer; the
// errors it returns are domain errors (model, validate.FieldErrors,
// *HistoryError, *InputError, market) the API maps in one place.
package ledger

import (
	"context"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/server/store"
)

// Options are the dependencies of a Service.
type Options struct {
	Store  *store.Store
	Market market.Provider
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Service implements the ledger operations.
type Service struct {
	store  *store.Store
	market market.Provider
	splits *market.SplitBook
	now    func() time.Time

	mu     sync.Mutex
	gen    int          // the split book's generation ledger was made for
	ledger model.Ledger // see Ledger
}

// New returns a ledger service.
func New(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	splits := market.NewSplitBook(o.Market)
	return &Service{store: o.Store, market: o.Market, splits: splits, ledger: portfolio.NewLedger(splits.Of), now: o.Now}
}

// Ledger is the history check and replay the service writes with; it
// reads the market data's splits. When the split book learns new splits
// it is a new Ledger, so no end state replayed before them is reused.
func (s *Service) Ledger() model.Ledger {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.splits.Generation(); g != s.gen {
		s.gen, s.ledger = g, portfolio.NewLedger(s.splits.Of)
	}
	return s.ledger
}

// Splits is the split book of the market data.
func (s *Service) Splits() *market.SplitBook { return s.splits }

// source is the market data source of the analytics.
func (s *Service) source() portfolioanalytics.Source {
	return portfolioanalytics.Source{Market: s.market, Splits: s.splits}
}

// Portfolio returns one of the user's portfolios (model.ErrNotFound for a
// missing or foreign one).
func (s *Service) Portfolio(ctx context.Context, userID, portfolioID string) (model.Portfolio, error) {
	return s.store.GetPortfolio(ctx, userID, portfolioID)
}

// Transaction returns one transaction of the user's portfolio
// (model.ErrNotFound for a missing or foreign one).
func (s *Service) Transaction(ctx context.Context, userID, portfolioID, txID string) (model.Transaction, error) {
	return s.store.GetTransaction(ctx, userID, portfolioID, txID)
}
