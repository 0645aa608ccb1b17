package importer

import (
	"encoding/json"
	"strings"
	"time"
)

// Ghostfolio's export (Settings > Export Data): JSON with meta {date,
// version}, accounts, platforms and activities. Each activity has id,
// accountId, date (ISO 8601), type (BUY, SELL, DIVIDEND, FEE, INTEREST,
// LIABILITY, ITEM), symbol, dataSource, quantity, unitPrice, fee, currency
// and comment. A dividend is quantity x unitPrice; FEE and INTEREST carry
// their amount as quantity x unitPrice (a FEE with no price carries it in
// fee). LIABILITY and ITEM (valuables, debts) are not securities and are
// skipped. The activity id is the re-import key.
var ghostfolio = &preset{
	Format: Format{ID: "ghostfolio", Name: "Ghostfolio (JSON export)", File: "json", HasIDs: true,
		Description: "Ghostfolio: Settings (My Ghostfolio) > Export Data, a .json file."},
	parseJSON: parseGhostfolio,
}

type gfExport struct {
	Meta *struct {
		Version string `json:"version"`
	} `json:"meta"`
	Activities []gfActivity `json:"activities"`
}

type gfActivity struct {
	ID        string  `json:"id"`
	Date      string  `json:"date"`
	Type      string  `json:"type"`
	Symbol    string  `json:"symbol"`
	Quantity  float64 `json:"quantity"`
	UnitPrice float64 `json:"unitPrice"`
	Fee       float64 `json:"fee"`
	Currency  string  `json:"currency"`
	Comment   *string `json:"comment"`
	Source    string  `json:"dataSource"`
}

func parseGhostfolio(text string, sym symbols) (parsed, error) {
	var ex gfExport
	dec := json.NewDecoder(strings.NewReader(text))
	if err := dec.Decode(&ex); err != nil || ex.Meta == nil || ex.Activities == nil {
		return parsed{}, fileErr("This is not a Ghostfolio export: expected a JSON object with meta and activities.")
	}
	if dec.More() {
		return parsed{}, fileErr("The file has data after the Ghostfolio export.")
	}
	if len(ex.Activities) > maxTxs {
		return parsed{}, fileErr("The export has more than %d activities.", maxTxs)
	}
	var out parsed
	for i, a := range ex.Activities {
		gfRow(&out, a, i+1, sym)
	}
	return out, nil
}

// gfRow reads activity n (1-based; its "line" in errors).
func gfRow(out *parsed, a gfActivity, n int, sym symbols) {
	c := &cells{out: out, line: n}
	note := ""
	if a.Comment != nil {
		note = *a.Comment
	}
	for _, s := range []string{a.ID, a.Symbol, a.Currency, a.Type, note} {
		if len(s) > MaxCellBytes {
			out.fail(n, "Activity has a field longer than 1024 characters.")
			return
		}
	}
	tx := Tx{Line: n, Date: gfDate(c, a.Date), Ticker: sym.resolve(a.Symbol, ""), Currency: strings.ToUpper(a.Currency),
		Basis: BasisAsTraded, Note: note, BrokerID: a.ID}
	if c.bad {
		return
	}
	switch strings.ToUpper(a.Type) {
	case "BUY":
		tx.Kind = KindBuy
	case "SELL":
		tx.Kind = KindSell
	case "DIVIDEND":
		tx.Kind = KindDividend
	case "FEE":
		tx.Kind = KindFee
		if a.Quantity*a.UnitPrice == 0 {
			a.Quantity, a.UnitPrice, a.Fee = 1, a.Fee, 0
		}
	case "INTEREST":
		tx.Kind, tx.Ticker = KindInterest, ""
	case "LIABILITY", "ITEM":
		out.skip(n, a.Type+" activity: valuables and liabilities are not securities.")
		return
	default:
		out.fail(n, "Unknown Ghostfolio activity type "+clip(a.Type)+".")
		return
	}
	if tx.Kind == KindFee || tx.Kind == KindInterest {
		fillAmounts(&tx, 0, 0, a.Fee, a.Quantity*a.UnitPrice)
	} else {
		fillAmounts(&tx, a.Quantity, a.UnitPrice, a.Fee, 0)
	}
	out.add(tx)
}

// gfDate reads an activity's timestamp. Ghostfolio stores midnight of the
// user's time zone in UTC ("2023-10-04T22:00:00.000Z" is 5 October in
// Paris), so the nearest midnight UTC is the day, for every zone within
// twelve hours of UTC.
func gfDate(c *cells, s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return c.date(s, "YYYY-MM-DD")
	}
	return t.UTC().Add(12 * time.Hour).Format(time.DateOnly)
}
