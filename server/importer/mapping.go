package importer

import (
	"strings"
)

// Fields a custom mapping can fill, in the order the mapping form shows.
var Fields = []string{"date", "kind", "ticker", "instrument", "quantity", "price", "fee", "amount", "currency", "note", "id"}

// Mapping reads a custom CSV: which header column holds each field, how
// the kind column's values map to kinds, and settings that override the
// sniffed ones.
type Mapping struct {
	// Columns maps a field (see Fields) to a header cell.
	Columns map[string]string `json:"columns"`
	// Kinds maps a kind-column value (case-insensitive) to a kind; values
	// not listed are read by their usual names (buy, bought, sell, ...).
	Kinds map[string]string `json:"kinds,omitempty"`
	// DateFormat overrides the sniffed date format (see DateFormats).
	DateFormat string `json:"date_format,omitempty"`
	// DecimalComma overrides the sniffed decimal separator.
	DecimalComma *bool `json:"decimal_comma,omitempty"`
	// Delimiter overrides the sniffed delimiter.
	Delimiter string `json:"delimiter,omitempty"`
	// Currency is the currency of rows without a currency column.
	Currency string `json:"currency,omitempty"`
}

// kindWords are the kind-column values read without a mapping.
var kindWords = map[string]string{
	"buy": KindBuy, "bought": KindBuy, "purchase": KindBuy, "market buy": KindBuy, "limit buy": KindBuy, "kauf": KindBuy,
	"sell": KindSell, "sold": KindSell, "sale": KindSell, "market sell": KindSell, "limit sell": KindSell, "verkauf": KindSell,
	"dividend": KindDividend, "dividends": KindDividend, "div": KindDividend,
	"fee": KindFee, "fees": KindFee, "commission": KindFee,
	"tax": KindTax, "taxes": KindTax, "withholding tax": KindTax,
	"interest": KindInterest,
	"deposit":  KindDeposit, "withdrawal": KindWithdrawal, "removal": KindWithdrawal,
	"split": KindSplit, "short": KindShort, "cover": KindCover,
	// German exports
	"dividende": KindDividend, "ausschüttung": KindDividend, "ertragsausschüttung": KindDividend,
	"zinsen": KindInterest, "einzahlung": KindDeposit, "auszahlung": KindWithdrawal,
	"gebühr": KindFee, "gebühren": KindFee, "entgelt": KindFee, "steuer": KindTax, "steuern": KindTax,
}

var allKinds = []string{KindBuy, KindSell, KindShort, KindCover, KindDividend, KindFee, KindTax, KindInterest, KindDeposit, KindWithdrawal, KindSplit}

// fieldWords are header cells a guessed mapping recognises, per field, the
// best first: a column is taken for the first word the header has. German
// banks' names follow the English ones: the trade day (Geschäftstag) before
// the booking day (Buchungstag, Buchung), the bank's own column names
// (Umsatzart, Stück / Nom., Ausführungskurs, Provision, Umsatz in EUR).
//
// Security names ("Wertpapier" in German exports, "Instrument") are
// guessed as the instrument, after ISIN and WKN: a row without a ticker
// column reads its ticker from the user's mapping of the instrument, which
// the preview asks for, while a name read as a ticker would fail every row
// and hide a better id column beside it.
var fieldWords = map[string][]string{
	"date": {"date", "trade date", "run date", "time", "datum", "transaction date", "settlement date",
		"geschäftstag", "handelstag", "schlusstag", "buchungstag", "buchung", "buchungsdatum"},
	"kind": {"kind", "type", "action", "transaction type", "side", "buy/sell", "typ", "transaktionsart",
		"umsatzart", "geschäftsart", "transaktion", "art", "buchungstext", "vorgang"},
	"ticker":     {"ticker", "symbol", "ticker symbol", "code"},
	"instrument": {"isin", "wkn", "product", "security", "security name", "name", "description", "instrument", "wertpapier", "wertpapiername", "bezeichnung"},
	"quantity": {"quantity", "shares", "qty", "units", "no. of shares", "amount of shares", "anzahl", "stück",
		"stück / nom.", "stück/nom.", "stückzahl", "menge", "nominale"},
	"price": {"price", "share price", "unit price", "price / share", "price per share", "quote", "kurs",
		"ausführungskurs", "preis"},
	"fee": {"fee", "fees", "commission", "commissions", "fees & comm", "commission and fees", "gebühren", "gebühr",
		"provision", "entgelt", "entgelte", "spesen"},
	"amount": {"amount", "total", "value", "net amount", "betrag", "ausmachender betrag", "betrag in eur",
		"umsatz in eur", "umsatz", "kurswert"},
	"currency": {"currency", "ccy", "währung"},
	"note":     {"note", "notes", "comment", "memo", "notiz", "bemerkung", "kommentar"},
	"id":       {"id", "transaction id", "order id", "reference", "ordernummer", "auftragsnummer"},
}

// Suggest guesses a mapping from a header row.
func Suggest(header []string) *Mapping {
	ix := newIndex(header)
	m := &Mapping{Columns: map[string]string{}}
	used := map[int]bool{}
	for _, f := range Fields {
		for _, w := range fieldWords[f] {
			if i, ok := ix[w]; ok && !used[i] {
				m.Columns[f] = header[i]
				used[i] = true
				break
			}
		}
	}
	return m
}

// check validates a mapping against a header.
func (m *Mapping) check(header []string) error {
	if len(m.Columns) > len(Fields) || len(m.Kinds) > 64 || len(m.Currency) > 3 {
		return fileErr("The mapping is too large.")
	}
	ix := newIndex(header)
	for f, col := range m.Columns {
		if !contains(Fields, f) {
			return fileErr("Unknown field %q in the mapping.", clip(f))
		}
		if _, ok := ix[normHeader(col)]; !ok && col != "" {
			return fileErr("The column %q (for %s) is not in the file's header.", clip(col), f)
		}
	}
	for v, k := range m.Kinds {
		if len(v) > 100 || !contains(allKinds, k) {
			return fileErr("The kind mapping of %q must be one of %s.", clip(v), strings.Join(allKinds, ", "))
		}
	}
	if m.DateFormat != "" {
		if _, ok := layoutOf(m.DateFormat); !ok {
			return fileErr("Unknown date format %q: use one of %s.", clip(m.DateFormat), strings.Join(DateFormats(), ", "))
		}
	}
	if m.Delimiter != "" && !contains([]string{",", ";", "\t", "|"}, m.Delimiter) {
		return fileErr("The delimiter must be one of , ; tab |.")
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindOf reads a kind-column value.
func (m *Mapping) kindOf(v string) (string, bool) {
	key := strings.ToLower(strings.TrimSpace(v))
	for mv, k := range m.Kinds {
		if strings.ToLower(strings.TrimSpace(mv)) == key {
			return k, true
		}
	}
	k, ok := kindWords[key]
	return k, ok
}
