package importer

import "strings"

// Portfolio Performance's CSV export of transactions (account and
// securities account views > Export > CSV): Date, Type, Value,
// Transaction Currency, Gross Amount, Currency Gross Amount, Exchange
// Rate, Fees, Taxes, Shares, ISIN, WKN, Ticker Symbol, Security Name,
// Note, the same columns its CSV import reads. Delimiter and numbers follow
// the program's locale (";" and "1.234,56" in German). Value is the net
// amount: for a buy the price is (Value - Fees - Taxes) / Shares, for a
// sell (Value + Fees + Taxes) / Shares; a dividend's Taxes become a tax
// row. Transfers between accounts are skipped. It has no transaction ids.
var portfolioPerformance = &preset{
	Format: Format{ID: "portfolio-performance", Name: "Portfolio Performance (CSV export)", File: "csv",
		Description: "Portfolio Performance: select all transactions > Export > CSV."},
	expect: "a Portfolio Performance export has the columns Date, Type, Value, Shares, Ticker Symbol",
	match:  func(t Table) bool { return headerAt(t, ppCols...) == 0 },
	parse:  parsePP,
}

var ppCols = []string{"Date", "Type", "Value", "Shares", "Ticker Symbol"}

func parsePP(t Table, s Settings, sym symbols) parsed {
	var out parsed
	ix := newIndex(t.Records[0])
	rows, lines := tableAfter(t, 0)
	for i, rec := range rows {
		ppRow(&out, ix, rec, &cells{out: &out, line: lines[i], comma: s.DecimalComma}, sym)
	}
	return out
}

func ppRow(out *parsed, ix index, rec []string, c *cells, sym symbols) {
	value, fees := abs(c.num(ix.get(rec, "Value"), "Value")), abs(c.num(ix.get(rec, "Fees"), "Fees"))
	taxes, shares := abs(c.num(ix.get(rec, "Taxes"), "Taxes")), abs(c.num(ix.get(rec, "Shares"), "Shares"))
	isin := ix.get(rec, "ISIN")
	tx := Tx{Line: c.line, Date: c.date(ix.get(rec, "Date"), "YYYY-MM-DD"), Ticker: sym.resolve(ix.get(rec, "Ticker Symbol"), isin),
		Instrument: isin, Currency: strings.ToUpper(ix.get(rec, "Transaction Currency")), Basis: BasisAsTraded,
		Note: ix.get(rec, "Note")}
	if tx.Instrument == "" {
		tx.Instrument = ix.get(rec, "Security Name")
	}
	if c.bad {
		return
	}
	typ := ix.get(rec, "Type")
	switch t := strings.ToLower(typ); t {
	case "buy", "delivery (inbound)":
		tx.Kind = KindBuy
		fillAmounts(&tx, shares, (value-fees-taxes)/nonZero(shares), fees+taxes, 0)
	case "sell", "delivery (outbound)":
		tx.Kind = KindSell
		fillAmounts(&tx, shares, (value+fees+taxes)/nonZero(shares), fees+taxes, 0)
	case "dividend":
		tx.Kind = KindDividend
		fillAmounts(&tx, 0, 0, fees, value+taxes)
		if taxes > 0 {
			out.add(tx)
			tx.Kind, tx.Amount, tx.Fee = KindTax, taxes, 0
		}
	case "deposit", "removal", "interest", "interest charge", "fees", "taxes":
		tx.Kind = map[string]string{"deposit": KindDeposit, "removal": KindWithdrawal, "interest": KindInterest,
			"interest charge": KindFee, "fees": KindFee, "taxes": KindTax}[t]
		if tx.Kind != KindFee && tx.Kind != KindTax {
			tx.Ticker, tx.Instrument = "", ""
		}
		fillAmounts(&tx, 0, 0, 0, value)
	case "transfer (inbound)", "transfer (outbound)", "fees refund", "tax refund":
		out.skip(c.line, typ+": not imported (a transfer between your own accounts, or a refund).")
		return
	default:
		out.fail(c.line, "Unknown Portfolio Performance type "+clip(typ)+".")
		return
	}
	out.add(tx)
}

func nonZero(v float64) float64 {
	if v == 0 {
		return 1
	}
	return v
}
