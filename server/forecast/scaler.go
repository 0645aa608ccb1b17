package forecast

import "math"

// clipZ bounds standardised features so one outlier day cannot dominate.
const clipZ = 5

// Scaler standardises feature columns with the training rows' mean and
// standard deviation.
type Scaler struct {
	Mean []float64 `json:"mean"`
	SD   []float64 `json:"sd"`
}

// fitScaler learns the column means and standard deviations of x (n rows
// of width f, row-major).
func fitScaler(x []float64, f int) Scaler {
	n := len(x) / f
	s := Scaler{Mean: make([]float64, f), SD: make([]float64, f)}
	for i := range n {
		for j := range f {
			s.Mean[j] += x[i*f+j]
		}
	}
	for j := range f {
		s.Mean[j] /= float64(max(n, 1))
	}
	for i := range n {
		for j := range f {
			d := x[i*f+j] - s.Mean[j]
			s.SD[j] += d * d
		}
	}
	for j := range f {
		s.SD[j] = math.Sqrt(s.SD[j] / float64(max(n-1, 1)))
		if s.SD[j] < 1e-12 {
			s.SD[j] = 1
		}
	}
	return s
}

// apply writes the standardised, clipped row of x into dst.
func (s Scaler) apply(x, dst []float64) {
	for j, v := range x {
		dst[j] = math.Max(-clipZ, math.Min(clipZ, (v-s.Mean[j])/s.SD[j]))
	}
}

// applyAll standardises every row of x (width f) into a new slice.
func (s Scaler) applyAll(x []float64, f int) []float64 {
	out := make([]float64, len(x))
	for i := 0; i < len(x); i += f {
		s.apply(x[i:i+f], out[i:i+f])
	}
	return out
}
