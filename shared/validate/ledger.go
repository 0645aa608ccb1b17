package validate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Transaction bases: how a trade's quantity and price are quoted.
//   - BasisAsTraded: as on the broker statement; the ledger applies every
//     later split to the position (quantity x ratio, price / ratio).
//   - BasisAdjusted: already in the split-adjusted terms of the price
//     series (what every transaction meant before bases existed, and the
//     API's default when basis is absent).
const (
	BasisAsTraded = "as_traded"
	BasisAdjusted = "adjusted"
)

// Bounds of cash amounts and split ratios.
const (
	MaxAmount = 1e12
	MinRatio  = 1.0 / 1000
	MaxRatio  = 1000
)

// DefaultCurrency is the base currency of a portfolio created without one.
const DefaultCurrency = "USD"

// Currencies lists the ISO 4217 codes a portfolio or cash amount may use:
// the euro and the twelve currencies of the embedded ECB reference rates.
var Currencies = []string{"USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "HKD", "SGD", "NZD"}

// FieldOrder is the order field errors are joined and shown in.
var FieldOrder = []string{"date", "kind", "ticker", "quantity", "price", "fee", "amount", "currency", "basis", "ratio", "lots", "note"}

// Currency checks a currency code and returns it in upper case.
func Currency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !slices.Contains(Currencies, c) {
		return "", errors.New("Currency must be one of " + strings.Join(Currencies, ", ") + ".")
	}
	return c, nil
}

// Basis checks a transaction basis; empty is adjusted.
func Basis(s string) (string, error) {
	switch s {
	case "", BasisAdjusted:
		return BasisAdjusted, nil
	case BasisAsTraded:
		return BasisAsTraded, nil
	}
	return "", errors.New("Basis must be as_traded or adjusted.")
}

// IsCashKind reports whether kind moves cash only: deposit, withdrawal,
// interest and tax.
func IsCashKind(kind string) bool {
	switch kind {
	case KindDeposit, KindWithdrawal, KindInterest, KindTax:
		return true
	}
	return false
}

// IsCashEntry reports whether the input is a cash entry: a cash kind, or a
// fee given as an amount (an account fee) rather than quantity x price.
func IsCashEntry(kind string, amount float64) bool {
	return IsCashKind(kind) || kind == KindFee && amount != 0
}

// kindFields checks the fields that depend on the kind and normalises them.
func kindFields(errs FieldErrors, in TxInput) TxInput {
	switch {
	case in.Kind == KindSplit:
		return splitFields(errs, in)
	case IsCashEntry(in.Kind, in.Amount):
		return cashFields(errs, in)
	}
	return tradeFields(errs, in)
}

// cashTotal bounds the cash a dividend or a security fee moves, quantity
// x price, by MaxAmount like any cash entry: the analytics compute with
// no larger dividend, so a bigger one made every analysis of the
// portfolio a 400.
func cashTotal(errs FieldErrors, in TxInput) {
	_, badQ := errs["quantity"]
	_, badP := errs["price"]
	if (in.Kind == KindDividend || in.Kind == KindFee) && !badQ && !badP && in.Quantity*in.Price > MaxAmount {
		errs["price"] = "Quantity x price must be at most 1000000000000 for a " + in.Kind + "."
	}
}

// tradeFields checks a buy, sell, short, cover, dividend or fee.
func tradeFields(errs FieldErrors, in TxInput) TxInput {
	in.Ticker = ticker(errs, in.Ticker, true)
	amount(errs, "quantity", "Quantity", in.Quantity, MaxQuantity, false)
	if _, bad := errs["quantity"]; !bad && in.Quantity < MinQuantity {
		errs["quantity"] = "Quantity must be at least 0.000000001."
	}
	amount(errs, "price", "Price", in.Price, MaxPrice, false)
	amount(errs, "fee", "Fee", in.Fee, MaxFee, true)
	cashTotal(errs, in)
	mustBeZero(errs, "amount", "Amount", in.Amount, in.Kind)
	mustBeZero(errs, "ratio", "Ratio", in.Ratio, in.Kind)
	if in.Currency != "" {
		in.Currency = currencyField(errs, in.Currency)
	}
	b, err := Basis(in.Basis)
	if err != nil {
		errs["basis"] = err.Error()
	}
	in.Basis = b
	return in
}

// cashFields checks a deposit, withdrawal, interest, tax or account fee.
func cashFields(errs FieldErrors, in TxInput) TxInput {
	if in.Kind == KindTax || in.Kind == KindFee {
		in.Ticker = ticker(errs, in.Ticker, false)
	} else if in.Ticker != "" {
		errs["ticker"] = "A " + in.Kind + " has no ticker."
	}
	amount(errs, "amount", "Amount", in.Amount, MaxAmount, false)
	in.Currency = currencyField(errs, in.Currency)
	mustBeZero(errs, "quantity", "Quantity", in.Quantity, in.Kind)
	mustBeZero(errs, "price", "Price", in.Price, in.Kind)
	mustBeZero(errs, "fee", "Fee", in.Fee, in.Kind)
	mustBeZero(errs, "ratio", "Ratio", in.Ratio, in.Kind)
	noBasis(errs, &in)
	return in
}

// splitFields checks a split: a ticker and a ratio, nothing else.
func splitFields(errs FieldErrors, in TxInput) TxInput {
	in.Ticker = ticker(errs, in.Ticker, true)
	switch r := in.Ratio; {
	case math.IsNaN(r) || math.IsInf(r, 0):
		errs["ratio"] = "Ratio must be a number."
	case r < MinRatio || r > MaxRatio || r == 1:
		errs["ratio"] = fmt.Sprintf("Ratio must be between %g and %g and not 1 (7 for a 7-for-1 split, 0.1 for a 1-for-10 reverse split).", MinRatio, float64(MaxRatio))
	}
	mustBeZero(errs, "quantity", "Quantity", in.Quantity, in.Kind)
	mustBeZero(errs, "price", "Price", in.Price, in.Kind)
	mustBeZero(errs, "fee", "Fee", in.Fee, in.Kind)
	mustBeZero(errs, "amount", "Amount", in.Amount, in.Kind)
	if in.Currency != "" {
		errs["currency"] = "A split has no currency."
	}
	noBasis(errs, &in)
	return in
}

// ticker checks and normalises a ticker; an empty one passes when optional.
func ticker(errs FieldErrors, s string, required bool) string {
	if s == "" && !required {
		return ""
	}
	t, err := Ticker(s)
	if err != nil {
		errs["ticker"] = "Ticker: " + strings.TrimPrefix(err.Error(), ErrInvalidTicker.Error()+": ") + "."
		return s
	}
	return t
}

func currencyField(errs FieldErrors, s string) string {
	c, err := Currency(s)
	if err != nil {
		errs["currency"] = err.Error()
		return s
	}
	return c
}

func mustBeZero(errs FieldErrors, key, label string, v float64, kind string) {
	if v != 0 {
		errs[key] = label + " must be empty for a " + kind + "."
	}
}

// noBasis refuses a basis on an entry that has no shares to quote.
func noBasis(errs FieldErrors, in *TxInput) {
	if in.Basis != "" {
		errs["basis"] = "Basis applies to trades only."
	}
}
