package store

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

// poisonQuantity is a quantity refuseLedger refuses.
const poisonQuantity = 13

// refuseLedger is sumLedger refusing any transaction of poisonQuantity.
type refuseLedger struct{ sumLedger }

type refuseState struct{ sumState }

var errPoison = errors.New("refused quantity")

func (l refuseLedger) Replay(all []model.Transaction) (model.LedgerState, error) {
	st, _ := l.sumLedger.Replay(nil)
	return refuseState{st.(sumState)}.Append(all)
}

func (s refuseState) Append(txs []model.Transaction) (model.LedgerState, error) {
	for _, t := range txs {
		if t.Quantity == poisonQuantity {
			return nil, errPoison
		}
	}
	return refuseState{s.add(txs)}, nil
}

// TestQueuedAppendsShareOneCommit queues appends behind a held write turn:
// the next writer writes all of them in one transaction (one write turn,
// so one commit and one flush), a refused append and one to a missing
// portfolio fail alone with their own errors, the others are stored, and
// the cached end state stays usable (no replay after the batch).
func TestQueuedAppendsShareOneCommit(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	var replays int
	l := refuseLedger{sumLedger{&replays}}
	if _, err := s.AddTransactions(ctx, "u", p.ID, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, l); err != nil {
		t.Fatal(err)
	}
	h, err := s.acquireUser(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	defer s.users.release(h)
	tests := []struct {
		name      string
		portfolio string
		quantity  float64
		want      error
	}{
		{"first", p.ID, 2, nil},
		{"refused by the ledger", p.ID, poisonQuantity, errPoison},
		{"after the refused one", p.ID, 3, nil},
		{"missing portfolio", "nope", 4, model.ErrNotFound},
		{"last", p.ID, 5, nil},
	}
	if err := h.writer.lock(ctx); err != nil {
		t.Fatal(err)
	}
	gen := h.gen.Load()
	errs := make([]error, len(tests))
	var wg sync.WaitGroup
	for i, tt := range tests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.AddTransactions(ctx, "u", tt.portfolio, []model.Transaction{sampleTx("buy", "2010-02-01", tt.quantity)}, t0, l)
		}()
	}
	for queued(h) < len(tests) {
		runtime.Gosched()
	}
	h.writer.unlock()
	wg.Wait()
	for i, tt := range tests {
		if !errors.Is(errs[i], tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, errs[i], tt.want)
		}
	}
	if turns := h.gen.Load() - gen; turns != 1 {
		t.Errorf("%d write turns for the queued appends, want 1", turns)
	}
	txs, err := s.ListTransactions(ctx, "u", p.ID)
	if err != nil || len(txs) != 4 {
		t.Fatalf("%d transactions stored (%v), want 4", len(txs), err)
	}
	got, err := s.LedgerState(ctx, "u", p.ID, l)
	if want := (refuseState{sumState{4, 11}}); err != nil || got != want {
		t.Fatalf("state %+v (%v), want %+v", got, err, want)
	}
	if replays != 1 {
		t.Fatalf("%d replays, want 1 (the first append only)", replays)
	}
}

func queued(h *userDB) int {
	h.appends.mu.Lock()
	defer h.appends.mu.Unlock()
	return len(h.appends.q)
}
