package importer

import (
	"strconv"
	"strings"
)

// DEGIRO's Transactions export (Inbox > Transactions > Export > CSV):
// Date (DD-MM-YYYY), Time, Product, ISIN, Reference exchange, Venue,
// Quantity (negative for sells), Price and its currency in the unnamed
// column after it, Local value, Value (in the account currency), Exchange
// rate, Transaction and/or third party fees (negative, in the account
// currency) and its currency, Total, Order ID. Numbers may use decimal
// commas. There is no ticker, only the ISIN and the product name: map each
// ISIN to a ticker once (the mapping is kept with the saved settings).
// A fee in the account currency is converted to the trade's currency with
// the row's exchange rate. The re-import key is the order id with the
// fill's place in the file (an order can fill in several parts).
var degiro = &preset{
	Format: Format{ID: "degiro", Name: "DEGIRO (Transactions)", File: "csv", HasIDs: true,
		Description: "DEGIRO: Inbox > Transactions > Export > CSV (English, Dutch or German headers)."},
	expect: "a DEGIRO Transactions export has the columns Date, Time, Product, ISIN, Quantity, Price, Order ID",
	match:  func(t Table) bool { return degiroHeader(t) >= 0 },
	parse:  parseDegiro,
}

// degiroNames maps the localised headers onto the English ones.
var degiroNames = map[string][]string{
	"Date":     {"Date", "Datum", "Fecha"},
	"Product":  {"Product", "Produkt", "Producto"},
	"ISIN":     {"ISIN"},
	"Quantity": {"Quantity", "Aantal", "Anzahl", "Número"},
	"Price":    {"Price", "Koers", "Kurs", "Precio"},
	"Order ID": {"Order ID", "Order Id", "Order-ID"},
}

// degiroHeader returns the header record index, or -1.
func degiroHeader(t Table) int {
	for i := 0; i < min(len(t.Records), 5); i++ {
		if degiroCols(t.Records[i]) != nil {
			return i
		}
	}
	return -1
}

// degiroCols locates the columns of a header (nil when it is not one).
func degiroCols(header []string) map[string]int {
	ix := newIndex(header)
	cols := map[string]int{}
	for name, alts := range degiroNames {
		for _, a := range alts {
			if i, ok := ix[normHeader(a)]; ok {
				cols[name] = i
				break
			}
		}
		if _, ok := cols[name]; !ok {
			return nil
		}
	}
	for i, h := range header {
		n := normHeader(h)
		switch {
		case n == "exchange rate" || n == "wisselkoers" || n == "wechselkurs":
			cols["Rate"] = i
		case strings.HasPrefix(n, "transaction") || strings.HasPrefix(n, "transactiekosten") || strings.HasPrefix(n, "transaktions"):
			cols["Fee"] = i
		}
	}
	return cols
}

func parseDegiro(t Table, s Settings, sym symbols) parsed {
	var out parsed
	h := degiroHeader(t)
	cols := degiroCols(t.Records[h])
	get := func(rec []string, name string) string {
		i, ok := cols[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	fills := map[string]int{}
	rows, lines := tableAfter(t, h)
	for i, rec := range rows {
		c := &cells{out: &out, line: lines[i], comma: s.DecimalComma}
		qty, price := c.num(get(rec, "Quantity"), "Quantity"), c.num(get(rec, "Price"), "Price")
		fee, rate := 0.0, 0.0
		if _, ok := cols["Fee"]; ok {
			fee = c.num(get(rec, "Fee"), "Fee")
		}
		if _, ok := cols["Rate"]; ok {
			rate = c.num(get(rec, "Rate"), "Exchange rate")
		}
		isin := get(rec, "ISIN")
		tx := Tx{Line: lines[i], Date: c.date(get(rec, "Date"), "DD-MM-YYYY"), Kind: tradeKind(qty), Instrument: isin,
			Ticker: sym.resolve("", isin), Currency: strings.ToUpper(cellAfter(rec, cols["Price"])), Basis: BasisAsTraded,
			Note: get(rec, "Product")}
		if c.bad {
			continue
		}
		if feeCur := strings.ToUpper(cellAfter(rec, cols["Fee"])); feeCur != "" && feeCur != tx.Currency && rate > 0 {
			fee *= rate
		}
		if id := get(rec, "Order ID"); id != "" {
			fills[id]++
			tx.BrokerID = id + "/" + strconv.Itoa(fills[id])
		}
		fillAmounts(&tx, qty, price, fee, 0)
		out.add(tx)
	}
	return out
}

// cellAfter returns the cell right of column i (DEGIRO's unnamed
// currency columns).
func cellAfter(rec []string, i int) string {
	if i+1 < len(rec) {
		return rec[i+1]
	}
	return ""
}
