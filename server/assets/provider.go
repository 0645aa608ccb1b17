// Package assets lets a user define assets the market data lacks and
// price them by hand: Provider composes the signed-in user's own assets
// (kept in their database) over the market provider, so a custom asset
// works everywhere a listed ticker does (transactions, holdings,
// analytics, stress, optimiser, reports) and nobody else sees it. The
// user is the one the request's context carries (reqctx.User); without
// one (background work) only the market provider answers.
package assets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Exchange is the Exchange of a custom asset's market.Symbol.
const Exchange = "Custom"

// Provider answers for the user's own assets first, then the market
// provider. A user's asset shadows a listed ticker of the same symbol for
// that user only (creating one refuses a symbol the market data lists, so
// this happens only when a provider later starts listing it).
type Provider struct {
	Base  market.Provider
	Store *store.Store
}

var (
	_ market.Provider   = (*Provider)(nil)
	_ market.Ranged     = (*Provider)(nil)
	_ market.Referenced = (*Provider)(nil)
	_ market.Splitter   = (*Provider)(nil)
	_ market.FXer       = (*Provider)(nil)
)

// New composes the users' assets over base.
func New(base market.Provider, st *store.Store) *Provider { return &Provider{Base: base, Store: st} }

// Name implements market.Provider.
func (p *Provider) Name() string { return p.Base.Name() }

// own returns the user's asset with ticker, if the context has a user
// and they have one.
func (p *Provider) own(ctx context.Context, ticker string) (model.Asset, bool, error) {
	u, ok := reqctx.User(ctx)
	if !ok || u.ID == "" {
		return model.Asset{}, false, nil
	}
	t, err := validate.Ticker(ticker)
	if err != nil {
		return model.Asset{}, false, nil
	}
	a, err := p.Store.AssetBySymbol(ctx, u.ID, t)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return model.Asset{}, false, nil
	case err != nil:
		return model.Asset{}, false, fmt.Errorf("assets: %w: %w", market.ErrUnavailable, err)
	}
	return a, true, nil
}

// SymbolOf is the market.Symbol of a custom asset.
func SymbolOf(a model.Asset) market.Symbol {
	return market.Symbol{Ticker: a.Symbol, Name: a.Name, Sector: a.Sector, Industry: market.Unknown, Country: a.Country, Exchange: Exchange, Currency: a.Currency}
}

// Search implements market.Provider: the user's matching assets, then
// the market provider's.
func (p *Provider) Search(ctx context.Context, q string, limit int) ([]market.Symbol, error) {
	base, err := p.Base.Search(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	u, ok := reqctx.User(ctx)
	q = strings.ToLower(strings.TrimSpace(q))
	if !ok || q == "" {
		return base, nil
	}
	all, err := p.Store.ListAssets(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("assets: %w: %w", market.ErrUnavailable, err)
	}
	var out []market.Symbol
	for _, a := range all {
		if strings.Contains(strings.ToLower(a.Symbol), q) || strings.Contains(strings.ToLower(a.Name), q) {
			out = append(out, SymbolOf(a))
		}
	}
	for _, s := range base {
		if len(out) >= max(limit, 1) {
			break
		}
		if !has(out, s.Ticker) {
			out = append(out, s)
		}
	}
	if out == nil {
		out = []market.Symbol{}
	}
	return out[:min(len(out), max(limit, len(out)))], nil
}

func has(syms []market.Symbol, t string) bool {
	for _, s := range syms {
		if s.Ticker == t {
			return true
		}
	}
	return false
}

// Symbol implements market.Provider.
func (p *Provider) Symbol(ctx context.Context, ticker string) (market.Symbol, error) {
	a, ok, err := p.own(ctx, ticker)
	if err != nil {
		return market.Symbol{}, err
	}
	if ok {
		return SymbolOf(a), nil
	}
	return p.Base.Symbol(ctx, ticker)
}

// History implements market.Provider: a custom asset's bars have its
// close as open, high and low, and no volume.
func (p *Provider) History(ctx context.Context, ticker string, from, to time.Time) ([]market.Bar, error) {
	a, ok, err := p.own(ctx, ticker)
	if err != nil {
		return nil, err
	}
	if !ok {
		return p.Base.History(ctx, ticker, from, to)
	}
	if to.Before(from) {
		return nil, fmt.Errorf("%w: from is after to", market.ErrInvalidInput)
	}
	u, _ := reqctx.User(ctx)
	prices, err := p.Store.AssetPrices(ctx, u.ID, a.ID, from, to)
	if err != nil {
		return nil, fmt.Errorf("assets: %w: %w", market.ErrUnavailable, err)
	}
	bars := make([]market.Bar, len(prices))
	for i, pr := range prices {
		bars[i] = market.Bar{Date: pr.Date, Open: pr.Close, High: pr.Close, Low: pr.Close, Close: pr.Close}
	}
	return bars, nil
}

// Latest implements market.Provider.
func (p *Provider) Latest(ctx context.Context, ticker string) (market.Bar, error) {
	a, ok, err := p.own(ctx, ticker)
	if err != nil {
		return market.Bar{}, err
	}
	if !ok {
		return p.Base.Latest(ctx, ticker)
	}
	if a.Prices == 0 {
		return market.Bar{}, fmt.Errorf("%w: %s has no prices yet", market.ErrUnknownTicker, a.Symbol)
	}
	bars, err := p.History(ctx, ticker, a.Last, a.Last)
	if err != nil || len(bars) == 0 {
		return market.Bar{}, fmt.Errorf("%w: %s has no prices yet", market.ErrUnknownTicker, a.Symbol)
	}
	return bars[0], nil
}

// ClosesCtx returns a ticker's dates and closes in [from, to]: the
// user's asset's, else the base provider's fast path when it has one.
func (p *Provider) ClosesCtx(ctx context.Context, ticker string, from, to time.Time) ([]time.Time, []float64, error) {
	_, ok, err := p.own(ctx, ticker)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		if c, isCloser := p.Base.(interface {
			Closes(string, time.Time, time.Time) ([]time.Time, []float64, error)
		}); isCloser {
			return c.Closes(ticker, from, to)
		}
	}
	bars, err := p.History(ctx, ticker, from, to)
	if err != nil {
		return nil, nil, err
	}
	d, c := make([]time.Time, len(bars)), make([]float64, len(bars))
	for i, b := range bars {
		d[i], c[i] = b.Date, b.Close
	}
	return d, c, nil
}

// Range implements market.Ranged with the base provider's range.
func (p *Provider) Range() (time.Time, time.Time) {
	if r, ok := p.Base.(market.Ranged); ok {
		return r.Range()
	}
	return time.Time{}, time.Time{}
}

// Reference implements market.Referenced with the base provider's set.
func (p *Provider) Reference() (market.Reference, error) {
	if r, ok := p.Base.(market.Referenced); ok {
		return r.Reference()
	}
	return nil, fmt.Errorf("assets: provider %s has no reference data set", p.Base.Name())
}

// Splits implements market.Splitter with the base provider's splits: a
// custom asset's symbol is never a listed one (creating it refuses a
// listed ticker), and the user's prices are taken as given.
func (p *Provider) Splits(ctx context.Context, ticker string) ([]model.Split, error) {
	if s, ok := p.Base.(market.Splitter); ok {
		return s.Splits(ctx, ticker)
	}
	return []model.Split{}, nil
}

// FX implements market.FXer with the market provider's exchange rates
// (market.ErrNoFX when it has none): custom assets have no rates.
func (p *Provider) FX(ctx context.Context, cur string, from, to time.Time) ([]market.Bar, error) {
	if f, ok := p.Base.(market.FXer); ok {
		return f.FX(ctx, cur, from, to)
	}
	return nil, market.ErrNoFX
}
