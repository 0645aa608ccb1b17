package forecast

import "math"

// Lookback is the number of past days a feature row needs: the longest
// window (252 days for momentum) plus one.
const Lookback = 253

// FeatureDef names one feature and says how it is computed.
type FeatureDef struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// featureFn computes one feature of ticker k at union day t from days
// t-Lookback+1..t only.
type featureFn func(u *Universe, k, t int) float64

// feature pairs a definition with its computation.
type feature struct {
	def FeatureDef
	fn  featureFn
}

// features is the feature set, in column order. Every function reads
// px/vol/mkt at indices <= t only: that is the no-look-ahead rule.
var features = []feature{
	{FeatureDef{"ret_1", "1-day simple return"}, func(u *Universe, k, t int) float64 { return u.ret(k, t, 1) }},
	{FeatureDef{"ret_5", "5-day simple return"}, func(u *Universe, k, t int) float64 { return u.ret(k, t, 5) }},
	{FeatureDef{"ret_21", "21-day simple return"}, func(u *Universe, k, t int) float64 { return u.ret(k, t, 21) }},
	{FeatureDef{"ret_63", "63-day simple return"}, func(u *Universe, k, t int) float64 { return u.ret(k, t, 63) }},
	{FeatureDef{"vol_21", "21-day volatility (sample stdev of daily returns, ddof=1)"}, func(u *Universe, k, t int) float64 { return u.volatility(k, t, 21) }},
	{FeatureDef{"vol_63", "63-day volatility (sample stdev of daily returns, ddof=1)"}, func(u *Universe, k, t int) float64 { return u.volatility(k, t, 63) }},
	{FeatureDef{"mom_12_1", "momentum: return from t-252 to t-21"}, func(u *Universe, k, t int) float64 { return u.px[k][t-21]/u.px[k][t-252] - 1 }},
	{FeatureDef{"ma_gap_50", "close over its 50-day moving average, minus 1"}, func(u *Universe, k, t int) float64 { return u.maGap(k, t, 50) }},
	{FeatureDef{"rsi_14", "14-day RSI (simple averages of gains and losses), scaled to [-1, 1]"}, func(u *Universe, k, t int) float64 { return u.rsi(k, t, 14) }},
	{FeatureDef{"volume_z_21", "z-score of log(1+volume) against the previous 21 days"}, func(u *Universe, k, t int) float64 { return u.volumeZ(k, t, 21) }},
	{FeatureDef{"mkt_ret_5", "5-day return of the equal-weight index of the universe"}, func(u *Universe, _, t int) float64 { return u.mkt[t]/u.mkt[t-5] - 1 }},
	{FeatureDef{"mkt_ret_21", "21-day return of the equal-weight index of the universe"}, func(u *Universe, _, t int) float64 { return u.mkt[t]/u.mkt[t-21] - 1 }},
	{FeatureDef{"sector_rel_21", "21-day return minus the mean 21-day return of the other tickers of its sector"}, func(u *Universe, k, t int) float64 { return u.sectorRel(k, t, 21) }},
}

// FeatureDefs returns the feature definitions in column order.
func FeatureDefs() []FeatureDef {
	out := make([]FeatureDef, len(features))
	for i, f := range features {
		out[i] = f.def
	}
	return out
}

// NumFeatures is the width of a feature row.
func NumFeatures() int { return len(features) }

// Eligible reports whether ticker k has a feature row at day t: its own
// bar at t and a close Lookback-1 days earlier.
func (u *Universe) Eligible(k, t int) bool {
	return t >= Lookback-1 && t < len(u.Dates) && u.own[k][t] && u.px[k][t-Lookback+1] > 0
}

// Features writes ticker k's feature row at day t into dst (len
// NumFeatures) and reports false when k is not eligible at t. Only data
// up to and including day t is read.
func (u *Universe) Features(k, t int, dst []float64) bool {
	if !u.Eligible(k, t) {
		return false
	}
	for i, f := range features {
		v := f.fn(u, k, t)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			v = 0
		}
		dst[i] = v
	}
	return true
}

// ret is the w-day simple return of k ending at t.
func (u *Universe) ret(k, t, w int) float64 { return u.px[k][t]/u.px[k][t-w] - 1 }

// volatility is the sample stdev (ddof=1) of the w daily returns ending at t.
func (u *Universe) volatility(k, t, w int) float64 {
	sum, sq := 0.0, 0.0
	for s := t - w + 1; s <= t; s++ {
		r := u.px[k][s]/u.px[k][s-1] - 1
		sum += r
		sq += r * r
	}
	n := float64(w)
	v := (sq - sum*sum/n) / (n - 1)
	return math.Sqrt(math.Max(v, 0))
}

// maGap is close over the w-day mean close, minus 1.
func (u *Universe) maGap(k, t, w int) float64 {
	sum := 0.0
	for s := t - w + 1; s <= t; s++ {
		sum += u.px[k][s]
	}
	return u.px[k][t]/(sum/float64(w)) - 1
}

// rsi is 100 - 100/(1+gain/loss) over w daily changes, mapped to
// (rsi-50)/50 so it lies in [-1, 1]; 0 when nothing moved.
func (u *Universe) rsi(k, t, w int) float64 {
	gain, loss := 0.0, 0.0
	for s := t - w + 1; s <= t; s++ {
		d := u.px[k][s] - u.px[k][s-1]
		if d > 0 {
			gain += d
		} else {
			loss -= d
		}
	}
	if gain+loss == 0 {
		return 0
	}
	return (gain/(gain+loss)*100 - 50) / 50
}

// volumeZ is (x_t - mean)/sd of x = log(1+volume) against days t-w..t-1.
func (u *Universe) volumeZ(k, t, w int) float64 {
	sum, sq := 0.0, 0.0
	for s := t - w; s < t; s++ {
		x := math.Log1p(u.vol[k][s])
		sum += x
		sq += x * x
	}
	n := float64(w)
	mean := sum / n
	sd := math.Sqrt(math.Max((sq-sum*sum/n)/(n-1), 0))
	if sd < 1e-9 {
		return 0
	}
	return math.Max(-10, math.Min(10, (math.Log1p(u.vol[k][t])-mean)/sd))
}

// sectorRel is k's w-day return minus the mean w-day return of the other
// tickers of its sector priced at t-w (0 when it has no such peer).
func (u *Universe) sectorRel(k, t, w int) float64 {
	sum, n := 0.0, 0
	for j, s := range u.Sectors {
		if j == k || s != u.Sectors[k] || u.px[j][t-w] <= 0 {
			continue
		}
		sum += u.ret(j, t, w)
		n++
	}
	if n == 0 {
		return 0
	}
	return u.ret(k, t, w) - sum/float64(n)
}

// Target is the forward return of k from day t to day t+h and whether it
// is known (t+h inside the calendar).
func (u *Universe) Target(k, t, h int) (float64, bool) {
	if t+h >= len(u.Dates) || u.px[k][t] <= 0 {
		return 0, false
	}
	return u.px[k][t+h]/u.px[k][t] - 1, true
}
