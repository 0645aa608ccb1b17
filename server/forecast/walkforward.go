package forecast

import (
	"context"
	"fmt"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Horizons are the forecast horizons offered, in trading days.
var Horizons = []int{1, 5, 21}

// ValidHorizon reports whether h is one of Horizons.
func ValidHorizon(h int) bool {
	for _, v := range Horizons {
		if v == h {
			return true
		}
	}
	return false
}

// WalkConfig is the walk-forward schedule: the first test day is MinTrain
// calendar days after the first feature row, and models are retrained
// every Step days on an expanding window.
type WalkConfig struct {
	Horizon  int
	MinTrain int
	Step     int
}

// DefaultMinTrain and DefaultStep are the production schedule: two years
// of training rows before the first test, retraining every quarter.
const (
	DefaultMinTrain = 504
	DefaultStep     = 63
)

// OOS is one out-of-sample forecast: ticker k at day t, each model's
// prediction (ModelNames order) and the realised forward return.
type OOS struct {
	K, T   int
	Pred   []Prediction
	Actual float64
}

// WalkResult is a walk-forward run: the out-of-sample forecasts, the
// number of retrains and the final model trained on every labelled row.
type WalkResult struct {
	OOS      []OOS
	Retrains int
	Final    *Fitted
}

// walkForward evaluates the models of one horizon. For a test block of
// days [a, b) the models see only rows with t + h < a, so every training
// label (the close at t+h) is known before the first test day: the
// horizon is embargoed. progress is called after each retrain.
func walkForward(ctx context.Context, p *panel, cfg WalkConfig, progress func()) (*WalkResult, error) {
	h := cfg.Horizon
	if h < 1 || cfg.Step < 1 || cfg.MinTrain < 1 || len(p.t) == 0 {
		return nil, fmt.Errorf("forecast: walk-forward: bad configuration")
	}
	res := &WalkResult{}
	days := p.u.Days()
	var warm Linear
	lab := p.labelled(h)
	for a := p.t[0] + cfg.MinTrain; a < days-h; a += cfg.Step {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("forecast: walk-forward: %w", err)
		}
		m, err := fitBefore(p, lab, a-h, warm)
		if err != nil {
			return nil, err
		}
		warm = m.Logistic
		res.OOS = appendTests(res.OOS, p, m, a, min(a+cfg.Step, days-h), h)
		res.Retrains++
		if progress != nil {
			progress()
		}
	}
	final, err := fitBefore(p, lab, days-h, warm)
	if err != nil {
		return nil, err
	}
	res.Final = final
	return res, nil
}

// fitBefore trains on the rows of days < d with a known h-day target.
func fitBefore(p *panel, lab *labelledSet, d int, warm Linear) (*Fitted, error) {
	x, ret, up, ks := lab.before(d)
	return fit(x, ret, up, ks, p.f, len(p.u.Tickers), warm)
}

// appendTests predicts every row of days [a, b) with model m.
func appendTests(out []OOS, p *panel, m *Fitted, a, b, h int) []OOS {
	for i := p.rowsBefore(a); i < p.rowsBefore(b); i++ {
		r, ok := p.u.Target(p.k[i], p.t[i], h)
		if !ok {
			continue
		}
		out = append(out, OOS{K: p.k[i], T: p.t[i], Pred: m.predict(p.k[i], p.x[i*p.f:(i+1)*p.f]), Actual: r})
	}
	return out
}

// retrainsOf is the number of retrains walkForward performs, for progress.
func retrainsOf(p *panel, cfg WalkConfig) int {
	if len(p.t) == 0 {
		return 0
	}
	n := 0
	for a := p.t[0] + cfg.MinTrain; a < p.u.Days()-cfg.Horizon; a += cfg.Step {
		n++
	}
	return n
}

// Evaluation is the out-of-sample record of every model (see wire).
type Evaluation = wire.Evaluation

// evaluate scores the forecasts keep selects.
func evaluate(u *Universe, oos []OOS, keep func(OOS) bool) Evaluation {
	var sel []OOS
	for _, o := range oos {
		if keep(o) {
			sel = append(sel, o)
		}
	}
	ev := Evaluation{Predictions: len(sel)}
	if len(sel) > 0 {
		ev.From, ev.To = u.Dates[sel[0].T], u.Dates[sel[len(sel)-1].T]
	}
	actual := make([]float64, len(sel))
	for i, o := range sel {
		actual[i] = o.Actual
	}
	for j, name := range ModelNames {
		p, r := make([]float64, len(sel)), make([]float64, len(sel))
		for i, o := range sel {
			p[i], r[i] = o.Pred[j].ProbUp, o.Pred[j].ExpectedReturn
		}
		ev.Models = append(ev.Models, wire.ModelMetrics{Model: name, ForecastMetrics: Score(p, r, actual)})
	}
	markBeats(ev.Models)
	return ev
}

// markBeats sets BeatsBaseline on every model whose Brier score and log
// loss are both below the baseline's (the last entry).
func markBeats(ms []wire.ModelMetrics) {
	if len(ms) == 0 {
		return
	}
	base := ms[len(ms)-1]
	for i := range ms[:len(ms)-1] {
		ms[i].BeatsBaseline = ms[i].Predictions > 0 && ms[i].Brier < base.Brier && ms[i].LogLoss < base.LogLoss
	}
}
