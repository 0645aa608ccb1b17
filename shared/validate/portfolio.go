package validate

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Transaction kinds. Quantity, price and fee are always positive; the kind
// gives the direction.
//   - buy: open or add to a long position (cost = quantity x price + fee)
//   - sell: reduce a long position (proceeds = quantity x price - fee)
//   - short: open or add to a short position
//   - cover: buy back shares of a short position
//   - dividend: cash income of quantity (shares held) x price (cash per share) - fee
//   - fee: a cash cost of quantity x price + fee charged for a security
//   - deposit, withdrawal: money paid into or out of the portfolio (amount
//     in currency): the external flows
//   - interest: cash income of amount in currency
//   - tax: a tax (withholding or other) of amount in currency, optionally
//     for a security
//   - split: ticker's shares multiplied by ratio on the date (7 for a
//     7-for-1 split, 0.1 for a 1-for-10 reverse split)
const (
	KindBuy        = "buy"
	KindSell       = "sell"
	KindShort      = "short"
	KindCover      = "cover"
	KindDividend   = "dividend"
	KindFee        = "fee"
	KindDeposit    = "deposit"
	KindWithdrawal = "withdrawal"
	KindInterest   = "interest"
	KindTax        = "tax"
	KindSplit      = "split"
)

// Kinds lists every transaction kind in the order forms show them.
var Kinds = []string{KindBuy, KindSell, KindShort, KindCover, KindDividend, KindFee,
	KindDeposit, KindWithdrawal, KindInterest, KindTax, KindSplit}

// Bounds of transaction amounts and texts.
const (
	MaxQuantity = 1e9
	// MinQuantity is the smallest quantity of a trade: the precision the
	// ledger compares shares with (a smaller one is zero to it, and a
	// subnormal one made the portfolio's value series non-finite).
	MinQuantity        = 1e-9
	MaxPrice           = 1e9
	MaxFee             = 1e9
	MaxPortfolioName   = 80
	MaxNoteLen         = 2000
	MaxTransactionNote = 500
)

// PortfolioName checks and trims a portfolio name (1..80 characters, no
// control characters).
func PortfolioName(s string) (string, error) {
	return Text("Name", s, 1, MaxPortfolioName, false)
}

// PortfolioNote checks and trims a portfolio note (up to 2000 characters,
// newlines allowed).
func PortfolioNote(s string) (string, error) {
	return Text("Note", s, 0, MaxNoteLen, true)
}

// Kind checks a transaction kind.
func Kind(s string) error {
	for _, k := range Kinds {
		if s == k {
			return nil
		}
	}
	return errors.New("Kind must be one of buy, sell, short, cover, dividend, fee, deposit, withdrawal, interest, tax or split.")
}

// TxInput is a transaction as a user types it. Fields are the same in the
// API request, the form and a CSV line.
type TxInput struct {
	Date     string
	Kind     string
	Ticker   string
	Quantity float64
	Price    float64
	Fee      float64
	Note     string
	// Amount and Currency are the cash of deposit, withdrawal, interest
	// and tax; Basis says how a trade's quantity and price are quoted
	// (BasisAsTraded or BasisAdjusted; empty means adjusted); Ratio is a
	// split's share multiplier.
	Amount   float64
	Currency string
	Basis    string
	Ratio    float64
	// Lots are the purchase lots a sell names (see SaleLots).
	Lots []LotPick
}

// FieldErrors maps a field name (date, kind, ticker, quantity, price, fee,
// note) to its error message.
type FieldErrors map[string]string

// Error joins the messages in a fixed field order.
func (f FieldErrors) Error() string {
	var parts []string
	for _, k := range FieldOrder {
		if m, ok := f[k]; ok {
			parts = append(parts, m)
		}
	}
	return strings.Join(parts, " ")
}

// Transaction checks a transaction against the rules shared by the form,
// the API and CSV import; today is the current date (dates after it are
// refused). It returns the normalised input (upper-case ticker, trimmed
// note) and nil, or the field errors.
func Transaction(in TxInput, today time.Time) (TxInput, FieldErrors) {
	errs := FieldErrors{}
	if err := Kind(in.Kind); err != nil {
		errs["kind"] = err.Error()
	}
	if d, err := TxDate(in.Date, today); err != nil {
		errs["date"] = err.Error()
	} else {
		in.Date = d.Format(time.DateOnly)
	}
	in = kindFields(errs, in)
	saleLots(errs, in)
	if n, err := Text("Note", in.Note, 0, MaxTransactionNote, false); err != nil {
		errs["note"] = err.Error()
	} else {
		in.Note = n
	}
	if len(errs) > 0 {
		return in, errs
	}
	return in, nil
}

// TxDate parses a transaction date (YYYY-MM-DD) and refuses dates after today.
func TxDate(s string, today time.Time) (time.Time, error) {
	d, err := Date(s)
	if err != nil {
		return time.Time{}, errors.New("Date: use the format YYYY-MM-DD with a real calendar date.")
	}
	y, m, dd := today.Date()
	if d.After(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, errors.New("Date must not be in the future.")
	}
	return d, nil
}

func amount(errs FieldErrors, key, label string, v, maxV float64, zeroOK bool) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		errs[key] = label + " must be a number."
	case v < 0 || (v == 0 && !zeroOK):
		if zeroOK {
			errs[key] = label + " must not be negative."
		} else {
			errs[key] = label + " must be greater than zero."
		}
	case v > maxV:
		errs[key] = fmt.Sprintf("%s must be at most %s.", label, strconv.FormatFloat(maxV, 'f', -1, 64))
	}
}

// Number parses a decimal number typed by a user ("12.5", "1e3"); empty
// text is zero when emptyZero is set. Thousands separators are refused so a
// "1,5" typo cannot become 15.
func Number(label, s string, emptyZero bool) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" && emptyZero {
		return 0, nil
	}
	if s == "" || len(s) > 32 || strings.Trim(s, "0123456789.eE+-") != "" {
		return 0, errors.New(label + " must be a number such as 12.5.")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New(label + " must be a number such as 12.5.")
	}
	return v, nil
}
