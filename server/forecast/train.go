package forecast

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// HorizonModel is the trained state of one horizon: the final models (on
// every labelled row) and the walk-forward record, universe-wide and per
// ticker.
type HorizonModel struct {
	Horizon    int                   `json:"horizon"`
	Retrains   int                   `json:"retrains"`
	Final      *Fitted               `json:"final"`
	Evaluation Evaluation            `json:"evaluation"`
	PerTicker  map[string]Evaluation `json:"per_ticker"`
}

// Bundle is one model version: everything the predictions need, written
// to DATA/models as model.json. It is never sent to a client.
type Bundle struct {
	Version   int            `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	Seconds   float64        `json:"seconds"`
	DataTo    string         `json:"data_to"`
	Tickers   []string       `json:"tickers"`
	Features  []FeatureDef   `json:"features"`
	MinTrain  int            `json:"min_train"`
	Step      int            `json:"step"`
	Horizons  []HorizonModel `json:"horizons"`
}

// TrainConfig is the schedule of a training run (zero = defaults).
type TrainConfig struct {
	MinTrain int
	Step     int
	Now      func() time.Time
	// Tickers, when set, narrows the universe a Service trains and serves
	// to these tickers (a small universe trains in a fraction of the time).
	Tickers []string
}

// Progress reports a training run's progress as a fraction in [0, 1].
type Progress func(done float64)

// Train runs the walk-forward evaluation of every horizon on u and fits
// the final models. log receives one line per step (the training log).
func Train(ctx context.Context, u *Universe, cfg TrainConfig, progress Progress, log *strings.Builder) (*Bundle, error) {
	cfg = cfg.withDefaults()
	start := cfg.Now()
	p := buildPanel(u)
	if len(p.t) == 0 {
		return nil, fmt.Errorf("forecast: train: no feature rows (the data set needs more than %d days)", Lookback)
	}
	total, done := 0, 0
	for _, h := range Horizons {
		total += retrainsOf(p, WalkConfig{Horizon: h, MinTrain: cfg.MinTrain, Step: cfg.Step}) + 1
	}
	tick := func() {
		done++
		if progress != nil {
			progress(float64(done) / float64(max(total, 1)))
		}
	}
	b := &Bundle{CreatedAt: start.UTC(), DataTo: u.Dates[len(u.Dates)-1].Format(time.DateOnly), Tickers: u.Tickers,
		Features: FeatureDefs(), MinTrain: cfg.MinTrain, Step: cfg.Step}
	fmt.Fprintf(log, "%s training on %d tickers, %d days, %d feature rows\n", start.UTC().Format(time.RFC3339), len(u.Tickers), u.Days(), len(p.t))
	for _, h := range Horizons {
		hm, err := trainHorizon(ctx, p, WalkConfig{Horizon: h, MinTrain: cfg.MinTrain, Step: cfg.Step}, tick)
		if err != nil {
			return nil, err
		}
		tick()
		logHorizon(log, hm)
		b.Horizons = append(b.Horizons, *hm)
	}
	b.Seconds = cfg.Now().Sub(start).Seconds()
	fmt.Fprintf(log, "done in %.1f s\n", b.Seconds)
	return b, nil
}

// withDefaults fills zero fields.
func (c TrainConfig) withDefaults() TrainConfig {
	if c.MinTrain <= 0 {
		c.MinTrain = DefaultMinTrain
	}
	if c.Step <= 0 {
		c.Step = DefaultStep
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// trainHorizon runs one horizon's walk-forward and scores it.
func trainHorizon(ctx context.Context, p *panel, cfg WalkConfig, tick func()) (*HorizonModel, error) {
	res, err := walkForward(ctx, p, cfg, tick)
	if err != nil {
		return nil, err
	}
	hm := &HorizonModel{Horizon: cfg.Horizon, Retrains: res.Retrains, Final: res.Final, PerTicker: map[string]Evaluation{}}
	hm.Evaluation = evaluate(p.u, res.OOS, func(OOS) bool { return true })
	for k, tk := range p.u.Tickers {
		hm.PerTicker[tk] = evaluate(p.u, res.OOS, func(o OOS) bool { return o.K == k })
	}
	return hm, nil
}

// logHorizon writes one horizon's universe-wide scores to the log.
func logHorizon(log *strings.Builder, hm *HorizonModel) {
	fmt.Fprintf(log, "horizon %d: %d retrains, %d out-of-sample forecasts\n", hm.Horizon, hm.Retrains, hm.Evaluation.Predictions)
	for _, m := range hm.Evaluation.Models {
		ic := "n/a"
		if m.IC != nil {
			ic = fmt.Sprintf("%.4f", *m.IC)
		}
		fmt.Fprintf(log, "  %-8s hit %.4f brier %.5f logloss %.5f ic %s beats baseline %v\n", m.Model, m.HitRate, m.Brier, m.LogLoss, ic, m.BeatsBaseline)
	}
}

// horizon returns the trained state of h.
func (b *Bundle) horizon(h int) (*HorizonModel, bool) {
	for i := range b.Horizons {
		if b.Horizons[i].Horizon == h {
			return &b.Horizons[i], true
		}
	}
	return nil, false
}

// Summary is the admin view of the bundle (no parameters).
func (b *Bundle) Summary() wire.ModelVersion {
	v := wire.ModelVersion{Version: b.Version, CreatedAt: b.CreatedAt, Seconds: b.Seconds, DataTo: b.DataTo, Tickers: len(b.Tickers)}
	for _, h := range b.Horizons {
		v.Evaluations = append(v.Evaluations, wire.HorizonEvaluation{Horizon: h.Horizon, Retrains: h.Retrains, Eval: h.Evaluation})
	}
	return v
}
