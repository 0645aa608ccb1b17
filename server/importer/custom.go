package importer

import (
	"math"
	"strings"
)

// parseCustom reads a CSV through a mapping (guessed from the header when
// m is nil). Mapping settings override the sniffed ones.
func parseCustom(text string, s Settings, t Table, m *Mapping, sym symbols) (Result, error) {
	if m != nil && m.Delimiter != "" && m.Delimiter != s.Delimiter {
		var err error
		if t, err = ReadTable(text, []rune(m.Delimiter)[0]); err != nil {
			return Result{}, err
		}
		s.Delimiter = m.Delimiter
		h := sniffHeader(t)
		s.HeaderLine, s.Header = 0, nil
		if h >= 0 {
			s.HeaderLine, s.Header = t.Lines[h], t.Records[h]
		}
	}
	if s.HeaderLine == 0 {
		return Result{}, fileErr("No header row was found: the file needs a first line naming its columns.")
	}
	if m == nil {
		m = Suggest(s.Header)
	}
	if err := m.check(s.Header); err != nil {
		return Result{}, err
	}
	if m.DecimalComma != nil {
		s.DecimalComma = *m.DecimalComma
	}
	h := headerIndex(t, s.HeaderLine)
	rows := t.Records[h+1:]
	if m.DateFormat != "" {
		s.DateFormat, s.DateAmbiguous = m.DateFormat, false
	} else if i, ok := newIndex(s.Header)[normHeader(m.Columns["date"])]; ok {
		s.DateFormat, s.DateAmbiguous = sniffDateFormat(rows[:min(len(rows), 200)], i, s.DecimalComma)
	}
	res := Result{Format: FormatCustom, Settings: s, Mapping: m}
	for _, f := range []string{"date", "ticker"} {
		if m.Columns[f] == "" && !(f == "ticker" && m.Columns["instrument"] != "") {
			res.Errors = append(res.Errors, LineError{Line: s.HeaderLine, Message: "Choose the column that holds the " + f + "."})
		}
	}
	if len(res.Errors) > 0 {
		return res, nil
	}
	cr := customReader{m: m, s: s, ix: newIndex(s.Header), sym: sym}
	var out parsed
	for i, rec := range rows {
		cr.row(&out, rec, t.Lines[h+1+i])
	}
	res.Txs, res.Errors, res.Skipped = out.txs, out.errs, out.skipped
	return res, nil
}

// headerIndex returns the record index of the header line.
func headerIndex(t Table, line int) int {
	for i, l := range t.Lines {
		if l == line {
			return i
		}
	}
	return 0
}

type customReader struct {
	m   *Mapping
	s   Settings
	ix  index
	sym symbols
}

// dateError is the line error of a date the date format does not read.
func dateError(cell, format string) string {
	switch {
	case cell == "":
		return "The date is empty."
	case format == "":
		return "Date " + clip(cell) + " is in no date format Fortfolio reads; choose the file's date format."
	}
	return "Date " + clip(cell) + " does not match the date format " + format + "."
}

func (c customReader) cell(rec []string, field string) string {
	col := c.m.Columns[field]
	if col == "" {
		return ""
	}
	return c.ix.get(rec, col)
}

// row reads one record into out.
func (c customReader) row(out *parsed, rec []string, line int) {
	if c.total(rec) {
		out.skip(line, "Not a transaction (no date, quantity, price or kind): a total or a note line.")
		return
	}
	date, err := parseDate(c.cell(rec, "date"), c.s.DateFormat)
	if err != nil {
		out.fail(line, dateError(c.cell(rec, "date"), c.s.DateFormat))
		return
	}
	nums, codes := map[string]float64{}, map[string]string{}
	for _, f := range []string{"quantity", "price", "fee", "amount"} {
		v, _, err := parseNumber(c.cell(rec, f), c.s.DecimalComma)
		if err != nil {
			out.fail(line, "The "+f+" "+clip(c.cell(rec, f))+" is not a number.")
			return
		}
		nums[f] = v
		_, codes[f] = cutCurrency(c.cell(rec, f))
	}
	kind, ok := c.kind(rec, nums["quantity"])
	if !ok {
		out.fail(line, "Unknown kind "+clip(c.cell(rec, "kind"))+": map it to one of buy, sell, dividend, fee, tax, interest, deposit, withdrawal.")
		return
	}
	cur := strings.ToUpper(c.cell(rec, "currency"))
	if p := codes["price"]; cur != "" && p != "" && p != cur {
		out.fail(line, "The price "+clip(c.cell(rec, "price"))+" is in "+p+", not in the row's currency "+clip(cur)+".")
		return
	}
	for _, f := range []string{"price", "amount", "fee"} {
		if cur == "" {
			cur = codes[f]
		}
	}
	if cur == "" {
		cur = strings.ToUpper(c.m.Currency)
	}
	inst := c.cell(rec, "instrument")
	tx := Tx{Line: line, Date: date, Kind: kind, Ticker: c.sym.resolve(c.cell(rec, "ticker"), inst), Instrument: inst,
		Currency: cur, Basis: BasisAsTraded, Note: c.cell(rec, "note"), BrokerID: c.cell(rec, "id")}
	fillAmounts(&tx, nums["quantity"], nums["price"], nums["fee"], nums["amount"])
	out.add(tx)
}

// total reports whether a record is a total or note line around the data
// ("Summe", "Alter Kontostand"): its date cell does not look like a date
// and it has no quantity, price or kind.
func (c customReader) total(rec []string) bool {
	if looksDate(c.cell(rec, "date")) {
		return false
	}
	return c.cell(rec, "quantity") == "" && c.cell(rec, "price") == "" && c.cell(rec, "kind") == ""
}

// kind reads the kind column, or the quantity's sign without one.
func (c customReader) kind(rec []string, qty float64) (string, bool) {
	if c.m.Columns["kind"] == "" {
		if qty < 0 {
			return KindSell, true
		}
		return KindBuy, true
	}
	return c.m.kindOf(c.cell(rec, "kind"))
}

// fillAmounts sets a row's numbers by kind: trades keep quantity and
// price (price from the amount when missing), cash kinds keep an amount
// (quantity x price when the amount is missing); signs are dropped, the
// kind gives the direction.
func fillAmounts(tx *Tx, qty, price, fee, amount float64) {
	qty, price, fee, amount = math.Abs(qty), math.Abs(price), math.Abs(fee), math.Abs(amount)
	tx.Fee = fee
	switch tx.Kind {
	case KindBuy, KindSell, KindShort, KindCover:
		if price == 0 && qty > 0 && amount > 0 {
			price = amount / qty
		}
		tx.Quantity, tx.Price = qty, price
	case KindDividend:
		if qty > 0 && price > 0 {
			tx.Quantity, tx.Price = qty, price
			return
		}
		tx.Amount = amount
	case KindSplit:
		tx.Quantity = qty
	default:
		if amount == 0 {
			amount = qty * price
		}
		tx.Amount = amount
	}
}
