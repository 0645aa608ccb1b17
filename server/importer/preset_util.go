package importer

import (
	"math"
)

// cells reads one record's numbers and date, remembering the first error.
type cells struct {
	out   *parsed
	line  int
	comma bool
	bad   bool
}

func (c *cells) num(s, what string) float64 {
	v, _, err := parseNumber(s, c.comma)
	if err != nil {
		c.failf(what + " " + clip(s) + " is not a number.")
	}
	return v
}

func (c *cells) date(s, format string) string {
	d, err := parseDate(s, format)
	if err != nil {
		c.failf("Date " + clip(s) + " is not a " + format + " date.")
	}
	return d
}

func (c *cells) failf(msg string) {
	if !c.bad {
		c.out.fail(c.line, msg)
		c.bad = true
	}
}

// signedCash returns a deposit for a positive amount and a withdrawal
// for a negative one.
func signedCash(amount float64) string {
	if amount < 0 {
		return KindWithdrawal
	}
	return KindDeposit
}

// tradeKind returns buy for a positive quantity and sell for a negative.
func tradeKind(qty float64) string {
	if qty < 0 {
		return KindSell
	}
	return KindBuy
}

func abs(v float64) float64 { return math.Abs(v) }

// tableAfter returns the records after header index h with their lines.
func tableAfter(t Table, h int) ([][]string, []int) {
	return t.Records[h+1:], t.Lines[h+1:]
}
