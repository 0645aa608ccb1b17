package analytics

import (
	"slices"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// positions fills holdings, allocation, exposure, risk contributions and
// the correlation matrix of rep from the book at calendar index z.
func (b *book) positions(rep *wire.AnalyticsReport, meta map[string]Meta, contrib []float64, a, z int) {
	base := b.base(z)
	values := map[string]float64{}
	var held []int
	var weights []float64
	for k, tk := range b.p.tickers {
		q := b.qty[z][k]
		if q == 0 && contrib[k] == 0 {
			continue
		}
		mv := q * b.p.px[k][z]
		h := wire.Holding{Ticker: tk, Quantity: q, Price: b.p.px[k][z], MarketValue: mv, Weight: safeDiv(mv, base),
			Sector: meta[tk].Sector, Country: meta[tk].Country, ContributionReturn: contrib[k]}
		if first := max(a, b.p.start[k]); first < z {
			h.PriceReturn = fptr(b.p.px[k][z]/b.p.px[k][first] - 1)
		}
		rep.Holdings = append(rep.Holdings, h)
		if q != 0 {
			values[tk] = mv
			held = append(held, k)
			weights = append(weights, h.Weight)
		}
	}
	b.riskAndCorrelation(rep, held, weights, a, z)
	rep.Sectors = allocate(values, func(t string) string { return meta[t].Sector }, base)
	rep.Countries = allocate(values, func(t string) string { return meta[t].Country }, base)
	rep.Currencies = allocate(values, func(t string) string { return meta[t].Currency }, base)
	rep.AssetKinds = allocate(values, func(t string) string { return meta[t].Kind }, base)
	rep.Exposure = exposureOf(values, base)
}

// riskAndCorrelation sets ContributionRisk of the held tickers and the
// correlation matrix from their daily price returns over a..z.
func (b *book) riskAndCorrelation(rep *wire.AnalyticsReport, held []int, weights []float64, a, z int) {
	x := b.p.returnMatrix(held, a, z)
	rc := riskContributions(x, weights)
	names := make([]string, len(held))
	for i, k := range held {
		names[i] = b.p.tickers[k]
		j := slices.IndexFunc(rep.Holdings, func(h wire.Holding) bool { return h.Ticker == names[i] })
		rep.Holdings[j].ContributionRisk = rc[i]
	}
	rep.Correlation = correlationMatrix(x, names)
}
