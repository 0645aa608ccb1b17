package ui

import (
	"math"
	"strconv"
	"time"
)

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// hiddenAmount is what money and quantity show in hide-amounts mode.
const hiddenAmount = "•••"

// money is an amount in currency cur as the user's locale writes it:
// currency symbol, thousands separators, decimal mark and the currency's
// own number of decimals ("$1,234.50", "1.234,50 €", "¥1,235"). In
// hide-amounts mode it is hiddenAmount. An empty cur means USD, the
// default base currency.
func money(v float64, cur string) string {
	if amountsHidden() {
		return hiddenAmount
	}
	return userLocale().money(v, cur)
}

// money writes v in currency cur in locale l.
func (l *numberLocale) money(v float64, cur string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	c := l.currency(cur)
	v = noNegativeZero(v, c.decimals)
	buf := make([]byte, 0, 32)
	if v < 0 {
		buf = append(buf, '-')
	}
	buf = append(buf, c.prefix...)
	buf = l.appendGrouped(buf, math.Abs(v), c.decimals)
	buf = append(buf, c.suffix...)
	return string(buf)
}

// quantity is a number of shares with prec decimals, grouped as the
// locale writes numbers; hidden in hide-amounts mode like money, since
// quantity times price is the amount.
func quantity(v float64, prec int) string {
	if amountsHidden() {
		return hiddenAmount
	}
	return fmtNum(v, prec)
}

// exactQuantity is a quantity as entered, every decimal kept; hidden in
// hide-amounts mode.
func exactQuantity(v float64) string {
	if amountsHidden() {
		return hiddenAmount
	}
	return ftoa(v, -1)
}

// noNegativeZero turns values that round to zero into +0 so they never
// print as "-0.00".
func noNegativeZero(v float64, decimals int) float64 {
	if math.Abs(v) < 0.5*math.Pow(10, -float64(decimals)) {
		return 0
	}
	return v
}

// fmtPct is a fraction as a percentage with two decimals in the user's
// locale ("12.34%", "12,34 %"). Percentages stay visible in hide-amounts
// mode: they are what that mode shows.
func fmtPct(v float64) string { return userLocale().pct(v) }

// pct writes fraction v as a percentage in locale l.
func (l *numberLocale) pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	v = noNegativeZero(v*100, 2)
	buf := make([]byte, 0, 16)
	if v < 0 {
		buf = append(buf, '-')
	}
	buf = append(buf, l.pctPrefix...)
	buf = l.appendGrouped(buf, math.Abs(v), 2)
	buf = append(buf, l.pctSuffix...)
	return string(buf)
}

// fmtNum is a number with prec decimals in the user's locale, grouped in
// thousands ("1,234.50").
func fmtNum(v float64, prec int) string { return userLocale().num(v, prec) }

// num writes v with prec decimals in locale l.
func (l *numberLocale) num(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	buf := make([]byte, 0, 24)
	if v < 0 && noNegativeZero(v, prec) != 0 {
		buf = append(buf, '-')
	}
	return string(l.appendGrouped(buf, math.Abs(v), prec))
}

// appendGrouped appends v >= 0 with dec decimals, using the locale's
// thousands separator and decimal mark.
func (l *numberLocale) appendGrouped(buf []byte, v float64, dec int) []byte {
	var tmp [40]byte
	digits := strconv.AppendFloat(tmp[:0], v, 'f', dec, 64)
	intLen := len(digits)
	if dec > 0 {
		intLen -= dec + 1
	}
	for i := 0; i < intLen; i++ {
		if i > 0 && (intLen-i)%3 == 0 {
			buf = append(buf, l.group...)
		}
		buf = append(buf, digits[i])
	}
	if dec > 0 {
		buf = append(buf, l.decimal...)
		buf = append(buf, digits[intLen+1:]...)
	}
	return buf
}

// plural returns n followed by the singular or plural noun:
// plural(1, "line", "lines") is "1 line", plural(3, ...) is "3 lines".
func plural(n int, one, many string) string {
	if n == 1 {
		return itoa(n) + " " + one
	}
	return itoa(n) + " " + many
}
