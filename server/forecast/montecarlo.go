package forecast

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/fortfolio/fortfolio/server/analytics"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Monte Carlo methods.
const (
	MethodBootstrap = "bootstrap"
	MethodStudentT  = "student_t"
)

// Monte Carlo limits and settings.
const (
	MaxHorizon    = 252   // one trading year
	MinPaths      = 100   // fewer make the 5% tails meaningless
	MaxPaths      = 10000 // bounds a request's CPU time (docs/performance.md)
	BlockLength   = 10    // bootstrap block: two trading weeks
	minHistory    = 60    // daily returns needed to simulate at all
	backtestPaths = 500
	backtestMin   = 504 // returns before the first back-test window
	maxWindows    = 60
	maxDoF        = 30
	// EstimationWindow is the number of most recent daily returns the
	// Student-t mean, covariance and tail weight are estimated from.
	EstimationWindow = 756
)

// ErrMCInput wraps every invalid Monte Carlo input.
var ErrMCInput = errors.New("forecast: invalid simulation input")

// ErrMCUnbounded is the input whose price history moves so far that the
// simulated values leave the range of numbers (an infinity or NaN): a
// custom asset's closes jumping by many orders of magnitude.
var ErrMCUnbounded = fmt.Errorf("%w: price moves too large to simulate", ErrMCInput)

// MCInput is a simulation request: the joint daily returns of the
// holdings (rows oldest first, dated), their value weights, and the
// request parameters.
type MCInput struct {
	Returns       *mat.Dense
	Dates         []time.Time
	Weights       []float64
	Horizon       int
	Paths         int
	Seed          uint64
	Method        string
	LossThreshold float64
}

// sampler draws one path of daily portfolio returns at a time.
type sampler interface {
	// next returns the next daily return of path i.
	next(i int) float64
	// reset starts new paths.
	reset()
}

// Simulate runs the Monte Carlo of in and its band back-test. The answer
// depends only on in: the same seed gives the same numbers.
func Simulate(in MCInput) (wire.MonteCarlo, error) {
	rp, err := in.portfolioReturns()
	if err != nil {
		return wire.MonteCarlo{}, err
	}
	out := wire.MonteCarlo{Method: in.Method, Horizon: in.Horizon, Paths: in.Paths, Seed: in.Seed,
		Holdings: len(in.Weights), Observations: len(rp), LossThreshold: in.LossThreshold, Notice: wire.NotInvestmentAdvice}
	rng := rand.New(rand.NewPCG(in.Seed, 0x9e3779b97f4a7c15)) // #nosec G404 -- a seeded, reproducible simulation, not a secret
	s, err := in.newSampler(rp, in.Returns, len(rp), in.Paths, rng, &out)
	if err != nil {
		return wire.MonteCarlo{}, err
	}
	final := make([]float64, in.Paths)
	out.Fan = fan(s, in.Paths, in.Horizon, final, nil)
	out.ProbLoss, out.ExpectedShortfall = tail(final, in.LossThreshold)
	out.Backtest = in.backtest(rp)
	if !finiteResult(out) {
		return wire.MonteCarlo{}, ErrMCUnbounded
	}
	return out, nil
}

// finiteResult reports whether every number of out is finite.
func finiteResult(out wire.MonteCarlo) bool {
	vals := []float64{out.DegreesOfFreedom, out.Shrinkage, out.ProbLoss, out.ExpectedShortfall,
		out.Backtest.EndCoverage, out.Backtest.PathCoverage}
	for _, p := range out.Fan {
		vals = append(vals, p.P5, p.P25, p.P50, p.P75, p.P95)
	}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// validate checks the parameters against the limits.
func (in MCInput) validate() error {
	switch {
	case in.Returns == nil:
		return fmt.Errorf("%w: no returns", ErrMCInput)
	case in.Horizon < 1 || in.Horizon > MaxHorizon:
		return fmt.Errorf("%w: horizon %d outside 1..%d", ErrMCInput, in.Horizon, MaxHorizon)
	case in.Paths < MinPaths || in.Paths > MaxPaths:
		return fmt.Errorf("%w: paths %d outside %d..%d", ErrMCInput, in.Paths, MinPaths, MaxPaths)
	case in.Method != MethodBootstrap && in.Method != MethodStudentT:
		return fmt.Errorf("%w: unknown method %q", ErrMCInput, in.Method)
	case !(in.LossThreshold > 0 && in.LossThreshold <= 1):
		return fmt.Errorf("%w: loss threshold outside (0, 1]", ErrMCInput)
	}
	rows, cols := in.Returns.Dims()
	if cols != len(in.Weights) || len(in.Dates) != rows {
		return fmt.Errorf("%w: %d weights and %d dates for %dx%d returns", ErrMCInput, len(in.Weights), len(in.Dates), rows, cols)
	}
	if rows < minHistory {
		return fmt.Errorf("%w: %d daily returns; at least %d are needed", ErrMCInput, rows, minHistory)
	}
	return nil
}

// portfolioReturns validates in and returns Σ_i w_i r_i,t per day: the
// daily return of the holdings rebalanced to today's weights.
func (in MCInput) portfolioReturns() ([]float64, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	rows, _ := in.Returns.Dims()
	rp := make([]float64, rows)
	for t := range rows {
		for j, w := range in.Weights {
			rp[t] += w * in.Returns.At(t, j)
		}
	}
	return rp, nil
}

// newSampler builds the method's sampler from the first n rows only.
func (in MCInput) newSampler(rp []float64, x *mat.Dense, n, paths int, rng *rand.Rand, out *wire.MonteCarlo) (sampler, error) {
	if in.Method == MethodBootstrap {
		if out != nil {
			out.BlockLength = BlockLength
		}
		return &bootstrap{rp: rp[:n], rng: rng, start: make([]int, paths), pos: make([]int, paths)}, nil
	}
	cols := len(in.Weights)
	a := max(0, n-EstimationWindow)
	cov, delta := analytics.ShrunkCovariance(mat.DenseCopyOf(x.Slice(a, n, 0, cols)))
	w := mat.NewVecDense(cols, in.Weights)
	variance := mat.Inner(w, cov, w)
	nu := studentDoF(rp[a:n])
	if out != nil {
		out.DegreesOfFreedom, out.Shrinkage = nu, delta
	}
	return newStudentT(stat.Mean(rp[a:n], nil), math.Sqrt(math.Max(variance, 0)*(nu-2)/nu), nu, rng), nil
}

// studentDoF matches the excess kurtosis κ of the daily portfolio
// returns: a Student-t with ν > 4 has κ = 6/(ν-4), so ν = 4 + 6/κ,
// capped at maxDoF (about normal) when κ is small or negative.
func studentDoF(rp []float64) float64 {
	k := stat.ExKurtosis(rp, nil)
	if !(k > 6.0/(maxDoF-4)) {
		return maxDoF
	}
	return 4 + 6/k
}

// bootstrap is a circular block bootstrap of whole days: each path strings
// together blocks of BlockLength consecutive days from random starts, so
// the joint (cross-asset) move of each day and short-run dependence stay.
type bootstrap struct {
	rp         []float64
	rng        *rand.Rand
	start, pos []int
}

func (b *bootstrap) next(i int) float64 {
	if b.pos[i]%BlockLength == 0 {
		b.start[i] = b.rng.IntN(len(b.rp))
	}
	r := b.rp[(b.start[i]+b.pos[i]%BlockLength)%len(b.rp)]
	b.pos[i]++
	return r
}

func (b *bootstrap) reset() { clear(b.pos) }

// studentT draws daily returns μ + s·t_ν with s² = w'Σw (ν-2)/ν, so the
// variance is w'Σw for the shrunk covariance Σ. t_ν = Z/sqrt(χ²_ν/ν) with
// χ²_ν = 2·Gamma(ν/2) drawn by Marsaglia and Tsang's method (ν/2 >= 2
// here), which needs no allocation per draw.
type studentT struct {
	mu, scale, nu float64
	d, c          float64 // Marsaglia-Tsang constants of Gamma(ν/2)
	rng           *rand.Rand
}

func newStudentT(mu, scale, nu float64, rng *rand.Rand) *studentT {
	d := nu/2 - 1.0/3
	return &studentT{mu: mu, scale: scale, nu: nu, d: d, c: 1 / math.Sqrt(9*d), rng: rng}
}

func (s *studentT) next(int) float64 {
	return s.mu + s.scale*s.rng.NormFloat64()/math.Sqrt(2*s.gamma()/s.nu)
}

// gamma draws Gamma(ν/2, 1) (Marsaglia and Tsang, 2000).
func (s *studentT) gamma() float64 {
	for {
		x := s.rng.NormFloat64()
		v := 1 + s.c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := s.rng.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+s.d*(1-v+math.Log(v)) {
			return s.d * v
		}
	}
}

func (s *studentT) reset() {}

// fanLevels are the percentiles of the fan; bandLevels the 90% band.
var (
	fanLevels  = []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	bandLevels = []float64{0.05, 0.95}
)

// fan simulates paths over h days (day-major, so memory is O(paths)) and
// returns the percentile fan per day; final receives each path's last
// value. With band not nil only the 5/95 band is computed, into band.
func fan(s sampler, paths, h int, final []float64, band [][2]float64) []wire.FanPoint {
	v := make([]float64, paths)
	for i := range v {
		v[i] = 1
	}
	scratch := make([]float64, paths)
	ps, q := fanLevels, make([]float64, len(fanLevels))
	if band != nil {
		ps = bandLevels
	}
	var out []wire.FanPoint
	for d := 1; d <= h; d++ {
		for i := range v {
			v[i] *= 1 + math.Max(s.next(i), -0.99)
		}
		copy(scratch, v)
		quantiles(scratch, ps, q)
		if band != nil {
			band[d-1] = [2]float64{q[0], q[1]}
			continue
		}
		out = append(out, wire.FanPoint{Day: d, P5: q[0], P25: q[1], P50: q[2], P75: q[3], P95: q[4]})
	}
	copy(final, v)
	return out
}

// tail returns P(V_h < 1 - loss) and the expected shortfall: the mean
// loss 1 - V_h over the worst 5% of paths.
func tail(final []float64, loss float64) (float64, float64) {
	s := slices.Clone(final)
	slices.Sort(s)
	below := 0
	for _, v := range s {
		if v < 1-loss {
			below++
		}
	}
	k := max(1, int(math.Ceil(0.05*float64(len(s)))))
	es := 0.0
	for _, v := range s[:k] {
		es += 1 - v
	}
	return float64(below) / float64(len(s)), es / float64(k)
}
