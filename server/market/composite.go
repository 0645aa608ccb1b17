package market

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// Composite is the embedded data set followed by the keyless live
// provider: a ticker of the embedded set is served from it up to its last
// day and from the live provider after; every other ticker comes from the
// live provider. At the seam the live prices are scaled so the series is
// continuous: for each embedded ticker, k = embedded close / live close on
// the embedded set's last day that both have, and every later live price
// is multiplied by k. The embedded prices, and so every number computed
// from them, never change; a split after 2017 shows as a constant factor
// between the live provider's prices and those served here (k is 1/4 for
// a 4-for-1 split). Without a common day k is 1. While the live provider
// is down, an embedded ticker keeps its embedded history.
type Composite struct {
	emb   *Embedded
	live  *Remote
	mu    sync.Mutex
	scale map[string]float64
}

var (
	_ Provider   = (*Composite)(nil)
	_ Ranged     = (*Composite)(nil)
	_ Referenced = (*Composite)(nil)
	_ Splitter   = (*Composite)(nil)
)

// NewComposite returns the embedded set followed by the keyless live
// provider configured by cfg.
func NewComposite(ctx context.Context, cfg Config) (*Composite, error) {
	emb, err := NewEmbedded()
	if err != nil {
		return nil, fmt.Errorf("market: %w", err)
	}
	live, err := NewYahoo(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Composite{emb: emb, live: live, scale: map[string]float64{}}, nil
}

// Name implements Provider.
func (c *Composite) Name() string { return "embedded+yahoo" }

// Close releases the live provider's cache.
func (c *Composite) Close() error { return c.live.Close() }

// Range implements Ranged: from the embedded set's first day to today.
func (c *Composite) Range() (time.Time, time.Time) {
	first, _ := c.emb.Range()
	return first, day(c.live.cfg.Now())
}

// Reference implements Referenced with the embedded set (the stress
// universe and the equal-weight index stay the 31 Dow stocks).
func (c *Composite) Reference() (Reference, error) { return c.emb, nil }

// Splits implements Splitter with the embedded split table.
func (c *Composite) Splits(ctx context.Context, ticker string) ([]model.Split, error) {
	return c.emb.Splits(ctx, ticker)
}

// Search implements Provider: embedded matches first, then the live
// provider's.
func (c *Composite) Search(ctx context.Context, q string, limit int) ([]Symbol, error) {
	out, err := c.emb.Search(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	if len(out) >= limit && limit > 0 {
		return out, nil
	}
	more, err := c.live.Search(ctx, q, limit)
	if err != nil {
		return out, nil // the embedded answer stands when the live provider fails
	}
	for _, s := range more {
		if !containsTicker(out, s.Ticker) {
			out = append(out, s)
		}
	}
	return out[:min(len(out), max(limit, 1))], nil
}

func containsTicker(syms []Symbol, t string) bool {
	for _, s := range syms {
		if s.Ticker == t {
			return true
		}
	}
	return false
}

// Symbol implements Provider.
func (c *Composite) Symbol(ctx context.Context, ticker string) (Symbol, error) {
	if s, err := c.emb.Symbol(ctx, ticker); err == nil {
		return s, nil
	}
	return c.live.Symbol(ctx, ticker)
}

// seam returns the embedded set's last day of ticker (ok false when the
// embedded set does not have it).
func (c *Composite) seam(ctx context.Context, ticker string) (Bar, bool) {
	b, err := c.emb.Latest(ctx, ticker)
	return b, err == nil
}

// History implements Provider.
func (c *Composite) History(ctx context.Context, ticker string, from, to time.Time) ([]Bar, error) {
	t, from, to, err := normRange(ticker, from, to)
	if err != nil {
		return nil, err
	}
	last, ok := c.seam(ctx, t)
	if !ok {
		return c.live.History(ctx, t, from, to)
	}
	out, err := c.emb.History(ctx, t, from, minTime(to, last.Date))
	if err != nil && !from.After(last.Date) {
		return nil, err
	}
	if !to.After(last.Date) {
		return out, nil
	}
	tail, err := c.liveAfter(ctx, t, last, maxTime(from, last.Date.AddDate(0, 0, 1)), to)
	switch {
	case errors.Is(err, ErrUnavailable) && len(out) > 0:
		return out, nil // the embedded history stands while the live provider is down
	case err != nil:
		return nil, err
	}
	return append(out, tail...), nil
}

// liveAfter returns the live bars in [from, to], scaled to the embedded
// series at the seam.
func (c *Composite) liveAfter(ctx context.Context, t string, last Bar, from, to time.Time) ([]Bar, error) {
	k, err := c.factor(ctx, t, last)
	if err != nil {
		return nil, err
	}
	bars, err := c.live.History(ctx, t, from, to)
	if errors.Is(err, ErrUnknownTicker) {
		return []Bar{}, nil
	}
	if err != nil {
		return nil, err
	}
	for i := range bars {
		bars[i].Open *= k
		bars[i].High *= k
		bars[i].Low *= k
		bars[i].Close *= k
	}
	return bars, nil
}

// factor is the seam scale of t, computed once from the live bars of the
// embedded set's last two weeks.
func (c *Composite) factor(ctx context.Context, t string, last Bar) (float64, error) {
	c.mu.Lock()
	k, ok := c.scale[t]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	live, err := c.live.History(ctx, t, last.Date.AddDate(0, 0, -14), last.Date)
	switch {
	case errors.Is(err, ErrUnknownTicker):
		live = nil
	case err != nil:
		return 0, err
	}
	emb, err := c.emb.History(ctx, t, last.Date.AddDate(0, 0, -14), last.Date)
	if err != nil {
		return 0, err
	}
	k = 1
	for i := len(live) - 1; i >= 0 && k == 1; i-- {
		for _, e := range emb {
			if e.Date.Equal(live[i].Date) && live[i].Close > 0 {
				k = e.Close / live[i].Close
				break
			}
		}
	}
	c.mu.Lock()
	c.scale[t] = k
	c.mu.Unlock()
	return k, nil
}

// Latest implements Provider: the live provider's newest bar (scaled for
// an embedded ticker), or the embedded set's last when the live provider
// has nothing newer.
func (c *Composite) Latest(ctx context.Context, ticker string) (Bar, error) {
	t, err := normTicker(ticker)
	if err != nil {
		return Bar{}, err
	}
	last, ok := c.seam(ctx, t)
	if !ok {
		return c.live.Latest(ctx, t)
	}
	today := day(c.live.cfg.Now())
	if !today.After(last.Date) {
		return last, nil
	}
	bars, err := c.liveAfter(ctx, t, last, maxTime(last.Date.AddDate(0, 0, 1), today.AddDate(0, 0, -14)), today)
	if err != nil || len(bars) == 0 {
		return last, nil //nolint:nilerr // the embedded close stands when the live provider has nothing newer
	}
	return bars[len(bars)-1], nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
