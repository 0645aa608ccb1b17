package report

import (
	"strconv"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// table writes a header row and rows with the given column widths; the
// first column is left aligned, the others right aligned.
func (p *doc) table(widths []float64, head []string, rows [][]string) {
	p.SetFont("Helvetica", "B", 8)
	p.SetFillColor(230, 233, 238)
	for i, h := range head {
		p.CellFormat(widths[i], 6, p.text(h), "B", 0, align(i), true, 0, "")
	}
	p.Ln(-1)
	p.SetFont("Helvetica", "", 8)
	for _, row := range rows {
		for i, c := range row {
			p.CellFormat(widths[i], 5, p.text(c), "", 0, align(i), false, 0, "")
		}
		p.Ln(-1)
	}
}

// align is "L" for the first column and "R" for the others.
func align(i int) string {
	if i == 0 {
		return "L"
	}
	return "R"
}

// holdingsSection lists the holdings at the end date.
func (p *doc) holdingsSection(d Data) {
	p.heading("Holdings at " + d.Report.To)
	rows := make([][]string, 0, len(d.Report.Holdings))
	for _, h := range d.Report.Holdings {
		rows = append(rows, []string{h.Ticker, num(h.Quantity, 2), money(h.Price), money(h.MarketValue), pct(h.Weight),
			h.Sector, optPct(h.PriceReturn), pct(h.ContributionReturn)})
	}
	p.table([]float64{18, 18, 20, 26, 16, 40, 20, 22},
		[]string{"Ticker", "Quantity", "Price", "Value", "Weight", "Sector", "Price ret.", "Contribution"}, rows)
}

// allocationSection writes the sector and country allocation.
func (p *doc) allocationSection(d Data) {
	p.heading("Allocation")
	for _, part := range []struct {
		title string
		rows  []wire.Allocation
	}{{"Sector", d.Report.Sectors}, {"Country", d.Report.Countries}} {
		rows := make([][]string, 0, len(part.rows))
		for _, a := range part.rows {
			rows = append(rows, []string{a.Key, money(a.Value), pct(a.Weight)})
		}
		p.table([]float64{70, 35, 25}, []string{part.title, "Value", "Weight"}, rows)
		p.Ln(3)
	}
}

// stressSection writes one row per stress scenario or set.
func (p *doc) stressSection(d Data) {
	if len(d.Stress) == 0 {
		return
	}
	p.heading("Stress tests")
	rows := make([][]string, 0, len(d.Stress))
	for _, s := range d.Stress {
		rows = append(rows, []string{s.Name, s.AsOf, money(s.Value), money(s.PnL), optPct(s.Return), strconv.Itoa(len(s.Missing))})
	}
	p.table([]float64{62, 24, 28, 28, 20, 18}, []string{"Scenario", "As of", "Value", "P&L", "Return", "Missing"}, rows)
}

// metricValue formats a metric of the report.
func metricValue(d Data, m wire.MetricDef) string {
	v := d.Report.Metrics.Value(m.Key)
	if v == nil {
		return "n/a"
	}
	if m.Format == "pct" {
		return pct(*v)
	}
	return num(*v, 2)
}

// pct formats a fraction as a percentage.
func pct(v float64) string { return strconv.FormatFloat(v*100, 'f', 2, 64) + "%" }

// optPct formats an optional fraction.
func optPct(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return pct(*v)
}

// money formats an amount with two decimals.
func money(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// num formats a number with prec decimals.
func num(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
