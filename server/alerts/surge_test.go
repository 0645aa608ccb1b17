package alerts

import (
	"bufio"
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestSurgeCrashDays checks the surge reports of two 2008 crash days
// against testdata/surges_expected.txt, written by testdata/surges.py (an
// independent Python computation from the raw CSV files):
//
//	python3 testdata/surges.py 2008-10-13 2008-09-29 > testdata/surges_expected.txt
func TestSurgeCrashDays(t *testing.T) {
	t.Parallel()
	emb, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Market: emb})
	want := readExpected(t)
	for date, rows := range want {
		d, _ := time.Parse(time.DateOnly, date)
		rep, err := s.Surges(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]wire.Surge{}
		for _, sg := range rep.Surges {
			got[sg.Ticker] = sg
		}
		if len(got) != len(rows) {
			t.Errorf("%s: %d surges, want %d: %v", date, len(got), len(rows), rep.Surges)
		}
		for tk, w := range rows {
			g, ok := got[tk]
			if !ok {
				t.Errorf("%s: %s missing", date, tk)
				continue
			}
			if math.Abs(g.Return-w.Return) > 1e-9 || math.Abs(g.ReturnZ-w.ReturnZ) > 1e-8 ||
				g.VolumeZ == nil || math.Abs(*g.VolumeZ-*w.VolumeZ) > 1e-8 || strings.Join(g.Reasons, "+") != strings.Join(w.Reasons, "+") {
				t.Errorf("%s %s: got %+v (vz %v), want %+v (vz %v)", date, tk, g, *g.VolumeZ, w, *w.VolumeZ)
			}
		}
	}
	// The strongest surges of 2008-10-13: JNJ, UNH, MSFT lead by |z|.
	rep, _ := s.Surges(context.Background(), time.Date(2008, 10, 13, 0, 0, 0, 0, time.UTC), nil)
	if len(rep.Surges) < 3 || rep.Surges[0].Ticker != "JNJ" || rep.TickersSeen < 30 {
		t.Errorf("order or coverage: first %v, seen %d", rep.Surges[:min(3, len(rep.Surges))], rep.TickersSeen)
	}
	// A Saturday has no surges and no tickers.
	rep, _ = s.Surges(context.Background(), time.Date(2008, 10, 11, 0, 0, 0, 0, time.UTC), nil)
	if len(rep.Surges) != 0 || rep.TickersSeen != 0 {
		t.Errorf("Saturday: %+v", rep)
	}
}

func readExpected(t *testing.T) map[string]map[string]wire.Surge {
	t.Helper()
	f, err := os.Open("testdata/surges_expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string]wire.Surge{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		if len(p) != 6 {
			t.Fatalf("bad line %q", sc.Text())
		}
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		vz := num(p[4])
		if out[p[0]] == nil {
			out[p[0]] = map[string]wire.Surge{}
		}
		out[p[0]][p[1]] = wire.Surge{Ticker: p[1], Return: num(p[2]), ReturnZ: num(p[3]), VolumeZ: &vz, Reasons: strings.Split(p[5], "+")}
	}
	return out
}

func TestMeasureSurgeEdges(t *testing.T) {
	t.Parallel()
	d := func(i int) time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i) }
	flat := make([]market.Bar, 70)
	for i := range flat {
		flat[i] = market.Bar{Date: d(i), Close: 10, Volume: 100}
	}
	if MeasureSurge("X", flat, d(69)) != nil {
		t.Error("constant prices must give no measure")
	}
	if MeasureSurge("X", flat[:61], d(60)) != nil {
		t.Error("too little history must give no measure")
	}
	if MeasureSurge("X", flat, d(68)) != nil {
		t.Error("a date that is not the last bar must give no measure")
	}
	zig := make([]market.Bar, 70)
	for i := range zig {
		zig[i] = market.Bar{Date: d(i), Close: 10 + float64(i%2), Volume: 100 + int64(i%3)}
	}
	zig[69].Close, zig[69].Volume = 30, 1000
	sg := MeasureSurge("X", zig, d(69))
	if sg == nil || strings.Join(sg.Reasons, "+") != "return+volume" {
		t.Errorf("a tripled close on ten times the volume must surge: %+v", sg)
	}
}
