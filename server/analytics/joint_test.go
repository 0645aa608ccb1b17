package analytics

import (
	"math"
	"testing"
	"time"
)

func TestJointReturnsAndShrunkCovariance(t *testing.T) {
	d := func(i int) time.Time { return time.Date(2020, 1, i, 0, 0, 0, 0, time.UTC) }
	a := PriceSeries{Ticker: "A", Dates: []time.Time{d(1), d(2), d(3), d(4)}, Close: []float64{100, 110, 99, 108.9}}
	// B has no close on day 2: carried forward, so its day-2 return is 0.
	b := PriceSeries{Ticker: "B", Dates: []time.Time{d(1), d(3), d(4)}, Close: []float64{50, 55, 60.5}}
	x, dates, err := JointReturns([]PriceSeries{a, b})
	if err != nil {
		t.Fatal(err)
	}
	rows, cols := x.Dims()
	if rows != 3 || cols != 2 || len(dates) != 3 || !dates[0].Equal(d(2)) {
		t.Fatalf("dims %dx%d dates %v", rows, cols, dates)
	}
	want := [][]float64{{0.1, 0}, {-0.1, 0.1}, {0.1, 0.1}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(x.At(i, j)-want[i][j]) > 1e-12 {
				t.Fatalf("r[%d][%d] = %v, want %v", i, j, x.At(i, j), want[i][j])
			}
		}
	}
	cov, delta := ShrunkCovariance(x)
	if delta < 0 || delta > 1 {
		t.Fatalf("intensity %v outside [0,1]", delta)
	}
	// The diagonal is never shrunk: S_ii = mean((r - mean)^2) (1/T).
	// A: mean 1/30, deviations 2/30, -4/30, 2/30 -> (4+16+4)/900/3 = 24/2700.
	if math.Abs(cov.At(0, 0)-24.0/2700) > 1e-12 {
		t.Fatalf("var A %v, want %v", cov.At(0, 0), 24.0/2700)
	}
}
