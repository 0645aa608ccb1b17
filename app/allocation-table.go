package ui

import (
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// allocationTable lists sector or country weights with bars (<progress>
// elements, so no style attribute is needed).
type allocationTable struct {
	app.Compo
	Ititle string
	Irows  []wire.Allocation
	Icur   string
}

func newAllocationTable() *allocationTable { return &allocationTable{} }

// Title sets the first column's heading.
func (t *allocationTable) Title(v string) *allocationTable { t.Ititle = v; return t }

// Currency sets the currency of the values.
func (t *allocationTable) Currency(c string) *allocationTable { t.Icur = c; return t }

// Rows sets the allocation rows.
func (t *allocationTable) Rows(v []wire.Allocation) *allocationTable { t.Irows = v; return t }

func (t *allocationTable) Render() app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().Class("table").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text(t.Ititle), app.Th().Text("Value"), app.Th().Text("Weight"), app.Th().Text(""))),
		app.TBody().Body(app.Range(t.Irows).Slice(func(i int) app.UI {
			a := t.Irows[i]
			w := a.Weight
			if w < 0 {
				w = 0
			}
			return app.Tr().Body(
				app.Td().Text(a.Key),
				app.Td().Class("num").Text(money(a.Value, t.Icur)),
				app.Td().Class("num").Text(fmtPct(a.Weight)),
				app.Td().Body(app.Progress().Class("weight-bar").Max(1).Value(min(w, 1))),
			)
		})),
	))
}
