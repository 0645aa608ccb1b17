package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
)

// sumLedger is a ledger whose state is the number of transactions and
// their total quantity; it counts its full replays.
type sumLedger struct{ replays *int }

type sumState struct {
	n   int
	qty float64
}

func (l sumLedger) Replay(all []model.Transaction) (model.LedgerState, error) {
	*l.replays++
	return sumState{}.add(all), nil
}

func (s sumState) Append(txs []model.Transaction) (model.LedgerState, error) { return s.add(txs), nil }

func (s sumState) add(txs []model.Transaction) sumState {
	for _, t := range txs {
		s.n++
		s.qty += t.Quantity
	}
	return s
}

// TestLedgerTailFollowsEveryChange checks that appends are checked without
// a replay, that changes in the middle of a history replay it, and that
// the state reads return always matches the stored history.
func TestLedgerTailFollowsEveryChange(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	var replays int
	l := sumLedger{&replays}
	state := func(want sumState) {
		t.Helper()
		got, err := s.LedgerState(ctx, "u", p.ID, l)
		if err != nil || got != want {
			t.Fatalf("state %+v (%v), want %+v", got, err, want)
		}
	}
	add := func(date string, q float64) model.Transaction {
		t.Helper()
		added, err := s.AddTransactions(ctx, "u", p.ID, []model.Transaction{sampleTx("buy", date, q)}, t0, l)
		if err != nil {
			t.Fatal(err)
		}
		return added[0]
	}
	first := add("2010-01-04", 1) // empty portfolio: replayed once
	add("2010-02-01", 2)          // append: no replay
	state(sumState{2, 3})
	if replays != 1 {
		t.Fatalf("%d replays after an append, want 1", replays)
	}
	add("2010-01-10", 4) // in the middle: replayed
	if replays != 2 {
		t.Fatalf("%d replays after an insert in the middle, want 2", replays)
	}
	state(sumState{3, 7})
	first.Quantity = 10
	if _, err := s.UpdateTransaction(ctx, "u", p.ID, first, l); err != nil {
		t.Fatal(err)
	}
	state(sumState{3, 16})
	if err := s.DeleteTransaction(ctx, "u", p.ID, first.ID, l); err != nil {
		t.Fatal(err)
	}
	state(sumState{2, 6})
	add("2011-01-03", 1)
	state(sumState{3, 7})
	if err := s.DeletePortfolio(ctx, "u", p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LedgerState(ctx, "u", p.ID, l); err == nil {
		t.Fatal("state of a deleted portfolio")
	}
}

// TestAsTradedTickers: the tickers of as-traded trades, as the ledger's
// own rule picks them from the history (portfolio.AsTradedTickers), on
// both backends.
func TestAsTradedTickers(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*Store{"sqlite": openPortfolioStore(t), "postgres": openPostgresTest(t)} {
		t.Run(name, func(t *testing.T) {
			p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
			if err != nil {
				t.Fatal(err)
			}
			tx := func(kind, ticker, basis string) model.Transaction {
				x := sampleTx(kind, "2014-01-02", 1)
				x.Ticker, x.Basis = ticker, basis
				return x
			}
			txs := []model.Transaction{tx("buy", "AAPL", "as_traded"), tx("buy", "MSFT", "adjusted"), tx("short", "GE", "as_traded"),
				tx("dividend", "KO", "as_traded"), tx("sell", "AAPL", "as_traded"), tx("buy", "IBM", "")}
			var replays int
			if _, err := s.AddTransactions(ctx, "u", p.ID, txs, t0, sumLedger{&replays}); err != nil {
				t.Fatal(err)
			}
			got, err := s.AsTradedTickers(ctx, "u", p.ID)
			want := portfolio.AsTradedTickers(txs)
			slices.Sort(want)
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("as-traded tickers %v, %v; want %v", got, err, want)
			}
			if got, err := s.AsTradedTickers(ctx, "other", p.ID); err != nil || len(got) != 0 {
				t.Fatalf("another user asking for the portfolio: %v, %v", got, err)
			}
		})
	}
}

// TestAsTradedTickersReadNoHistory: the as-traded tickers, asked on every
// write, come from the partial index of as-traded trades, not from a walk
// over every row of the portfolio (which made each write slower as the
// history grew).
func TestAsTradedTickersReadNoHistory(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.acquireUser(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	defer s.users.release(h)
	if plan := queryPlan(t, h, asTradedSQL, p.ID); len(plan) == 0 || !strings.Contains(plan[0], "COVERING INDEX transactions_as_traded") {
		t.Fatalf("query plan %q, want a search of the covering index transactions_as_traded", plan)
	}
}

// queryPlan returns the details of SQLite's plan for query.
func queryPlan(t *testing.T, h *userDB, query string, args ...any) []string {
	t.Helper()
	rows, err := h.db.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}
