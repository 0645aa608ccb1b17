package forecast

import "slices"

// panel holds every eligible feature row of a universe, ordered by day
// then ticker. Rows do not depend on the horizon.
type panel struct {
	u     *Universe
	f     int
	k, t  []int
	x     []float64
	first []int // first[d]: index of the first row on day >= d (len Days+1)
}

// buildPanel computes the feature rows of u.
func buildPanel(u *Universe) *panel {
	f := NumFeatures()
	p := &panel{u: u, f: f, first: make([]int, u.Days()+1)}
	row := make([]float64, f)
	for t := range u.Days() {
		p.first[t] = len(p.k)
		for k := range u.Tickers {
			if u.Features(k, t, row) {
				p.k, p.t = append(p.k, k), append(p.t, t)
				p.x = append(p.x, row...)
			}
		}
	}
	p.first[u.Days()] = len(p.k)
	return p
}

// rowsBefore is the number of rows on days < d (d clamped to the calendar).
func (p *panel) rowsBefore(d int) int {
	return p.first[min(max(d, 0), len(p.first)-1)]
}

// labelledSet is every row with a known h-day target, in panel order.
type labelledSet struct {
	x, ret, up []float64
	ks, ts     []int
	f          int
}

// labelled collects the rows that have a known h-day target with their
// raw features, forward returns and 0/1 up labels.
func (p *panel) labelled(h int) *labelledSet {
	l := &labelledSet{f: p.f}
	for i := range p.k {
		r, ok := p.u.Target(p.k[i], p.t[i], h)
		if !ok {
			continue
		}
		l.x = append(l.x, p.x[i*p.f:(i+1)*p.f]...)
		l.ret = append(l.ret, r)
		l.ks, l.ts = append(l.ks, p.k[i]), append(l.ts, p.t[i])
		up := 0.0
		if r > 0 {
			up = 1
		}
		l.up = append(l.up, up)
	}
	return l
}

// before returns the prefix of rows on days < d.
func (l *labelledSet) before(d int) (x, ret, up []float64, ks []int) {
	n, _ := slices.BinarySearch(l.ts, d)
	return l.x[:n*l.f], l.ret[:n], l.up[:n], l.ks[:n]
}
