package analytics

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// ledoitWolfConstCorr writes δF + (1-δ)S into dst, where S = X'X/T on
// centred data, F has F_ii = S_ii and F_ij = r̄ sqrt(S_ii S_jj) with r̄ the
// average sample correlation, and δ = max(0, min(1, (π - ρ)/γ / T)) as in
// Ledoit & Wolf (2004), "Honey, I shrunk the sample covariance matrix".
func ledoitWolfConstCorr(x *mat.Dense, dst *mat.SymDense) float64 {
	c, s := centred(x)
	t, p := c.Dims()
	sd := make([]float64, p)
	for i := range p {
		sd[i] = math.Sqrt(s.At(i, i))
	}
	rbar := averageCorrelation(s, sd)
	f := func(i, j int) float64 {
		if i == j {
			return s.At(i, i)
		}
		return rbar * sd[i] * sd[j]
	}
	piMat, theta := lwMoments(c, s)
	pi, rho, gamma := 0.0, 0.0, 0.0
	for i := range p {
		for j := range p {
			pi += piMat[i*p+j]
			d := f(i, j) - s.At(i, j)
			gamma += d * d
			if i == j {
				rho += piMat[i*p+i]
			} else if sd[i] > 0 && sd[j] > 0 {
				rho += rbar / 2 * (sd[j]/sd[i]*theta[i*p+j] + sd[i]/sd[j]*theta[j*p+i])
			}
		}
	}
	delta := 0.0
	if gamma > 0 {
		delta = math.Max(0, math.Min(1, (pi-rho)/gamma/float64(t)))
	}
	for i := range p {
		for j := i; j < p; j++ {
			dst.SetSym(i, j, delta*f(i, j)+(1-delta)*s.At(i, j))
		}
	}
	return delta
}

// averageCorrelation is the mean off-diagonal correlation of s (0 for p<2
// or when a variance is 0).
func averageCorrelation(s *mat.SymDense, sd []float64) float64 {
	p := len(sd)
	sum, n := 0.0, 0
	for i := range p {
		for j := i + 1; j < p; j++ {
			if sd[i] > 0 && sd[j] > 0 {
				sum += s.At(i, j) / (sd[i] * sd[j])
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// lwMoments returns π_ij = mean_t (x_ti x_tj - s_ij)² and
// θ_ii,ij = mean_t (x_ti² - s_ii)(x_ti x_tj - s_ij), row-major p x p.
func lwMoments(c *mat.Dense, s *mat.SymDense) (pi, theta []float64) {
	t, p := c.Dims()
	pi, theta = make([]float64, p*p), make([]float64, p*p)
	for k := range t {
		row := c.RawRowView(k)
		for i := range p {
			a := row[i]*row[i] - s.At(i, i)
			for j := range p {
				e := row[i]*row[j] - s.At(i, j)
				pi[i*p+j] += e * e
				theta[i*p+j] += a * e
			}
		}
	}
	for i := range pi {
		pi[i] /= float64(t)
		theta[i] /= float64(t)
	}
	return pi, theta
}
