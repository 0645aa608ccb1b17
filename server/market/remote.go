package market

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// backend is what a remote provider implements; Remote adds validation,
// caching and metadata fallback around it. Tickers reaching a backend are
// already normalised; errors are already sanitised.
type backend interface {
	history(ctx context.Context, ticker string, from, to time.Time) ([]Bar, error)
	symbol(ctx context.Context, ticker string) (Symbol, error)
	search(ctx context.Context, q string, limit int) ([]Symbol, error)
}

// Remote is a Polygon or FMP provider. It is safe for concurrent use and
// must be closed to release its cache database.
type Remote struct {
	name   string
	be     backend
	cache  *cache
	cfg    Config
	mu     sync.Mutex
	recent map[string]recentEntry
	mem    map[string]memSeries
	noFX   map[string]time.Time // refused exchange rates, until (see FX)
}

// memSeries keeps one covered interval of a ticker in memory, so repeated
// History calls skip SQLite; bars are sorted and never modified.
type memSeries struct {
	span span
	bars []Bar
}

// maxMem bounds the number of tickers kept in memory.
const maxMem = 128

var _ Provider = (*Remote)(nil)

// recentEntry memoises bars of unsettled days for RecentTTL.
type recentEntry struct {
	bars    []Bar
	expires time.Time
}

// maxRecent bounds the memo of unsettled-day requests.
const maxRecent = 1024

// newRemote opens the cache and wraps be.
func newRemote(ctx context.Context, name string, be backend, cfg Config) (*Remote, error) {
	c, err := openCache(ctx, cfg.CachePath)
	if err != nil {
		return nil, err
	}
	return &Remote{name: name, be: be, cache: c, cfg: cfg, recent: map[string]recentEntry{}, mem: map[string]memSeries{},
		noFX: map[string]time.Time{}}, nil
}

// Name implements Provider.
func (r *Remote) Name() string { return r.name }

// Close releases the cache database.
func (r *Remote) Close() error { return r.cache.Close() }

// Search implements Provider. An empty query returns no results.
func (r *Remote) Search(ctx context.Context, q string, limit int) ([]Symbol, error) {
	q, limit, err := normSearch(q, limit)
	if err != nil || q == "" {
		return []Symbol{}, err
	}
	return r.be.search(ctx, q, limit)
}

// Symbol implements Provider: cached metadata when fresh, else the
// provider's, with Unknown fields filled from the embedded metadata. When
// the provider is unavailable, embedded metadata is returned if it exists.
func (r *Remote) Symbol(ctx context.Context, ticker string) (Symbol, error) {
	t, err := normTicker(ticker)
	if err != nil {
		return Symbol{}, err
	}
	if s, ok, err := r.cache.symbol(ctx, r.name, t, r.cfg.Now().Add(-r.cfg.SymbolTTL)); ok {
		return s, nil
	} else if err != nil {
		r.cacheWarn(ctx, err)
	}
	s, err := r.be.symbol(ctx, t)
	if err != nil {
		if m, ok := embeddedMeta()[t]; ok && errors.Is(err, ErrUnavailable) {
			return m, nil
		}
		return Symbol{}, err
	}
	s = fallbackSymbol(s)
	if err := r.cache.putSymbol(ctx, r.name, s, r.cfg.Now()); err != nil {
		r.cacheWarn(ctx, err)
	}
	return s, nil
}

// Latest implements Provider: the newest bar of the last 14 days.
func (r *Remote) Latest(ctx context.Context, ticker string) (Bar, error) {
	to := day(r.cfg.Now())
	bars, err := r.History(ctx, ticker, to.AddDate(0, 0, -14), to)
	if err != nil {
		return Bar{}, err
	}
	if len(bars) == 0 {
		return Bar{}, fmt.Errorf("%w: no price in the last 14 days", ErrUnknownTicker)
	}
	return bars[len(bars)-1], nil
}

// History implements Provider. Days before today (UTC) are settled: once
// fetched they are served from the cache. Today's bar is fetched again after
// RecentTTL.
func (r *Remote) History(ctx context.Context, ticker string, from, to time.Time) ([]Bar, error) {
	t, from, to, err := normRange(ticker, from, to)
	if err != nil {
		return nil, err
	}
	return r.series(ctx, t, from, to)
}

// series is History for the provider's symbol t and normalised bounds.
func (r *Remote) series(ctx context.Context, t string, from, to time.Time) ([]Bar, error) {
	settled := day(r.cfg.Now()).AddDate(0, 0, -1)
	if from.After(settled) {
		return r.recentBars(ctx, t, from, to)
	}
	end := to
	if end.After(settled) {
		end = settled
	}
	r.mu.Lock()
	m, inMem := r.mem[t]
	r.mu.Unlock()
	if inMem && m.span.contains(from, end) { // coverage only grows, so m.span is still covered
		return r.cachedPlusRecent(ctx, t, m.span, from, end, to)
	}
	if sp, ok, err := r.cache.covered(ctx, r.name, t, from, end); err != nil {
		r.cacheWarn(ctx, err)
	} else if ok {
		return r.cachedPlusRecent(ctx, t, sp, from, end, to)
	}
	bars, err := r.be.history(ctx, t, from, to)
	if err != nil {
		return nil, err
	}
	if err := r.cache.store(ctx, r.name, t, from, end, bars[:upTo(bars, end)]); err != nil {
		r.cacheWarn(ctx, err)
	}
	r.mu.Lock()
	delete(r.mem, t)
	r.mu.Unlock()
	return bars, nil
}

// upTo returns the number of sorted bars dated on or before end.
func upTo(bars []Bar, end time.Time) int {
	i, _ := slices.BinarySearchFunc(bars, end.AddDate(0, 0, 1), func(b Bar, d time.Time) int { return b.Date.Compare(d) })
	return i
}

// settledBars returns the cached bars in [from, end], which sp covers,
// loading all of sp into memory on a miss.
func (r *Remote) settledBars(ctx context.Context, t string, sp span, from, end time.Time) ([]Bar, error) {
	r.mu.Lock()
	m, ok := r.mem[t]
	r.mu.Unlock()
	if !ok || !m.span.contains(from, end) {
		bars, err := r.cache.bars(ctx, r.name, t, sp.from, sp.to)
		if err != nil {
			return nil, err
		}
		m = memSeries{span: sp, bars: bars}
		r.mu.Lock()
		if len(r.mem) >= maxMem {
			clear(r.mem)
		}
		r.mem[t] = m
		r.mu.Unlock()
	}
	i, _ := slices.BinarySearchFunc(m.bars, from, func(b Bar, d time.Time) int { return b.Date.Compare(d) })
	return slices.Clone(m.bars[i:upTo(m.bars, end)]), nil
}

// cachedPlusRecent serves [from, end] from the cache and (end, to] fresh.
func (r *Remote) cachedPlusRecent(ctx context.Context, t string, sp span, from, end, to time.Time) ([]Bar, error) {
	bars, err := r.settledBars(ctx, t, sp, from, end)
	if err != nil {
		return nil, err
	}
	if !to.After(end) {
		return bars, nil
	}
	tail, err := r.recentBars(ctx, t, end.AddDate(0, 0, 1), to)
	if err != nil {
		return nil, err
	}
	return append(bars, tail...), nil
}

// recentBars fetches unsettled days, memoised for RecentTTL.
func (r *Remote) recentBars(ctx context.Context, t string, from, to time.Time) ([]Bar, error) {
	key := t + "|" + from.Format(time.DateOnly) + "|" + to.Format(time.DateOnly)
	now := r.cfg.Now()
	r.mu.Lock()
	e, ok := r.recent[key]
	r.mu.Unlock()
	if ok && now.Before(e.expires) {
		return slices.Clone(e.bars), nil
	}
	bars, err := r.be.history(ctx, t, from, to)
	if err != nil {
		return nil, err
	}
	r.remember(key, recentEntry{bars: slices.Clone(bars), expires: now.Add(r.cfg.RecentTTL)}, now)
	return bars, nil
}

// remember stores a memo entry, evicting expired ones (or all) when full.
func (r *Remote) remember(key string, e recentEntry, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.recent) >= maxRecent {
		for k, v := range r.recent {
			if !now.Before(v.expires) {
				delete(r.recent, k)
			}
		}
	}
	if len(r.recent) >= maxRecent {
		clear(r.recent)
	}
	r.recent[key] = e
}

// cacheWarn logs a cache problem; the cache is best effort.
func (r *Remote) cacheWarn(ctx context.Context, err error) {
	r.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "market cache error",
		slog.String("provider", r.name), slog.Any("error", err))
}

// cleanBars applies the gap policy to provider bars, keeps those inside
// [from, to] and returns them sorted without duplicate dates.
func cleanBars(in []Bar, from, to time.Time) []Bar {
	out := make([]Bar, 0, len(in))
	for _, b := range in {
		if b.Date.Before(from) || b.Date.After(to) {
			continue
		}
		if fb, ok := fixBar(b); ok {
			out = append(out, fb)
		}
	}
	out, err := sortDedup(out)
	if err != nil {
		return []Bar{}
	}
	return out
}
