package importer

import "strings"

// Charles Schwab's brokerage "Transactions" CSV export: a quoted
// comma-separated table Date, Action, Symbol, Description, Quantity,
// Price, Fees & Comm, Amount, with US dates ("01/03/2023", or "01/03/2023
// as of 12/30/2022" for back-dated rows), dollar amounts with a sign and
// thousands separators, optionally a title line above the header and a
// "Transactions Total" line at the end. It has no transaction ids.
var schwab = &preset{
	Format: Format{ID: "schwab", Name: "Charles Schwab", File: "csv",
		Description: "Schwab brokerage account: History > Transactions > Export (CSV)."},
	expect: "a Schwab export has the columns Date, Action, Symbol, Description, Quantity, Price, Fees & Comm, Amount",
	match:  func(t Table) bool { return headerAt(t, schwabCols...) >= 0 },
	parse:  parseSchwab,
}

var schwabCols = []string{"Date", "Action", "Symbol", "Quantity", "Price", "Fees & Comm", "Amount"}

func parseSchwab(t Table, _ Settings, sym symbols) parsed {
	var out parsed
	h := headerAt(t, schwabCols...)
	ix := newIndex(t.Records[h])
	rows, lines := tableAfter(t, h)
	for i, rec := range rows {
		schwabRow(&out, ix, rec, lines[i], sym)
	}
	return out
}

func schwabRow(out *parsed, ix index, rec []string, line int, sym symbols) {
	date := ix.get(rec, "Date")
	if strings.HasPrefix(date, "Transactions Total") || date == "" {
		out.skip(line, "Total line.")
		return
	}
	c := &cells{out: out, line: line}
	tx := Tx{Line: line, Date: c.date(date, "MM/DD/YYYY"), Ticker: sym.resolve(ix.get(rec, "Symbol"), ""),
		Currency: "USD", Basis: BasisAsTraded, Note: ix.get(rec, "Description")}
	qty, price := c.num(ix.get(rec, "Quantity"), "Quantity"), c.num(ix.get(rec, "Price"), "Price")
	fee, amount := c.num(ix.get(rec, "Fees & Comm"), "Fees & Comm"), c.num(ix.get(rec, "Amount"), "Amount")
	if c.bad {
		return
	}
	action := ix.get(rec, "Action")
	switch kind := schwabKind(action, amount); kind {
	case "":
		out.fail(line, "Unknown Schwab action "+clip(action)+".")
	case "skip":
		out.skip(line, action+": splits and other corporate actions come from the market data.")
	default:
		tx.Kind = kind
		fillAmounts(&tx, qty, price, fee, amount)
		out.add(tx)
	}
}

// schwabKind maps a Schwab action to a kind ("skip" for corporate actions).
func schwabKind(action string, amount float64) string {
	switch a := strings.ToLower(action); {
	case a == "buy" || a == "reinvest shares" || a == "buy to open":
		return KindBuy
	case a == "sell" || a == "sell to close":
		return KindSell
	case strings.Contains(a, "dividend") || strings.Contains(a, "div ") || a == "long term cap gain" || a == "short term cap gain":
		return KindDividend
	case strings.Contains(a, "tax"):
		return KindTax
	case strings.Contains(a, "interest") && amount < 0:
		return KindFee
	case strings.Contains(a, "interest"):
		return KindInterest
	case strings.Contains(a, "fee"):
		return KindFee
	case a == "moneylink transfer" || a == "wire funds" || a == "wire received" || a == "funds received" || a == "journal" || a == "moneylink deposit":
		return signedCash(amount)
	case a == "stock split" || a == "reverse split" || a == "spin-off" || a == "stock merger":
		return "skip"
	}
	return ""
}
