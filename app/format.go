package ui

import (
	"strconv"
	"time"
)

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func fmtMoney(v float64) string {
	return strconv.FormatFloat(v, 'f', 2, 64)
}

func fmtPct(v float64) string {
	return strconv.FormatFloat(v*100, 'f', 2, 64) + "%"
}

func fmtNum(v float64, prec int) string {
	return strconv.FormatFloat(v, 'f', prec, 64)
}
