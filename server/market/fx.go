package market

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// FXer is a provider with daily exchange rates of its own.
type FXer interface {
	// FX returns the daily rates of cur against the euro in [from, to],
	// as units of cur per 1 EUR (the ECB's convention) in each bar's
	// Close, oldest first. ErrNoFX means the provider has no rates.
	FX(ctx context.Context, cur string, from, to time.Time) ([]Bar, error)
}

// ErrNoFX is returned by FX when the provider has no exchange rates, or
// refused them within the last fxRefusedFor.
var ErrNoFX = errors.New("market: provider has no exchange rates")

// fxRefusedFor is how long a refusal of exchange rates is remembered: a
// key whose plan has no forex data (401/403) for every currency, an
// unknown pair for its currency. Each refusal is then reported once, not
// on every request, and never adds up to open the circuit breaker.
const fxRefusedFor = time.Hour

// fxAll is the key of a refusal of every currency's rates.
const fxAll = "*"

// fxBackend is a backend whose API has daily exchange rates.
type fxBackend interface {
	// fxSymbol is the provider's symbol of the daily price of 1 EUR in
	// cur: its bars are fetched with history like a ticker's.
	fxSymbol(cur string) string
}

var _ FXer = (*Remote)(nil)

// FX implements FXer with the provider's forex series (Polygon's
// C:EURUSD aggregates, FMP's EURUSD history), through the same cache,
// retries and circuit breaker as History.
func (r *Remote) FX(ctx context.Context, cur string, from, to time.Time) ([]Bar, error) {
	fb, ok := r.be.(fxBackend)
	if !ok {
		return nil, ErrNoFX
	}
	c, err := validate.Currency(cur)
	if err != nil || c == "EUR" {
		return nil, fmt.Errorf("%w: no exchange rate series for %q", ErrInvalidInput, cur)
	}
	from, to = day(from), day(to)
	if to.Before(from) {
		return nil, fmt.Errorf("%w: from is after to", ErrInvalidInput)
	}
	if r.fxRefused(c) {
		return nil, fmt.Errorf("%w: %s refused the %s rates recently", ErrNoFX, r.name, c)
	}
	bars, err := r.series(ctx, fb.fxSymbol(c), from, to)
	switch {
	case errors.Is(err, errRefused):
		r.refuseFX(fxAll)
	case errors.Is(err, ErrUnknownTicker):
		r.refuseFX(c)
	}
	return bars, err
}

// fxRefused reports whether the rates of c were refused recently.
func (r *Remote) fxRefused(c string) bool {
	now := r.cfg.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	return now.Before(r.noFX[fxAll]) || now.Before(r.noFX[c])
}

// refuseFX remembers a refusal of the rates of key (a currency or fxAll).
func (r *Remote) refuseFX(key string) {
	until := r.cfg.Now().Add(fxRefusedFor)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.noFX[key] = until
}

// fxSymbol implements fxBackend: Polygon's forex ticker C:EUR<cur>.
func (p *polygon) fxSymbol(cur string) string { return "C:EUR" + cur }

// fxSymbol implements fxBackend: FMP's forex pair EUR<cur>.
func (f *fmp) fxSymbol(cur string) string { return "EUR" + cur }
