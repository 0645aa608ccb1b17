package importer

import (
	"slices"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/portfolio"
)

// Fortfolio's own CSV (a portfolio's export.csv): the header date, kind,
// ticker, quantity, price, fee, note, optionally followed by amount,
// currency, basis, ratio. It is read by the same parser as the CSV
// import, so an export imports back unchanged (escaped formula cells
// included) and a re-import adds nothing twice.
var fortfolioCSV = &preset{
	Format: Format{ID: "fortfolio", Name: "Fortfolio CSV", File: "csv",
		Description: "A portfolio's export.csv, or any file with the header date,kind,ticker,quantity,price,fee,note."},
	expect: "a Fortfolio CSV starts with the header " + strings.Join(portfolio.Header, ","),
	match: func(t Table) bool {
		if len(t.Records) == 0 {
			return false
		}
		h := make([]string, len(t.Records[0]))
		for i, c := range t.Records[0] {
			h[i] = strings.ToLower(c)
		}
		return slices.Equal(h, portfolio.Header) || slices.Equal(h, portfolio.LedgerHeader)
	},
	parseText: parseFortfolio,
}

func parseFortfolio(text string, sym symbols) parsed {
	var out parsed
	rows, errs := portfolio.ParseCSV([]byte(text), time.Now().UTC())
	for _, e := range errs {
		out.fail(e.Line, e.Message)
	}
	for _, r := range rows {
		in := r.In
		out.add(Tx{Line: r.Line, Date: in.Date, Kind: in.Kind, Ticker: sym.resolve(in.Ticker, ""), Quantity: in.Quantity,
			Price: in.Price, Fee: in.Fee, Amount: in.Amount, Currency: in.Currency, Basis: in.Basis, Ratio: in.Ratio,
			Note: in.Note, trusted: true})
	}
	return out
}
