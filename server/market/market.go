package market

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// Bar is one daily price bar. Date is midnight UTC of the trading day.
type Bar struct {
	Date   time.Time `json:"date"`
	Open   float64   `json:"open"`
	High   float64   `json:"high"`
	Low    float64   `json:"low"`
	Close  float64   `json:"close"`
	Volume int64     `json:"volume"`
}

// Symbol describes a listed security. Fields a provider does not know are
// set to Unknown (except Ticker and Name).
type Symbol struct {
	Ticker   string `json:"ticker"`
	Name     string `json:"name"`
	Sector   string `json:"sector"`
	Industry string `json:"industry"`
	Country  string `json:"country"`
	Exchange string `json:"exchange"`
	// Currency is the ISO code prices are quoted in; empty means USD
	// (every embedded ticker).
	Currency string `json:"currency,omitempty"`
}

// Provider is a source of symbols and daily bars. Tickers are validated and
// normalised with validate.Ticker; from and to are inclusive calendar days
// (their UTC date is used). Returned slices belong to the caller.
type Provider interface {
	// Name is a short lowercase provider name ("embedded", "polygon", "fmp").
	Name() string
	// Search returns up to limit symbols matching q by ticker or name.
	Search(ctx context.Context, q string, limit int) ([]Symbol, error)
	// Symbol returns the metadata of one ticker.
	Symbol(ctx context.Context, ticker string) (Symbol, error)
	// History returns the bars with from <= Date <= to, oldest first.
	History(ctx context.Context, ticker string, from, to time.Time) ([]Bar, error)
	// Latest returns the most recent bar known for ticker.
	Latest(ctx context.Context, ticker string) (Bar, error)
}

// ErrUnknownTicker is wrapped by errors about symbols the provider does not know.
var ErrUnknownTicker = errors.New("market: unknown ticker")

// ErrUnavailable is wrapped when a provider cannot answer: network failure,
// 5xx or 429 after retries, or an open circuit breaker.
var ErrUnavailable = errors.New("market: provider unavailable")

// ErrInvalidInput is wrapped for bad arguments: malformed ticker, reversed
// date range, over-long search query.
var ErrInvalidInput = errors.New("market: invalid input")

// Unknown is the value of metadata fields a provider does not supply.
const Unknown = "Unknown"

// Search limits.
const (
	DefaultSearchLimit = 10
	MaxSearchLimit     = 50
	maxQueryLen        = 64
	maxNameLen         = 200
)

// day returns midnight UTC of t's UTC calendar day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// normTicker validates and normalises a ticker.
func normTicker(s string) (string, error) {
	t, err := validate.Ticker(s)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return t, nil
}

// normRange validates a History request and normalises its bounds.
func normRange(ticker string, from, to time.Time) (string, time.Time, time.Time, error) {
	t, err := normTicker(ticker)
	if err != nil {
		return "", time.Time{}, time.Time{}, err
	}
	from, to = day(from), day(to)
	if to.Before(from) {
		return "", time.Time{}, time.Time{}, fmt.Errorf("%w: from is after to", ErrInvalidInput)
	}
	return t, from, to, nil
}

// normSearch validates a search query and clamps limit to 1..MaxSearchLimit
// (0 or less means DefaultSearchLimit).
func normSearch(q string, limit int) (string, int, error) {
	q = strings.TrimSpace(q)
	if len(q) > maxQueryLen || !utf8.ValidString(q) {
		return "", 0, fmt.Errorf("%w: search text is too long or not valid text", ErrInvalidInput)
	}
	if strings.IndexFunc(q, unicode.IsControl) >= 0 {
		return "", 0, fmt.Errorf("%w: search text contains control characters", ErrInvalidInput)
	}
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	return q, min(limit, MaxSearchLimit), nil
}

// cleanText makes provider-supplied text safe to store and show: valid
// UTF-8, no control characters, trimmed and at most maxNameLen bytes.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || validate.IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	for len(s) > maxNameLen {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}

// orUnknown returns s, or Unknown when s is empty after cleaning.
func orUnknown(s string) string {
	if s = cleanText(s); s == "" {
		return Unknown
	}
	return s
}

// fixBar applies the gap policy to a bar whose Close is known to be valid:
// non-positive or non-finite Open/High/Low become Close, then High and Low
// are widened to contain Open and Close. ok is false if Close is unusable.
func fixBar(b Bar) (Bar, bool) {
	if !positive(b.Close) {
		return Bar{}, false
	}
	if !positive(b.Open) {
		b.Open = b.Close
	}
	if !positive(b.High) {
		b.High = b.Close
	}
	if !positive(b.Low) {
		b.Low = b.Close
	}
	b.High = max(b.High, b.Open, b.Close)
	b.Low = min(b.Low, b.Open, b.Close)
	if b.Volume < 0 {
		b.Volume = 0
	}
	return b, true
}

// positive reports whether f is finite and > 0.
func positive(f float64) bool {
	return f > 0 && f <= maxPrice
}

// maxPrice bounds accepted prices; it also rejects +Inf (NaN fails f > 0).
const maxPrice = 1e12

// quoteCurrency normalises a provider's currency code ("usd", "EUR") to
// one Fortfolio converts; "" (read as USD) for anything else.
func quoteCurrency(code string) string {
	c, err := validate.Currency(strings.ToUpper(strings.TrimSpace(code)))
	if err != nil {
		return ""
	}
	return c
}

// QuoteCurrency returns the currency s's prices are quoted in (USD when
// the data does not say).
func (s Symbol) QuoteCurrency() string {
	if s.Currency == "" {
		return "USD"
	}
	return s.Currency
}
