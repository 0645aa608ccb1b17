package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// gainsHeader is the first line of the realised-gains CSV.
var gainsHeader = []string{"ticker", "lot_id", "sale_id", "acquired", "disposed", "holding_days", "term", "quantity",
	"proceeds", "cost", "fees", "gain", "currency", "specific_lot", "wash_sale"}

// GainsCSV writes a realised-gains report as CSV: one line per matched
// lot, then a totals line. Text cells a spreadsheet could run as a formula
// are escaped as in the transaction export; numbers are written plainly.
func GainsCSV(w io.Writer, rep wire.RealisedGains) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(gainsHeader)
	for _, l := range rep.Lots {
		_ = cw.Write([]string{esc(l.Ticker), esc(l.LotID), esc(l.SaleID), l.Acquired, l.Disposed, strconv.Itoa(l.HoldingDays), l.Term,
			csvNum(l.Quantity), csvNum(l.Proceeds), csvNum(l.Cost), csvNum(l.Fees), csvNum(l.Gain), esc(rep.Currency),
			strconv.FormatBool(l.Specific), strconv.FormatBool(l.WashSale)})
	}
	t := rep.Totals
	_ = cw.Write([]string{"total", "", "", "", "", "", "", "", csvNum(t.Proceeds), csvNum(t.Cost), csvNum(t.Fees), csvNum(t.Gain),
		esc(rep.Currency), "", ""})
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write gains csv: %w", err)
	}
	return nil
}

// esc neutralises a text cell a spreadsheet would run as a formula.
func esc(s string) string { return portfolio.EscapeCell(s) }

// csvNum writes a number rounded to 6 decimals (no binary rounding
// noise such as -32.10000000000002) with the digits it needs.
func csvNum(v float64) string { return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64) }
