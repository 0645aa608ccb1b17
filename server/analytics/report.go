package analytics

import (
	"errors"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// DefaultMaxPoints is the default number of points of chart series.
const DefaultMaxPoints = 500

// ErrNoHoldings is returned when the portfolio holds nothing in the window.
var ErrNoHoldings = errors.New("no holdings in the selected period")

// Input is everything Analyze needs. Series must contain a price series for
// every traded ticker. From and To bound the window (zero means unbounded).
// Benchmark is optional (a ticker's series or EqualWeightIndex of the data
// set). RiskFree is an annual rate in [-0.5, 1]. MaxPoints caps chart series
// (0 means DefaultMaxPoints, minimum 2).
type Input struct {
	Series    []PriceSeries
	Trades    []Trade
	Dividends []Dividend
	Meta      map[string]Meta
	Benchmark *PriceSeries
	From, To  time.Time
	RiskFree  float64
	MaxPoints int
}

// Analyze computes the full analytics report of a portfolio.
func Analyze(in Input) (wire.AnalyticsReport, error) {
	if !finite(in.RiskFree) || in.RiskFree < -0.5 || in.RiskFree > 1 {
		return wire.AnalyticsReport{}, fail(ErrInvalidInput, "risk-free rate out of range")
	}
	p, err := newPanel(in.Series)
	if err != nil {
		return wire.AnalyticsReport{}, err
	}
	b, err := buildBook(p, in.Trades, in.Dividends)
	if err != nil {
		return wire.AnalyticsReport{}, err
	}
	a, z, err := b.window(in.From, in.To)
	if err != nil {
		return wire.AnalyticsReport{}, err
	}
	return b.report(in, a, z)
}

// window returns the calendar indices of the analysed period: from the first
// day in [from, to] on which the book holds something, to the last day <= to.
func (b *book) window(from, to time.Time) (int, int, error) {
	a, z := 0, len(b.p.days)-1
	if !from.IsZero() {
		a = b.p.indexOnOrAfter(dayNum(from))
	}
	if !to.IsZero() {
		z = b.p.indexOnOrBefore(dayNum(to))
	}
	for ; a <= z; a++ {
		if b.gross[a] > 0 {
			return a, z, nil
		}
	}
	return 0, 0, fail(ErrNoHoldings, "")
}

// report assembles the analytics report over calendar indices a..z.
func (b *book) report(in Input, a, z int) (wire.AnalyticsReport, error) {
	idx, r := b.dailyReturns(a, z)
	rep := wire.AnalyticsReport{From: dayString(b.p.days[a]), To: dayString(b.p.days[z]), Returns: len(r),
		StartValue: b.value[a], EndValue: b.value[z], Metrics: ComputeMetrics(r, in.RiskFree)}
	for t := a + 1; t <= z; t++ {
		rep.NetFlows += b.flow[t]
		rep.Dividends += b.income[t]
	}
	rep.MWR, rep.MWRPeriod = b.moneyWeighted(a, z)
	if in.Benchmark != nil {
		bs, err := b.benchmark(*in.Benchmark, idx, r, a, z, &rep.Metrics)
		if err != nil {
			return wire.AnalyticsReport{}, err
		}
		rep.Benchmark = bs
	}
	wealth := b.wealth(idx, r, a, z)
	dd := drawdownOf(wealth)
	rep.Drawdown = drawdownReport(dd, b.p.days[a:z+1])
	pts := b.seriesPoints(wealth, dd.series, a)
	if in.Benchmark != nil {
		b.setBenchmarkIndex(pts, *in.Benchmark, a)
	}
	rep.Series = Downsample(pts, maxPoints(in.MaxPoints))
	rep.Drawdowns = drawdownPeriods(wealth, b.p.days[a:z+1], TopDrawdowns)
	rep.Flows = b.flowPoints(a, z, maxPoints(in.MaxPoints))
	b.positions(&rep, in.Meta, b.contributions(idx, r), a, z)
	return rep, nil
}

// maxPoints applies the chart point default and minimum.
func maxPoints(n int) int {
	if n <= 0 {
		return DefaultMaxPoints
	}
	return max(n, 2)
}

// wealth returns the TWR wealth index on every calendar day a..z (1 at a;
// unchanged on days without a return).
func (b *book) wealth(idx []int, r []float64, a, z int) []float64 {
	w := make([]float64, z-a+1)
	w[0] = 1
	j := 0
	for t := a + 1; t <= z; t++ {
		w[t-a] = w[t-a-1]
		if j < len(idx) && idx[j] == t {
			w[t-a] *= 1 + r[j]
			j++
		}
	}
	return w
}

// benchmark aligns the benchmark on the portfolio's return days and sets
// beta and correlation in m.
func (b *book) benchmark(s PriceSeries, idx []int, r []float64, a, z int, m *wire.Metrics) (*wire.BenchmarkSummary, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	px, start := b.p.carry(s)
	var pr, br []float64
	for j, t := range idx {
		if start <= t-1 {
			pr = append(pr, r[j])
			br = append(br, px[t]/px[t-1]-1)
		}
	}
	m.Beta, m.Correlation = fptr(Beta(pr, br)), fptr(Correlation(pr, br))
	out := &wire.BenchmarkSummary{Ticker: s.Ticker, Pairs: len(pr)}
	if first := max(a, start); first < z {
		out.TotalReturn = fptr(px[z]/px[first] - 1)
	}
	return out, nil
}
