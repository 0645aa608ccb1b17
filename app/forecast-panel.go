package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// forecastPanel runs a portfolio's Monte Carlo forecast and shows its fan,
// loss probability, expected shortfall and the band's back-test.
type forecastPanel struct {
	compo
	Iid                                string
	horizon, paths, seed, method, loss string
	res                                *wire.MonteCarlo
	busy                               bool
	err                                string
	ui                                 app.Context // the panel's own context (see call.go)
}

func newForecastPanel() *forecastPanel {
	return &forecastPanel{horizon: "63", paths: "2000", seed: "1", method: "bootstrap", loss: "10"}
}

// Portfolio sets the portfolio id.
func (f *forecastPanel) Portfolio(id string) *forecastPanel { f.Iid = id; return f }

func (f *forecastPanel) OnMount(ctx app.Context) { f.ui = ctx }

func (f *forecastPanel) run(ctx app.Context, e app.Event) {
	e.PreventDefault()
	f.err, f.busy = "", true
	q := url.Values{}
	for k, v := range map[string]string{"horizon": f.horizon, "paths": f.paths, "seed": f.seed, "method": f.method, "loss": f.loss} {
		if v = strings.TrimSpace(v); v != "" {
			q.Set(k, v)
		}
	}
	var r wire.MonteCarlo
	call(f.ui, "GET", wire.WithQuery(wire.Path(wire.RoutePortfolioForecast, f.Iid), q), none{}, &r, func(ctx app.Context, err error) {
		f.busy = false
		if err != nil {
			f.err = err.Error()
			return
		}
		f.res = &r
	})
}

func (f *forecastPanel) Render() app.UI {
	return divcID("card", "forecast",
		elForm().Class("form-grid").ID("forecast-form").OnSubmit(f.run).Body(
			label("Horizon (trading days, 1–252)", elInput().ID("fc-horizon").Attr("inputmode", "numeric").Attr("value", f.horizon).OnChange(f.ValueTo(&f.horizon))),
			label("Paths (100–10000)", elInput().ID("fc-paths").Attr("inputmode", "numeric").Attr("value", f.paths).OnChange(f.ValueTo(&f.paths))),
			label("Seed", elInput().ID("fc-seed").Attr("inputmode", "numeric").Attr("value", f.seed).OnChange(f.ValueTo(&f.seed))),
			label("Method", elSelect().ID("fc-method").OnChange(f.ValueTo(&f.method)).Body(
				option("bootstrap", "Block bootstrap of past days", f.method),
				option("student_t", "Student-t on shrunk covariance", f.method),
			)),
			label("Loss threshold (%)", elInput().ID("fc-loss").Attr("inputmode", "decimal").Attr("value", f.loss).OnChange(f.ValueTo(&f.loss))),
			formButton("btn btn-primary", "fc-run", "submit", f.busy, "Simulate"),
		),
		when(f.busy, func() app.UI { return parac("muted", "Simulating…") }),
		notice("error", "forecast-error", f.err),
		when(f.res != nil && !f.busy, f.renderResult),
	)
}

func (f *forecastPanel) renderResult() app.UI {
	r := f.res
	last := r.Fan[len(r.Fan)-1]
	bt := r.Backtest
	return elDiv().ID("forecast-result").Body(
		paraID("muted", "forecast-notice", r.Notice),
		newForecastFan().Fan(r.Fan),
		elUl().ID("forecast-summary").Body(
			elLi().Text("After "+itoa(r.Horizon)+" trading days from "+r.AsOf+": median "+fmtPct(last.P50-1)+
				", 90% of paths between "+fmtPct(last.P5-1)+" and "+fmtPct(last.P95-1)+"."),
			elLi().ID("forecast-prob-loss").Text("Probability of losing more than "+fmtPct(r.LossThreshold)+": "+fmtPct(r.ProbLoss)+"."),
			elLi().ID("forecast-es").Text("Expected shortfall (mean loss of the worst 5% of paths): "+fmtPct(r.ExpectedShortfall)+
				" of "+money(r.Value, "")+" (in the holdings' price currency)."),
			elLi().ID("forecast-backtest").Text(backtestText(bt)),
			elLi().Class("muted").Text(itoa(r.Paths)+" paths, seed "+strconv.FormatUint(r.Seed, 10)+", "+
				itoa(r.Holdings)+" holdings, "+itoa(r.Observations)+" days of history. See the methodology page."),
		),
	)
}

// backtestText states the band's back-tested coverage in words.
func backtestText(bt wire.BandBacktest) string {
	if bt.Windows == 0 {
		return "Back-test: too little history to check the 90% band."
	}
	return "Back-test over " + itoa(bt.Windows) + " past windows (" + bt.From + " to " + bt.To + "): the realised value ended inside the 90% band in " +
		fmtPct(bt.EndCoverage) + " of them and stayed inside on every day in " + fmtPct(bt.PathCoverage) + "."
}
