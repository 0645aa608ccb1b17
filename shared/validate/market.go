package validate

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalidTicker is wrapped by every error Ticker returns; the full message
// says what is wrong in words a user can act on.
var ErrInvalidTicker = errors.New("invalid ticker")

// ErrInvalidDate is wrapped by every error Date returns.
var ErrInvalidDate = errors.New("invalid date")

// MaxTickerLen is the longest ticker symbol accepted.
const MaxTickerLen = 10

// MinYear and MaxYear bound the dates Date accepts.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Ticker trims s, upper-cases it and checks it is a plausible ticker symbol:
// 1..10 ASCII letters, digits, '.' or '-', starting with a letter or digit,
// ending with a letter or digit and without two separators in a row (so
// "BRK.B" and "BF-B" pass, "..", "-A" and "A.." do not). It returns the
// normalised ticker.
func Ticker(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("%w: enter a ticker symbol such as AAPL", ErrInvalidTicker)
	}
	if len(s) > MaxTickerLen {
		return "", fmt.Errorf("%w: use at most %d characters", ErrInvalidTicker, MaxTickerLen)
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
			b[i] = c
		}
		if !isTickerByte(c) {
			return "", fmt.Errorf("%w: use only letters, digits, '.' and '-'", ErrInvalidTicker)
		}
	}
	if err := tickerShape(b); err != nil {
		return "", err
	}
	return string(b), nil
}

func isTickerByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || isTickerSep(c)
}

func isTickerSep(c byte) bool { return c == '.' || c == '-' }

// tickerShape checks separator placement in an upper-cased ticker.
func tickerShape(b []byte) error {
	if isTickerSep(b[0]) || isTickerSep(b[len(b)-1]) {
		return fmt.Errorf("%w: must start and end with a letter or digit", ErrInvalidTicker)
	}
	for i := 1; i < len(b); i++ {
		if isTickerSep(b[i]) && isTickerSep(b[i-1]) {
			return fmt.Errorf("%w: '.' and '-' cannot follow each other", ErrInvalidTicker)
		}
	}
	return nil
}

// Date parses a calendar date written strictly as YYYY-MM-DD (no time, no
// zone, no surrounding spaces) and returns it at midnight UTC. Years outside
// 1900..2100 and impossible dates such as 2017-02-30 are rejected.
func Date(s string) (time.Time, error) {
	if len(s) != len(time.DateOnly) {
		return time.Time{}, fmt.Errorf("%w: use the format YYYY-MM-DD", ErrInvalidDate)
	}
	for i := 0; i < len(s); i++ {
		if !dateByteOK(i, s[i]) {
			return time.Time{}, fmt.Errorf("%w: use the format YYYY-MM-DD", ErrInvalidDate)
		}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %s is not a real calendar date", ErrInvalidDate, s)
	}
	if y := t.Year(); y < MinYear || y > MaxYear {
		return time.Time{}, fmt.Errorf("%w: the year must be between %d and %d", ErrInvalidDate, MinYear, MaxYear)
	}
	return t, nil
}

// dateByteOK reports whether c may appear at position i of YYYY-MM-DD.
func dateByteOK(i int, c byte) bool {
	if i == 4 || i == 7 {
		return c == '-'
	}
	return c >= '0' && c <= '9'
}
