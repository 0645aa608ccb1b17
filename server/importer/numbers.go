package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// parseNumber reads a broker's number: currency symbols and codes ("EUR
// 12,50", "-1.234,56 EUR"), spaces and thousands separators are dropped,
// "(12.50)" and a trailing minus are negative, and comma says whether ','
// is the decimal separator. Thousands separators must group three digits,
// so a number written the other way ("1,234.56" where commas are decimal,
// "84.05" there) is refused rather than read as another value. An empty
// cell or "--" is 0 with ok true and empty true.
func parseNumber(s string, comma bool) (v float64, empty bool, err error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "--", "-", "n/a", "not available":
		return 0, true, nil
	}
	s, _ = cutCurrency(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '$', '€', '£', '¥', ' ', '\u00a0', '\u202f', '\'':
			return -1
		}
		return r
	}, s)
	if rest, ok := strings.CutSuffix(s, "-"); ok && rest != "" {
		neg, s = !neg, rest
	}
	s, ok := ungroup(strings.TrimPrefix(s, "+"), comma)
	if !ok {
		return 0, false, errNotNumber
	}
	if s == "" || strings.ContainsAny(s, "eEinfINFxX_") {
		return 0, false, errNotNumber
	}
	f, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, errNotNumber
	}
	if neg {
		f = -f
	}
	return f, false, nil
}

var errNotNumber = fmt.Errorf("importer: not a number")

// ungroup rewrites a number with the file's separators as Go reads it:
// one decimal separator at most, with every thousands separator before it
// starting a group of three digits.
func ungroup(s string, comma bool) (string, bool) {
	dec, thousands := ".", ","
	if comma {
		dec, thousands = ",", "."
	}
	whole, frac, hasFrac := strings.Cut(s, dec)
	if strings.Contains(frac, dec) || strings.Contains(frac, thousands) {
		return "", false
	}
	if strings.Contains(whole, thousands) {
		groups := strings.Split(strings.TrimPrefix(whole, "-"), thousands)
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", false
			}
		}
		whole = strings.ReplaceAll(whole, thousands, "")
	}
	if hasFrac {
		return whole + "." + frac, true
	}
	return whole, true
}

// cutCurrency splits an ISO currency code written before or after a number
// ("EUR 12,50", "-1.234,56 EUR") from it; code is "" when there is none.
func cutCurrency(s string) (num, code string) {
	s = strings.TrimSpace(s)
	if len(s) <= 3 {
		return s, ""
	}
	if c := s[len(s)-3:]; isCurrencyCode(c) {
		return strings.TrimSpace(s[:len(s)-3]), c
	}
	if c := s[:3]; isCurrencyCode(c) {
		return strings.TrimSpace(s[3:]), c
	}
	return s, ""
}

func isCurrencyCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return len(s) == 3
}

// dateLayouts are the date formats a mapping may name, by their name.
var dateLayouts = []struct{ Name, Layout string }{
	{"YYYY-MM-DD", "2006-01-02"},
	{"MM/DD/YYYY", "01/02/2006"},
	{"DD/MM/YYYY", "02/01/2006"},
	{"DD.MM.YYYY", "02.01.2006"},
	{"DD-MM-YYYY", "02-01-2006"},
	{"MM-DD-YYYY", "01-02-2006"},
	{"YYYY/MM/DD", "2006/01/02"},
	{"YYYYMMDD", "20060102"},
}

// DateFormats lists the date format names a mapping may use.
func DateFormats() []string {
	out := make([]string, len(dateLayouts))
	for i, d := range dateLayouts {
		out[i] = d.Name
	}
	return out
}

func layoutOf(name string) (string, bool) {
	for _, d := range dateLayouts {
		if d.Name == name {
			return d.Layout, true
		}
	}
	return "", false
}

// parseDate reads the date at the start of s (a time, ", 09:30:00", "T..."
// or " as of ..." after it is ignored) with the named format and returns
// YYYY-MM-DD.
func parseDate(s, format string) (string, error) {
	layout, ok := layoutOf(format)
	if !ok {
		return "", fmt.Errorf("importer: unknown date format %q", format)
	}
	tok := dateToken(s)
	if format == "YYYYMMDD" && len(tok) > 8 {
		tok = tok[:8]
	}
	d, err := time.Parse(layout, tok)
	if err != nil {
		return "", fmt.Errorf("importer: date %q is not %s", clip(s), format)
	}
	return d.Format(time.DateOnly), nil
}

// dateToken returns s up to the first space, comma, semicolon or 'T'
// after a digit.
func dateToken(s string) string {
	s = strings.TrimSpace(s)
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == ',' || c == ';' || (c == 'T' && s[i-1] >= '0' && s[i-1] <= '9') {
			return s[:i]
		}
	}
	return s
}

// clip shortens a cell for an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}

// Spreadsheets run a cell as a formula when it starts (after spaces) with
// one of these, or with a minus not followed by a number.
const formulaStarts = "=+@\t\r＝＋＠﹦﹢﹫－﹣"

// formula reports whether a text cell would run as a formula.
func formula(s string) bool {
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return false
	}
	r, size := utf8.DecodeRuneInString(t)
	if r == '-' || r == '+' {
		rest := t[size:]
		return rest == "" || !(rest[0] >= '0' && rest[0] <= '9' || rest[0] == '.' || rest[0] == '$')
	}
	return strings.ContainsRune(formulaStarts, r)
}
