package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// stressTable runs the stress tests of a portfolio and lets the user save
// custom hypothetical stress sets.
type stressTable struct {
	compo
	Icur         string // the portfolio's base currency
	Iid          string
	Icash        bool // the portfolio holds cash, which stress tests leave unchanged
	results      []wire.StressResult
	sets         []wire.SavedStressSet
	name, market string
	busy         bool
	err, ok      string
	// ui is the component's own context, the one its calls answer to: a
	// delete button unmounts with its row (see call.go).
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
	var sets []wire.SavedStressSet
	call(s.ui, "GET", wire.RouteStressSets, none{}, &sets, func(ctx app.Context, err error) {
		if err != nil {
			s.err = err.Error()
			return
		}
		s.sets = sets
	})
}

// remove deletes a saved stress set, then refreshes the list and, when
// results are shown, reruns without it.
func (s *stressTable) remove(set wire.SavedStressSet) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		s.err, s.ok = "", ""
		call(s.ui, "DELETE", wire.Path(wire.RouteStressSet, set.ID), none{}, new(none), func(ctx app.Context, err error) {
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
	}
}

// Portfolio sets the portfolio id.
func (s *stressTable) Portfolio(id string) *stressTable { s.Iid = id; return s }

// Currency sets the portfolio's base currency the amounts are in.
func (s *stressTable) Currency(c string) *stressTable { s.Icur = c; return s }

// Cash says whether the portfolio holds cash.
func (s *stressTable) Cash(c bool) *stressTable { s.Icash = c; return s }

func (s *stressTable) run(_ app.Context, e app.Event) {
	s.busy, s.err = true, ""
	var out wire.StressResponse
	call(s.ui, "POST", wire.Path(wire.RouteStress, s.Iid), wire.StressRequest{}, &out, func(ctx app.Context, err error) {
		s.busy = false
		if err != nil {
			s.err = err.Error()
			return
		}
		s.results = out.Results
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
	call(s.ui, "POST", wire.RouteStressSets, set, new(none), func(ctx app.Context, err error) {
		if err != nil {
			s.err = err.Error()
			return
		}
		s.ok, s.name, s.market = "Saved. It now runs with the others.", "", ""
		s.loadSets()
		s.run(ctx, e)
	})
}

func (s *stressTable) Render() app.UI {
	return divcID("card", "stress",
		parac("muted", "Historical replays apply each holding's actual return over a past crisis; hypothetical shocks apply beta x market shock."),
		stateButton("btn btn-primary", "stress-run", s.busy, "Run stress tests", s.run),
		notice("error", "stress-error", s.err),
		notice("ok", "stress-ok", s.ok),
		when(len(s.results) > 0, s.renderResults),
		when(s.Icash && len(s.results) > 0, func() app.UI {
			return paraID("muted", "stress-cash", "This portfolio holds cash: the values and returns above are on its securities only; the cash is held unchanged.")
		}),
		when(len(s.sets) > 0, s.renderSets),
		elForm().Class("form-grid").ID("stress-set-form").OnSubmit(s.save).Body(
			label("Custom set name", elInput().ID("stress-set-name").Attr("maxlength", 80).Attr("required", true).Attr("value", s.name).OnChange(s.ValueTo(&s.name))),
			label("Market shock (%)", elInput().ID("stress-set-market").Attr("inputmode", "decimal").Attr("required", true).Attr("value", s.market).OnChange(s.ValueTo(&s.market))),
			elButton().Class("btn").ID("stress-set-save").Attr("type", "submit").Text("Save stress set"),
		),
	)
}

// renderResults shows each scenario's result; the Missing column (holdings
// without prices in the scenario's window) only when some scenario has them.
func (s *stressTable) renderResults() app.UI {
	missing := slices.ContainsFunc(s.results, func(r wire.StressResult) bool { return len(r.Missing) > 0 })
	return tableWrap().Body(elTable().Class("table").ID("stress-results").Body(
		thead(tr(th("Scenario"), thc("wide", "As of"), thc("num wide", "Value"),
			numTh("P&L"), numTh("Return"), when(missing, func() app.UI { return th("Missing") }))),
		tbody(app.Range(s.results).Slice(func(i int) app.UI {
			r := s.results[i]
			cls := "num good"
			if r.PnL < 0 {
				cls = "num bad"
			}
			return tr(tdc("wrap", r.Name), tdc("wide", r.AsOf), tdc("num wide", money(r.Value, s.Icur)),
				tdc(cls, money(r.PnL, s.Icur)), tdc(cls, formatMetric(r.Return, "pct")),
				when(missing, func() app.UI { return td(strings.Join(r.Missing, ", ")) }))
		})),
	))
}

// renderSets lists the saved stress sets with a delete button each.
func (s *stressTable) renderSets() app.UI {
	return tableWrap().Body(elTable().Class("table").ID("stress-sets").Body(
		thead(tr(th("Saved stress set"), th("Market shock"), elTh().Body(spanc("sr-only", "Actions")))),
		tbody(app.Range(s.sets).Slice(func(i int) app.UI {
			set := s.sets[i]
			return elTr().Class("stress-set-row").Attr("data-name", set.Set.Name).Body(
				td(set.Set.Name),
				tdc("num", fmtPct(set.Set.MarketShock)),
				elTd().Body(elButton().Class("btn btn-small btn-danger stress-set-delete").Attr("type", "button").
					Title("Delete this saved stress set").Text("Delete").
					OnClick(s.remove(set), app.EventScope(set.ID))),
			)
		})),
	))
}
