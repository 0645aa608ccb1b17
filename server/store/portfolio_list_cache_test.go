package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
)

// TestPortfolioListFollowsEveryWrite reads the (cached) portfolio list
// after each kind of write and checks it shows that write: the cache is
// never served across a write turn.
func TestPortfolioListFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	rendered := func(step string) string {
		t.Helper()
		body, err := s.ListPortfoliosRendered(ctx, "alice", func(ps []model.Portfolio) ([]byte, error) {
			return []byte(names(ps)), nil
		})
		if err != nil {
			t.Fatalf("%s: rendered: %v", step, err)
		}
		return string(body)
	}
	list := func(step string) []model.Portfolio {
		t.Helper()
		ps, err := s.ListPortfolios(ctx, "alice")
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		again, err := s.ListPortfolios(ctx, "alice") // a cached read
		if err != nil || len(again) != len(ps) {
			t.Fatalf("%s: second read %v, %v", step, again, err)
		}
		if got, want := rendered(step), names(ps); got != want {
			t.Fatalf("%s: rendered list %q, want %q", step, got, want)
		}
		return ps
	}
	if ps := list("empty"); len(ps) != 0 {
		t.Fatalf("empty: %+v", ps)
	}
	p, err := s.CreatePortfolio(ctx, "alice", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if ps := list("create"); len(ps) != 1 || ps[0].Name != "Main" || ps[0].Transactions != 0 {
		t.Fatalf("after create: %+v", ps)
	}
	added, err := s.AddTransactions(ctx, "alice", p.ID, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ps := list("add"); ps[0].Transactions != 1 {
		t.Fatalf("after add: %+v", ps)
	}
	if _, err := s.UpdatePortfolio(ctx, "alice", p.ID, "Renamed", "", t0); err != nil {
		t.Fatal(err)
	}
	if ps := list("rename"); ps[0].Name != "Renamed" {
		t.Fatalf("after rename: %+v", ps)
	}
	if err := s.DeleteTransaction(ctx, "alice", p.ID, added[0].ID, nil); err != nil {
		t.Fatal(err)
	}
	if ps := list("delete transaction"); ps[0].Transactions != 0 {
		t.Fatalf("after delete transaction: %+v", ps)
	}
	ps := list("before mutation")
	ps[0].Name = "changed by a caller"
	if again := list("caller mutation"); again[0].Name != "Renamed" {
		t.Fatalf("a caller's change reached the cache: %+v", again)
	}
	if err := s.DeletePortfolio(ctx, "alice", p.ID); err != nil {
		t.Fatal(err)
	}
	if ps := list("delete"); len(ps) != 0 {
		t.Fatalf("after delete: %+v", ps)
	}
}

// names renders a portfolio list as its names and transaction counts.
func names(ps []model.Portfolio) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s:%d;", p.Name, p.Transactions)
	}
	return b.String()
}

// TestPortfolioListIsRenderedOncePerWrite reads the rendered list many
// times between writes: it is rendered once after each write turn, and
// never served from before one.
func TestPortfolioListIsRenderedOncePerWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	renders := 0
	render := func(ps []model.Portfolio) ([]byte, error) {
		renders++
		return []byte(names(ps)), nil
	}
	read := func() string {
		t.Helper()
		body, err := s.ListPortfoliosRendered(ctx, "alice", render)
		if err != nil {
			t.Fatal(err)
		}
		return string(body)
	}
	for range 3 {
		if got := read(); got != "" {
			t.Fatalf("empty list rendered as %q", got)
		}
	}
	if renders != 1 {
		t.Fatalf("three reads rendered %d times, want once", renders)
	}
	if _, err := s.CreatePortfolio(ctx, "alice", "Main", "", t0); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got := read(); got != "Main:0;" {
			t.Fatalf("after the write: %q", got)
		}
	}
	if renders != 2 {
		t.Fatalf("rendered %d times after one write, want twice in all", renders)
	}
}

// TestPendingAuditDeleteKeepsListCache: removing pending audit entries
// (their lines reached the audit log) changes no user data, so the cached
// portfolio list is served on and not rendered again; the next data write
// still replaces it.
func TestPendingAuditDeleteKeepsListCache(t *testing.T) {
	for _, durable := range []bool{true, false} {
		t.Run(fmt.Sprint("durable=", durable), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openPortfolioStore(t)
			p, err := s.CreatePortfolio(ctx, "alice", "Main", "", t0)
			if err != nil {
				t.Fatal(err)
			}
			pctx, pending := pendingCtx(ctx, audit.ActionTransactionCreate)
			if _, err := s.AddTransactions(pctx, "alice", p.ID, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil); err != nil {
				t.Fatal(err)
			}
			renders := 0
			read := func(step, want string) {
				t.Helper()
				body, err := s.ListPortfoliosRendered(ctx, "alice", func(ps []model.Portfolio) ([]byte, error) {
					renders++
					return []byte(names(ps)), nil
				})
				if err != nil || string(body) != want {
					t.Fatalf("%s: list %q, %v; want %q", step, body, err, want)
				}
			}
			read("before", "Main:1;")
			if err := s.DeleteAuditPending(ctx, "alice", []string{pending.Ref}, durable); err != nil {
				t.Fatal(err)
			}
			if left, err := s.AuditPending(ctx, "alice"); err != nil || len(left) != 0 {
				t.Fatalf("pending entries after the delete: %v, %v", left, err)
			}
			read("after the pending delete", "Main:1;")
			if renders != 1 {
				t.Fatalf("list rendered %d times across a pending-entry delete, want once", renders)
			}
			if _, err := s.UpdatePortfolio(ctx, "alice", p.ID, "Renamed", "", t0); err != nil {
				t.Fatal(err)
			}
			read("after a data write", "Renamed:1;")
			if renders != 2 {
				t.Fatalf("list rendered %d times after a data write, want twice in all", renders)
			}
		})
	}
}
