package ui

import (
	"net/url"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// taxHarvestTable lists lots with unrealised losses for a country's rules
// and shows that country's notes as text.
type taxHarvestTable struct {
	compo
	Icur          string // the portfolio's base currency
	Iid           string
	country, rate string
	countries     []wire.CountryNotes
	rep           *wire.HarvestReport
	err           string
	ui            app.Context // the table's own context (see call.go)
}

func newTaxHarvestTable() *taxHarvestTable { return &taxHarvestTable{country: "US", rate: "0.25"} }

// Portfolio sets the portfolio id.
func (t *taxHarvestTable) Portfolio(id string) *taxHarvestTable { t.Iid = id; return t }

// Currency sets the portfolio's base currency the amounts are in.
func (t *taxHarvestTable) Currency(c string) *taxHarvestTable { t.Icur = c; return t }

func (t *taxHarvestTable) OnMount(ctx app.Context) {
	t.ui = ctx
	var c []wire.CountryNotes
	call(ctx, "GET", wire.RouteTaxCountries, none{}, &c, func(ctx app.Context, err error) {
		if err == nil {
			t.countries = c
		}
	})
}

func (t *taxHarvestTable) run(ctx app.Context, e app.Event) {
	e.PreventDefault()
	t.err = ""
	q := url.Values{"country": {t.country}, "rate": {strings.TrimSpace(t.rate)}}
	path := wire.WithQuery(wire.Path(wire.RouteTaxHarvest, t.Iid), q)
	var rep wire.HarvestReport
	call(t.ui, "GET", path, none{}, &rep, func(ctx app.Context, err error) {
		if err != nil {
			t.err = err.Error()
			return
		}
		t.rep = &rep
	})
}

func (t *taxHarvestTable) Render() app.UI {
	return divcID("card", "tax",
		elForm().Class("form-grid").ID("tax-form").OnSubmit(t.run).Body(
			label("Country", elSelect().ID("tax-country").OnChange(t.ValueTo(&t.country)).Body(
				app.Range(t.countries).Slice(func(i int) app.UI {
					c := t.countries[i]
					return option(c.Code, c.Name, t.country)
				}),
			)),
			label("Your tax rate (e.g. 0.25)", elInput().ID("tax-rate").Attr("value", t.rate).OnChange(t.ValueTo(&t.rate))),
			elButton().Class("btn btn-primary").ID("tax-run").Attr("type", "submit").Text("Find losses"),
		),
		notice("error", "", t.err),
		when(t.rep != nil, t.renderReport),
	)
}

func (t *taxHarvestTable) renderReport() app.UI {
	r := t.rep
	return elDiv().ID("tax-results").Body(
		para("Sale date "+r.AsOf+" · total loss "+money(r.TotalLoss, t.Icur)+" (short-term "+money(r.ShortTermLoss, t.Icur)+
			", long-term "+money(r.LongTermLoss, t.Icur)+") · estimated tax saved "+money(r.TaxSaved, t.Icur)),
		when(len(r.Candidates) == 0, func() app.UI { return parac("empty", "No lot is below its cost.") }),
		when(len(r.Candidates) > 0, func() app.UI {
			return tableWrap().Body(elTable().Class("table").ID("tax-candidates").Body(
				thead(tr(th("Ticker"), thc("wide", "Acquired"), thc("num wide", "Quantity"),
					thc("num wide", "Cost/share"), thc("num wide", "Price"), th("Term"), numTh("Loss"),
					numTh("Tax saved"), th("Warning"))),
				tbody(app.Range(r.Candidates).Slice(func(i int) app.UI {
					c := r.Candidates[i]
					return tr(td(c.Ticker), tdc("wide", c.Acquired), tdc("num wide", quantity(c.Quantity, 2)),
						tdc("num wide", money(c.CostPerShare, t.Icur)), tdc("num wide", money(c.Price, t.Icur)),
						td(c.Term), tdc("num bad", money(c.Loss, t.Icur)), tdc("num", money(c.TaxSaved, t.Icur)),
						tdc(map[bool]string{true: "wrap warning bad", false: "wrap warning muted"}[c.WashRisk], c.Warning))
				})),
			))
		}),
		h3(r.Country.Name),
		elDl().Class("kv").Body(
			dt("Summary"), elDd().Text(r.Country.Summary),
			dt("Holding period"), elDd().Text(r.Country.HoldingPeriod),
			dt("Wash sales"), elDd().Text(r.Country.WashSale),
			dt("Loss offset"), elDd().Text(r.Country.LossOffset),
		),
		parac("muted", r.Disclaimer),
	)
}
