package ui

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/api"
	"github.com/fortfolio/fortfolio/shared/chart"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// frontierPoints is the number of frontier portfolios requested.
const frontierPoints = 30

// optimizerPanel runs the mean-variance optimiser as a background job and
// shows the frontier, current vs optimal weights and the trades.
type optimizerPanel struct {
	app.Compo
	Iid                        string
	objective, maxW, shrinkage string
	target                     string
	res                        *api.OptimizeResponse
	busy                       bool
	err                        string
}

func newOptimizerPanel() *optimizerPanel {
	return &optimizerPanel{objective: api.ObjectiveMaxSharpe, maxW: "0.4", shrinkage: "ledoit_wolf"}
}

// Portfolio sets the portfolio id.
func (o *optimizerPanel) Portfolio(id string) *optimizerPanel { o.Iid = id; return o }

// request builds the optimiser request from the form.
func (o *optimizerPanel) request() (api.OptimizeRequest, string) {
	req := api.OptimizeRequest{Objective: o.objective, Shrinkage: o.shrinkage, FrontierPoints: frontierPoints}
	mw, err := strconv.ParseFloat(strings.TrimSpace(o.maxW), 64)
	if err != nil || mw <= 0 || mw > 1 {
		return req, "Maximum weight must be a fraction between 0 and 1, e.g. 0.4."
	}
	req.MaxWeight = &mw
	if o.objective == api.ObjectiveTargetReturn {
		t, err := strconv.ParseFloat(strings.TrimSpace(o.target), 64)
		if err != nil {
			return req, "Enter the target return as a fraction, e.g. 0.08."
		}
		req.TargetReturn = &t
	}
	return req, ""
}

func (o *optimizerPanel) run(ctx app.Context, e app.Event) {
	e.PreventDefault()
	req, msg := o.request()
	if o.err = msg; msg != "" {
		return
	}
	o.busy, o.res = true, nil
	path := "/api/portfolios/" + url.PathEscape(o.Iid) + "/optimize"
	ctx.Async(func() {
		res, err := runOptimizeJob(path, req)
		ctx.Dispatch(func(ctx app.Context) {
			o.busy = false
			if err != nil {
				o.err = err.Error()
				return
			}
			o.res = res
		})
	})
}

// runOptimizeJob starts the job and polls it until it finishes.
func runOptimizeJob(path string, req api.OptimizeRequest) (*api.OptimizeResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var acc api.JobAccepted
	if err := callAPI(ctx, "POST", path, req, &acc); err != nil {
		return nil, err
	}
	for {
		var j api.Job[api.OptimizeResponse]
		if err := callAPI(ctx, "GET", "/api/jobs/"+url.PathEscape(acc.JobID), nil, &j); err != nil {
			return nil, err
		}
		switch j.Status {
		case "done":
			return j.Result, nil
		case "failed", "timeout":
			return nil, &apiError{Message: j.Error}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(400 * time.Millisecond):
		}
	}
}

func (o *optimizerPanel) Render() app.UI {
	return app.Div().Class("card").ID("optimizer").Body(
		app.Form().Class("form-grid").ID("optimize-form").OnSubmit(o.run).Body(
			app.Label().Body(app.Text("Objective"), app.Select().ID("opt-objective").OnChange(o.ValueTo(&o.objective)).Body(
				option(api.ObjectiveMaxSharpe, "Maximum Sharpe ratio", o.objective),
				option(api.ObjectiveMinVariance, "Minimum variance", o.objective),
				option(api.ObjectiveTargetReturn, "Target return", o.objective),
			)),
			app.If(o.objective == api.ObjectiveTargetReturn, func() app.UI {
				return app.Label().Body(app.Text("Target return (e.g. 0.08)"), app.Input().ID("opt-target").Value(o.target).OnChange(o.ValueTo(&o.target)))
			}),
			app.Label().Body(app.Text("Maximum weight per holding"), app.Input().ID("opt-max").Value(o.maxW).OnChange(o.ValueTo(&o.maxW))),
			app.Label().Body(app.Text("Covariance"), app.Select().ID("opt-shrink").OnChange(o.ValueTo(&o.shrinkage)).Body(
				option("ledoit_wolf", "Ledoit-Wolf shrinkage", o.shrinkage),
				option("none", "Sample covariance", o.shrinkage),
			)),
			app.Button().Class("btn btn-primary").ID("optimize-run").Type("submit").Disabled(o.busy).Text("Optimise"),
		),
		app.If(o.busy, func() app.UI { return app.P().Class("muted").Text("Optimising…") }),
		app.If(o.err != "", func() app.UI { return app.Div().Class("alert alert-error").ID("optimize-error").Text(o.err) }),
		app.If(o.res != nil, o.renderResult),
	)
}

// option renders a select option, selected when value == current.
func option(value, label, current string) app.UI {
	return app.Option().Value(value).Selected(value == current).Text(label)
}

func (o *optimizerPanel) renderResult() app.UI {
	r := o.res
	vols := make([]float64, len(r.Frontier))
	rets := make([]float64, len(r.Frontier))
	for i, p := range r.Frontier {
		vols[i], rets[i] = p.Volatility, p.Return
	}
	var img app.UI = app.P().Class("muted").Text("No frontier to draw.")
	if plot, err := chart.Frontier("Efficient frontier (x: volatility, y: expected return)", vols, rets,
		chart.Pt{X: r.Current.Volatility, Y: r.Current.Return}, chart.Pt{X: r.Optimal.Volatility, Y: r.Optimal.Return},
		chart.Width, chart.Height); err == nil {
		img = app.Img().ID("frontier-chart").Class("chart").Src(chart.DataURL(plot.SVG())).Alt("Efficient frontier chart")
	}
	return app.Div().ID("optimize-results").Body(
		app.P().Class("muted").Text("Current: return "+fmtPct(r.Current.Return)+", volatility "+fmtPct(r.Current.Volatility)+
			" · Optimal: return "+fmtPct(r.Optimal.Return)+", volatility "+fmtPct(r.Optimal.Volatility)+
			" · "+strconv.Itoa(r.Observations)+" daily returns, prices as of "+r.AsOf),
		img,
		app.Div().Class("table-wrap").Body(app.Table().Class("table").ID("optimize-trades").Body(
			app.THead().Body(app.Tr().Body(app.Th().Text("Ticker"), app.Th().Text("Current weight"), app.Th().Text("Optimal weight"),
				app.Th().Text("Trade (shares)"), app.Th().Text("Trade value"))),
			app.TBody().Body(app.Range(r.Trades).Slice(func(i int) app.UI {
				t := r.Trades[i]
				return app.Tr().Body(app.Td().Text(t.Ticker), app.Td().Class("num").Text(fmtPct(t.CurrentWeight)),
					app.Td().Class("num").Text(fmtPct(t.TargetWeight)), app.Td().Class("num").Text(fmtNum(t.Shares, 2)),
					app.Td().Class("num").Text(fmtMoney(t.Value)))
			})),
		)),
	)
}
