//go:build !js

package ui

import (
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestIncomeScale(t *testing.T) {
	t.Parallel()
	// Net 30, 0, -10: the span is 40, so the zero line sits 30/40 of the
	// plot height below the top; the 30 bar fills those 150 units (plot
	// height 200), the -10 bar hangs 50 units below zero.
	bars, zero := incomeScale([]wire.IncomePeriod{{Period: "a", Net: 30}, {Period: "b"}, {Period: "c", Net: -10}})
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(zero, incomeTop+150) {
		t.Fatalf("zero at %v", zero)
	}
	want := []incomeBar{
		{Y: incomeTop, H: 150}, {Y: zero, H: 0}, {Y: zero, H: 50, Negative: true},
	}
	for i, w := range want {
		b := bars[i]
		if !near(b.Y, w.Y) || !near(b.H, w.H) || b.Negative != w.Negative || b.W <= 0 || b.X < incomeLeft || b.X+b.W > incomeW-incomeRight {
			t.Errorf("bar %d = %+v, want %+v", i, b, w)
		}
	}
	if _, zero := incomeScale([]wire.IncomePeriod{{Period: "a"}}); !near(zero, incomeTop+incomePlotH) {
		t.Errorf("all-zero chart: zero at %v, want the bottom", zero)
	}
}
