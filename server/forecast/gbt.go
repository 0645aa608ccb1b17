package forecast

import (
	"math"
	"slices"
)

// Gradient-boosted tree settings: small, shallow and strongly shrunk,
// because daily return prediction is mostly noise.
const (
	gbtTrees    = 40
	gbtDepth    = 3
	gbtRate     = 0.1
	gbtMinLeaf  = 200
	gbtLambda   = 1.0
	gbtBins     = 32
	gbtMaxRows  = 8000
	logOddsClip = 1e-6
)

// Node is one node of a regression tree: a split (Feature, Threshold;
// rows with z[Feature] <= Threshold go Left) or a leaf (Feature < 0).
type Node struct {
	Feature   int     `json:"f"`
	Threshold float64 `json:"t,omitempty"`
	Left      int     `json:"l,omitempty"`
	Right     int     `json:"r,omitempty"`
	Value     float64 `json:"v,omitempty"`
}

// Tree is a regression tree; node 0 is the root.
type Tree []Node

// predict walks the tree for a standardised row.
func (t Tree) predict(z []float64) float64 {
	i := 0
	for t[i].Feature >= 0 {
		if z[t[i].Feature] <= t[i].Threshold {
			i = t[i].Left
		} else {
			i = t[i].Right
		}
	}
	return t[i].Value
}

// GBT is a gradient-boosted ensemble: Init + Rate·Σ tree(z). Logistic
// ensembles predict log-odds, others the value itself.
type GBT struct {
	Logistic bool    `json:"logistic"`
	Init     float64 `json:"init"`
	Rate     float64 `json:"rate"`
	Trees    []Tree  `json:"trees"`
}

// raw is the ensemble's raw score of a standardised row.
func (g GBT) raw(z []float64) float64 {
	s := g.Init
	for _, t := range g.Trees {
		s += g.Rate * t.predict(z)
	}
	return s
}

// predict is the probability (logistic) or the value.
func (g GBT) predict(z []float64) float64 {
	if g.Logistic {
		return sigmoid(g.raw(z))
	}
	return g.raw(z)
}

// gbtData is a training set binned for histogram split search.
type gbtData struct {
	f    int
	bins []uint8     // n x f bin numbers
	cuts [][]float64 // per feature: bin b holds values <= cuts[b]
	y    []float64
}

// subsample keeps at most gbtMaxRows rows of z/y by an even stride, so the
// choice never depends on the values.
func subsample(z, y []float64, f int) ([]float64, []float64) {
	n := len(y)
	if n <= gbtMaxRows {
		return z, y
	}
	zs, ys := make([]float64, 0, gbtMaxRows*f), make([]float64, 0, gbtMaxRows)
	for i := range gbtMaxRows {
		r := i * n / gbtMaxRows
		zs = append(zs, z[r*f:(r+1)*f]...)
		ys = append(ys, y[r])
	}
	return zs, ys
}

// binData computes quantile cut points per feature and bins every row.
func binData(z, y []float64, f int) *gbtData {
	n := len(y)
	d := &gbtData{f: f, bins: make([]uint8, n*f), cuts: make([][]float64, f), y: y}
	col := make([]float64, n)
	for j := range f {
		for i := range n {
			col[i] = z[i*f+j]
		}
		slices.Sort(col)
		var cuts []float64
		for b := 1; b < gbtBins; b++ {
			c := col[b*n/gbtBins]
			if len(cuts) == 0 || c > cuts[len(cuts)-1] {
				cuts = append(cuts, c)
			}
		}
		d.cuts[j] = cuts
		for i := range n {
			bin, _ := slices.BinarySearch(cuts, z[i*f+j])
			d.bins[i*f+j] = uint8(bin) // #nosec G115 -- bin < gbtBins (32): at most gbtBins-1 cut points
		}
	}
	return d
}

// fitGBT boosts gbtTrees trees on standardised rows z (width f).
func fitGBT(z, y []float64, f int, logistic bool) GBT {
	z, y = subsample(z, y, f)
	d := binData(z, y, f)
	n := len(y)
	g := GBT{Logistic: logistic, Rate: gbtRate, Init: mean(y)}
	if logistic {
		p := math.Max(logOddsClip, math.Min(1-logOddsClip, g.Init))
		g.Init = math.Log(p / (1 - p))
	}
	score := make([]float64, n)
	for i := range score {
		score[i] = g.Init
	}
	grad, hess := make([]float64, n), make([]float64, n)
	rows := make([]int, n)
	for range gbtTrees {
		for i := range n {
			if logistic {
				p := sigmoid(score[i])
				grad[i], hess[i] = p-y[i], math.Max(p*(1-p), 1e-9)
			} else {
				grad[i], hess[i] = score[i]-y[i], 1
			}
			rows[i] = i
		}
		t := d.grow(rows, grad, hess, func(leaf []int, v float64) {
			for _, i := range leaf {
				score[i] += g.Rate * v
			}
		})
		g.Trees = append(g.Trees, t)
	}
	return g
}

// grow builds one tree of depth gbtDepth by exact histogram search.
// leafFn receives the training rows of each leaf and its value. rows is
// reordered.
func (d *gbtData) grow(rows []int, grad, hess []float64, leafFn func([]int, float64)) Tree {
	t := Tree{{Feature: -1}}
	d.split(&t, 0, rows, grad, hess, 0, nil, leafFn)
	return t
}

// histogram is the per-feature, per-bin sum of gradients, Hessians and
// row counts of a node's rows.
type histogram struct {
	g, h []float64
	c    []int32
}

// histogram sums the rows of a node.
func (d *gbtData) histogram(rows []int, grad, hess []float64) *histogram {
	f := d.f
	hs := &histogram{g: make([]float64, f*gbtBins), h: make([]float64, f*gbtBins), c: make([]int32, f*gbtBins)}
	for _, i := range rows {
		gi, hi := grad[i], hess[i]
		for j, b := range d.bins[i*f : (i+1)*f] {
			c := j*gbtBins + int(b)
			hs.g[c] += gi
			hs.h[c] += hi
			hs.c[c]++
		}
	}
	return hs
}

// minus turns a parent's histogram into that of the sibling of the child
// whose histogram is o (no pass over the rows).
func (hs *histogram) minus(o *histogram) *histogram {
	for c := range hs.g {
		hs.g[c] -= o.g[c]
		hs.h[c] -= o.h[c]
		hs.c[c] -= o.c[c]
	}
	return hs
}

// split turns node into a split when one improves the loss, recursively.
// hist is the histogram of rows when known (nil: computed when needed);
// the children's come from one pass over the smaller child's rows and a
// subtraction from hist, so each depth costs at most half a pass.
func (d *gbtData) split(t *Tree, node int, rows []int, grad, hess []float64, depth int, hist *histogram, leafFn func([]int, float64)) {
	G, H := 0.0, 0.0
	for _, i := range rows {
		G, H = G+grad[i], H+hess[i]
	}
	leaf := -G / (H + gbtLambda)
	(*t)[node] = Node{Feature: -1, Value: leaf}
	feat, bin, ok := -1, -1, false
	if depth < gbtDepth && len(rows) >= 2*gbtMinLeaf {
		if hist == nil {
			hist = d.histogram(rows, grad, hess)
		}
		feat, bin, ok = d.bestSplit(hist, len(rows), G, H)
	}
	if !ok {
		leafFn(rows, leaf)
		return
	}
	left, right := d.partition(rows, feat, bin)
	var lh, rh *histogram
	if depth+1 < gbtDepth {
		if len(left) <= len(right) {
			lh = d.histogram(left, grad, hess)
			rh = hist.minus(lh)
		} else {
			rh = d.histogram(right, grad, hess)
			lh = hist.minus(rh)
		}
	}
	l, r := len(*t), len(*t)+1
	*t = append(*t, Node{Feature: -1}, Node{Feature: -1})
	(*t)[node] = Node{Feature: feat, Threshold: d.cuts[feat][bin], Left: l, Right: r}
	d.split(t, l, left, grad, hess, depth+1, lh, leafFn)
	d.split(t, r, right, grad, hess, depth+1, rh, leafFn)
}

// partition reorders rows in place, those with bin <= b of feature feat
// first, keeping the order on each side, and returns both sides.
func (d *gbtData) partition(rows []int, feat, b int) (left, right []int) {
	n := 0
	var high []int
	for _, i := range rows {
		if int(d.bins[i*d.f+feat]) <= b {
			rows[n] = i
			n++
		} else {
			high = append(high, i)
		}
	}
	copy(rows[n:], high)
	return rows[:n], rows[n:]
}

// bestSplit finds the feature and bin of hist (the histogram of n rows)
// with the largest loss reduction whose sides both hold at least
// gbtMinLeaf rows.
func (d *gbtData) bestSplit(hist *histogram, n int, G, H float64) (int, int, bool) {
	best, bf, bb := 1e-12, -1, -1
	parent := G * G / (H + gbtLambda)
	for j := range d.f {
		gl, hl, cl := 0.0, 0.0, 0
		for b := range len(d.cuts[j]) {
			c := j*gbtBins + b
			gl, hl, cl = gl+hist.g[c], hl+hist.h[c], cl+int(hist.c[c])
			if cl < gbtMinLeaf || n-cl < gbtMinLeaf {
				continue
			}
			gain := gl*gl/(hl+gbtLambda) + (G-gl)*(G-gl)/(H-hl+gbtLambda) - parent
			if gain > best {
				best, bf, bb = gain, j, b
			}
		}
	}
	return bf, bb, bf >= 0
}

// mean is the arithmetic mean (0 for no values).
func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
