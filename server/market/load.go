package market

import (
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// Loader limits: they bound memory for any input, hostile or not.
const (
	maxCSVBytes = 8 << 20 // decompressed bytes per file
	maxCSVRows  = 100_000
	maxFields   = 16
)

// csvHeader is the column layout of the embedded files.
var csvHeader = []string{"Date", "Open", "High", "Low", "Close", "Volume"}

// errNoRows is returned for a file without a single valid row.
var errNoRows = errors.New("no valid rows")

// parseGzipCSV decompresses and parses one embedded file.
func parseGzipCSV(r io.Reader) ([]Bar, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	return parseCSV(zr)
}

// parseCSV parses Date,Open,High,Low,Close,Volume[,Name] rows, applies the
// gap policy (see the package doc) and returns bars sorted by date.
func parseCSV(r io.Reader) ([]Bar, error) {
	lr := &io.LimitedReader{R: r, N: maxCSVBytes + 1}
	cr := csv.NewReader(lr)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if err := readHeader(cr); err != nil {
		return nil, err
	}
	bars, err := readRows(cr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("file larger than %d bytes", maxCSVBytes)
	}
	if err != nil {
		return nil, err
	}
	return sortDedup(bars)
}

// readHeader checks the first record names the expected columns.
func readHeader(cr *csv.Reader) error {
	rec, err := cr.Read()
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	if len(rec) < len(csvHeader) {
		return fmt.Errorf("header: want %d columns, got %d", len(csvHeader), len(rec))
	}
	for i, name := range csvHeader {
		if !strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[i], "\ufeff")), name) {
			return fmt.Errorf("header: column %d is not %s", i+1, name)
		}
	}
	return nil
}

// readRows reads data rows, skipping those the policy rejects.
func readRows(cr *csv.Reader) ([]Bar, error) {
	var bars []Bar
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return bars, nil
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", n+2, err)
		}
		if n >= maxCSVRows {
			return nil, fmt.Errorf("more than %d rows", maxCSVRows)
		}
		if b, ok := parseRow(rec); ok {
			bars = append(bars, b)
		}
	}
}

// parseRow converts one record; ok is false for rows the policy skips.
func parseRow(rec []string) (Bar, bool) {
	if len(rec) < len(csvHeader) || len(rec) > maxFields {
		return Bar{}, false
	}
	d, err := validate.Date(strings.TrimSpace(rec[0]))
	if err != nil {
		return Bar{}, false
	}
	b := Bar{Date: d, Open: parsePrice(rec[1]), High: parsePrice(rec[2]), Low: parsePrice(rec[3]), Close: parsePrice(rec[4])}
	b.Volume = parseVolume(rec[5])
	return fixBar(b)
}

// parsePrice returns the price in s, or 0 when empty or unparsable.
func parsePrice(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) {
		return 0
	}
	return f
}

// parseVolume returns the volume in s, or 0 when empty or unparsable.
// Some sources write volumes as floats ("1.5e6"); those are accepted.
func parseVolume(s string) int64 {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return max(v, 0)
	}
	return floatVolume(parsePrice(s))
}

// floatVolume converts a float volume, clamping to 0..maxVolume.
func floatVolume(f float64) int64 {
	if !(f > 0) {
		return 0
	}
	return int64(min(f, maxVolume))
}

// maxVolume bounds volumes converted from floats.
const maxVolume = 1e15

// sortDedup sorts bars by date, drops duplicate dates (first kept) and fails
// when nothing is left.
func sortDedup(bars []Bar) ([]Bar, error) {
	slices.SortStableFunc(bars, func(a, b Bar) int { return a.Date.Compare(b.Date) })
	bars = slices.CompactFunc(bars, func(a, b Bar) bool { return a.Date.Equal(b.Date) })
	if len(bars) == 0 {
		return nil, errNoRows
	}
	return slices.Clip(bars), nil
}

// symbolsFile is the embedded metadata document.
type symbolsFile []Symbol

// parseSymbols decodes and validates metadata JSON.
func parseSymbols(data []byte) (map[string]Symbol, error) {
	var list symbolsFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("symbols: %w", err)
	}
	out := make(map[string]Symbol, len(list))
	for _, s := range list {
		t, err := validate.Ticker(s.Ticker)
		if err != nil {
			return nil, fmt.Errorf("symbols: %w", err)
		}
		if _, dup := out[t]; dup {
			return nil, fmt.Errorf("symbols: duplicate ticker %s", t)
		}
		out[t] = Symbol{Ticker: t, Name: orUnknown(s.Name), Sector: orUnknown(s.Sector),
			Industry: orUnknown(s.Industry), Country: orUnknown(s.Country), Exchange: orUnknown(s.Exchange)}
	}
	return out, nil
}
