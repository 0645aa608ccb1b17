package importer

import "strings"

// Vanguard's brokerage download (OfxDownload.csv): two tables one after
// the other, the holdings (Account Number, Investment Name, Symbol, Shares,
// Share Price, Total Value) and then the transactions: Account Number,
// Trade Date, Settlement Date, Transaction Type, Transaction Description,
// Investment Name, Symbol, Shares, Share Price, Principal Amount,
// Commissions and Fees, Net Amount, Accrued Interest, Account Type. Sells
// have negative shares; fees are the account's (charged to the
// settlement fund), so they have no ticker; sweeps into and out of the settlement fund are
// bookkeeping and are skipped. It has no transaction ids.
var vanguard = &preset{
	Format: Format{ID: "vanguard", Name: "Vanguard", File: "csv",
		Description: "Vanguard brokerage: Balances & holdings > Download center > CSV, transactions included."},
	expect: "a Vanguard download has the columns Trade Date, Transaction Type, Symbol, Shares, Share Price, Net Amount",
	match:  func(t Table) bool { return headerAt(t, vanguardCols...) >= 0 },
	parse:  parseVanguard,
}

var vanguardCols = []string{"Trade Date", "Transaction Type", "Symbol", "Shares", "Share Price", "Net Amount"}

func parseVanguard(t Table, _ Settings, sym symbols) parsed {
	var out parsed
	h := headerAt(t, vanguardCols...)
	ix := newIndex(t.Records[h])
	rows, lines := tableAfter(t, h)
	for i, rec := range rows {
		vanguardRow(&out, ix, rec, lines[i], sym)
	}
	return out
}

func vanguardRow(out *parsed, ix index, rec []string, line int, sym symbols) {
	typ := ix.get(rec, "Transaction Type")
	kind := vanguardKind(typ, 0)
	if kind == "skip" {
		out.skip(line, typ+": a move of the settlement fund, not a transaction of yours.")
		return
	}
	c := &cells{out: out, line: line}
	tx := Tx{Line: line, Date: c.date(ix.get(rec, "Trade Date"), "MM/DD/YYYY"), Ticker: sym.resolve(ix.get(rec, "Symbol"), ix.get(rec, "Investment Name")),
		Instrument: ix.get(rec, "Investment Name"), Currency: "USD", Basis: BasisAsTraded, Note: ix.get(rec, "Transaction Description")}
	qty, price := c.num(ix.get(rec, "Shares"), "Shares"), c.num(ix.get(rec, "Share Price"), "Share Price")
	fee, amount := c.num(ix.get(rec, "Commissions and Fees"), "Commissions and Fees"), c.num(ix.get(rec, "Net Amount"), "Net Amount")
	if c.bad {
		return
	}
	if kind = vanguardKind(typ, amount); kind == "" {
		out.fail(line, "Unknown Vanguard transaction type "+clip(typ)+".")
		return
	}
	tx.Kind = kind
	if kind == KindDeposit || kind == KindWithdrawal || kind == KindFee {
		tx.Ticker, tx.Instrument = "", ""
	}
	fillAmounts(&tx, qty, price, fee, amount)
	out.add(tx)
}

func vanguardKind(typ string, amount float64) string {
	switch t := strings.ToLower(typ); {
	case t == "buy" || t == "reinvestment":
		return KindBuy
	case t == "sell":
		return KindSell
	case t == "dividend" || strings.HasPrefix(t, "capital gain"):
		return KindDividend
	case t == "interest":
		return KindInterest
	case t == "fee" || strings.Contains(t, "fee"):
		return KindFee
	case strings.Contains(t, "tax"):
		return KindTax
	case t == "funds received" || t == "withdrawal" || t == "transfer (incoming)" || t == "transfer (outgoing)":
		return signedCash(amount)
	case t == "sweep in" || t == "sweep out":
		return "skip"
	}
	return ""
}
