//go:build !js

package ui

import (
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestTxSummary: the delete confirmation names what is deleted in the
// terms of its kind, never "0 at 0.00" for a cash entry or a split.
func TestTxSummary(t *testing.T) {
	cases := []struct {
		name string
		tx   wire.Transaction
		want string
	}{
		{"buy", wire.Transaction{Date: "2012-02-01", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 456.19}, "2012-02-01 buy 10 AAPL at 456.19"},
		{"deposit", wire.Transaction{Date: "2012-01-03", Kind: "deposit", Amount: 25000, Currency: "USD"}, "2012-01-03 deposit $25,000.00"},
		{"tax for a ticker", wire.Transaction{Date: "2013-05-16", Kind: "tax", Ticker: "MSFT", Amount: 1.5, Currency: "EUR"}, "2013-05-16 tax €1.50 for MSFT"},
		{"split", wire.Transaction{Date: "2016-01-04", Kind: "split", Ticker: "MSFT", Ratio: 2}, "2016-01-04 split MSFT × 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := txSummary(c.tx); got != c.want {
				t.Errorf("txSummary = %q, want %q", got, c.want)
			}
		})
	}
}

// TestTxFeeText: the fee column is empty for entries that have no fee.
func TestTxFeeText(t *testing.T) {
	cases := []struct {
		name string
		tx   wire.Transaction
		want string
	}{
		{"buy with a fee", wire.Transaction{Kind: "buy", Quantity: 1, Price: 2, Fee: 4.95}, "4.95"},
		{"buy without", wire.Transaction{Kind: "buy", Quantity: 1, Price: 2}, "0.00"},
		{"deposit", wire.Transaction{Kind: "deposit", Amount: 100, Currency: "USD"}, ""},
		{"split", wire.Transaction{Kind: "split", Ticker: "AAPL", Ratio: 7}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := txFeeText(c.tx); got != c.want {
				t.Errorf("fee column %q, want %q", got, c.want)
			}
		})
	}
}
