package analytics

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// contributions returns each ticker's contribution to the window's
// time-weighted return. The daily contribution of holding k is
// c_{k,t} = PnL_{k,t}/D_{t-1} (so sum_k c_{k,t} = r_t); days are linked with
// Carino factors k_t = ln(1+r_t)/r_t and K = ln(1+R)/R so that the
// contributions add up exactly to R = prod(1+r_t) - 1. When some 1+r_t <= 0
// or 1+R <= 0 the factors are 1 (plain sum of daily contributions).
func (b *book) contributions(idx []int, r []float64) []float64 {
	out := make([]float64, len(b.p.tickers))
	R := TotalReturn(r)
	linked := 1+R > 0
	for _, x := range r {
		linked = linked && 1+x > 0
	}
	K := carino(R, linked)
	for j, t := range idx {
		f := carino(r[j], linked) / K / b.denominator(t)
		for k, v := range b.pnl[t] {
			out[k] += v * f
		}
	}
	return out
}

// carino returns ln(1+x)/x (1 at x = 0), or 1 when linking is off.
func carino(x float64, linked bool) float64 {
	if !linked || math.Abs(x) < 1e-12 {
		return 1
	}
	return math.Log1p(x) / x
}

// returnMatrix builds the T x K matrix of daily price returns of tickers ks
// over calendar indices a+1..z, keeping days on which every ticker had a
// close on the previous day. It returns nil with fewer than 2 rows.
func (p *panel) returnMatrix(ks []int, a, z int) *mat.Dense {
	data := make([]float64, 0, p.pricedRows(ks, a, z)*len(ks))
	rows := 0
	for t := a + 1; t <= z; t++ {
		if !p.allPriced(ks, t-1) {
			continue
		}
		for _, k := range ks {
			data = append(data, p.px[k][t]/p.px[k][t-1]-1)
		}
		rows++
	}
	if rows < 2 || len(ks) == 0 {
		return nil
	}
	return mat.NewDense(rows, len(ks), data)
}

// pricedRows counts the indices t in a+1..z at which every ticker in ks
// had a close at t-1 (prices never stop once started, so they are the
// indices after the latest start).
func (p *panel) pricedRows(ks []int, a, z int) int {
	first := a + 1
	for _, k := range ks {
		first = max(first, p.start[k]+1)
	}
	return max(z-first+1, 0)
}

// allPriced reports whether every ticker in ks has a close at index t.
func (p *panel) allPriced(ks []int, t int) bool {
	for _, k := range ks {
		if p.start[k] > t {
			return false
		}
	}
	return true
}

// riskContributions returns w_i (Σw)_i / (w'Σw) for weights w and the
// annualised sample covariance of x; nil entries when w'Σw is not positive.
func riskContributions(x *mat.Dense, w []float64) []*float64 {
	out := make([]*float64, len(w))
	if x == nil {
		return out
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, x, nil)
	cov.ScaleSym(TradingDays, &cov)
	wv := mat.NewVecDense(len(w), w)
	var sw mat.VecDense
	sw.MulVec(&cov, wv)
	total := mat.Dot(wv, &sw)
	if !(total > 0) {
		return out
	}
	for i := range w {
		out[i] = fptr(w[i] * sw.AtVec(i) / total)
	}
	return out
}

// correlationMatrix computes the Pearson correlation matrix of the columns
// of x, or nil when x is nil.
func correlationMatrix(x *mat.Dense, tickers []string) *wire.CorrelationMatrix {
	if x == nil {
		return nil
	}
	var c mat.SymDense
	stat.CorrelationMatrix(&c, x, nil)
	out := &wire.CorrelationMatrix{Tickers: tickers, Values: make([][]*float64, len(tickers))}
	for i := range tickers {
		out.Values[i] = make([]*float64, len(tickers))
		for j := range tickers {
			out.Values[i][j] = fptr(c.At(i, j))
		}
	}
	return out
}
