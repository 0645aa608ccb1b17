package ui

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stressTable runs the stress tests of a portfolio and lets the user save
// custom hypothetical stress sets.
type stressTable struct {
	app.Compo
	Iid          string
	results      []wire.StressResult
	sets         []wire.SavedStressSet
	name, market string
	busy         bool
	err, ok      string
	// ui is the component's own context: a delete button unmounts with
	// its row, so later updates go through this one.
	ui app.Context
}

func newStressTable() *stressTable { return &stressTable{} }

// OnMount lists the user's saved stress sets.
func (s *stressTable) OnMount(ctx app.Context) {
	s.ui = ctx
	s.loadSets()
}

// loadSets refreshes the saved stress sets (GET /api/stress/sets).
func (s *stressTable) loadSets() {
	ctx := s.ui
	ctx.Async(func() {
		var sets []wire.SavedStressSet
		err := callAPI(context.Background(), "GET", "/api/stress/sets", nil, &sets)
		ctx.Dispatch(func(ctx app.Context) {
			if handleAuthError(ctx, err) {
				return
			}
			if err != nil {
				s.err = err.Error()
				return
			}
			s.sets = sets
		})
	})
}

// remove deletes a saved stress set, then refreshes the list and, when
// results are shown, reruns without it.
func (s *stressTable) remove(set wire.SavedStressSet) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		s.err, s.ok = "", ""
		ctx := s.ui
		ctx.Async(func() {
			err := callAPI(context.Background(), "DELETE", "/api/stress/sets/"+url.PathEscape(set.ID), nil, nil)
			ctx.Dispatch(func(ctx app.Context) {
				if handleAuthError(ctx, err) {
					return
				}
				if err != nil {
					s.err = err.Error()
					return
				}
				s.ok = "Deleted the stress set " + set.Set.Name + "."
				s.loadSets()
				if len(s.results) > 0 {
					s.run(ctx, e)
				}
			})
		})
	}
}

// Portfolio sets the portfolio id.
func (s *stressTable) Portfolio(id string) *stressTable { s.Iid = id; return s }

func (s *stressTable) run(_ app.Context, e app.Event) {
	s.busy, s.err = true, ""
	path := "/api/portfolios/" + url.PathEscape(s.Iid) + "/stress"
	// The form's element can be replaced when alerts appear above it, so
	// the component's own context carries the update.
	ctx := s.ui
	ctx.Async(func() {
		var out wire.StressResponse
		err := callAPI(context.Background(), "POST", path, wire.StressRequest{}, &out)
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
func (s *stressTable) save(_ app.Context, e app.Event) {
	e.PreventDefault()
	s.err, s.ok = "", ""
	pct, err := strconv.ParseFloat(strings.TrimSpace(s.market), 64)
	if err != nil || pct < -100 || pct > 100 {
		s.err = "Enter the market shock as a percentage between -100 and 100, e.g. -25."
		return
	}
	set := wire.StressSet{Name: strings.TrimSpace(s.name), MarketShock: pct / 100}
	ctx := s.ui
	ctx.Async(func() {
		err := callAPI(context.Background(), "POST", "/api/stress/sets", set, nil)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.err = err.Error()
				return
			}
			s.ok, s.name, s.market = "Saved. It now runs with the others.", "", ""
			s.loadSets()
			s.run(ctx, e)
		})
	})
}

func (s *stressTable) Render() app.UI {
	return app.Div().Class("card").ID("stress").Body(
		app.P().Class("muted").Text("Historical replays apply each holding's actual return over a past crisis; hypothetical shocks apply beta x market shock."),
		app.Button().Class("btn btn-primary").ID("stress-run").Disabled(s.busy).Text("Run stress tests").OnClick(s.run),
		app.If(s.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("stress-error").Text(s.err) }),
		app.If(s.ok != "", func() app.UI { return app.Div().Class("alert alert-ok").ID("stress-ok").Text(s.ok) }),
		app.If(len(s.results) > 0, s.renderResults),
		app.If(len(s.sets) > 0, s.renderSets),
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

// renderSets lists the saved stress sets with a delete button each.
func (s *stressTable) renderSets() app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().Class("table").ID("stress-sets").Body(
		app.THead().Body(app.Tr().Body(app.Th().Text("Saved stress set"), app.Th().Text("Market shock"), app.Th().Text(""))),
		app.TBody().Body(app.Range(s.sets).Slice(func(i int) app.UI {
			set := s.sets[i]
			return app.Tr().Class("stress-set-row").Attr("data-name", set.Set.Name).Body(
				app.Td().Text(set.Set.Name),
				app.Td().Class("num").Text(fmtPct(set.Set.MarketShock)),
				app.Td().Body(app.Button().Class("btn btn-small btn-danger stress-set-delete").Type("button").
					Title("Delete this saved stress set").Text("Delete").
					OnClick(s.remove(set), app.EventScope(set.ID))),
			)
		})),
	))
}
