package market

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed data/*.csv.gz data/symbols.json data/splits.json
var dataFS embed.FS

// symbolsPath is the metadata file inside the embedded file system.
const symbolsPath = "data/symbols.json"

// series is one ticker's data; all slices are sorted by date and immutable.
type series struct {
	sym    Symbol
	bars   []Bar
	dates  []time.Time
	closes []float64
}

// Embedded serves the data set compiled into the binary. It is immutable
// after construction and safe for concurrent use.
type Embedded struct {
	tickers []string
	series  map[string]*series
	first   time.Time
	last    time.Time
}

var _ Provider = (*Embedded)(nil)

// loadEmbedded parses the embedded data set once per process.
var loadEmbedded = sync.OnceValues(func() (*Embedded, error) { return loadFS(dataFS) })

// NewEmbedded returns the embedded provider. The files are parsed on the
// first call only; later calls return the same immutable instance.
func NewEmbedded() (*Embedded, error) {
	return loadEmbedded()
}

// loadFS builds an Embedded from data/*.csv.gz and data/symbols.json in fsys.
// Every CSV needs metadata and every metadata entry needs a CSV.
func loadFS(fsys fs.FS) (*Embedded, error) {
	meta, err := readSymbols(fsys)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(fsys, "data/*.csv.gz")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("market: embedded: no data files")
	}
	e := &Embedded{series: make(map[string]*series, len(files))}
	for _, name := range files {
		if err := e.addFile(fsys, name, meta); err != nil {
			return nil, err
		}
	}
	if len(e.series) != len(meta) {
		return nil, fmt.Errorf("market: embedded: %d data files for %d symbols", len(e.series), len(meta))
	}
	slices.Sort(e.tickers)
	return e, nil
}

// readSymbols loads the metadata file.
func readSymbols(fsys fs.FS) (map[string]Symbol, error) {
	data, err := fs.ReadFile(fsys, symbolsPath)
	if err != nil {
		return nil, fmt.Errorf("market: embedded: %w", err)
	}
	meta, err := parseSymbols(data)
	if err != nil {
		return nil, fmt.Errorf("market: embedded: %w", err)
	}
	return meta, nil
}

// addFile parses one data file and records its series.
func (e *Embedded) addFile(fsys fs.FS, name string, meta map[string]Symbol) error {
	ticker := strings.TrimSuffix(path.Base(name), ".csv.gz")
	sym, ok := meta[ticker]
	if !ok {
		return fmt.Errorf("market: embedded: %s: no metadata for ticker", name)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("market: embedded: %w", err)
	}
	defer f.Close()
	bars, err := parseGzipCSV(f)
	if err != nil {
		return fmt.Errorf("market: embedded: %s: %w", name, err)
	}
	e.series[ticker] = newSeries(sym, bars)
	e.tickers = append(e.tickers, ticker)
	e.widen(bars[0].Date, bars[len(bars)-1].Date)
	return nil
}

// newSeries precomputes the date and close columns of bars.
func newSeries(sym Symbol, bars []Bar) *series {
	s := &series{sym: sym, bars: bars, dates: make([]time.Time, len(bars)), closes: make([]float64, len(bars))}
	for i, b := range bars {
		s.dates[i], s.closes[i] = b.Date, b.Close
	}
	return s
}

// widen extends the data set's overall date range.
func (e *Embedded) widen(first, last time.Time) {
	if e.first.IsZero() || first.Before(e.first) {
		e.first = first
	}
	if last.After(e.last) {
		e.last = last
	}
}

// Name implements Provider.
func (e *Embedded) Name() string { return "embedded" }

// Tickers returns the embedded tickers, sorted. The slice is a copy.
func (e *Embedded) Tickers() []string { return slices.Clone(e.tickers) }

// Range returns the first and last date present in any embedded series.
func (e *Embedded) Range() (first, last time.Time) { return e.first, e.last }

// lookup returns the series of a validated ticker.
func (e *Embedded) lookup(ticker string) (*series, string, error) {
	t, err := normTicker(ticker)
	if err != nil {
		return nil, "", err
	}
	s, ok := e.series[t]
	if !ok {
		return nil, "", fmt.Errorf("%w: %s", ErrUnknownTicker, t)
	}
	return s, t, nil
}

// Symbol implements Provider.
func (e *Embedded) Symbol(_ context.Context, ticker string) (Symbol, error) {
	s, _, err := e.lookup(ticker)
	if err != nil {
		return Symbol{}, err
	}
	return s.sym, nil
}

// Latest implements Provider: the last bar of the data set for ticker.
func (e *Embedded) Latest(_ context.Context, ticker string) (Bar, error) {
	s, _, err := e.lookup(ticker)
	if err != nil {
		return Bar{}, err
	}
	return s.bars[len(s.bars)-1], nil
}

// History implements Provider. The result is a fresh copy the caller may
// modify; use View or Closes to avoid the copy.
func (e *Embedded) History(_ context.Context, ticker string, from, to time.Time) ([]Bar, error) {
	v, err := e.View(ticker, from, to)
	if err != nil {
		return nil, err
	}
	return slices.Clone(v), nil
}

// View is History without the copy: it returns a read-only sub-slice of the
// shared in-memory series (capacity clipped, so append cannot clobber it).
// Callers must not modify its elements.
func (e *Embedded) View(ticker string, from, to time.Time) ([]Bar, error) {
	s, i, j, err := e.window(ticker, from, to)
	if err != nil {
		return nil, err
	}
	return s.bars[i:j:j], nil
}

// Closes returns the dates and closing prices of ticker in [from, to] as
// read-only sub-slices of the shared series (no allocation), for analytics
// that only needs closes. Callers must not modify the elements.
func (e *Embedded) Closes(ticker string, from, to time.Time) ([]time.Time, []float64, error) {
	s, i, j, err := e.window(ticker, from, to)
	if err != nil {
		return nil, nil, err
	}
	return s.dates[i:j:j], s.closes[i:j:j], nil
}

// window finds the index range [i, j) of ticker's bars inside [from, to]
// with two binary searches.
func (e *Embedded) window(ticker string, from, to time.Time) (*series, int, int, error) {
	t, from, to, err := normRange(ticker, from, to)
	if err != nil {
		return nil, 0, 0, err
	}
	s, ok := e.series[t]
	if !ok {
		return nil, 0, 0, fmt.Errorf("%w: %s", ErrUnknownTicker, t)
	}
	i, _ := slices.BinarySearchFunc(s.dates, from, time.Time.Compare)
	j, found := slices.BinarySearchFunc(s.dates, to, time.Time.Compare)
	if found {
		j++
	}
	return s, i, j, nil
}
