package alerts

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestScheduledEvaluationOnce: nodes sharing a PostgreSQL database
// evaluate a scheduled job (the daily run, a new data date) once in all,
// a node that finds another evaluating tries again later, and each SQLite
// node evaluates itself.
func TestScheduledEvaluationOnce(t *testing.T) {
	d := time.Date(2017, 12, 29, 0, 0, 0, 0, time.UTC)
	now := time.Date(2026, 1, 10, 22, 30, 0, 0, time.UTC)
	tests := []struct {
		name     string
		postgres bool
		jobs     []scheduledJob
		want     int
	}{
		{"postgres: daily run on two nodes", true, []scheduledJob{jobDaily(now), jobDaily(now)}, 1},
		{"postgres: new data date on two nodes", true, []scheduledJob{jobData(d), jobData(d)}, 1},
		{"postgres: daily and data runs", true, []scheduledJob{jobDaily(now), jobData(d), jobDaily(now.AddDate(0, 0, 1))}, 3},
		{"sqlite: each node", false, []scheduledJob{jobDaily(now), jobDaily(now)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []store.Option
			if tt.postgres {
				opts = append(opts, store.WithDatabase(pgtest.URL(t)))
			}
			var logs bytes.Buffer
			for _, job := range tt.jobs {
				svc := newNode(t, opts, &logs, now)
				if !svc.evaluateOnce(t.Context(), job, d) {
					t.Fatalf("%v: reported another node evaluating", job)
				}
			}
			if got := strings.Count(logs.String(), "alerts: evaluation done"); got != tt.want {
				t.Fatalf("%d evaluations, want %d", got, tt.want)
			}
		})
	}
	t.Run("postgres: while another node evaluates", func(t *testing.T) {
		opts := []store.Option{store.WithDatabase(pgtest.URL(t))}
		var logs bytes.Buffer
		a, b := newNode(t, opts, &logs, now), newNode(t, opts, &logs, now)
		var during bool
		_, err := a.cfg.Store.Exclusive(t.Context(), "alerts", func(ctx context.Context) error {
			during = b.evaluateOnce(ctx, jobDaily(now), d)
			return nil
		})
		if err != nil || during {
			t.Fatalf("evaluated during another node's evaluation (%v, %v)", during, err)
		}
		if !b.evaluateOnce(t.Context(), jobDaily(now), d) || strings.Count(logs.String(), "alerts: evaluation done") != 1 {
			t.Fatalf("no evaluation once the other node was done: %s", logs.String())
		}
	})
}

// newNode is an alert service on a store of its own data directory.
func newNode(t *testing.T, opts []store.Option, logs *bytes.Buffer, now time.Time) *Service {
	t.Helper()
	st, err := store.Open(t.Context(), t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: func() time.Time { return now }})
}
