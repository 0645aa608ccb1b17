package ui

import (
	"net/url"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// predictionRetry is how often the page asks again while the model trains.
const predictionRetry = 3 * time.Second

// modelLabels name the model families for people.
var modelLabels = map[string]string{
	"linear":   "Logistic / ridge regression",
	"gbt":      "Gradient-boosted trees",
	"baseline": "Naive baseline (historical up-rate and mean return)",
}

// predictionsPage shows a ticker's direction and return forecasts next to
// their walk-forward record and the naive baseline.
type predictionsPage struct {
	compo
	ticker, horizon string
	pred            *wire.Prediction
	status          loadStatus
	training        bool
	err             string
	ctx             app.Context // the page's own context (see call.go)
}

func newPredictionsPage() *predictionsPage { return &predictionsPage{ticker: "AAPL", horizon: "5"} }

func (p *predictionsPage) OnNav(ctx app.Context) {
	p.ctx = ctx
	if !requireLogin(ctx) {
		return
	}
	q := ctx.Page().URL().Query()
	if t := q.Get("ticker"); t != "" {
		p.ticker = t
	}
	if h := q.Get("horizon"); h == "1" || h == "5" || h == "21" {
		p.horizon = h
	}
	p.load()
}

// load asks for the forecast; while the model trains it retries.
func (p *predictionsPage) load() {
	ticker, horizon := strings.ToUpper(strings.TrimSpace(p.ticker)), p.horizon
	p.status, p.err = statusLoading, ""
	path := wire.WithQuery(wire.Path(wire.RoutePrediction, ticker), url.Values{"horizon": {horizon}})
	var pr wire.Prediction
	call(p.ctx, "GET", path, none{}, &pr, func(ctx app.Context, err error) {
		if ticker != strings.ToUpper(strings.TrimSpace(p.ticker)) || horizon != p.horizon {
			return // the user asked for another forecast meanwhile
		}
		if ae, ok := asAPIError(err); ok && ae.Code == "model_training" {
			p.training = true
			ctx.After(predictionRetry, func(app.Context) { p.load() })
			return
		}
		p.training = false
		if err != nil {
			p.status, p.err = statusFailed, err.Error()
			return
		}
		p.status, p.pred = statusLoaded, &pr
	})
}

func (p *predictionsPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	u := *ctx.Page().URL()
	u.RawQuery = url.Values{"ticker": {strings.ToUpper(strings.TrimSpace(p.ticker))}, "horizon": {p.horizon}}.Encode()
	ctx.Page().ReplaceURL(&u)
	p.load()
}

func (p *predictionsPage) Render() app.UI {
	return newLayout().Title("Predictions").TitleClass("predictions-title").Content(
		divID("alert alert-warn", "prediction-advice", wire.NotInvestmentAdvice),
		elForm().Class("form-grid card").ID("prediction-form").OnSubmit(p.submit).Body(
			label("Ticker", elInput().ID("pr-ticker").Attr("maxlength", 12).Attr("value", p.ticker).OnChange(p.ValueTo(&p.ticker))),
			label("Horizon", elSelect().ID("pr-horizon").OnChange(p.ValueTo(&p.horizon)).Body(
				option("1", "1 trading day", p.horizon), option("5", "5 trading days", p.horizon), option("21", "21 trading days", p.horizon),
			)),
			elButton().Class("btn btn-primary").ID("pr-run").Attr("type", "submit").Text("Forecast"),
		),
		when(p.training, func() app.UI {
			return paraID("muted", "prediction-training", "The forecast model is being trained on the market data. This page asks again by itself.")
		}),
		when(p.status == statusLoading && !p.training, func() app.UI { return parac("muted", "Loading…") }),
		notice("error", "prediction-error", p.err),
		when(p.status == statusLoaded && p.pred != nil, p.renderPrediction),
		elP().Body(elA().Attr("href", "/methodology").Text("How the features, models and evaluation work")),
	)
}

func (p *predictionsPage) renderPrediction() app.UI {
	pr := p.pred
	return elDiv().ID("prediction").Body(
		paraID("verdict", "prediction-verdict", verdict(pr)),
		h2("Forecasts for "+pr.Ticker+" over "+itoa(pr.Horizon)+" trading days from "+pr.AsOf),
		forecastTable(pr),
		h2("Out-of-sample record for "+pr.Ticker),
		evaluationTable("prediction-eval", pr.Evaluation),
		h2("Out-of-sample record over every ticker"),
		evaluationTable("prediction-universe", pr.Universe),
		h2("Calibration ("+modelLabels[calibrated(pr)]+")"),
		calibrationTable(pr.Evaluation, calibrated(pr)),
		parac("muted", "Model version "+itoa(pr.ModelVersion)+", trained "+pr.TrainedAt.UTC().Format(time.DateOnly)+"."),
	)
}

// verdict says plainly whether any model beats the baseline.
func verdict(pr *wire.Prediction) string {
	n := itoa(pr.Evaluation.Predictions)
	if pr.BestModel == "" {
		return "No model beats the naive baseline for " + pr.Ticker + " over " + itoa(pr.Horizon) +
			" trading days (Brier score and log loss on " + n + " out-of-sample forecasts). Treat the model forecasts below as noise."
	}
	return modelLabels[pr.BestModel] + " beat the naive baseline for " + pr.Ticker + " on " + n +
		" out-of-sample forecasts (lower Brier score and log loss). Past accuracy does not promise future accuracy."
}

// calibrated is the model whose calibration is shown: the best one, else
// the linear model.
func calibrated(pr *wire.Prediction) string {
	if pr.BestModel != "" {
		return pr.BestModel
	}
	return "linear"
}

func forecastTable(pr *wire.Prediction) app.UI {
	return tableWrap().Body(elTable().Class("table").ID("prediction-forecasts").Body(
		thead(tr(th("Model"), numTh("Probability of a rise"), numTh("Expected return"))),
		tbody(app.Range(pr.Forecasts).Slice(func(i int) app.UI {
			f := pr.Forecasts[i]
			return tr(td(modelLabels[f.Model]), tdc("num", fmtPct(f.ProbUp)),
				tdc("num", fmtPct(f.ExpectedReturn)))
		})),
	))
}

func evaluationTable(id string, ev wire.Evaluation) app.UI {
	return tableWrap().Body(
		parac("muted", itoa(ev.Predictions)+" forecasts made walk-forward from "+ev.From.UTC().Format(time.DateOnly)+
			" to "+ev.To.UTC().Format(time.DateOnly)+"."),
		elTable().Class("table").ID(id).Body(
			thead(tr(th("Model"), numTh("Forecasts"), numTh("Hit rate"),
				numTh("Brier score"), numTh("Log loss"), numTh("IC"), th("Beats baseline"))),
			tbody(app.Range(ev.Models).Slice(func(i int) app.UI {
				m := ev.Models[i]
				ic, beats := "n/a", "no"
				if m.IC != nil {
					ic = fmtNum(*m.IC, 3)
				}
				if m.BeatsBaseline {
					beats = "yes"
				}
				if m.Model == "baseline" {
					beats = "—"
				}
				return tr(td(modelLabels[m.Model]), tdc("num", itoa(m.Predictions)),
					tdc("num", fmtPct(m.HitRate)), tdc("num", fmtNum(m.Brier, 4)),
					tdc("num", fmtNum(m.LogLoss, 4)), tdc("num", ic), td(beats))
			})),
		))
}

func calibrationTable(ev wire.Evaluation, model string) app.UI {
	var bins []wire.CalibrationBin
	for _, m := range ev.Models {
		if m.Model == model {
			bins = m.Calibration
		}
	}
	return tableWrap().Body(elTable().Class("table").ID("prediction-calibration").Body(
		thead(tr(th("Forecast probability"), numTh("Forecasts"),
			numTh("Mean forecast"), numTh("Observed rises"))),
		tbody(app.Range(bins).Slice(func(i int) app.UI {
			b := bins[i]
			mean, freq := "—", "—"
			if b.Count > 0 {
				mean, freq = fmtPct(b.MeanProb), fmtPct(b.Frequency)
			}
			return tr(td(fmtPct(b.Lower)+"–"+fmtPct(b.Upper)), tdc("num", itoa(b.Count)),
				tdc("num", mean), tdc("num", freq))
		})),
	))
}
