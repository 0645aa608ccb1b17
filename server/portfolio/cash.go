package portfolio

import (
	"fmt"
	"maps"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// Cash is the cash of a portfolio by currency. Every entry settles in its
// currency: a buy, cover or fee takes quantity x price + fee, a sell or
// short brings quantity x price - fee, a dividend quantity x price - fee,
// a deposit or interest adds its amount, a withdrawal, tax or account fee
// takes it. Balances may go negative (a buy beyond the cash is an
// overdraft); a withdrawal may not take more than the balance of its
// currency. A portfolio without any deposit does not hold cash: its buys
// are the money put in and its sells the money taken out, as before cash
// existed, and its balances are only the net of those.
type Cash struct {
	Balance  map[string]float64
	Deposits int // deposits so far
}

// TradeCurrency is the currency a trade settles in: the instrument's, as
// stored (USD for histories recorded before currencies existed).
func TradeCurrency(t model.Transaction) string {
	if t.Currency == "" {
		return validate.DefaultCurrency
	}
	return t.Currency
}

// Settlement returns the currency and signed cash change of t.
func Settlement(t model.Transaction) (string, float64) {
	gross := t.Quantity * t.Price
	switch t.Kind {
	case validate.KindBuy, validate.KindCover:
		return TradeCurrency(t), -(gross + t.Fee)
	case validate.KindSell, validate.KindShort:
		return TradeCurrency(t), gross - t.Fee
	case validate.KindDividend:
		return TradeCurrency(t), gross - t.Fee
	case validate.KindFee:
		if t.Amount != 0 {
			return t.Currency, -t.Amount
		}
		return TradeCurrency(t), -(gross + t.Fee)
	case validate.KindDeposit, validate.KindInterest:
		return t.Currency, t.Amount
	case validate.KindWithdrawal, validate.KindTax:
		return t.Currency, -t.Amount
	}
	return "", 0
}

// apply books t, refusing a withdrawal beyond the cash held.
func (c *Cash) apply(t model.Transaction) string {
	cur, delta := Settlement(t)
	if cur == "" || delta == 0 {
		return ""
	}
	if t.Kind == validate.KindWithdrawal {
		held := 0.0
		if c.Deposits > 0 {
			held = c.Balance[cur]
		}
		if t.Amount > held+tolerance(t.Amount) {
			return fmt.Sprintf("On %s you withdraw %s %s but the portfolio holds only %s %s in cash. Record the deposit or sale that brought the money in first.",
				dateText(t.Date), num(t.Amount), cur, num(max(held, 0)), cur)
		}
	}
	if t.Kind == validate.KindDeposit {
		c.Deposits++
	}
	c.Balance[cur] = settleCash(c.Balance[cur] + delta)
	return ""
}

// settleCash turns a rounding residue of an emptied balance into zero.
func settleCash(v float64) float64 {
	if v != 0 && v < 1e-9 && v > -1e-9 {
		return 0
	}
	return v
}

func (c Cash) clone() Cash {
	return Cash{Balance: maps.Clone(c.Balance), Deposits: c.Deposits}
}

// HoldsCash reports whether the portfolio keeps cash (it has a deposit).
func (c Cash) HoldsCash() bool { return c.Deposits > 0 }
