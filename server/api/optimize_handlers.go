package api

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/portfolioanalytics"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// optimizeTimeout bounds a frontier job.
const optimizeTimeout = 60 * time.Second

// maxSectorCaps caps the number of sector caps of a request.
const maxSectorCaps = 50

// optimizeSpec is a validated optimiser request.
type optimizeSpec struct {
	wire.OptimizeRequest
	from, to    time.Time
	shrink      analytics.Shrinkage
	constraints analytics.Constraints
}

// checkOptimize validates the request (400 with a message for the user).
func (h *Handlers) checkOptimize(in wire.OptimizeRequest) (optimizeSpec, error) {
	s := optimizeSpec{OptimizeRequest: in}
	switch in.Objective {
	case wire.ObjectiveMinVariance, wire.ObjectiveMaxSharpe:
	case wire.ObjectiveTargetReturn:
		if in.TargetReturn == nil || !finiteIn(*in.TargetReturn, -1, 5) {
			return s, httpx.BadRequest("target_return is required for this objective: an annual return such as 0.08 (between -1 and 5).")
		}
	default:
		return s, httpx.BadRequest("objective must be min_variance, max_sharpe or target_return.")
	}
	switch in.Shrinkage {
	case "", "none":
		s.shrink = analytics.ShrinkNone
	case "ledoit_wolf":
		s.shrink = analytics.ShrinkConstantCorrelation
	default:
		return s, httpx.BadRequest("shrinkage must be none or ledoit_wolf.")
	}
	if err := checkWeights(&s, in); err != nil {
		return s, err
	}
	if in.FrontierPoints != 0 && (in.FrontierPoints < 2 || in.FrontierPoints > analytics.MaxFrontierPoints) {
		return s, httpx.BadRequest("frontier_points must be between 2 and 200 (or 0 for none).")
	}
	if !finiteIn(in.RiskFree, 0, MaxRiskFree) {
		return s, httpx.BadRequest("rf must be an annual rate between 0 and 0.2.")
	}
	var err error
	s.from, s.to, err = h.parseDates(in.From, in.To)
	return s, err
}

// checkWeights validates the weight bounds and sector caps.
func checkWeights(s *optimizeSpec, in wire.OptimizeRequest) error {
	lo, hi := 0.0, 1.0
	if in.MinWeight != nil {
		lo = *in.MinWeight
	}
	if in.MaxWeight != nil {
		hi = *in.MaxWeight
	}
	if !finiteIn(lo, -1, 1) || !finiteIn(hi, 0.001, 1) || lo > hi {
		return httpx.BadRequest("min_weight and max_weight must satisfy -1 <= min_weight <= max_weight <= 1 and max_weight > 0.")
	}
	if len(in.SectorCaps) > maxSectorCaps {
		return httpx.BadRequest("At most 50 sector caps.")
	}
	for k, v := range in.SectorCaps {
		if k == "" || len(k) > 64 || !finiteIn(v, 0, 1) {
			return httpx.BadRequest("Each sector cap needs a sector name (at most 64 characters) and a cap between 0 and 1.")
		}
	}
	s.constraints = analytics.Constraints{MinWeight: lo, MaxWeight: hi, SectorCaps: in.SectorCaps}
	return nil
}

// finiteIn reports whether v is a finite number within [lo, hi].
func finiteIn(v, lo, hi float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= lo && v <= hi
}

// optimize answers POST /api/portfolios/{id}/optimize: synchronously, or
// as a background job (202 {job_id}) when a frontier is requested.
func (h *Handlers) optimize(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in wire.OptimizeRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	spec, err := h.checkOptimize(in)
	if err != nil {
		return err
	}
	_, b, err := h.loadBook(r, id)
	if err != nil {
		return err
	}
	if spec.FrontierPoints == 0 {
		out, err := runOptimize(r.Context(), b, spec)
		if err != nil {
			return err
		}
		httpx.JSON(w, r, http.StatusOK, out)
		return nil
	}
	return h.submitJob(w, r, kindOptimize, optimizeTimeout, optimizeJob{Portfolio: id, Request: in})
}

// runOptimize estimates moments of the current holdings, solves the
// objective, prices the trades and optionally traces the frontier.
func runOptimize(ctx context.Context, b *portfolioanalytics.Book, s optimizeSpec) (wire.OptimizeResponse, error) {
	pos := b.Positions(time.Time{})
	tickers := make([]string, 0, len(pos))
	for tk := range pos {
		tickers = append(tickers, tk)
	}
	slices.Sort(tickers)
	if len(tickers) < 2 {
		return wire.OptimizeResponse{}, errTooFewHoldings
	}
	m, err := analytics.EstimateMoments(b.SeriesOf(tickers), s.from, s.to, s.shrink)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	c := s.constraints
	c.Sectors = map[string]string{}
	for _, tk := range m.Tickers {
		c.Sectors[tk] = b.Meta[tk].Sector
	}
	o, err := analytics.NewOptimizer(m, c, s.RiskFree)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	opt, err := solve(o, s)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	return describe(ctx, o, m, b, s, pos, opt)
}

// errTooFewHoldings is returned for portfolios with fewer than 2 holdings.
var errTooFewHoldings = analytics.InvalidInput("the optimiser needs at least two holdings")

// solve runs the requested objective.
func solve(o *analytics.Optimizer, s optimizeSpec) (wire.WeightedPortfolio, error) {
	switch s.Objective {
	case wire.ObjectiveMaxSharpe:
		return o.MaxSharpe()
	case wire.ObjectiveTargetReturn:
		return o.TargetReturn(*s.TargetReturn)
	}
	return o.MinVariance()
}

// describe builds the response: current vs optimal, trades, frontier.
func describe(ctx context.Context, o *analytics.Optimizer, m analytics.Moments, b *portfolioanalytics.Book, s optimizeSpec,
	pos map[string]float64, opt wire.WeightedPortfolio) (wire.OptimizeResponse, error) {
	prices, asOf := b.LastPrices(time.Time{})
	curW, _, err := analytics.CurrentWeights(m.Tickers, pos, prices)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	cur, err := o.Evaluate(curW)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	trades, err := analytics.Rebalance(m.Tickers, opt.Weights, pos, prices)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	out := wire.OptimizeResponse{Objective: s.Objective, Shrinkage: string(s.shrink), Intensity: m.Intensity,
		Observations: m.Observations, AsOf: asOf.Format(time.DateOnly), Tickers: m.Tickers,
		Current: cur, Optimal: opt, Trades: trades}
	if s.FrontierPoints == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return wire.OptimizeResponse{}, err
	}
	front, err := o.EfficientFrontier(s.FrontierPoints)
	if err != nil {
		return wire.OptimizeResponse{}, err
	}
	out.Frontier = front
	return out, nil
}

// publicJobError turns the engine's refusals into messages safe for the
// job owner, worded as the synchronous answer (publicError) words them.
func publicJobError(err error) error {
	for _, kind := range []error{analytics.ErrInfeasible, analytics.ErrNoConvergence, analytics.ErrInvalidInput} {
		if errors.Is(err, kind) {
			if e, ok := httpx.AsError(publicError(err)); ok {
				return jobs.Public(e.Message)
			}
		}
	}
	return err
}
