package portfolio

import (
	"math"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Quote is the latest close of a ticker plus the metadata shown with it.
type Quote struct {
	Close        float64
	Date         time.Time
	Name, Sector string
}

// Holdings derives the holdings of a replayed book valued at quotes. Open
// positions are valued at Close (a short has negative quantity and value);
// weights are market value / gross exposure, so shorts weigh negative and
// the absolute weights add up to 1.
func Holdings(b *Book, quotes map[string]Quote) wire.Holdings {
	out := wire.Holdings{Positions: []wire.Position{}, Closed: []wire.Position{}}
	var asOf time.Time
	for _, ticker := range b.Order {
		p := b.Positions[ticker]
		h := holding(p, quotes[ticker])
		out.RealisedPL += h.RealisedPL
		out.Dividends += h.Dividends
		out.Fees += h.Fees
		if h.Quantity == 0 {
			out.Closed = append(out.Closed, h)
			continue
		}
		if d := quotes[ticker].Date; d.After(asOf) {
			asOf = d
		}
		out.CostBasis += h.CostBasis
		out.UnrealisedPL += h.UnrealisedPL
		if h.MarketValue >= 0 {
			out.LongValue += h.MarketValue
		} else {
			out.ShortValue += h.MarketValue
		}
		out.Positions = append(out.Positions, h)
	}
	out.GrossExposure = out.LongValue - out.ShortValue
	out.NetExposure = out.LongValue + out.ShortValue
	out.TotalPL = out.RealisedPL + out.UnrealisedPL + out.Dividends - out.Fees
	for i := range out.Positions {
		if out.GrossExposure > 0 {
			out.Positions[i].Weight = out.Positions[i].MarketValue / out.GrossExposure
		}
	}
	if !asOf.IsZero() {
		out.AsOf = asOf.Format(time.DateOnly)
	}
	return out
}

func holding(p *Position, q Quote) wire.Position {
	qty := p.Quantity()
	h := wire.Position{Ticker: p.Ticker, Name: q.Name, Sector: q.Sector, Quantity: qty,
		RealisedPL: p.Realised, Dividends: p.Dividends, Fees: p.Fees}
	if qty == 0 {
		return h
	}
	h.CostBasis = p.Basis()
	h.AvgCost = math.Abs(h.CostBasis / qty)
	h.LastClose = q.Close
	if !q.Date.IsZero() {
		h.LastDate = q.Date.Format(time.DateOnly)
	}
	h.MarketValue = qty * q.Close
	h.UnrealisedPL = h.MarketValue - h.CostBasis
	return h
}

// OpenTickers lists the tickers with a non-zero position.
func (b *Book) OpenTickers() []string {
	var out []string
	for _, t := range b.Order {
		if b.Positions[t].Quantity() != 0 {
			out = append(out, t)
		}
	}
	return out
}
