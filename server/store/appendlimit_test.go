package store

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

// limitAppend is one append of a batch queued at the limit.
type limitAppend struct {
	name      string
	portfolio string // "" the full portfolio
	date      string
	quantity  float64
	want      error
}

// TestRefusedAppendsAtTheLimitReadNoHistory fills a portfolio to
// model.MaxTransactionsPerFolio and queues batches of appends to it. Each
// is refused with the limit error without reading the history (one of its
// rows is made unreadable, so a read would fail with another error) and
// without a replay; the cached end state survives a batch in which every
// append was refused, and a portfolio's other appends of the batch are
// written.
func TestRefusedAppendsAtTheLimitReadNoHistory(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	var replays int
	l := refuseLedger{sumLedger{&replays}}
	full := fullPortfolio(t, s, l)
	p, err := s.CreatePortfolio(ctx, "u", "Other", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	other := p.ID
	if _, err := s.AddTransactions(ctx, "u", other, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, l); err != nil {
		t.Fatal(err) // its one replay: its later appends are checked against its end state
	}
	h, err := s.acquireUser(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	defer s.users.release(h)
	if _, err := h.db.ExecContext(ctx, `UPDATE transactions SET date = 'unreadable'
		WHERE rowid = (SELECT MIN(rowid) FROM transactions WHERE portfolio_id = ?)`, full); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cold    bool // the cached end state is dropped before the batch
		appends []limitAppend
	}{
		{"every append refused", false, []limitAppend{
			{"after the last", "", "2020-01-02", 1, model.ErrLimit},
			{"refused by the ledger too", "", "2020-01-02", poisonQuantity, model.ErrLimit},
			{"before the last", "", "2005-01-03", 1, model.ErrLimit},
			{"missing portfolio", "nope", "2020-01-02", 1, model.ErrNotFound},
		}},
		{"next batch, with a write elsewhere", false, []limitAppend{
			{"after the last", "", "2020-01-03", 1, model.ErrLimit},
			{"other portfolio", other, "2020-01-03", 2, nil},
			{"after the other portfolio's write", "", "2020-01-06", 1, model.ErrLimit},
		}},
		{"no cached end state", true, []limitAppend{
			{"after the last", "", "2020-01-07", 1, model.ErrLimit},
			{"before the last", "", "2005-01-03", 1, model.ErrLimit},
		}},
	}
	for _, tt := range tests {
		if tt.cold {
			h.tails.forget(full)
		}
		before := replays
		errs := queueAppends(t, s, h, full, tt.appends, l)
		for i, a := range tt.appends {
			if !errors.Is(errs[i], a.want) {
				t.Errorf("%s, %s: %v, want %v", tt.name, a.name, errs[i], a.want)
			}
		}
		if replays != before {
			t.Errorf("%s: %d replays, want none", tt.name, replays-before)
		}
		if tt.cold {
			continue
		}
		if tail, ok := h.tails.get(full, l); !ok || tail.n != model.MaxTransactionsPerFolio {
			t.Errorf("%s: cached end state %+v (%v), want %d transactions", tt.name, tail, ok, model.MaxTransactionsPerFolio)
		}
	}
	if plan := queryPlan(t, h, countTxSQL, full); len(plan) == 0 || !strings.Contains(plan[0], "COVERING INDEX transactions_portfolio") {
		t.Errorf("count's query plan %q, want a search of the covering index transactions_portfolio", plan)
	}
	var n int
	if err := h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions WHERE portfolio_id = ?`, full).Scan(&n); err != nil || n != model.MaxTransactionsPerFolio {
		t.Fatalf("%d transactions stored (%v), want %d", n, err, model.MaxTransactionsPerFolio)
	}
}

// fullPortfolio creates a portfolio holding model.MaxTransactionsPerFolio
// transactions, dated 2010-01-04, in one append (one replay).
func fullPortfolio(t *testing.T, s *Store, l model.Ledger) string {
	t.Helper()
	ctx := context.Background()
	p, err := s.CreatePortfolio(ctx, "u", "Full", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	txs := make([]model.Transaction, model.MaxTransactionsPerFolio)
	for i := range txs {
		txs[i] = sampleTx("buy", "2010-01-04", 1)
	}
	if _, err := s.AddTransactions(ctx, "u", p.ID, txs, t0, l); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// queueAppends queues appends behind h's held write turn, so that one
// writer writes them in one batch, and returns their outcomes.
func queueAppends(t *testing.T, s *Store, h *userDB, full string, appends []limitAppend, l model.Ledger) []error {
	t.Helper()
	ctx := context.Background()
	if err := h.writer.lock(ctx); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, len(appends))
	var wg sync.WaitGroup
	for i, a := range appends {
		id := a.portfolio
		if id == "" {
			id = full
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.AddTransactions(ctx, "u", id, []model.Transaction{sampleTx("buy", a.date, a.quantity)}, t0, l)
		}()
	}
	for queued(h) < len(appends) {
		runtime.Gosched()
	}
	h.writer.unlock()
	wg.Wait()
	return errs
}
