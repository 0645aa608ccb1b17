package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// historyCols are the columns listTx reads (the portfolio id is known).
const historyCols = `id, kind, ticker, note, date, quantity, price, fee, created_at, rowid, amount, currency, basis, ratio, lots`

// historyScanner reads a portfolio's ledger rows with few allocations: a
// history of thousands of rows repeats a handful of kinds and tickers, so
// those strings are shared, and dates are parsed from the raw bytes. (The
// profile of a 10,000-row history is the driver's per-column work plus one
// allocation per string column.)
type historyScanner struct {
	portfolioID                         string
	names                               map[string]string
	kind, ticker, date, currency, basis sql.RawBytes
	lots                                sql.RawBytes
}

func newHistoryScanner(portfolioID string) *historyScanner {
	return &historyScanner{portfolioID: portfolioID, names: map[string]string{}}
}

// scan reads the current row.
func (h *historyScanner) scan(rows *sql.Rows) (model.Transaction, error) {
	t := model.Transaction{PortfolioID: h.portfolioID}
	var created int64
	if err := rows.Scan(&t.ID, &h.kind, &h.ticker, &t.Note, &h.date, &t.Quantity, &t.Price, &t.Fee, &created, &t.Seq,
		&t.Amount, &h.currency, &h.basis, &t.Ratio, &h.lots); err != nil {
		return model.Transaction{}, err
	}
	if len(h.lots) > 0 {
		lots, err := decodeLots(string(h.lots))
		if err != nil {
			return model.Transaction{}, err
		}
		t.Lots = lots
	}
	d, err := parseDay(h.date)
	if err != nil {
		return model.Transaction{}, err
	}
	t.Kind, t.Ticker, t.Date, t.CreatedAt = h.name(h.kind), h.name(h.ticker), d, fromMS(created)
	t.Currency, t.Basis = h.name(h.currency), h.name(h.basis)
	return t, nil
}

// name returns the shared string for b.
func (h *historyScanner) name(b []byte) string {
	if s, ok := h.names[string(b)]; ok { // no allocation for the lookup
		return s
	}
	s := string(b)
	h.names[s] = s
	return s
}

// parseDay parses a stored YYYY-MM-DD date as time.ParseInLocation with
// time.DateOnly and UTC would, without allocating.
func parseDay(b []byte) (time.Time, error) {
	if len(b) == 10 && b[4] == '-' && b[7] == '-' {
		y, okY := digits(b[0:4])
		m, okM := digits(b[5:7])
		d, okD := digits(b[8:10])
		if okY && okM && okD && m >= 1 && m <= 12 && d >= 1 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d {
				return t, nil
			}
		}
	}
	t, err := time.ParseInLocation(time.DateOnly, string(b), time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad stored date %q: %w", b, err)
	}
	return t, nil
}

// digits parses b as a non-negative decimal number.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
