package store

import (
	"context"
	"sync"
	"testing"
)

// TestStmtCachePreparesOnce prepares one query from many goroutines: they
// share one statement, which answers on every connection of the pool.
func TestStmtCachePreparesOnce(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	h, err := s.acquireUser(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	defer s.users.release(h)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n int
			if err := h.prep.QueryRowContext(ctx, `SELECT COUNT(*) FROM portfolios`).Scan(&n); err != nil || n != 0 {
				t.Errorf("count = %d, %v", n, err)
			}
		}()
	}
	wg.Wait()
	if len(h.prep.m) != 1 {
		t.Fatalf("%d statements cached for one query", len(h.prep.m))
	}
}
