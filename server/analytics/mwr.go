package analytics

import "math"

// XIRR returns the annual rate r at which the cash flows have a net
// present value of zero, discounting amount i by (1+r)^(days_i/365) with
// days counted from the first flow (actual/365, as a spreadsheet's XIRR).
// Amounts are from the investor's side: money paid in is negative, money
// taken out (and the end value) positive. ok is false when the rate is
// undefined: fewer than two flows, no day after the first, or flows that
// do not change sign.
func XIRR(days []int64, amounts []float64) (rate float64, ok bool) {
	if len(days) < 2 || len(days) != len(amounts) || days[len(days)-1] == days[0] {
		return 0, false
	}
	var neg, pos bool
	for _, a := range amounts {
		neg, pos = neg || a < 0, pos || a > 0
	}
	if !neg || !pos {
		return 0, false
	}
	npv := func(r float64) float64 {
		s, lg := 0.0, math.Log1p(r)
		for i, a := range amounts {
			s += a * math.Exp(-float64(days[i]-days[0])/365*lg)
		}
		return s
	}
	return bisect(npv)
}

// bisect finds a root of f on (-1, +inf) by bracketing and bisection
// (deterministic to the last bit, unlike Newton steps).
func bisect(f func(float64) float64) (float64, bool) {
	lo, hi := -0.999999999, 1.0
	flo := f(lo)
	for f(hi)*flo > 0 {
		if hi *= 2; hi > 1e9 {
			return 0, false
		}
	}
	for range 2000 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		fm := f(mid)
		if fm == 0 {
			return mid, true
		}
		if fm*flo > 0 {
			lo, flo = mid, fm
		} else {
			hi = mid
		}
	}
	r := lo + (hi-lo)/2
	return r, finite(r)
}

// moneyWeighted is the money-weighted return of calendar indices a..z:
// the XIRR of the value at a (paid in), each later day's external flows
// (trade costs or deposits paid in, payouts and withdrawals taken out)
// and the value at z (taken out), annualised and for the period.
func (b *book) moneyWeighted(a, z int) (annual, period *float64) {
	days := []int64{b.p.days[a]}
	amounts := []float64{-b.value[a]}
	for t := a + 1; t <= z; t++ {
		if cf := b.div[t] - b.flow[t]; cf != 0 {
			days, amounts = append(days, b.p.days[t]), append(amounts, cf)
		}
	}
	days, amounts = append(days, b.p.days[z]), append(amounts, b.value[z])
	r, ok := XIRR(days, amounts)
	if !ok {
		return nil, nil
	}
	p := math.Pow(1+r, float64(b.p.days[z]-b.p.days[a])/365) - 1
	return fptr(r), fptr(p)
}
