package api

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/jobs"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestJobExecutorsRevalidate: an executor rebuilds its work from the
// payload when the job starts, which may be later and on another node:
// what changed meanwhile is refused with a message for the owner.
func TestJobExecutorsRevalidate(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	m, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	h := &Handlers{Store: st, Market: m}
	owner := store.NewID()
	p, err := st.CreatePortfolio(ctx, owner, "Main", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	gone, err := st.CreatePortfolio(ctx, owner, "Gone", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeletePortfolio(ctx, owner, gone.ID); err != nil {
		t.Fatal(err)
	}
	optimize := func(id string, in wire.OptimizeRequest) func() (any, error) {
		b, err := json.Marshal(optimizeJob{Portfolio: id, Request: in})
		if err != nil {
			t.Fatal(err)
		}
		return func() (any, error) { return h.runOptimizeJob(ctx, owner, b) }
	}
	tests := []struct {
		name string
		run  func() (any, error)
		want string
	}{
		{"portfolio deleted after queueing", optimize(gone.ID, wire.OptimizeRequest{Objective: wire.ObjectiveMinVariance}), errPortfolioGone.Error()},
		{"request no longer valid", optimize(p.ID, wire.OptimizeRequest{Objective: "most_fun"}), "objective must be min_variance, max_sharpe or target_return."},
		{"portfolio too small", optimize(p.ID, wire.OptimizeRequest{Objective: wire.ObjectiveMinVariance}), ""},
		{"retrain by an account that is gone", func() (any, error) { return h.runRetrain(ctx, owner, nil) }, "Only an administrator can retrain the models."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.run()
			var pub *jobs.PublicError
			if !errors.As(err, &pub) || (tc.want != "" && pub.Msg != tc.want) {
				t.Fatalf("error %v, want the public refusal %q", err, tc.want)
			}
		})
	}
}
