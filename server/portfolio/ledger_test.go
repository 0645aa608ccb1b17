package portfolio

import (
	"fmt"
	"math/rand/v2"
	"reflect"
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
		s += fmt.Sprintf("%+v\n", *b.Positions[k])
	}
	return s
}
