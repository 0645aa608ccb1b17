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

func fmtMoney(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(noNegativeZero(v, 2), 'f', 2, 64)
}

// noNegativeZero turns values that round to zero into +0 so they never
// print as "-0.00".
func noNegativeZero(v float64, decimals int) float64 {
	if math.Abs(v) < 0.5*math.Pow(10, -float64(decimals)) {
		return 0
	}
	return v
}

func fmtPct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(noNegativeZero(v*100, 2), 'f', 2, 64) + "%"
}

func fmtNum(v float64, prec int) string {
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// plural returns n followed by the singular or plural noun:
// plural(1, "line", "lines") is "1 line", plural(3, ...) is "3 lines".
func plural(n int, one, many string) string {
	if n == 1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
