package importer

import "strings"

// Interactive Brokers' Activity Statement in CSV: one file of many
// sections, each line starting with the section name and Header, Data,
// SubTotal or Total. Read here: Trades (stocks and ETFs; quantity negative
// for sells, Comm/Fee negative), Dividends, Withholding Tax, Deposits &
// Withdrawals, Interest and Fees. Forex conversions, totals and the other
// sections are skipped. Dates are YYYY-MM-DD ("2023-01-03, 09:30:02" for
// trades). The statement has no transaction ids.
var ibkrActivity = &preset{
	Format: Format{ID: "ibkr", Name: "Interactive Brokers (Activity Statement)", File: "csv",
		Description: "IBKR Portal: Performance & Reports > Statements > Activity, format CSV."},
	expect: "an IBKR Activity Statement has lines starting with Statement,Header and Trades,Header",
	match:  matchIBKRActivity,
	parse:  parseIBKRActivity,
}

func matchIBKRActivity(t Table) bool {
	for _, rec := range t.Records[:min(len(t.Records), 400)] {
		if len(rec) > 3 && rec[0] == "Trades" && rec[1] == "Header" {
			return true
		}
	}
	return false
}

// ibkrSections maps a section to its reader.
var ibkrSections = map[string]func(out *parsed, ix index, rec []string, c *cells, sym symbols){
	"Trades":                 ibkrTrade,
	"Dividends":              ibkrCash(KindDividend),
	"Withholding Tax":        ibkrCash(KindTax),
	"Deposits & Withdrawals": ibkrCash(""),
	"Interest":               ibkrCash(KindInterest),
	"Fees":                   ibkrCash(KindFee),
}

func parseIBKRActivity(t Table, _ Settings, sym symbols) parsed {
	var out parsed
	headers := map[string]index{}
	for i, rec := range t.Records {
		if len(rec) < 3 {
			continue
		}
		read, ok := ibkrSections[rec[0]]
		switch {
		case !ok:
			continue
		case rec[1] == "Header":
			headers[rec[0]] = newIndex(rec[2:])
			continue
		case rec[1] != "Data":
			out.skip(t.Lines[i], rec[0]+" "+rec[1]+" line.")
			continue
		}
		ix, ok := headers[rec[0]]
		if !ok {
			out.fail(t.Lines[i], rec[0]+" data before its header line.")
			continue
		}
		row := rec[2:]
		if strings.HasPrefix(ix.get(row, "Currency"), "Total") || strings.HasPrefix(ix.get(row, "Subtitle"), "Total") ||
			ix.get(row, "DataDiscriminator") == "SubTotal" {
			out.skip(t.Lines[i], "Total line.")
			continue
		}
		read(&out, ix, row, &cells{out: &out, line: t.Lines[i]}, sym)
	}
	return out
}

func ibkrTrade(out *parsed, ix index, row []string, c *cells, sym symbols) {
	cat := ix.get(row, "Asset Category")
	if d := ix.get(row, "DataDiscriminator"); d != "" && d != "Order" && d != "Trade" {
		out.skip(c.line, "Trades "+d+" line.")
		return
	}
	if cat != "Stocks" && cat != "ETFs" && cat != "Funds" {
		out.skip(c.line, cat+" trade: only stocks, ETFs and funds are imported.")
		return
	}
	qty, price := c.num(ix.get(row, "Quantity"), "Quantity"), c.num(ix.get(row, "T. Price"), "T. Price")
	fee := c.num(ix.get(row, "Comm/Fee"), "Comm/Fee")
	tx := Tx{Line: c.line, Date: c.date(ix.get(row, "Date/Time"), "YYYY-MM-DD"), Kind: tradeKind(qty),
		Ticker: sym.resolve(ix.get(row, "Symbol"), ""), Currency: ix.get(row, "Currency"), Basis: BasisAsTraded}
	if c.bad {
		return
	}
	fillAmounts(&tx, qty, price, fee, 0)
	out.add(tx)
}

// ibkrCash reads a cash section; kind "" takes the amount's sign
// (deposits and withdrawals).
func ibkrCash(kind string) func(out *parsed, ix index, row []string, c *cells, sym symbols) {
	return func(out *parsed, ix index, row []string, c *cells, sym symbols) {
		date := ix.get(row, "Date")
		if date == "" {
			date = ix.get(row, "Settle Date")
		}
		amount := c.num(ix.get(row, "Amount"), "Amount")
		desc := ix.get(row, "Description")
		tx := Tx{Line: c.line, Date: c.date(date, "YYYY-MM-DD"), Kind: kind, Currency: ix.get(row, "Currency"),
			Basis: BasisAsTraded, Note: desc}
		if c.bad {
			return
		}
		switch {
		case kind == "":
			tx.Kind = signedCash(amount)
		case kind == KindInterest && amount < 0:
			tx.Kind = KindFee
		case kind == KindTax && amount > 0:
			out.skip(c.line, "Tax refund: enter it by hand if you want it counted.")
			return
		}
		if kind == KindDividend || kind == KindTax {
			tx.Ticker = sym.resolve(ibkrSymbol(desc), "")
		}
		tx.Amount = abs(amount)
		out.add(tx)
	}
}

// ibkrSymbol reads "AAPL(US0378331005) Cash Dividend ..." as AAPL.
func ibkrSymbol(desc string) string {
	if i := strings.IndexAny(desc, "( "); i > 0 {
		return desc[:i]
	}
	return ""
}

// Interactive Brokers' Flex Query of trades and cash transactions in CSV
// with column headers (no section codes): ClientAccountID,
// CurrencyPrimary, AssetClass, Symbol, ISIN, TradeDate (yyyyMMdd by
// default), Quantity, TradePrice, IBCommission, Buy/Sell, TransactionID
// for trades; cash transactions (Type, Amount, DateTime or SettleDate)
// when the query includes them. TransactionID is the re-import key.
var ibkrFlex = &preset{
	Format: Format{ID: "ibkr-flex", Name: "Interactive Brokers (Flex Query CSV)", File: "csv", HasIDs: true,
		Description: "IBKR Flex Query with the Trades section, CSV with column headers; TradeDate as yyyyMMdd or yyyy-MM-dd."},
	expect: "an IBKR Flex Query has the columns Symbol, TradeDate, Quantity, TradePrice, IBCommission, TransactionID",
	match:  func(t Table) bool { return headerAt(t, flexCols...) >= 0 },
	parse:  parseIBKRFlex,
}

var flexCols = []string{"Symbol", "TradeDate", "Quantity", "TradePrice", "IBCommission", "TransactionID"}

func parseIBKRFlex(t Table, _ Settings, sym symbols) parsed {
	var out parsed
	h := headerAt(t, flexCols...)
	ix := newIndex(t.Records[h])
	rows, lines := tableAfter(t, h)
	for i, rec := range rows {
		if newIndex(rec).has(flexCols...) {
			continue // a repeated header of the next account
		}
		c := &cells{out: &out, line: lines[i]}
		if cls := ix.get(rec, "AssetClass"); cls != "" && cls != "STK" && cls != "FUND" {
			out.skip(lines[i], cls+" trade: only stocks and funds are imported.")
			continue
		}
		d := ix.get(rec, "TradeDate")
		format := "YYYYMMDD"
		if strings.Contains(d, "-") {
			format = "YYYY-MM-DD"
		}
		qty, price := c.num(ix.get(rec, "Quantity"), "Quantity"), c.num(ix.get(rec, "TradePrice"), "TradePrice")
		fee := c.num(ix.get(rec, "IBCommission"), "IBCommission")
		tx := Tx{Line: lines[i], Date: c.date(d, format), Kind: tradeKind(qty), Ticker: sym.resolve(ix.get(rec, "Symbol"), ix.get(rec, "ISIN")),
			Instrument: ix.get(rec, "ISIN"), Currency: ix.get(rec, "CurrencyPrimary"), Basis: BasisAsTraded,
			BrokerID: ix.get(rec, "TransactionID"), Note: ix.get(rec, "Description")}
		if bs := strings.ToUpper(ix.get(rec, "Buy/Sell")); bs == "SELL" {
			tx.Kind = KindSell
		}
		if c.bad {
			continue
		}
		fillAmounts(&tx, qty, price, fee, 0)
		out.add(tx)
	}
	return out
}
