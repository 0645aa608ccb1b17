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
	call(ctx, "GET", wire.RouteTaxCountries, none{}, func(ctx app.Context, c []wire.CountryNotes, err error) {
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
	call(t.ui, "GET", path, none{}, func(ctx app.Context, rep wire.HarvestReport, err error) {
		if err != nil {
			t.err = err.Error()
			return
		}
		t.rep = &rep
	})
}

func (t *taxHarvestTable) Render() app.UI {
	return app.Div().Class("card").ID("tax").Body(
		app.Form().Class("form-grid").ID("tax-form").OnSubmit(t.run).Body(
			app.Label().Body(app.Text("Country"), app.Select().ID("tax-country").OnChange(t.ValueTo(&t.country)).Body(
				app.Range(t.countries).Slice(func(i int) app.UI {
					c := t.countries[i]
					return option(c.Code, c.Name, t.country)
				}),
			)),
			app.Label().Body(app.Text("Your tax rate (e.g. 0.25)"), app.Input().ID("tax-rate").Value(t.rate).OnChange(t.ValueTo(&t.rate))),
			app.Button().Class("btn btn-primary").ID("tax-run").Type("submit").Text("Find losses"),
		),
		app.If(t.err != "", func() app.UI { return app.Div().Class("alert alert-error").Text(t.err) }),
		app.If(t.rep != nil, t.renderReport),
	)
}

func (t *taxHarvestTable) renderReport() app.UI {
	r := t.rep
	return app.Div().ID("tax-results").Body(
		app.P().Text("Sale date "+r.AsOf+" · total loss "+money(r.TotalLoss, t.Icur)+" (short-term "+money(r.ShortTermLoss, t.Icur)+
			", long-term "+money(r.LongTermLoss, t.Icur)+") · estimated tax saved "+money(r.TaxSaved, t.Icur)),
		app.If(len(r.Candidates) == 0, func() app.UI { return app.P().Class("empty").Text("No lot is below its cost.") }),
		app.If(len(r.Candidates) > 0, func() app.UI {
			return app.Div().Class("table-wrap").Body(app.Table().Class("table").Body(
				app.THead().Body(app.Tr().Body(app.Th().Text("Ticker"), app.Th().Text("Acquired"), app.Th().Text("Quantity"),
					app.Th().Text("Cost/share"), app.Th().Text("Price"), app.Th().Text("Term"), app.Th().Text("Loss"),
					app.Th().Text("Tax saved"), app.Th().Text("Warning"))),
				app.TBody().Body(app.Range(r.Candidates).Slice(func(i int) app.UI {
					c := r.Candidates[i]
					return app.Tr().Body(app.Td().Text(c.Ticker), app.Td().Text(c.Acquired), app.Td().Class("num").Text(fmtNum(c.Quantity, 2)),
						app.Td().Class("num").Text(money(c.CostPerShare, t.Icur)), app.Td().Class("num").Text(money(c.Price, t.Icur)),
						app.Td().Text(c.Term), app.Td().Class("num bad").Text(money(c.Loss, t.Icur)), app.Td().Class("num").Text(money(c.TaxSaved, t.Icur)),
						app.Td().Class(map[bool]string{true: "bad", false: "muted"}[c.WashRisk]).Text(c.Warning))
				})),
			))
		}),
		app.H3().Text(r.Country.Name),
		app.Dl().Class("kv").Body(
			app.Dt().Text("Summary"), app.Dd().Text(r.Country.Summary),
			app.Dt().Text("Holding period"), app.Dd().Text(r.Country.HoldingPeriod),
			app.Dt().Text("Wash sales"), app.Dd().Text(r.Country.WashSale),
			app.Dt().Text("Loss offset"), app.Dd().Text(r.Country.LossOffset),
		),
		app.P().Class("muted").Text(r.Disclaimer),
	)
}
