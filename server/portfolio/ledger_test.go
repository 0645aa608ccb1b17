package portfolio

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

// randomHistory builds n transactions over three tickers, dated in order,
// with buys, sells, shorts and covers of random sizes (some impossible).
func randomHistory(r *rand.Rand, n int, from time.Time) []model.Transaction {
	kinds := []string{"buy", "buy", "sell", "short", "cover", "dividend", "fee"}
	tickers := []string{"AAPL", "MSFT", "KO"}
	out := make([]model.Transaction, n)
	for i := range out {
		out[i] = model.Transaction{Kind: kinds[r.IntN(len(kinds))], Ticker: tickers[r.IntN(len(tickers))],
			Date: from.AddDate(0, 0, i), Quantity: float64(1+r.IntN(40)) / 4, Price: 10 + r.Float64()*90, Fee: r.Float64()}
	}
	return out
}

// validPrefix returns the longest prefix of txs that Replay accepts.
func validPrefix(txs []model.Transaction) []model.Transaction {
	for i := len(txs); i > 0; i-- {
		if _, err := Replay(txs[:i]); err == nil {
			return txs[:i]
		}
	}
	return nil
}

// TestLedgerAppendMatchesReplay checks the incremental check against a
// full replay on random histories: the same verdict, the same message and
// the same book afterwards, and the earlier state is left unchanged.
func TestLedgerAppendMatchesReplay(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	for round := range 300 {
		base := validPrefix(randomHistory(r, 5+r.IntN(60), start))
		state, err := Ledger.Replay(base)
		if err != nil {
			t.Fatal(err)
		}
		before := describe(state.(bookState).book)
		extra := randomHistory(r, 1+r.IntN(4), start.AddDate(0, 0, len(base)))
		all := append(append([]model.Transaction{}, base...), extra...)
		want, wantErr := Ledger.Replay(all)
		got, gotErr := state.Append(extra)
		if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
			t.Fatalf("round %d: append verdict %v, replay verdict %v", round, gotErr, wantErr)
		}
		if wantErr == nil && !sameBook(want.(bookState).book, got.(bookState).book) {
			t.Fatalf("round %d: appended book differs from replayed book", round)
		}
		if after := describe(state.(bookState).book); after != before {
			t.Fatalf("round %d: Append changed the earlier state", round)
		}
		// A refused or rolled-back append is followed by another one from
		// the same state, and the newest state is appended to again.
		again := randomHistory(r, 1+r.IntN(4), start.AddDate(0, 0, len(base)))
		checkAppend(t, round, state, base, again)
		if after := describe(state.(bookState).book); after != before {
			t.Fatalf("round %d: a second Append changed the earlier state", round)
		}
		if gotErr == nil {
			checkAppend(t, round, got, all, randomHistory(r, 1+r.IntN(4), start.AddDate(0, 0, len(all))))
		}
	}
}

// checkAppend appends extra to state (the replayed base) and compares the
// verdict and the book with a replay of base and extra.
func checkAppend(t *testing.T, round int, state model.LedgerState, base, extra []model.Transaction) {
	t.Helper()
	want, wantErr := Ledger.Replay(append(append([]model.Transaction{}, base...), extra...))
	got, gotErr := state.Append(extra)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("round %d: append verdict %v, replay verdict %v", round, gotErr, wantErr)
	}
	if wantErr == nil && !sameBook(want.(bookState).book, got.(bookState).book) {
		t.Fatalf("round %d: appended book differs from replayed book", round)
	}
}

// sameBook compares two books position by position (lot slices by value).
func sameBook(a, b *Book) bool {
	return reflect.DeepEqual(a.Order, b.Order) && describe(a) == describe(b)
}

// describe prints a book's positions by value, in ticker order.
func describe(b *Book) string {
	s := ""
	for _, k := range b.Order {
		p := *b.Positions[k]
		p.lotsShared = false // how the lots are held, not what they are
		s += fmt.Sprintf("%+v\n", p)
	}
	return s
}

// TestBuyCopiesNoLots: appending a buy to a position with many open lots
// copies none of them (it used to copy every lot of the position, so each
// write cost more than the one before).
func TestBuyCopiesNoLots(t *testing.T) {
	start := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	base := make([]model.Transaction, 20000)
	for i := range base {
		base[i] = model.Transaction{Kind: "buy", Ticker: "AAPL", Date: start, Quantity: 1, Price: 100, ID: fmt.Sprint(i)}
	}
	state, err := Ledger.Replay(base)
	if err != nil {
		t.Fatal(err)
	}
	buy := []model.Transaction{{Kind: "buy", Ticker: "AAPL", Date: start, Quantity: 1, Price: 101, ID: "new"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := state.Append(buy); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	// 20,000 lots are 800 KB; ten appends that copy nothing stay far below.
	if got := after.TotalAlloc - before.TotalAlloc; got > 100<<10 {
		t.Fatalf("ten buys allocated %d bytes: the open lots were copied", got)
	}
}
