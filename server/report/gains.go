package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// maxGainRows is the most matched lots the PDF lists; the CSV download
// has them all.
const maxGainRows = 200

// gainsSection writes the realised gains of the report's tax year: one
// row per matched lot and the totals with the short/long-term split.
func (p *doc) gainsSection(d Data) {
	g := d.Gains
	if g == nil {
		return
	}
	title := fmt.Sprintf("Realised gains %d (%s", g.Year, strings.ToUpper(g.Method))
	if g.Country.Name != "" {
		title += ", " + g.Country.Name + " rules"
	}
	p.heading(title + ")")
	if len(g.Lots) == 0 {
		p.CellFormat(0, 6, p.text(fmt.Sprintf("No sales in %d.", g.Year)), "", 1, "L", false, 0, "")
		return
	}
	rows := make([][]string, 0, min(len(g.Lots), maxGainRows))
	for _, l := range g.Lots[:min(len(g.Lots), maxGainRows)] {
		rows = append(rows, []string{l.Ticker, l.Acquired, l.Disposed, num(l.Quantity, 2), money(l.Proceeds), money(l.Cost),
			money(l.Fees), money(l.Gain), termLabel(l)})
	}
	p.table([]float64{18, 22, 22, 18, 24, 24, 16, 24, 12},
		[]string{"Ticker", "Acquired", "Disposed", "Quantity", "Proceeds", "Cost", "Fees", "Gain", "Term"}, rows)
	if n := len(g.Lots) - maxGainRows; n > 0 {
		p.CellFormat(0, 5, p.text(strconv.Itoa(n)+" more lots are in the CSV download."), "", 1, "L", false, 0, "")
	}
	t := g.Totals
	p.Ln(2)
	p.SetFont("Helvetica", "B", 9)
	for _, line := range []string{
		"Total: proceeds " + money(t.Proceeds) + ", cost " + money(t.Cost) + ", fees " + money(t.Fees) + ", gain " + money(t.Gain) + " " + g.Currency,
		"Short-term " + money(t.ShortTerm) + ", long-term " + money(t.LongTerm) + ", losses " + money(t.Losses) + ", wash-sale losses " + money(t.WashLoss),
	} {
		p.CellFormat(0, 5, p.text(line), "", 1, "L", false, 0, "")
	}
	p.SetFont("Helvetica", "", 8)
	p.MultiCell(0, 4, p.text(g.Disclaimer), "", "L", false)
}

// termLabel is the term column: short, long or none, with W for a wash sale.
func termLabel(l wire.RealisedLot) string {
	if l.WashSale {
		return l.Term + " W"
	}
	return l.Term
}
