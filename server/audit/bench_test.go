package audit

import (
	"testing"
)

func BenchmarkAppend(b *testing.B) {
	l, err := Open(b.Context(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	e := Entry{Actor: "user-123", IP: "203.0.113.9", Action: ActionPortfolioCreate,
		Target: "portfolio-42", Details: map[string]string{"name": "Retirement", "currency": "EUR"}}
	b.ReportAllocs()
	for b.Loop() {
		if err := l.Append(b.Context(), e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	dir := writeChain(b, 2, 500)
	b.ReportAllocs()
	for b.Loop() {
		if res, err := Verify(b.Context(), dir); err != nil || !res.OK {
			b.Fatal(res, err)
		}
	}
}

func BenchmarkQuery(b *testing.B) {
	dir := writeChain(b, 2, 500)
	f := Filter{Actor: "u1", Limit: 50}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Query(b.Context(), dir, f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendParallel appends from many goroutines at once (64 per
// core); group commit lets them share write+fsync calls, reported as
// entries per sync.
func BenchmarkAppendParallel(b *testing.B) {
	l, err := Open(b.Context(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	e := Entry{Actor: "user-123", IP: "203.0.113.9", Action: ActionPortfolioCreate,
		Target: "portfolio-42", Details: map[string]string{"name": "Retirement", "currency": "EUR"}}
	b.ReportAllocs()
	b.SetParallelism(64)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Append(b.Context(), e); err != nil {
				b.Error(err)
				return
			}
		}
	})
	if s := l.Syncs(); s > 0 {
		b.ReportMetric(float64(b.N)/float64(s), "entries/sync")
	}
}
