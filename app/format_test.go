//go:build !js

package ui

import (
	"math"
	"testing"
)

// germanLocale is de-DE as Chrome's Intl writes it: "1.234,50 €" and
// "12,34 %" (non-breaking spaces), for the locale-independent code paths.
func germanLocale() *numberLocale {
	return &numberLocale{lang: "de-DE", group: ".", decimal: ",", pctSuffix: "\u00a0%",
		currencies: map[string]currencyStyle{
			"EUR": {suffix: "\u00a0€", decimals: 2},
			"USD": {suffix: "\u00a0$", decimals: 2},
			"JPY": {suffix: "\u00a0¥", decimals: 0},
		}}
}

func TestMoneyInLocale(t *testing.T) {
	t.Parallel()
	en, de := userLocale(), germanLocale()
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"en dollars grouped", en.money(1234567.891, "USD"), "$1,234,567.89"},
		{"en empty currency is USD", en.money(1500, ""), "$1,500.00"},
		{"en negative sign before symbol", en.money(-1.005, "USD"), "-$1.00"},
		{"en rounds to zero without minus", en.money(-0.004, "USD"), "$0.00"},
		{"en euro", en.money(999.5, "EUR"), "€999.50"},
		{"en yen has no decimals", en.money(1234.6, "JPY"), "¥1,235"},
		{"en unknown code before the number", en.money(12, "SEK"), "SEK\u00a012.00"},
		{"en malformed code after the number", en.money(12, "usd"), "12.00 usd"},
		{"en no group under 1000", en.money(999.99, "USD"), "$999.99"},
		{"en exactly 1000", en.money(1000, "USD"), "$1,000.00"},
		{"en NaN", en.money(math.NaN(), "USD"), "—"},
		{"de euro after", de.money(1234.5, "EUR"), "1.234,50\u00a0€"},
		{"de negative", de.money(-1234567, "EUR"), "-1.234.567,00\u00a0€"},
		{"de yen", de.money(1e6, "JPY"), "1.000.000\u00a0¥"},
		{"de percent", de.pct(0.1234), "12,34\u00a0%"},
		{"de percent grouped", de.pct(12.5), "1.250,00\u00a0%"},
		{"de number", de.num(-1234.5, 1), "-1.234,5"},
		{"en number grouped", en.num(1234567.25, 2), "1,234,567.25"},
		{"en number rounds to -0", en.num(-0.001, 2), "0.00"},
		{"en pct infinite", en.pct(math.Inf(1)), "—"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestHideAmounts is not parallel: it flips the device-wide mode, which
// the parallel tests read, and restores it before they run.
func TestHideAmounts(t *testing.T) {
	amountsHidden()
	hideAmounts.Store(true)
	defer hideAmounts.Store(false)
	for name, got := range map[string]string{
		"money": money(1234, "USD"), "quantity": quantity(10, 2), "exact quantity": exactQuantity(0.5),
	} {
		if got != hiddenAmount {
			t.Errorf("%s in hide-amounts mode = %q, want %q", name, got, hiddenAmount)
		}
	}
	if got := fmtPct(0.25); got != "25.00%" {
		t.Errorf("percentages stay visible: got %q", got)
	}
}

func BenchmarkMoney(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = money(1234567.89, "USD")
	}
}
