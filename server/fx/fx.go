package fx

import (
	"bufio"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed data/ecb-eurofxref.csv.gz
var dataFS embed.FS

// Base is the currency the table quotes every other one against.
const Base = "EUR"

// MaxCarryDays is how many calendar days a rate is carried past its own
// date: longer than any gap between ECB business days (five days over
// Easter), short enough that a missing year is an error, not a stale rate.
const MaxCarryDays = 7

// Errors of a conversion.
var (
	ErrUnknownCurrency = errors.New("fx: unknown currency")
	ErrOutOfRange      = errors.New("fx: date outside the exchange rate data")
)

// Table holds daily rates as units of each currency per 1 EUR, each
// currency on its own calendar (the ECB table's are all the same; a
// provider's series laid over it with With adds days of its own). It is
// immutable after construction and safe for concurrent use.
type Table struct {
	cols map[string]column
}

// column is one currency's rates, days ascending.
type column struct {
	days  []int64 // day numbers (days since 1970-01-01)
	rates []float64
}

var loadEmbedded = sync.OnceValues(func() (*Table, error) {
	f, err := dataFS.Open("data/ecb-eurofxref.csv.gz")
	if err != nil {
		return nil, fmt.Errorf("fx: embedded: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("fx: embedded: %w", err)
	}
	return Parse(zr)
})

// Embedded returns the table compiled into the binary, parsed once.
func Embedded() (*Table, error) { return loadEmbedded() }

// Parse reads a table in the ECB layout: a header "date,USD,GBP,..." and
// one row per day, dates strictly ascending, every rate finite and
// positive.
func Parse(r io.Reader) (*Table, error) {
	sc := bufio.NewScanner(r)
	if !sc.Scan() {
		return nil, fmt.Errorf("fx: parse: empty table")
	}
	header := strings.Split(strings.TrimSpace(sc.Text()), ",")
	if len(header) < 2 || header[0] != "date" {
		return nil, fmt.Errorf("fx: parse: bad header")
	}
	p := &parser{rates: map[string][]float64{}}
	for line := 2; sc.Scan(); line++ {
		if err := p.addRow(header, strings.TrimSpace(sc.Text())); err != nil {
			return nil, fmt.Errorf("fx: parse line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("fx: parse: %w", err)
	}
	if len(p.days) == 0 {
		return nil, fmt.Errorf("fx: parse: no rows")
	}
	t := &Table{cols: map[string]column{}}
	for c, r := range p.rates {
		t.cols[c] = column{days: p.days, rates: r}
	}
	return t, nil
}

// parser accumulates the rows of a table in the ECB layout.
type parser struct {
	days  []int64
	rates map[string][]float64
}

func (t *parser) addRow(header []string, row string) error {
	cells := strings.Split(row, ",")
	if len(cells) != len(header) {
		return fmt.Errorf("%d cells, want %d", len(cells), len(header))
	}
	d, err := time.ParseInLocation(time.DateOnly, cells[0], time.UTC)
	if err != nil {
		return fmt.Errorf("bad date %q", cells[0])
	}
	day := dayNum(d)
	if n := len(t.days); n > 0 && day <= t.days[n-1] {
		return fmt.Errorf("date %s is not after the previous row", cells[0])
	}
	for i, c := range cells[1:] {
		v, err := strconv.ParseFloat(c, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			return fmt.Errorf("bad %s rate %q", header[i+1], c)
		}
		t.rates[header[i+1]] = append(t.rates[header[i+1]], v)
	}
	t.days = append(t.days, day)
	return nil
}

// Range returns the first and last dates of the table (over every
// currency).
func (t *Table) Range() (first, last time.Time) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, col := range t.cols {
		lo, hi = min(lo, col.days[0]), max(hi, col.days[len(col.days)-1])
	}
	return dayTime(lo), dayTime(hi)
}

// RangeOf returns the first and last dates with a rate of currency c; ok
// is false for the euro (it needs no rate) and unknown currencies.
func (t *Table) RangeOf(c string) (first, last time.Time, ok bool) {
	col, ok := t.cols[c]
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	return dayTime(col.days[0]), dayTime(col.days[len(col.days)-1]), true
}

// Has reports whether the table can convert currency c.
func (t *Table) Has(c string) bool {
	_, ok := t.cols[c]
	return ok || c == Base
}

// perEUR returns units of c per 1 EUR on day (last rate carried forward).
func (t *Table) perEUR(day int64, c string) (float64, error) {
	if c == Base {
		return 1, nil
	}
	col, ok := t.cols[c]
	if !ok {
		return 0, fmt.Errorf("%w %q", ErrUnknownCurrency, c)
	}
	i := sort.Search(len(col.days), func(i int) bool { return col.days[i] > day }) - 1
	if i < 0 || day-col.days[i] > MaxCarryDays {
		first, last, _ := t.RangeOf(c)
		return 0, fmt.Errorf("%w: %s is outside %s to %s", ErrOutOfRange, dayTime(day).Format(time.DateOnly),
			first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	return col.rates[i], nil
}

// Rate returns how many units of to one unit of from buys on date.
func (t *Table) Rate(date time.Time, from, to string) (float64, error) {
	return t.Convert(1, date, from, to)
}

// Convert converts amount from one currency to another at date's rates:
// amount / (from per EUR) x (to per EUR), so a USD amount in EUR is
// amount / EURUSD exactly as the ECB quotes it.
func (t *Table) Convert(amount float64, date time.Time, from, to string) (float64, error) {
	if from == to {
		if !t.Has(from) {
			return 0, fmt.Errorf("%w %q", ErrUnknownCurrency, from)
		}
		return amount, nil
	}
	day := dayNum(date)
	f, err := t.perEUR(day, from)
	if err != nil {
		return 0, err
	}
	g, err := t.perEUR(day, to)
	if err != nil {
		return 0, err
	}
	switch {
	case to == Base:
		return amount / f, nil
	case from == Base:
		return amount * g, nil
	}
	return amount / f * g, nil
}

func dayNum(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }
