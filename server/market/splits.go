package market

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// Splitter is a provider that knows share splits. Splits returns a
// ticker's splits oldest first (none is an empty slice, not an error).
type Splitter interface {
	Splits(ctx context.Context, ticker string) ([]model.Split, error)
}

// splitsPath is the split table inside the embedded file system.
const splitsPath = "data/splits.json"

type splitFile struct {
	Note   string `json:"note"`
	Splits []struct {
		Ticker string  `json:"ticker"`
		Date   string  `json:"date"`
		Ratio  float64 `json:"ratio"`
		Source string  `json:"source"`
	} `json:"splits"`
}

// embeddedSplits is the split table of the embedded set, by ticker.
var embeddedSplits = sync.OnceValues(func() (map[string][]model.Split, error) { return readSplits(dataFS) })

func readSplits(fsys fs.FS) (map[string][]model.Split, error) {
	data, err := fs.ReadFile(fsys, splitsPath)
	if err != nil {
		return nil, fmt.Errorf("market: splits: %w", err)
	}
	var f splitFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("market: splits: %w", err)
	}
	out := map[string][]model.Split{}
	for _, s := range f.Splits {
		d, err := time.ParseInLocation(time.DateOnly, s.Date, time.UTC)
		if err != nil || !(s.Ratio > 0) || s.Source == "" {
			return nil, fmt.Errorf("market: splits: bad entry %s %s", s.Ticker, s.Date)
		}
		out[s.Ticker] = append(out[s.Ticker], model.Split{Ticker: s.Ticker, Date: d, Ratio: s.Ratio, Source: s.Source})
	}
	for _, l := range out {
		slices.SortFunc(l, func(a, b model.Split) int { return a.Date.Compare(b.Date) })
	}
	return out, nil
}

// Splits returns the embedded set's splits of ticker.
func (e *Embedded) Splits(_ context.Context, ticker string) ([]model.Split, error) {
	all, err := embeddedSplits()
	if err != nil {
		return nil, err
	}
	return slices.Clone(all[ticker]), nil
}

// SplitBook caches the splits of a provider by ticker, so the ledger can
// read them without a context or a network call once they are fetched.
// It is safe for concurrent use; its zero value knows no splits.
type SplitBook struct {
	prov Splitter
	mu   sync.RWMutex
	m    map[string][]model.Split
	gen  int // bumped whenever a fetch adds splits
}

// Generation changes whenever the book learns splits: a ledger state
// replayed before is stale.
func (b *SplitBook) Generation() int {
	if b == nil {
		return 0
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.gen
}

// NewSplitBook returns the split book of p (empty when p knows no splits).
func NewSplitBook(p Provider) *SplitBook {
	b := &SplitBook{m: map[string][]model.Split{}}
	b.prov, _ = p.(Splitter)
	return b
}

// Fetch loads the splits of tickers not fetched yet. A provider failure
// is returned and nothing is cached for that ticker, so a later call
// tries again.
func (b *SplitBook) Fetch(ctx context.Context, tickers ...string) error {
	if b == nil || b.prov == nil {
		return nil
	}
	if _, ok := b.prov.(*Embedded); ok {
		return nil // Of reads the embedded table directly
	}
	for _, t := range tickers {
		b.mu.RLock()
		_, ok := b.m[t]
		b.mu.RUnlock()
		if ok || t == "" {
			continue
		}
		l, err := b.prov.Splits(ctx, t)
		if errors.Is(err, ErrUnknownTicker) {
			l, err = nil, nil // the provider lists no splits for it
		}
		if err != nil {
			return fmt.Errorf("market: splits of %s: %w", t, err)
		}
		b.mu.Lock()
		b.m[t] = slices.Clip(l)
		if len(l) > 0 {
			b.gen++
		}
		b.mu.Unlock()
	}
	return nil
}

// Of returns the fetched splits of ticker, oldest first (nil when none or
// not fetched). The slice is shared: callers must not change it.
func (b *SplitBook) Of(ticker string) []model.Split {
	if b == nil {
		return nil
	}
	if _, ok := b.prov.(*Embedded); ok { // a static table: nothing to fetch
		all, err := embeddedSplits()
		if err != nil {
			return nil
		}
		return all[ticker]
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.m[ticker]
}
