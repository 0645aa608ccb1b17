package forecast

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Errors of the prediction service.
var (
	// ErrNotReady means no model is loaded yet (training is under way).
	ErrNotReady = errors.New("forecast: no model trained yet")
	// ErrTrainingFailed means no model is loaded and the last training run
	// failed, so none is coming until a retrain succeeds.
	ErrTrainingFailed = errors.New("forecast: no model: the last training run failed")
	// ErrTraining means a training run is already under way.
	ErrTraining = errors.New("forecast: training already running")
	// ErrUnknownTicker means the ticker is outside the universe.
	ErrUnknownTicker = errors.New("forecast: ticker not covered")
	// ErrBadHorizon means the horizon is not one of Horizons.
	ErrBadHorizon = errors.New("forecast: unsupported horizon")
)

// ServiceConfig wires a Service.
type ServiceConfig struct {
	// Dir is DATA/models.
	Dir string
	// Universe loads the data the models are trained on.
	Universe func(ctx context.Context) (*Universe, error)
	// OnFailure records a failed training run (an ops event).
	OnFailure func(ctx context.Context, err error)
	Train     TrainConfig
}

// Service serves predictions from the newest model version and retrains.
// It does nothing at construction: the first prediction or admin request
// loads the newest stored version, and when there is none (or it was
// trained on other data) starts a training run in the background.
type Service struct {
	cfg      ServiceConfig
	store    *ModelStore
	mu       sync.RWMutex
	bundle   *Bundle
	universe *Universe
	current  map[int]*liveHorizon
	tmu      sync.Mutex
	training bool
	loaded   bool
	failed   bool // the last training run failed
	base     context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// liveHorizon holds the forecasts of every ticker at the universe's last
// day for one horizon, computed once per loaded model.
type liveHorizon struct {
	asOf  string
	preds map[string][]Prediction
}

// NewService opens the model store (creating DATA/models 0700).
func NewService(cfg ServiceConfig) (*Service, error) {
	st, err := OpenModelStore(cfg.Dir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{cfg: cfg, store: st, base: ctx, cancel: cancel}, nil
}

// Close stops a background training run and waits for it (or ctx).
func (s *Service) Close(ctx context.Context) error {
	s.cancel()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("forecast: close: %w", ctx.Err())
	}
}

// ensure loads the newest stored version once; without a usable one it
// starts a background training run. It never waits for training.
func (s *Service) ensure(ctx context.Context) {
	s.tmu.Lock()
	if s.loaded {
		s.tmu.Unlock()
		return
	}
	s.loaded = true
	s.tmu.Unlock()
	u, err := s.loadUniverse(ctx)
	if err != nil {
		s.fail(ctx, err)
		s.tmu.Lock()
		s.loaded = false // try again on the next request
		s.tmu.Unlock()
		return
	}
	b, err := s.store.Latest()
	if err == nil {
		s.install(b, u)
		if b.DataTo == u.Dates[len(u.Dates)-1].Format(time.DateOnly) && slices.Equal(b.Tickers, u.Tickers) {
			return
		}
	}
	s.Background()
}

// Background starts a training run in the background unless one is
// under way; its failure is reported through OnFailure. The run counts as
// under way (Training) from the moment Background returns.
func (s *Service) Background() {
	if !s.claim() {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if _, err := s.run(s.base, nil); err != nil {
			slog.Warn("forecast: background training", slog.Any("error", err))
		}
	}()
}

// Retrain trains a new version, saves it and serves it. Only one run at a
// time: a second call gets ErrTraining. Failures go to OnFailure.
func (s *Service) Retrain(ctx context.Context, progress Progress) (wire.ModelVersion, error) {
	if !s.claim() {
		return wire.ModelVersion{}, ErrTraining
	}
	return s.run(ctx, progress)
}

// claim marks a training run under way; false when one already is.
func (s *Service) claim() bool {
	s.tmu.Lock()
	defer s.tmu.Unlock()
	if s.training {
		return false
	}
	s.training = true
	return true
}

// run trains a claimed run and releases the claim once the new version
// is served (or the run failed).
func (s *Service) run(ctx context.Context, progress Progress) (wire.ModelVersion, error) {
	defer func() { s.tmu.Lock(); s.training = false; s.tmu.Unlock() }()
	b, u, err := s.trainOnce(ctx, progress)
	s.tmu.Lock()
	s.failed = err != nil
	s.tmu.Unlock()
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			s.fail(ctx, err)
		}
		return wire.ModelVersion{}, err
	}
	s.install(b, u)
	v := b.Summary()
	v.Current = true
	return v, nil
}

// trainOnce loads the data, trains and saves a version.
func (s *Service) trainOnce(ctx context.Context, progress Progress) (*Bundle, *Universe, error) {
	u, err := s.loadUniverse(ctx)
	if err != nil {
		return nil, nil, err
	}
	var log strings.Builder
	b, err := Train(ctx, u, s.cfg.Train, progress, &log)
	if err != nil {
		return nil, nil, err
	}
	if err := s.store.Save(b, log.String()); err != nil {
		return nil, nil, err
	}
	slog.Info("forecast: model trained", slog.Int("version", b.Version), slog.Float64("seconds", b.Seconds))
	return b, u, nil
}

// loadUniverse loads the data, narrowed to Train.Tickers when set.
func (s *Service) loadUniverse(ctx context.Context) (*Universe, error) {
	u, err := s.cfg.Universe(ctx)
	if err != nil || len(s.cfg.Train.Tickers) == 0 {
		return u, err
	}
	return u.Subset(s.cfg.Train.Tickers)
}

// fail reports a training failure.
func (s *Service) fail(ctx context.Context, err error) {
	slog.Error("forecast: training failed", slog.Any("error", err))
	if s.cfg.OnFailure != nil {
		s.cfg.OnFailure(ctx, err)
	}
}

// install serves b, precomputing every ticker's current forecast.
func (s *Service) install(b *Bundle, u *Universe) {
	live := map[int]*liveHorizon{}
	last := u.Days() - 1
	row := make([]float64, NumFeatures())
	for _, hm := range b.Horizons {
		lh := &liveHorizon{asOf: u.Dates[last].Format(time.DateOnly), preds: map[string][]Prediction{}}
		for k, tk := range u.Tickers {
			if t := lastEligible(u, k, last); t >= 0 && u.Features(k, t, row) {
				lh.preds[tk] = hm.Final.predict(baselineIndex(b, tk), row)
			}
		}
		live[hm.Horizon] = lh
	}
	s.mu.Lock()
	s.bundle, s.universe, s.current = b, u, live
	s.mu.Unlock()
}

// lastEligible is the last day <= t with a feature row for k (-1: none).
func lastEligible(u *Universe, k, t int) int {
	for ; t >= Lookback-1; t-- {
		if u.Eligible(k, t) {
			return t
		}
	}
	return -1
}

// baselineIndex is tk's index in the bundle's tickers (-1: pooled).
func baselineIndex(b *Bundle, tk string) int {
	for i, t := range b.Tickers {
		if t == tk {
			return i
		}
	}
	return -1
}

// Training reports whether a training run is under way.
func (s *Service) Training() bool {
	s.tmu.Lock()
	defer s.tmu.Unlock()
	return s.training
}

// notReady tells why no model answers: ErrTrainingFailed when the last training
// run failed and none is under way, else ErrNotReady (one is coming).
func (s *Service) notReady() error {
	s.tmu.Lock()
	defer s.tmu.Unlock()
	if s.failed && !s.training {
		return ErrTrainingFailed
	}
	return ErrNotReady
}

// Predict answers the forecast of ticker over h days with its record.
func (s *Service) Predict(ctx context.Context, ticker string, h int) (wire.Prediction, error) {
	if !ValidHorizon(h) {
		return wire.Prediction{}, ErrBadHorizon
	}
	s.ensure(ctx)
	s.mu.RLock()
	b, live := s.bundle, s.current
	s.mu.RUnlock()
	if b == nil {
		return wire.Prediction{}, s.notReady()
	}
	hm, ok := b.horizon(h)
	lh := live[h]
	if !ok || lh == nil {
		return wire.Prediction{}, s.notReady()
	}
	preds, ok := lh.preds[ticker]
	if !ok {
		return wire.Prediction{}, fmt.Errorf("%w: %s", ErrUnknownTicker, ticker)
	}
	out := wire.Prediction{Ticker: ticker, Horizon: h, AsOf: lh.asOf, ModelVersion: b.Version, TrainedAt: b.CreatedAt,
		Evaluation: hm.PerTicker[ticker], Universe: hm.Evaluation, Notice: wire.NotInvestmentAdvice}
	for i, name := range ModelNames {
		out.Forecasts = append(out.Forecasts, wire.ModelForecast{Model: name, ProbUp: preds[i].ProbUp, ExpectedReturn: preds[i].ExpectedReturn})
	}
	out.BestModel = bestModel(out.Evaluation)
	return out, nil
}

// bestModel is the model with the lowest Brier score among those that
// beat the baseline ("" when none does).
func bestModel(ev wire.Evaluation) string {
	best, brier := "", 0.0
	for _, m := range ev.Models {
		if m.BeatsBaseline && (best == "" || m.Brier < brier) {
			best, brier = m.Model, m.Brier
		}
	}
	return best
}

// Status lists every stored version with its metrics, newest first.
func (s *Service) Status(ctx context.Context) (wire.ModelStatus, error) {
	s.ensure(ctx)
	vs, err := s.store.Versions()
	if err != nil {
		return wire.ModelStatus{}, err
	}
	s.mu.RLock()
	cur := 0
	if s.bundle != nil {
		cur = s.bundle.Version
	}
	s.mu.RUnlock()
	out := wire.ModelStatus{Training: s.Training(), Versions: []wire.ModelVersion{}}
	for i := len(vs) - 1; i >= 0; i-- {
		b, err := s.store.Load(vs[i])
		if err != nil {
			continue
		}
		v := b.Summary()
		v.Current = v.Version == cur
		out.Versions = append(out.Versions, v)
	}
	return out, nil
}

// Tickers lists the tickers with a forecast (nil before a model loads).
func (s *Service) Tickers() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.universe == nil {
		return nil
	}
	return s.universe.Tickers
}
