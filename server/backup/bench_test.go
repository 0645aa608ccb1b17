package backup

import (
	"testing"
	"time"
)

func BenchmarkPlan(b *testing.B) {
	start := ts("2024-01-01 03:00")
	times := make([]time.Time, 400)
	for i := range times {
		times[i] = start.AddDate(0, 0, i)
	}
	now := times[len(times)-1]
	b.ReportAllocs()
	for b.Loop() {
		Plan(times, now)
	}
}

func BenchmarkRun(b *testing.B) {
	data := makeDataDir(b)
	dir := b.TempDir()
	at := t0
	b.ReportAllocs()
	for b.Loop() {
		at = at.Add(time.Second)
		if _, err := Run(b.Context(), Options{DataDir: data, BackupDir: dir, Now: fixed(at)}); err != nil {
			b.Fatal(err)
		}
	}
}
