package importer

import "strings"

// Fidelity's "Accounts History" CSV download: blank lines above a header
// Run Date, Action, Symbol, Security Description, Security Type, Quantity,
// Price ($), Commission ($), Fees ($), Accrued Interest ($), Amount ($),
// Settlement Date (newer downloads put an Account column after Run Date),
// rows whose Action spells the event out ("YOU BOUGHT APPLE INC (AAPL)
// (Cash)"), sells with a negative quantity, and disclaimer paragraphs
// after the table. It has no transaction ids.
var fidelity = &preset{
	Format: Format{ID: "fidelity", Name: "Fidelity", File: "csv",
		Description: "Fidelity brokerage: Accounts & Trade > Activity & Orders > History > Download (Accounts_History.csv)."},
	expect: "a Fidelity history has the columns Run Date, Action, Symbol, Quantity, Price ($), Amount ($)",
	match:  func(t Table) bool { return headerAt(t, fidelityCols...) >= 0 },
	parse:  parseFidelity,
}

var fidelityCols = []string{"Run Date", "Action", "Symbol", "Quantity", "Price ($)", "Amount ($)"}

func parseFidelity(t Table, _ Settings, sym symbols) parsed {
	var out parsed
	h := headerAt(t, fidelityCols...)
	ix := newIndex(t.Records[h])
	rows, lines := tableAfter(t, h)
	for i, rec := range rows {
		if len(rec) < len(t.Records[h])-1 || !looksDate(ix.get(rec, "Run Date")) {
			out.skip(lines[i], "Not a transaction (notes after the table).")
			continue
		}
		fidelityRow(&out, ix, rec, lines[i], sym)
	}
	return out
}

func fidelityRow(out *parsed, ix index, rec []string, line int, sym symbols) {
	c := &cells{out: out, line: line}
	tx := Tx{Line: line, Date: c.date(ix.get(rec, "Run Date"), "MM/DD/YYYY"), Ticker: sym.resolve(ix.get(rec, "Symbol"), ""),
		Currency: "USD", Basis: BasisAsTraded, Note: ix.get(rec, "Security Description")}
	qty, price := c.num(ix.get(rec, "Quantity"), "Quantity"), c.num(ix.get(rec, "Price ($)"), "Price")
	fee := c.num(ix.get(rec, "Commission ($)"), "Commission") + c.num(ix.get(rec, "Fees ($)"), "Fees")
	amount := c.num(ix.get(rec, "Amount ($)"), "Amount")
	if c.bad {
		return
	}
	action := ix.get(rec, "Action")
	kind := fidelityKind(action, amount)
	if kind == "" {
		out.fail(line, "Unknown Fidelity action "+clip(action)+".")
		return
	}
	tx.Kind = kind
	if kind == KindDeposit || kind == KindWithdrawal || kind == KindInterest {
		tx.Ticker = ""
	}
	fillAmounts(&tx, qty, price, fee, amount)
	out.add(tx)
}

func fidelityKind(action string, amount float64) string {
	a := strings.ToUpper(action)
	switch {
	case strings.HasPrefix(a, "YOU BOUGHT") || strings.HasPrefix(a, "REINVESTMENT"):
		return KindBuy
	case strings.HasPrefix(a, "YOU SOLD"):
		return KindSell
	case strings.Contains(a, "DIVIDEND RECEIVED") || strings.Contains(a, "CAP GAIN"):
		return KindDividend
	case strings.Contains(a, "TAX"):
		return KindTax
	case strings.Contains(a, "INTEREST"):
		return KindInterest
	case strings.Contains(a, "FEE"):
		return KindFee
	case strings.Contains(a, "ELECTRONIC FUNDS TRANSFER") || strings.Contains(a, "TRANSFERRED") || strings.Contains(a, "WIRE") || strings.Contains(a, "DIRECT DEPOSIT"):
		return signedCash(amount)
	}
	return ""
}
