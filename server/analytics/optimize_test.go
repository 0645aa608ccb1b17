package analytics

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// moments builds Moments from literal values.
func moments(mu []float64, cov []float64) Moments {
	n := len(mu)
	tk := make([]string, n)
	for i := range tk {
		tk[i] = string(rune('A' + i))
	}
	return Moments{Tickers: tk, Mean: mu, Cov: mat.NewSymDense(n, cov)}
}

// wide allows any weight in [-1, 1] so the bounds stay inactive.
var wide = Constraints{MinWeight: -1, MaxWeight: 1}

// fourAssets is a positive definite 4-asset example.
func fourAssets() Moments {
	return moments([]float64{0.08, 0.10, 0.12, 0.07}, []float64{
		0.04, 0.006, 0.010, 0.002,
		0.006, 0.09, 0.012, 0.004,
		0.010, 0.012, 0.16, 0.003,
		0.002, 0.004, 0.003, 0.0225,
	})
}

// solveSigma returns Σ^-1 b.
func solveSigma(t *testing.T, m Moments, b []float64) []float64 {
	var c mat.Cholesky
	if !c.Factorize(m.Cov) {
		t.Fatal("not PD")
	}
	var x mat.VecDense
	if err := c.SolveVecTo(&x, mat.NewVecDense(len(b), b)); err != nil {
		t.Fatal(err)
	}
	return x.RawVector().Data
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func TestMinVarianceClosedForms(t *testing.T) {
	t.Parallel()
	// Two assets, σ = 0.2, 0.3, ρ = 0.3: w1 = (σ2² - σ12)/(σ1² + σ2² - 2σ12).
	two := moments([]float64{0.05, 0.07}, []float64{0.04, 0.018, 0.018, 0.09})
	four := fourAssets()
	inv := solveSigma(t, four, []float64{1, 1, 1, 1})
	s := sum(inv)
	tests := []struct {
		name string
		m    Moments
		c    Constraints
		want []float64
	}{
		{"two assets", two, Constraints{}, []float64{0.072 / 0.094, 0.022 / 0.094}},
		{"two assets capped", two, Constraints{MaxWeight: 0.6}, []float64{0.6, 0.4}},
		{"unconstrained", four, wide, []float64{inv[0] / s, inv[1] / s, inv[2] / s, inv[3] / s}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := NewOptimizer(tc.m, tc.c, 0)
			if err != nil {
				t.Fatal(err)
			}
			p, err := o.MinVariance()
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				near(t, "w", p.Weights[i], w, 1e-8)
			}
		})
	}
}

func TestTargetReturnClosedForm(t *testing.T) {
	t.Parallel()
	m := fourAssets()
	a := solveSigma(t, m, []float64{1, 1, 1, 1})
	b := solveSigma(t, m, m.Mean)
	// A = [1'Σ⁻¹1, 1'Σ⁻¹μ; μ'Σ⁻¹1, μ'Σ⁻¹μ]; w = Σ⁻¹[1 μ] A⁻¹ [1; T].
	a11, a12, a22 := sum(a), sum(b), mat.Dot(mat.NewVecDense(4, m.Mean), mat.NewVecDense(4, b))
	det := a11*a22 - a12*a12
	target := 0.105
	l1, l2 := (a22-a12*target)/det, (a11*target-a12)/det
	o, err := NewOptimizer(m, wide, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := o.TargetReturn(target)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "return", p.Return, target, 1e-8)
	for i := range 4 {
		near(t, "w", p.Weights[i], l1*a[i]+l2*b[i], 1e-6)
	}
}

func TestMaxSharpeTangency(t *testing.T) {
	t.Parallel()
	m := fourAssets()
	rf := 0.02
	ex := make([]float64, 4)
	for i := range ex {
		ex[i] = m.Mean[i] - rf
	}
	z := solveSigma(t, m, ex)
	s := sum(z)
	o, err := NewOptimizer(m, wide, rf)
	if err != nil {
		t.Fatal(err)
	}
	p, err := o.MaxSharpe()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		near(t, "w", p.Weights[i], z[i]/s, 1e-5)
	}
}

// randomProblem returns random moments with sector caps on n assets.
func randomProblem(rng *rand.Rand, n int) (Moments, Constraints) {
	f := mat.NewDense(n+5, n, nil)
	for i := range n + 5 {
		for j := range n {
			f.Set(i, j, rng.NormFloat64()*0.1)
		}
	}
	cov := mat.NewSymDense(n, nil)
	cov.SymOuterK(1.0/float64(n+5), f.T())
	mu := make([]float64, n)
	for i := range mu {
		mu[i] = 0.02 + rng.Float64()*0.15
	}
	m := moments(mu, cov.RawSymmetric().Data)
	c := Constraints{MaxWeight: 0.4, Sectors: map[string]string{}, SectorCaps: map[string]float64{"S0": 0.3, "S1": 0.35}}
	for i, tk := range m.Tickers {
		c.Sectors[tk] = []string{"S0", "S1", "S2"}[i%3]
	}
	return m, c
}

func TestOptimizerPropertiesRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 6 {
		m, c := randomProblem(rng, 9)
		o, err := NewOptimizer(m, c, 0.01)
		if err != nil {
			t.Fatal(err)
		}
		front, err := o.EfficientFrontier(20)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for k, p := range front {
			checkFeasible(t, p.Weights, c, m.Tickers)
			checkStationary(t, o, p.Weights, p.Return, k == 0)
			if k > 0 && (p.Return < front[k-1].Return-1e-9 || p.Volatility < front[k-1].Volatility-1e-7) {
				t.Fatalf("frontier not monotone at %d", k)
			}
		}
		ms, err := o.MaxSharpe()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range front {
			if p.Sharpe != nil && *p.Sharpe > *ms.Sharpe+1e-6 {
				t.Fatalf("frontier point beats max sharpe: %v > %v", *p.Sharpe, *ms.Sharpe)
			}
		}
	}
}

// checkFeasible asserts sum 1, bounds and sector caps.
func checkFeasible(t *testing.T, w []float64, c Constraints, tickers []string) {
	t.Helper()
	near(t, "sum", sum(w), 1, 1e-9)
	sectors := map[string]float64{}
	for i, x := range w {
		if x < -1e-12 || x > c.MaxWeight+1e-12 {
			t.Fatalf("weight %v out of bounds", x)
		}
		sectors[c.Sectors[tickers[i]]] += x
	}
	for s, cp := range c.SectorCaps {
		if sectors[s] > cp+1e-9 {
			t.Fatalf("sector %s = %v over cap %v", s, sectors[s], cp)
		}
	}
}

// checkStationary asserts optimality: no feasible direction improves the
// objective. Feasible perturbations that keep μ'w (except for min variance)
// must not lower the variance.
func checkStationary(t *testing.T, o *Optimizer, w []float64, ret float64, minVar bool) {
	t.Helper()
	_, v := o.qp.stats(w)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		cand := make([]float64, len(w))
		for i := range w {
			cand[i] = w[i] + rng.NormFloat64()*0.05
		}
		o.qp.set.project(cand, cand)
		r, cv := o.qp.stats(cand)
		if (minVar || r >= ret-1e-12) && cv < v-1e-9 {
			t.Fatalf("feasible point with lower variance %v < %v (ret %v >= %v)", cv, v, r, ret)
		}
	}
}

func TestOptimizerInfeasible(t *testing.T) {
	t.Parallel()
	m := fourAssets()
	// want is what the message tells the user to change.
	tests := []struct {
		name string
		c    Constraints
		want string
	}{
		{"max weight too low", Constraints{MaxWeight: 0.2}, "reach only 80% at their maximum weights and sector caps, and weights add up to 100%: raise the maximum weight per holding (at least 25% for 4 holdings)"},
		{"lower bounds above 1", Constraints{MinWeight: 0.3}, "the minimum weights of the 4 holdings add up to 120%, more than 100%: lower the minimum weight"},
		{"sector caps", Constraints{Sectors: map[string]string{"A": "x", "B": "x", "C": "y", "D": "y"}, SectorCaps: map[string]float64{"x": 0.4, "y": 0.5}}, "reach only 90%"},
		{"lower above upper", Constraints{PerAsset: map[string]Bounds{"A": {0.5, 0.4}}}, "lower bound above upper bound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewOptimizer(m, tc.c, 0)
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("err = %v", err)
			}
			if msg := PublicReason(err); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q does not say %q", msg, tc.want)
			}
		})
	}
	o, err := NewOptimizer(m, Constraints{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.TargetReturn(0.13); !errors.Is(err, ErrInfeasible) {
		t.Fatalf("unreachable target err = %v", err)
	}
	if _, err := (&Optimizer{}).Evaluate([]float64{1}); err == nil {
		t.Fatal("mismatched evaluate must fail")
	}
	bad := fourAssets()
	bad.Mean[0] = math.NaN()
	if _, err := NewOptimizer(bad, Constraints{}, 0); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("nan moments err = %v", err)
	}
	low, _ := NewOptimizer(fourAssets(), Constraints{}, 0.5)
	if _, err := low.MaxSharpe(); !errors.Is(err, ErrInfeasible) {
		t.Fatalf("rf above all returns err = %v", err)
	}
}

func TestSingularCovariance(t *testing.T) {
	t.Parallel()
	// Two identical assets: any split is optimal; weights must still be feasible.
	m := moments([]float64{0.05, 0.05, 0.08}, []float64{0.04, 0.04, 0, 0.04, 0.04, 0, 0, 0, 0.09})
	o, err := NewOptimizer(m, Constraints{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := o.MinVariance()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "w3", p.Weights[2], 0.04/0.13, 1e-7)
	near(t, "sum", sum(p.Weights), 1, 1e-12)
	if _, err := o.EfficientFrontier(10); err != nil {
		t.Fatal(err)
	}
}

func TestShrinkage(t *testing.T) {
	t.Parallel()
	// Intensities and entries computed independently (scikit-learn and
	// Ledoit-Wolf covCor.m formulas) on the same data.
	x := mat.NewDense(200, 3, nil)
	load := []float64{1, 0.9, -0.8}
	for k := range 200 {
		for j := range 3 {
			x.Set(k, j, 0.01*load[j]*math.Sin(0.7*float64(k))+0.004*math.Sin(1.3*float64(k)*float64(j+1)+float64(j)))
		}
	}
	cc, err := momentsOf(x, []string{"A", "B", "C"}, ShrinkConstantCorrelation)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "cc delta", cc.Intensity, 0.004559704140898865, 1e-9)
	near(t, "cc s01", cc.Cov.At(0, 1), 0.01123581203532758, 1e-9)
	near(t, "cc s12", cc.Cov.At(1, 2), -0.009056990545946587, 1e-9)
	y := mat.NewDense(40, 3, nil)
	for k := range 40 {
		for j := range 3 {
			y.Set(k, j, 0.01*math.Sin(1.3*float64(k*(j+1))+float64(j))+0.006*math.Sin(0.7*float64(k)))
		}
	}
	id, err := momentsOf(y, []string{"A", "B", "C"}, ShrinkIdentity)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "id delta", id.Intensity, 0.4469760253163166, 1e-9)
	near(t, "id s00", id.Cov.At(0, 0), 0.016431680059382406, 1e-9)
	near(t, "id s01", id.Cov.At(0, 1), 0.0024530535985693193, 1e-9)
	if _, err := momentsOf(y, nil, "bogus"); !errors.Is(err, ErrInvalidInput) {
		t.Fatal("unknown shrinkage must fail")
	}
}

func TestEstimateMoments(t *testing.T) {
	t.Parallel()
	m, err := EstimateMoments([]PriceSeries{series("A", 10, 11, 12.1, 13.31), series("B", 5, 5.5, 5, 5.5)}, on(0), on(3), ShrinkNone)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "mean A", m.Mean[0], 0.1*252, 1e-9)
	near(t, "var A", m.Cov.At(0, 0), 0, 1e-12)
	if _, err := EstimateMoments([]PriceSeries{series("A", 1, 2)}, on(0), on(1), ShrinkNone); err == nil {
		t.Fatal("one return must fail")
	}
}

func TestRebalance(t *testing.T) {
	t.Parallel()
	tr, err := Rebalance([]string{"A", "B"}, []float64{0.25, 0.75},
		map[string]float64{"A": 10, "B": 0}, map[string]float64{"A": 40, "B": 20})
	if err != nil {
		t.Fatal(err)
	}
	// V = 400: A 100 -> 2.5 shares (sell 7.5), B 300 -> 15 shares.
	near(t, "A", tr[0].Shares, -7.5, 1e-12)
	near(t, "B", tr[1].Shares, 15, 1e-12)
	near(t, "B value", tr[1].Value, 300, 1e-12)
	if _, err := Rebalance([]string{"A"}, []float64{1}, map[string]float64{"A": 1}, map[string]float64{}); err == nil {
		t.Fatal("missing price must fail")
	}
}
