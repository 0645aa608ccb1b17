package ui

import (
	"strings"

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
	if len(t.Irows) == 0 {
		return parac("empty", "No "+strings.ToLower(t.Ititle)+" to show: the portfolio holds nothing with market data in this period.")
	}
	return tableWrap().Body(elTable().Class("table").Body(
		thead(tr(th(t.Ititle), numTh("Value"), numTh("Weight"), elTh().Body(spanc("sr-only", "Weight bar")))),
		tbody(app.Range(t.Irows).Slice(func(i int) app.UI {
			a := t.Irows[i]
			w := a.Weight
			if w < 0 {
				w = 0
			}
			return tr(
				td(a.Key),
				tdc("num", money(a.Value, t.Icur)),
				tdc("num", fmtPct(a.Weight)),
				elTd().Body(el("progress").Class("weight-bar").Attr("max", 1).Attr("value", min(w, 1))),
			)
		})),
	))
}
