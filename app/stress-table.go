package ui

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/api"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stressTable runs the stress tests of a portfolio and lets the user save
// custom hypothetical stress sets.
type stressTable struct {
	app.Compo
	Iid          string
	results      []api.StressResult
	name, market string
	busy         bool
	err, ok      string
}

func newStressTable() *stressTable { return &stressTable{} }

// Portfolio sets the portfolio id.
func (s *stressTable) Portfolio(id string) *stressTable { s.Iid = id; return s }

func (s *stressTable) run(ctx app.Context, e app.Event) {
	s.busy, s.err = true, ""
	path := "/api/portfolios/" + url.PathEscape(s.Iid) + "/stress"
	ctx.Async(func() {
		var out api.StressResponse
		err := callAPI(context.Background(), "POST", path, api.StressRequest{}, &out)
		ctx.Dispatch(func(ctx app.Context) {
			s.busy = false
			if err != nil {
				s.err = err.Error()
				return
			}
			s.results = out.Results
		})
	})
}

// save stores a custom stress set (market shock in percent) and reruns.
func (s *stressTable) save(ctx app.Context, e app.Event) {
	e.PreventDefault()
	s.err, s.ok = "", ""
	pct, err := strconv.ParseFloat(strings.TrimSpace(s.market), 64)
	if err != nil || pct < -100 || pct > 100 {
		s.err = "Enter the market shock as a percentage between -100 and 100, e.g. -25."
		return
	}
	set := api.StressSet{Name: strings.TrimSpace(s.name), MarketShock: pct / 100}
	ctx.Async(func() {
		err := callAPI(context.Background(), "POST", "/api/stress/sets", set, nil)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.err = err.Error()
				return
			}
			s.ok, s.name, s.market = "Saved. It now runs with the others.", "", ""
			s.run(ctx, e)
		})
	})
}

func (s *stressTable) Render() app.UI {
	return app.Div().Class("card").ID("stress").Body(
		app.P().Class("muted").Text("Historical replays apply each holding's actual return over a past crisis; hypothetical shocks apply beta x market shock."),
		app.Button().Class("btn btn-primary").ID("stress-run").Disabled(s.busy).Text("Run stress tests").OnClick(s.run),
		app.If(s.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("stress-error").Text(s.err) }),
		app.If(s.ok != "", func() app.UI { return app.Div().Class("alert alert-ok").Text(s.ok) }),
		app.If(len(s.results) > 0, s.renderResults),
		app.Form().Class("form-grid").ID("stress-set-form").OnSubmit(s.save).Body(
			app.Label().Body(app.Text("Custom set name"), app.Input().ID("stress-set-name").MaxLength(80).Required(true).Value(s.name).OnChange(s.ValueTo(&s.name))),
			app.Label().Body(app.Text("Market shock (%)"), app.Input().ID("stress-set-market").Attr("inputmode", "decimal").Required(true).Value(s.market).OnChange(s.ValueTo(&s.market))),
			app.Button().Class("btn").ID("stress-set-save").Type("submit").Text("Save stress set"),
		),
	)
}

func (s *stressTable) renderResults() app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().Class("table").ID("stress-results").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Scenario"), app.Th().Text("As of"), app.Th().Text("Value"),
			app.Th().Text("P&L"), app.Th().Text("Return"), app.Th().Text("Missing"))),
		app.TBody().Body(app.Range(s.results).Slice(func(i int) app.UI {
			r := s.results[i]
			cls := "num good"
			if r.PnL < 0 {
				cls = "num bad"
			}
			return app.Tr().Body(app.Td().Text(r.Name), app.Td().Text(r.AsOf), app.Td().Class("num").Text(fmtMoney(r.Value)),
				app.Td().Class(cls).Text(fmtMoney(r.PnL)), app.Td().Class(cls).Text(formatMetric(r.Return, "pct")),
				app.Td().Text(strings.Join(r.Missing, ", ")))
		})),
	))
}
