package ui

import (
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// currencySelect picks one of the currencies a portfolio or a cash entry
// may use (validate.Currencies).
type currencySelect struct {
	compo
	Iid       string
	Ivalue    string
	IOnChange func(ctx app.Context, v string)
}

func newCurrencySelect() *currencySelect { return &currencySelect{} }

// ID sets the select's element id.
func (c *currencySelect) ID(id string) *currencySelect { c.Iid = id; return c }

// Value sets the selected currency ("" selects USD).
func (c *currencySelect) Value(v string) *currencySelect { c.Ivalue = v; return c }

// OnChange is called with the chosen code.
func (c *currencySelect) OnChange(fn func(ctx app.Context, v string)) *currencySelect {
	c.IOnChange = fn
	return c
}

func (c *currencySelect) Render() app.UI {
	sel := c.Ivalue
	if sel == "" {
		sel = validate.DefaultCurrency
	}
	return elSelect().ID(c.Iid).OnChange(func(ctx app.Context, e app.Event) {
		if c.IOnChange != nil {
			c.IOnChange(ctx, ctx.JSSrc().Get("value").String())
		}
	}).Body(app.Range(validate.Currencies).Slice(func(i int) app.UI {
		code := validate.Currencies[i]
		return elOption().Attr("value", code).Attr("selected", code == sel).Text(code)
	}))
}

// baseOf names a portfolio's base currency (USD when unset).
func baseOf(cur string) string {
	if cur == "" {
		cur = validate.DefaultCurrency
	}
	return "base currency " + cur
}
