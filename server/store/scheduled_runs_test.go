package store

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/store/pgtest"
)

// twoNodes opens two stores on one fresh PostgreSQL database, as two
// nodes with their own data directories.
func twoNodes(t *testing.T) (*Store, *Store) {
	t.Helper()
	url := pgtest.URL(t)
	open := func() *Store {
		s, err := Open(context.Background(), t.TempDir(), WithDatabase(url))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	return open(), open()
}

// TestClaimRunOncePerDay: of two nodes sharing the database, one claims a
// job's day; another job or day is a new claim; a released day can be
// claimed again.
func TestClaimRunOncePerDay(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	now := time.Now()
	steps := []struct {
		node      *Store
		name, day string
		release   bool
		want      bool
	}{
		{a, "backup", "2026-01-10", false, true},
		{b, "backup", "2026-01-10", false, false},
		{a, "backup", "2026-01-10", false, false},
		{b, "backup", "2026-01-11", false, true},
		{b, "alerts-daily", "2026-01-10", false, true},
		{a, "backup", "2026-01-10", true, true},
		{a, "backup", "2026-01-10", false, false},
	}
	for i, st := range steps {
		if st.release {
			if err := b.ReleaseRun(ctx, st.name, st.day); err != nil {
				t.Fatal(err)
			}
		}
		got, err := st.node.ClaimRun(ctx, st.name, st.day, now)
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Fatalf("step %d: claim %s %s = %v, want %v", i, st.name, st.day, got, st.want)
		}
	}
}

// TestClaimRunSQLite: a SQLite data directory is one server's, so every
// claim succeeds.
func TestClaimRunSQLite(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2 {
		if ok, err := s.ClaimRun(ctx, "backup", "2026-01-10", time.Now()); err != nil || !ok {
			t.Fatalf("claim = %v, %v", ok, err)
		}
	}
	if ran, err := s.Exclusive(ctx, "alerts", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("exclusive = %v, %v", ran, err)
	}
}

// TestExclusiveAcrossNodes: while one node runs a job, the other's
// attempt is skipped; once it is done, the other runs it; another job
// name runs alongside.
func TestExclusiveAcrossNodes(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	var inner []bool
	ran, err := a.Exclusive(ctx, "alerts", func(ctx context.Context) error {
		for _, name := range []string{"alerts", "other"} {
			got, err := b.Exclusive(ctx, name, func(context.Context) error { return nil })
			if err != nil {
				return err
			}
			inner = append(inner, got)
		}
		return nil
	})
	if err != nil || !ran {
		t.Fatalf("first node: ran %v, %v", ran, err)
	}
	if len(inner) != 2 || inner[0] || !inner[1] {
		t.Fatalf("second node during the first's run: alerts ran %v, other ran %v; want false, true", inner[0], inner[1])
	}
	if ran, err := b.Exclusive(ctx, "alerts", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("second node after the first's run: ran %v, %v", ran, err)
	}
}
