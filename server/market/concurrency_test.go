package market

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestRemoteConcurrentUse(t *testing.T) {
	t.Parallel()
	f := newFake(t, polygonHandler(t))
	e := testEnv(t, f.srv.URL)
	e.cfg.PolygonKey = canary
	p := openRemote(t, NewPolygon, e.cfg)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 16 {
		wg.Go(func() {
			tk := []string{"AAPL", "MSFT", "KO", "IBM"}[i%4]
			if _, err := p.History(ctx, tk, date(t, "2023-01-02"), date(t, "2024-01-10")); err != nil {
				errs <- err
			}
			if _, err := p.Latest(ctx, tk); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkRemoteCachedHistory(b *testing.B) {
	f := newFakeB(b)
	cfg := Config{PolygonKey: canary, PolygonBaseURL: f, CachePath: b.TempDir() + "/c.db",
		Now: func() time.Time { return time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC) }}
	p, err := NewPolygon(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ctx := context.Background()
	from, to := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	if _, err := p.History(ctx, "AAPL", from, to); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.History(ctx, "AAPL", from, to); err != nil {
			b.Fatal(err)
		}
	}
}
