package market

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
)

// Search implements Provider. An exact ticker match ranks first, then ticker
// prefixes, then names containing q (case-insensitive); an empty q lists
// tickers alphabetically.
func (e *Embedded) Search(_ context.Context, q string, limit int) ([]Symbol, error) {
	q, limit, err := normSearch(q, limit)
	if err != nil {
		return nil, err
	}
	return searchSymbols(e.symbols(), q, limit), nil
}

// symbols returns all embedded symbols sorted by ticker.
func (e *Embedded) symbols() []Symbol {
	out := make([]Symbol, 0, len(e.tickers))
	for _, t := range e.tickers {
		out = append(out, e.series[t].sym)
	}
	return out
}

// searchSymbols ranks syms against q and returns at most limit of them.
func searchSymbols(syms []Symbol, q string, limit int) []Symbol {
	uq, lq := strings.ToUpper(q), strings.ToLower(q)
	type hit struct {
		rank int
		sym  Symbol
	}
	var hits []hit
	for _, s := range syms {
		switch {
		case s.Ticker == uq:
			hits = append(hits, hit{0, s})
		case strings.HasPrefix(s.Ticker, uq):
			hits = append(hits, hit{1, s})
		case strings.Contains(strings.ToLower(s.Name), lq):
			hits = append(hits, hit{2, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.sym.Ticker, b.sym.Ticker))
	})
	out := make([]Symbol, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.sym)
	}
	return out
}

// embeddedMeta is the embedded metadata, loaded once; remote providers use it
// as a fallback for sector, industry and country.
var embeddedMeta = sync.OnceValue(func() map[string]Symbol {
	m, err := readSymbols(dataFS)
	if err != nil {
		return map[string]Symbol{}
	}
	return m
})

// fallbackSymbol fills Unknown fields of s from the embedded metadata.
func fallbackSymbol(s Symbol) Symbol {
	m, ok := embeddedMeta()[s.Ticker]
	if !ok {
		return s
	}
	fill := func(v *string, fb string) {
		if *v == "" || *v == Unknown {
			*v = fb
		}
	}
	fill(&s.Name, m.Name)
	fill(&s.Sector, m.Sector)
	fill(&s.Industry, m.Industry)
	fill(&s.Country, m.Country)
	fill(&s.Exchange, m.Exchange)
	return s
}
