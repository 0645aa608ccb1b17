package model

import (
	"testing"
	"time"
)

func TestSortTransactionsLedgerOrder(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC) }
	created := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	txs := []Transaction{
		{ID: "late", Date: day(3), CreatedAt: created},
		{ID: "second", Date: day(2), CreatedAt: created, Seq: 2},
		{ID: "newer", Date: day(2), CreatedAt: created.Add(time.Second), Seq: 1},
		{ID: "first", Date: day(2), CreatedAt: created, Seq: 1},
	}
	SortTransactions(txs)
	want := []string{"first", "second", "newer", "late"}
	for i, id := range want {
		if txs[i].ID != id {
			t.Fatalf("position %d = %s, want %s (date, then creation time, then insertion order)", i, txs[i].ID, id)
		}
	}
}

func TestLockDelayDoublesUpToTheCap(t *testing.T) {
	for level, want := range []time.Duration{BaseLockDelay, 2 * BaseLockDelay, 4 * BaseLockDelay} {
		if got := LockDelay(level); got != want {
			t.Errorf("LockDelay(%d) = %v, want %v", level, got, want)
		}
	}
	if got := LockDelay(100); got != MaxLockDelay {
		t.Errorf("LockDelay(100) = %v, want the cap %v", got, MaxLockDelay)
	}
}
