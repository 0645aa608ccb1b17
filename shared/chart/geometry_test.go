package chart

import (
	"math"
	"slices"
	"testing"
	"time"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestNiceTicks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		// span 1/5 = 0.2 -> step 0.2
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		// 0.46/4 = 0.115 -> step 0.1; floor(-3.4) = -4, ceil(1.2) = 2
		{-0.34, 0.12, 4, []float64{-0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2}},
		// 8642/5 = 1728 -> step 2000; 0 .. ceil(4.94) = 5 steps
		{1234, 9876, 5, []float64{0, 2000, 4000, 6000, 8000, 10000}},
		// a flat series is widened by 5%: 4.75..5.25, 0.5/4 -> step 0.1
		{5, 5, 4, []float64{4.7, 4.8, 4.9, 5, 5.1, 5.2, 5.3}},
		// reversed bounds are swapped; 0.7/3 = 0.233 -> step 0.2
		{1.2, 0.5, 3, []float64{0.4, 0.6, 0.8, 1, 1.2}},
		// non-finite bounds fall back to 0..1
		{math.NaN(), 1, 2, []float64{0, 0.5, 1}},
	} {
		got := NiceTicks(c.lo, c.hi, c.n)
		if len(got) != len(c.want) {
			t.Fatalf("NiceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
		}
		for i := range got {
			if !near(got[i], c.want[i]) || math.Signbit(got[i]) && got[i] == 0 {
				t.Fatalf("NiceTicks(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
			}
		}
	}
}

func TestNiceStep(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		span float64
		n    int
		want float64
	}{{10, 10, 1}, {14, 10, 1}, {15, 10, 2}, {29, 10, 2}, {30, 10, 5}, {69, 10, 5}, {70, 10, 10}, {0.003, 3, 0.001}, {0, 4, 1}, {-1, 4, 1}} {
		if got := NiceStep(c.span, c.n); !near(got, c.want) {
			t.Errorf("NiceStep(%v, %d) = %v, want %v", c.span, c.n, got, c.want)
		}
	}
}

// weekdays lists the Monday-to-Friday dates from a to b inclusive.
func weekdays(a, b string) []string {
	d, _ := time.Parse(dayLayout, a)
	e, _ := time.Parse(dayLayout, b)
	var out []string
	for ; !d.After(e); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			out = append(out, d.Format(dayLayout))
		}
	}
	return out
}

func TestDateTicks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name       string
		dates      []string
		n          int
		wantLabels []string
		wantDates  []string // the date at each tick's index
	}{
		// 363 days / 6 ticks: monthly gives 11.9 > 6, two months 5.96.
		{"one year", weekdays("2015-01-02", "2015-12-31"), 6,
			[]string{"Mar", "May", "Jul", "Sep", "Nov"},
			[]string{"2015-03-02", "2015-05-01", "2015-07-01", "2015-09-01", "2015-11-02"}},
		// 4378 days / 6: yearly 12 > 6, two-yearly 6.
		{"twelve years", weekdays("2006-01-03", "2017-12-29"), 6,
			[]string{"2008", "2010", "2012", "2014", "2016"},
			[]string{"2008-01-01", "2010-01-01", "2012-01-02", "2014-01-01", "2016-01-01"}},
		// a month: weekly ticks on Mondays
		{"one month", weekdays("2015-03-02", "2015-03-31"), 6,
			[]string{"2 Mar", "9 Mar", "16 Mar", "23 Mar", "30 Mar"},
			[]string{"2015-03-02", "2015-03-09", "2015-03-16", "2015-03-23", "2015-03-30"}},
		// quarterly across a year start: January shows the year
		{"year start", weekdays("2014-08-01", "2015-08-01"), 5,
			[]string{"Oct", "2015", "Apr", "Jul"},
			[]string{"2014-10-01", "2015-01-01", "2015-04-01", "2015-07-01"}},
		{"bad date", []string{"x", "2015-01-01"}, 5, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := DateTicks(c.dates, c.n)
			var labels, dates []string
			for _, tk := range got {
				labels, dates = append(labels, tk.Label), append(dates, c.dates[int(tk.Pos)])
			}
			if !slices.Equal(labels, c.wantLabels) || !slices.Equal(dates, c.wantDates) {
				t.Fatalf("DateTicks = %v at %v, want %v at %v", labels, dates, c.wantLabels, c.wantDates)
			}
		})
	}
}

func TestScaleAndPath(t *testing.T) {
	t.Parallel()
	s := Scale{D0: 0, D1: 10, R0: 100, R1: 0}
	if s.At(2.5) != 75 || s.Invert(75) != 2.5 || (Scale{1, 1, 0, 10}).At(5) != 5 {
		t.Fatalf("scale: %v %v", s.At(2.5), s.Invert(75))
	}
	got := Path([]Pt{{0, 0}, {1, 2.25}, {math.NaN(), 0}, {3, 4}, {5, math.Inf(1)}})
	if want := "M0.0 0.0L1.0 2.2M3.0 4.0"; got != want {
		t.Fatalf("Path = %q, want %q", got, want)
	}
	if Path(nil) != "" {
		t.Fatal("empty path")
	}
}

func TestAxisLabel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v, step float64
		f       Format
		want    string
	}{
		{0.05, 0.05, FormatPercent, "5%"}, {0.025, 0.025, FormatPercent, "2.5%"}, {-0.1, 0.1, FormatPercent, "-10%"},
		{0, 0.1, FormatPercent, "0%"}, {12500, 2500, FormatMoney, "12.5k"}, {0, 2000, FormatMoney, "0"},
		{2e6, 5e5, FormatMoney, "2.0M"}, {40, 10, FormatMoney, "40"}, {2.5, 0.5, FormatMoney, "2.5"}, {3e9, 1e9, FormatMoney, "3B"},
	} {
		if got := AxisLabel(c.v, c.step, c.f); got != c.want {
			t.Errorf("AxisLabel(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

func TestNewLines(t *testing.T) {
	t.Parallel()
	l, err := NewLines([]string{"2015-01-02", "2015-01-05", "2015-01-06"}, [][]float64{{0, 0.1, 0.2}}, 400, 200, FormatPercent, false)
	if err != nil {
		t.Fatal(err)
	}
	// ticks 0..20% by 5% (160/45 = 3 intervals wanted, 0.2/3 -> 0.05);
	// widest label "20%" = 3 chars: left = 14 + 3*7 = 35; area 353 x 164.
	if l.Area != (Rect{X: 35, Y: 10, W: 353, H: 164}) || len(l.YTicks) != 5 || l.YTicks[4].Label != "20%" || l.YTicks[4].Pos != 10 {
		t.Fatalf("layout %+v %+v", l.Area, l.YTicks)
	}
	if want := "M35.0 174.0L211.5 92.0L388.0 10.0"; l.Paths[0] != want {
		t.Fatalf("path %q, want %q", l.Paths[0], want)
	}
	if l.Nearest(211) != 1 || l.Nearest(-50) != 0 || l.Nearest(1e6) != 2 {
		t.Fatal("Nearest")
	}
	if _, err := NewLines([]string{"a"}, [][]float64{{1}}, 400, 200, FormatMoney, false); err == nil {
		t.Fatal("one point must fail")
	}
	if _, err := NewLines([]string{"a", "b"}, [][]float64{{1}}, 400, 200, FormatMoney, false); err == nil {
		t.Fatal("length mismatch must fail")
	}
}

func TestDonut(t *testing.T) {
	t.Parallel()
	arcs := Donut([]float64{1, -2, 1, 2, math.NaN(), 0}, 50, 50, 20, 40)
	if len(arcs) != 3 {
		t.Fatalf("arcs %+v", arcs)
	}
	want := [][3]float64{{0, 0, 90}, {2, 90, 180}, {3, 180, 360}}
	sweep := 0.0
	for i, a := range arcs {
		if a.Index != int(want[i][0]) || !near(a.Start, want[i][1]) || !near(a.End, want[i][2]) {
			t.Fatalf("arc %d = %+v, want %v", i, a, want[i])
		}
		sweep += a.End - a.Start
	}
	if !near(sweep, 360) {
		t.Fatalf("sweeps add to %v", sweep)
	}
	// the first slice starts at twelve o'clock on the outer radius and
	// ends at three o'clock; its inner edge returns to (50, 30).
	if want := "M50.00 10.00A40.00 40.00 0 0 1 90.00 50.00L70.00 50.00A20.00 20.00 0 0 0 50.00 30.00Z"; arcs[0].D != want {
		t.Fatalf("D = %q, want %q", arcs[0].D, want)
	}
	// more than half a turn uses the large-arc flag
	if big := Donut([]float64{3, 1}, 0, 0, 1, 2); big[0].D[len("M0.00 -2.00A2.00 2.00 0 "):][0] != '1' {
		t.Fatalf("large arc flag: %q", big[0].D)
	}
	// a single slice is a full ring of two halves
	if one := Donut([]float64{5}, 0, 0, 1, 2); len(one) != 1 || one[0].End != 360 || countByte(one[0].D, 'M') != 2 {
		t.Fatalf("full ring %+v", one)
	}
	if Donut([]float64{0, -1}, 0, 0, 1, 2) != nil {
		t.Fatal("no positive weight, no slices")
	}
}

func countByte(s string, c byte) int {
	n := 0
	for i := range len(s) {
		if s[i] == c {
			n++
		}
	}
	return n
}

func TestTreemap(t *testing.T) {
	t.Parallel()
	box := Rect{X: 0, Y: 0, W: 6, H: 4}
	// Bruls, Huizing and van Wijk's example: areas 6,6,4,3,2,2,1 in a 6x4 box.
	w := []float64{6, 6, 4, 3, 2, 2, 1}
	rs := Treemap(w, box)
	// The short side is the height 4: worst ratio of [6] is 8/3, of [6,6]
	// 3/2, of [6,6,4] 4, so 6 and 6 stack in a column 12/4 = 3 wide.
	if rs[0] != (Rect{0, 0, 3, 2}) || rs[1] != (Rect{0, 2, 3, 2}) {
		t.Fatalf("first column %+v %+v", rs[0], rs[1])
	}
	checkTiling(t, w, box, rs)
	// input order is kept and non-positive weights get empty tiles
	w2 := []float64{1, 0, 5, -3, 2, 2, 0.5}
	box2 := Rect{X: 10, Y: 20, W: 300, H: 120}
	rs2 := Treemap(w2, box2)
	checkTiling(t, w2, box2, rs2)
	if rs2[1].W*rs2[1].H != 0 || rs2[3].W*rs2[3].H != 0 {
		t.Fatal("empty tiles for non-positive weights")
	}
}

// checkTiling asserts areas proportional to the positive weights, tiles
// inside the box that do not overlap and cover it.
func checkTiling(t *testing.T, w []float64, box Rect, rs []Rect) {
	t.Helper()
	total, covered := 0.0, 0.0
	for _, v := range w {
		total += max(v, 0)
	}
	for i, r := range rs {
		a := r.W * r.H
		covered += a
		if want := max(w[i], 0) / total * box.W * box.H; math.Abs(a-want) > 1e-6 {
			t.Fatalf("tile %d area %v, want %v", i, a, want)
		}
		if a > 0 && (r.X < box.X-1e-9 || r.Y < box.Y-1e-9 || r.X+r.W > box.X+box.W+1e-9 || r.Y+r.H > box.Y+box.H+1e-9) {
			t.Fatalf("tile %d %+v outside %+v", i, r, box)
		}
		for j := range i {
			o := rs[j]
			ox := math.Min(r.X+r.W, o.X+o.W) - math.Max(r.X, o.X)
			oy := math.Min(r.Y+r.H, o.Y+o.H) - math.Max(r.Y, o.Y)
			if ox > 1e-9 && oy > 1e-9 {
				t.Fatalf("tiles %d %+v and %d %+v overlap", i, r, j, o)
			}
		}
	}
	if math.Abs(covered-box.W*box.H) > 1e-6 {
		t.Fatalf("tiles cover %v of %v", covered, box.W*box.H)
	}
}

func TestFrontierAxesFromData(t *testing.T) {
	t.Parallel()
	p, err := Frontier("f", []float64{0.10, 0.14, 0.20}, []float64{0.05, 0.07, 0.09}, Pt{0.15, 0.06}, Pt{0.12, 0.08}, Width, Height)
	if err != nil {
		t.Fatal(err)
	}
	// x: 0.10..0.20 by 0.02 (not from 0); y: 0.05..0.09 by 0.01.
	var xl, yl []string
	for _, tk := range p.XTicks {
		xl = append(xl, tk.Label)
	}
	for _, tk := range p.YTicks {
		yl = append(yl, tk.Label)
	}
	if !slices.Equal(xl, []string{"10%", "12%", "14%", "16%", "18%", "20%"}) || !slices.Equal(yl, []string{"5%", "6%", "7%", "8%", "9%"}) {
		t.Fatalf("ticks %v / %v", xl, yl)
	}
	// the lowest-risk frontier point sits in the bottom-left corner, the
	// riskiest in the top-right one: the curve spans the whole plot.
	a := p.Area
	if first, last := p.Line[0], p.Line[2]; !near(first.X, a.X) || !near(first.Y, a.Y+a.H) || !near(last.X, a.X+a.W) || !near(last.Y, a.Y) {
		t.Fatalf("frontier %+v in %+v", p.Line, a)
	}
}
