package store

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/model"
)

func pendingCtx(ctx context.Context, action string) (context.Context, *PendingAudit) {
	p := &PendingAudit{Entry: audit.Entry{Actor: "u", Action: action, Target: "p", Details: map[string]string{"transaction": ""}}}
	return WithPendingAudit(ctx, p), p
}

// TestQueuedAppendsCommitTheirAuditEntries: each append of a batch
// commits its pending audit entry in its own savepoint, so the refused
// appends (by the ledger, for a missing portfolio) leave none, and every
// stored one names its new transaction.
func TestQueuedAppendsCommitTheirAuditEntries(t *testing.T) {
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
		portfolio string
		quantity  float64
		want      error
	}{
		{p.ID, 2, nil}, {p.ID, poisonQuantity, errPoison}, {p.ID, 3, nil}, {"nope", 4, model.ErrNotFound}, {p.ID, 5, nil},
	}
	if err := h.writer.lock(ctx); err != nil {
		t.Fatal(err)
	}
	added := make([]string, len(tests))
	pendings := make([]*PendingAudit, len(tests))
	var wg sync.WaitGroup
	for i, tt := range tests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, pa := pendingCtx(ctx, audit.ActionTransactionCreate)
			pendings[i] = pa
			txs, err := s.AddTransactions(c, "u", tt.portfolio, []model.Transaction{sampleTx("buy", "2010-02-01", tt.quantity)}, t0, l)
			if !errors.Is(err, tt.want) {
				t.Errorf("append %d: %v, want %v", i, err, tt.want)
			}
			if err == nil {
				added[i] = txs[0].ID
			}
		}()
	}
	for queued(h) < len(tests) {
		runtime.Gosched()
	}
	h.writer.unlock()
	wg.Wait()
	got, err := s.AuditPending(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	var want, have []string
	for i, tt := range tests {
		if tt.want == nil {
			want = append(want, pendings[i].Ref+" "+added[i])
		}
	}
	for _, g := range got {
		have = append(have, g.Ref+" "+g.Entry.Details["transaction"])
	}
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(have, want) {
		t.Fatalf("pending entries %v, want those of the stored appends %v", have, want)
	}
}

// TestRefusedChangeLeavesNoAuditEntry: an update the ledger refuses and a
// delete of a missing transaction roll back with no pending entry; an
// accepted update commits one; deleting entries removes them.
func TestRefusedChangeLeavesNoAuditEntry(t *testing.T) {
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolio(ctx, "u", "Main", "", t0)
	if err != nil {
		t.Fatal(err)
	}
	var replays int
	l := refuseLedger{sumLedger{&replays}}
	txs, err := s.AddTransactions(ctx, "u", p.ID, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, l)
	if err != nil {
		t.Fatal(err)
	}
	bad := txs[0]
	bad.Quantity = poisonQuantity
	c, _ := pendingCtx(ctx, audit.ActionTransactionUpdate)
	if _, err := s.UpdateTransaction(c, "u", p.ID, bad, l); !errors.Is(err, errPoison) {
		t.Fatalf("refused update: %v", err)
	}
	c, _ = pendingCtx(ctx, audit.ActionTransactionDelete)
	if err := s.DeleteTransaction(c, "u", p.ID, "missing", l); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete of a missing transaction: %v", err)
	}
	if got, err := s.AuditPending(ctx, "u"); err != nil || len(got) != 0 {
		t.Fatalf("pending entries after refused changes: %+v %v", got, err)
	}
	good := txs[0]
	good.Quantity = 2
	c, pa := pendingCtx(ctx, audit.ActionTransactionUpdate)
	if _, err := s.UpdateTransaction(c, "u", p.ID, good, l); err != nil {
		t.Fatal(err)
	}
	got, err := s.AuditPending(ctx, "u")
	if err != nil || len(got) != 1 || got[0].Ref != pa.Ref || got[0].Entry.Action != audit.ActionTransactionUpdate || got[0].At.IsZero() {
		t.Fatalf("pending entries after an update: %+v %v", got, err)
	}
	if err := s.DeleteAuditPending(ctx, "u", []string{pa.Ref}, false); err != nil {
		t.Fatal(err)
	}
	if got, err := s.AuditPending(ctx, "u"); err != nil || len(got) != 0 {
		t.Fatalf("pending entries after their deletion: %+v %v", got, err)
	}
}
