package chart

import (
	"math"
	"strconv"
	"time"
)

// NiceStep returns a round step ("nice number": 1, 2 or 5 times a power
// of ten) close to span/n, so that about n steps cover span.
func NiceStep(span float64, n int) float64 {
	if !(span > 0) || n < 1 || !finite(span) {
		return 1
	}
	raw := span / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / p; {
	case f < 1.5:
		return p
	case f < 3:
		return 2 * p
	case f < 7:
		return 5 * p
	}
	return 10 * p
}

// NiceTicks returns round tick values covering [lo, hi] with about n
// intervals: the first tick is at or below lo and the last at or above hi,
// so the ticks also give the axis bounds. Equal or non-finite bounds are
// widened to a unit span around the value.
func NiceTicks(lo, hi float64, n int) []float64 {
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.05, 1e-6)
		lo, hi = lo-d, hi+d
	}
	step := NiceStep(hi-lo, n)
	first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
	out := make([]float64, 0, int(last-first)+1)
	for i := first; i <= last; i++ {
		v := i * step
		if math.Abs(v) < step*1e-9 {
			v = 0 // no "-0"
		}
		out = append(out, v)
	}
	return out
}

// dayLayout is the date format of the series (YYYY-MM-DD).
const dayLayout = "2006-01-02"

// dateSteps are the calendar steps date ticks choose from, in months
// (0 stands for one week).
var dateSteps = []int{0, 1, 2, 3, 6, 12, 24, 60, 120}

// DateTicks returns the indices of dates (sorted YYYY-MM-DD strings) that
// fall on round calendar boundaries — the first date on or after each
// week, month, quarter or year start — choosing the smallest step that
// gives at most n ticks, with a label for each ("Mar", "2015"). Pos is
// the index into dates.
func DateTicks(dates []string, n int) []Tick {
	first, err1 := time.Parse(dayLayout, first(dates))
	last, err2 := time.Parse(dayLayout, lastOf(dates))
	if err1 != nil || err2 != nil || n < 1 {
		return nil
	}
	days := last.Sub(first).Hours() / 24
	for _, months := range dateSteps {
		span := float64(months) * 30.44
		if months == 0 {
			span = 7
		}
		if days/span <= float64(n) {
			return dateTicksEvery(dates, first, last, months)
		}
	}
	return dateTicksEvery(dates, first, last, dateSteps[len(dateSteps)-1]*int(days/365.25/10/float64(n)+1))
}

// dateTicksEvery places a tick at each boundary of the step after first;
// Pos holds the index of the first date on or after the boundary.
func dateTicksEvery(dates []string, first, last time.Time, months int) []Tick {
	var out []Tick
	b := boundaryAfter(first, months)
	j := 0
	for !b.After(last) {
		key := b.Format(dayLayout)
		for j < len(dates) && dates[j] < key {
			j++
		}
		if j < len(dates) {
			out = append(out, Tick{Pos: float64(j), Label: dateLabel(b, months)})
		}
		b = nextBoundary(b, months)
	}
	return out
}

// boundaryAfter returns the first step boundary on or after t.
func boundaryAfter(t time.Time, months int) time.Time {
	if months == 0 {
		d := (int(time.Monday) - int(t.Weekday()) + 7) % 7
		return t.AddDate(0, 0, d)
	}
	m := int(t.Month()) - 1
	start := time.Date(t.Year(), time.Month(m-m%min(months, 12)+1), 1, 0, 0, 0, 0, time.UTC)
	if months > 12 {
		y := t.Year() - t.Year()%(months/12)
		start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for start.Before(t) {
		start = nextBoundary(start, months)
	}
	return start
}

// nextBoundary returns the boundary one step after b.
func nextBoundary(b time.Time, months int) time.Time {
	if months == 0 {
		return b.AddDate(0, 0, 7)
	}
	return b.AddDate(0, months, 0)
}

// dateLabel labels a boundary: the year at year starts and for yearly
// steps, the month ("Mar") otherwise, "2 Jan" for weeks.
func dateLabel(b time.Time, months int) string {
	switch {
	case months == 0:
		return itoa(b.Day()) + " " + b.Month().String()[:3]
	case months >= 12:
		return itoa(b.Year())
	case b.Month() == time.January:
		return itoa(b.Year())
	}
	return b.Month().String()[:3]
}

// itoa formats an int (strconv.Itoa without importing it twice).
func itoa(v int) string { return strconv.Itoa(v) }

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func lastOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}
