package platform

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/backup"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// TestNightlyBackupOnce runs the nightly schedule of several nodes for
// the same day: on one PostgreSQL database the backup job runs once in
// all; each SQLite node (its own data directory) runs it itself.
func TestNightlyBackupOnce(t *testing.T) {
	tests := []struct {
		name     string
		postgres bool
		nodes    int
		wantRuns int64
	}{
		{"postgres: two nodes, one run", true, 2, 1},
		{"postgres: three nodes, one run", true, 3, 1},
		{"sqlite: each node runs", false, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []store.Option
			if tt.postgres {
				opts = append(opts, store.WithDatabase(pgtest.URL(t)))
			}
			var runs atomic.Int64
			var wg sync.WaitGroup
			for range tt.nodes {
				data := t.TempDir()
				st, err := store.Open(t.Context(), data, opts...)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = st.Close() })
				run := nightlyOnce(data, st, &runs)
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := run(); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if got := runs.Load(); got != tt.wantRuns {
				t.Fatalf("the backup job ran %d times, want %d", got, tt.wantRuns)
			}
		})
	}
}

// nightlyOnce returns the run of a node's backup scheduler at 10:00 on a
// day without a backup (so it catches up on the 03:00 run), ending at
// its first wait; its job counts runs.
func nightlyOnce(data string, st *store.Store, runs *atomic.Int64) func() error {
	ctx, stop := context.WithCancel(context.Background())
	s := backup.NewScheduler(backup.Options{DataDir: data}, nil)
	s.Claim, s.Release = backupClaims(st)
	s.Now = func() time.Time { return time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC) }
	s.After = func(time.Duration) <-chan time.Time { stop(); return nil }
	s.Job = func(context.Context) (backup.Info, error) {
		runs.Add(1)
		return backup.Info{Name: backup.Name(s.Now())}, nil
	}
	return func() error { return s.Run(ctx) }
}
