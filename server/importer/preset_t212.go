package importer

import "strings"

// Trading 212's history export (History > Export > CSV): Action, Time
// (YYYY-MM-DD HH:MM:SS), ISIN, Ticker, Name, No. of shares, Price / share,
// Currency (Price / share), Exchange rate, Result, Total, Currency
// (Total), Withholding tax, Currency (Withholding tax), Charge amount,
// Stamp duty reserve tax, Notes, ID, Currency conversion fee and their
// currencies; an export has only the columns its period needs. Fees and
// withholding tax in the account currency are converted to the price's
// currency with the row's exchange rate (price currency per account
// currency). ID is the re-import key when the row has one.
var trading212 = &preset{
	Format: Format{ID: "trading212", Name: "Trading 212", File: "csv", HasIDs: true,
		Description: "Trading 212: History > Export history (CSV), all kinds of activity."},
	expect: "a Trading 212 export has the columns Action, Time, ISIN, Ticker, No. of shares, Price / share",
	match:  func(t Table) bool { return headerAt(t, t212Cols...) == 0 },
	parse:  parseT212,
}

var t212Cols = []string{"Action", "Time", "ISIN", "Ticker", "No. of shares", "Price / share"}

// t212Fees are the fee columns, each with its currency column.
var t212Fees = []string{"Charge amount", "Stamp duty reserve tax", "Currency conversion fee", "Transaction fee", "Finra fee", "French transaction tax"}

func parseT212(t Table, s Settings, sym symbols) parsed {
	var out parsed
	ix := newIndex(t.Records[0])
	rows, lines := tableAfter(t, 0)
	for i, rec := range rows {
		t212Row(&out, ix, rec, &cells{out: &out, line: lines[i], comma: s.DecimalComma}, sym)
	}
	return out
}

func t212Row(out *parsed, ix index, rec []string, c *cells, sym symbols) {
	action := ix.get(rec, "Action")
	qty, price := c.num(ix.get(rec, "No. of shares"), "No. of shares"), c.num(ix.get(rec, "Price / share"), "Price / share")
	total, rate := c.num(ix.get(rec, "Total"), "Total"), c.num(ix.get(rec, "Exchange rate"), "Exchange rate")
	cur := strings.ToUpper(ix.get(rec, "Currency (Price / share)"))
	tx := Tx{Line: c.line, Date: c.date(ix.get(rec, "Time"), "YYYY-MM-DD"), Instrument: ix.get(rec, "ISIN"),
		Ticker: sym.resolve(ix.get(rec, "Ticker"), ix.get(rec, "ISIN")), Currency: cur, Basis: BasisAsTraded,
		BrokerID: ix.get(rec, "ID"), Note: ix.get(rec, "Name")}
	toPrice := func(v float64, curCol string) float64 {
		if fc := strings.ToUpper(ix.get(rec, curCol)); fc != "" && fc != cur && rate > 0 {
			return v * rate
		}
		return v
	}
	fee := 0.0
	for _, f := range t212Fees {
		fee += toPrice(abs(c.num(ix.get(rec, f), f)), "Currency ("+f+")")
	}
	wht := abs(c.num(ix.get(rec, "Withholding tax"), "Withholding tax"))
	if c.bad {
		return
	}
	switch a := strings.ToLower(action); {
	case strings.HasSuffix(a, " buy"):
		tx.Kind = KindBuy
	case strings.HasSuffix(a, " sell"):
		tx.Kind = KindSell
	case strings.HasPrefix(a, "dividend"):
		tx.Kind = KindDividend
	case a == "deposit" || a == "withdrawal" || a == "interest on cash" || strings.HasPrefix(a, "lending interest"):
		t212Cash(out, tx, a, total, strings.ToUpper(ix.get(rec, "Currency (Total)")))
		return
	case a == "currency conversion" || strings.HasPrefix(a, "stock split"):
		out.skip(c.line, action+": not a transaction of the portfolio's securities.")
		return
	default:
		out.fail(c.line, "Unknown Trading 212 action "+clip(action)+".")
		return
	}
	fillAmounts(&tx, qty, price, fee, 0)
	if tx.Kind == KindDividend && wht > 0 {
		// Trading 212 gives the withholding tax in the price currency.
		out.add(tx)
		tx.Kind, tx.Quantity, tx.Price, tx.Amount, tx.BrokerID = KindTax, 0, 0, wht, ""
		if tx.BrokerID = ix.get(rec, "ID"); tx.BrokerID != "" {
			tx.BrokerID += "/tax"
		}
	}
	out.add(tx)
}

// t212Cash adds a deposit, withdrawal or interest row.
func t212Cash(out *parsed, tx Tx, action string, total float64, cur string) {
	tx.Ticker, tx.Instrument, tx.Currency, tx.Amount = "", "", cur, abs(total)
	switch action {
	case "deposit":
		tx.Kind = KindDeposit
	case "withdrawal":
		tx.Kind = KindWithdrawal
	default:
		tx.Kind = KindInterest
	}
	out.add(tx)
}
