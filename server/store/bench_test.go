package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
)

// benchStore returns a store with one portfolio of n transactions.
func benchStore(b *testing.B, n int) (*Store, string) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	p, err := s.CreatePortfolio(ctx, "bench", "Main", "", t0)
	if err != nil {
		b.Fatal(err)
	}
	txs := make([]model.Transaction, n)
	for i := range txs {
		txs[i] = sampleTx("buy", fmt.Sprintf("%d-%02d-%02d", 2006+i%12, 1+i%12, 1+i%28), 1)
	}
	if _, err := s.AddTransactions(ctx, "bench", p.ID, txs, t0, nil); err != nil {
		b.Fatal(err)
	}
	return s, p.ID
}

// BenchmarkListTransactions10000 reads a 10,000-transaction history (the
// holdings, analytics and export paths start here).
func BenchmarkListTransactions10000(b *testing.B) {
	s, id := benchStore(b, 10000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ListTransactions(ctx, "bench", id); err != nil {
			b.Fatal(err)
		}
	}
}

// appendLedger accepts every history and every append (the benchmark
// measures the store, not the ledger rules).
type appendLedger struct{}

func (appendLedger) Replay([]model.Transaction) (model.LedgerState, error) {
	return appendLedger{}, nil
}

func (appendLedger) Append([]model.Transaction) (model.LedgerState, error) {
	return appendLedger{}, nil
}

// BenchmarkAppendTransaction adds one transaction dated after a history
// of 5,000: the incremental path, one write transaction with its fsync.
func BenchmarkAppendTransaction(b *testing.B) {
	s, id := benchStore(b, 5000)
	ctx := context.Background()
	tx := []model.Transaction{sampleTx("buy", "2018-01-02", 1)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.AddTransactions(ctx, "bench", id, tx, t0, appendLedger{}); err != nil {
			b.Fatal(err)
		}
	}
}
