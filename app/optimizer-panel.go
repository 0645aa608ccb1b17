package ui

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// frontierPoints is the number of frontier portfolios requested.
const frontierPoints = 30

// optimizerPanel runs the mean-variance optimiser as a background job and
// shows the frontier, current vs optimal weights and the trades.
type optimizerPanel struct {
	compo
	Icur                       string // the portfolio's base currency
	Iid                        string
	objective, maxW, shrinkage string
	target, minW               string
	// sectors are the portfolio's sectors (from its holdings); caps holds
	// the cap typed for each, "" for none.
	sectors  []string
	caps     map[string]string
	fieldErr map[string]string
	res      *wire.OptimizeResponse
	busy     bool
	err      string
	ui       app.Context // the panel's own context (see call.go)
}

func newOptimizerPanel() *optimizerPanel {
	return &optimizerPanel{objective: wire.ObjectiveMaxSharpe, maxW: defaultMaxWeight(0), minW: "0", shrinkage: "ledoit_wolf",
		caps: map[string]string{}, fieldErr: map[string]string{}}
}

// OnMount loads the portfolio's sectors for the sector cap inputs.
func (o *optimizerPanel) OnMount(ctx app.Context) {
	o.ui = ctx
	var h wire.Holdings
	call(ctx, "GET", wire.Path(wire.RouteHoldings, o.Iid), none{}, &h, func(ctx app.Context, err error) {
		if err == nil {
			o.sectors = holdingSectors(h.Positions)
			if o.maxW == defaultMaxWeight(0) {
				o.maxW = defaultMaxWeight(heldCount(h.Positions))
			}
		}
	})
}

// defaultMaxWeight is the preset maximum weight per holding: 0.4, or the
// least that lets n holdings add up to 100% (0.5 for two).
func defaultMaxWeight(n int) string {
	if n < 1 || float64(n)*0.4 >= 1 {
		return "0.4"
	}
	return strconv.FormatFloat(math.Ceil(100/float64(n))/100, 'f', -1, 64)
}

// heldCount is the number of open positions.
func heldCount(ps []wire.Position) int {
	n := 0
	for _, p := range ps {
		if p.Quantity != 0 {
			n++
		}
	}
	return n
}

// holdingSectors returns the distinct non-empty sectors, sorted.
func holdingSectors(ps []wire.Position) []string {
	var out []string
	for _, p := range ps {
		if p.Sector != "" && p.Quantity != 0 && !slices.Contains(out, p.Sector) {
			out = append(out, p.Sector)
		}
	}
	slices.Sort(out)
	return out
}

// Portfolio sets the portfolio id.
func (o *optimizerPanel) Portfolio(id string) *optimizerPanel { o.Iid = id; return o }

// Currency sets the portfolio's base currency the amounts are in.
func (o *optimizerPanel) Currency(c string) *optimizerPanel { o.Icur = c; return o }

// request builds the optimiser request from the form; the map holds one
// message per invalid field (the same bounds the server checks).
func (o *optimizerPanel) request() (wire.OptimizeRequest, map[string]string) {
	req := wire.OptimizeRequest{Objective: o.objective, Shrinkage: o.shrinkage, FrontierPoints: frontierPoints}
	errs := map[string]string{}
	mw, err := strconv.ParseFloat(strings.TrimSpace(o.maxW), 64)
	if err != nil || !(mw > 0 && mw <= 1) {
		errs["max"] = "Maximum weight must be a fraction above 0 and at most 1, e.g. 0.4."
	}
	req.MaxWeight = &mw
	lo, err := parseOptional(o.minW)
	switch {
	case err != nil || !(lo >= -1 && lo <= 1):
		errs["min"] = "Minimum weight must be a fraction between -1 and 1 (negative allows shorts), e.g. 0.05."
	case errs["max"] == "" && lo > mw:
		errs["min"] = "Minimum weight cannot exceed the maximum weight."
	default:
		req.MinWeight = &lo
	}
	for _, sec := range o.sectors {
		raw := strings.TrimSpace(o.caps[sec])
		if raw == "" {
			continue
		}
		c, err := strconv.ParseFloat(raw, 64)
		if err != nil || !(c >= 0 && c <= 1) {
			errs["cap:"+sec] = "A sector cap is a fraction between 0 and 1, e.g. 0.3 (empty: no cap)."
			continue
		}
		if req.SectorCaps == nil {
			req.SectorCaps = map[string]float64{}
		}
		req.SectorCaps[sec] = c
	}
	if o.objective == wire.ObjectiveTargetReturn {
		t, err := strconv.ParseFloat(strings.TrimSpace(o.target), 64)
		if err != nil || !(t >= -1 && t <= 5) {
			errs["target"] = "Enter the target return as a fraction between -1 and 5, e.g. 0.08."
		}
		req.TargetReturn = &t
	}
	return req, errs
}

// parseOptional parses a number; an empty field is 0.
func parseOptional(raw string) (float64, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0, nil
	}
	return strconv.ParseFloat(raw, 64)
}

// check stores a field as the user types and revalidates: the edited
// field shows its message at once, others keep theirs only while still
// wrong (fields not touched yet stay quiet until Optimise).
func (o *optimizerPanel) check(key string, field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = ctx.JSSrc().Get("value").String()
		o.revalidate(key)
	}
}

// checkCap stores and revalidates the cap of one sector.
func (o *optimizerPanel) checkCap(sector string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		o.caps[sector] = ctx.JSSrc().Get("value").String()
		o.revalidate("cap:" + sector)
	}
}

func (o *optimizerPanel) revalidate(key string) {
	_, errs := o.request()
	next := map[string]string{}
	for k := range o.fieldErr {
		if errs[k] != "" {
			next[k] = errs[k]
		}
	}
	if errs[key] != "" {
		next[key] = errs[key]
	}
	o.fieldErr = next
}

func (o *optimizerPanel) run(_ app.Context, e app.Event) {
	e.PreventDefault()
	req, errs := o.request()
	o.fieldErr, o.err = errs, ""
	if len(errs) > 0 {
		o.err = "Please correct the fields marked below."
		return
	}
	o.busy, o.res = true, nil
	path := wire.Path(wire.RouteOptimize, o.Iid)
	var res *wire.OptimizeResponse
	work(o.ui, signedInCall, func(c context.Context) (err error) {
		res, err = runOptimizeJob(c, path, req)
		return err
	}, func(ctx app.Context, err error) {
		o.busy = false
		if err != nil {
			o.err = err.Error()
			return
		}
		o.res = res
	})
}

// optimizeWait is how long the panel waits for an optimisation job.
const optimizeWait = 2 * time.Minute

// runOptimizeJob starts the job and polls it until it finishes, for at
// most optimizeWait.
func runOptimizeJob(ctx context.Context, path string, req wire.OptimizeRequest) (*wire.OptimizeResponse, error) {
	giveUp := time.Now().Add(optimizeWait)
	var acc wire.JobAccepted
	if err := fetchInto(ctx, "POST", path, req, &acc); err != nil {
		return nil, err
	}
	for {
		var j wire.Job[wire.OptimizeResponse]
		if err := fetchInto(ctx, "GET", wire.Path(wire.RouteJob, acc.JobID), none{}, &j); err != nil {
			return nil, err
		}
		switch j.Status {
		case "done":
			return j.Result, nil
		case "failed", "timeout":
			return nil, &apiError{Message: j.Error}
		}
		if time.Now().After(giveUp) {
			return nil, context.DeadlineExceeded
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(400 * time.Millisecond):
		}
	}
}

func (o *optimizerPanel) Render() app.UI {
	return divcID("card", "optimizer",
		elForm().Class("form-grid").ID("optimize-form").OnSubmit(o.run).Body(
			label("Objective", elSelect().ID("opt-objective").OnChange(o.ValueTo(&o.objective)).Body(
				option(wire.ObjectiveMaxSharpe, "Maximum Sharpe ratio", o.objective),
				option(wire.ObjectiveMinVariance, "Minimum variance", o.objective),
				option(wire.ObjectiveTargetReturn, "Target return", o.objective),
			)),
			// Always rendered (hidden unless needed): inserting it would make
			// go-app reuse the next field's input, showing its value here.
			elLabel().Class(map[bool]string{true: "", false: "hidden"}[o.objective == wire.ObjectiveTargetReturn]).Body(
				app.Text("Target return (e.g. 0.08)"), elInput().ID("opt-target").Attr("inputmode", "decimal").
					Attr("value", o.target).OnInput(o.check("target", &o.target)), fieldError(o.fieldErr["target"])),
			label("Minimum weight per holding", elInput().ID("opt-min").Attr("inputmode", "decimal").
				Attr("value", o.minW).OnInput(o.check("min", &o.minW)), fieldError(o.fieldErr["min"])),
			label("Maximum weight per holding", elInput().ID("opt-max").Attr("inputmode", "decimal").
				Attr("value", o.maxW).OnInput(o.check("max", &o.maxW)), fieldError(o.fieldErr["max"])),
			label("Covariance", elSelect().ID("opt-shrink").OnChange(o.ValueTo(&o.shrinkage)).Body(
				option("ledoit_wolf", "Ledoit-Wolf shrinkage", o.shrinkage),
				option("none", "Sample covariance", o.shrinkage),
			)),
			app.Range(o.sectors).Slice(func(i int) app.UI {
				sec := o.sectors[i]
				return elLabel().Class("sector-cap").Body(app.Text("Cap for "+sec+" (empty: none)"),
					elInput().ID("opt-cap-"+itoa(i)).Attr("data-sector", sec).Attr("inputmode", "decimal").
						Attr("placeholder", "e.g. 0.3").Attr("value", o.caps[sec]).OnInput(o.checkCap(sec), app.EventScope(sec)),
					fieldError(o.fieldErr["cap:"+sec]))
			}),
			formButton("btn btn-primary", "optimize-run", "submit", o.busy, "Optimise"),
		),
		when(o.busy, func() app.UI { return parac("muted", "Optimising…") }),
		notice("error", "optimize-error", o.err),
		when(o.res != nil, o.renderResult),
	)
}

// option renders a select option, selected when value == current.
func option(value, label, current string) app.UI {
	return elOption().Attr("value", value).Attr("selected", value == current).Text(label)
}

func (o *optimizerPanel) renderResult() app.UI {
	r := o.res
	vols := make([]float64, len(r.Frontier))
	rets := make([]float64, len(r.Frontier))
	for i, p := range r.Frontier {
		vols[i], rets[i] = p.Volatility, p.Return
	}
	var img app.UI = parac("muted", "No frontier to draw.")
	if plot, err := chart.Frontier("Efficient frontier (x: volatility, y: expected return)", vols, rets,
		chart.Pt{X: r.Current.Volatility, Y: r.Current.Return}, chart.Pt{X: r.Optimal.Volatility, Y: r.Optimal.Return},
		chart.Width, chart.Height); err == nil {
		img = frontierChart(plot, map[string]string{
			"current": "Current: return " + fmtPct(r.Current.Return) + ", volatility " + fmtPct(r.Current.Volatility),
			"optimal": "Optimal: return " + fmtPct(r.Optimal.Return) + ", volatility " + fmtPct(r.Optimal.Volatility),
		})
	}
	return elDiv().ID("optimize-results").Body(
		parac("muted", "Current: return "+fmtPct(r.Current.Return)+", volatility "+fmtPct(r.Current.Volatility)+
			" · Optimal: return "+fmtPct(r.Optimal.Return)+", volatility "+fmtPct(r.Optimal.Volatility)+
			" · "+plural(r.Observations, "daily return", "daily returns")+", prices as of "+r.AsOf),
		img,
		paraID("muted", "fractional-note", "Trades are in fractional shares, to reach the optimal weights exactly; "+
			"round them to whole shares if your broker does not trade fractions (the weights then move slightly)."),
		tableWrap().Body(elTable().Class("table").ID("optimize-trades").Body(
			thead(tr(th("Ticker"), numTh("Current weight"), numTh("Optimal weight"),
				numTh("Trade (fractional shares)"), numTh("Trade value"))),
			tbody(app.Range(r.Trades).Slice(func(i int) app.UI {
				t := r.Trades[i]
				return tr(td(t.Ticker), tdc("num", fmtPct(t.CurrentWeight)),
					tdc("num", fmtPct(t.TargetWeight)), tdc("num", quantity(t.Shares, 2)),
					tdc("num", money(t.Value, o.Icur)))
			})),
		)),
	)
}
