package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// wrapped is the embedded data behind another provider, as the server
// composes the users' assets over it: its split book fetches splits.
type wrapped struct{ *market.Embedded }

// TestRestartReadsTheHistorysSplits: an as-traded AAPL history across the
// 2014-06-09 seven-for-one split (10 bought before, 70 sold after) is
// possible only with the split applied. After a restart the split book is
// empty; a change that does not name AAPL must still replay that history
// with its splits, not refuse it as impossible.
func TestRestartReadsTheHistorysSplits(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	u, err := st.CreateUser(ctx, "alice", "hash", "user", false, now)
	if err != nil {
		t.Fatal(err)
	}
	emb, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	start := func() *Service {
		return New(Options{Store: st, Market: wrapped{emb}, Now: func() time.Time { return now }})
	}
	asTraded := func(date, kind string, q float64) wire.TransactionInput {
		return wire.TransactionInput{Date: date, Kind: kind, Ticker: "AAPL", Quantity: q, Price: 90, Basis: "as_traded"}
	}
	msft := wire.TransactionInput{Date: "2014-08-01", Kind: "buy", Ticker: "MSFT", Quantity: 1, Price: 40}
	tests := []struct {
		name   string
		change func(s *Service, folio, msftID string) error
	}{
		{"import", func(s *Service, folio, _ string) error {
			res, err := s.Import(ctx, u.ID, folio, []byte("date,kind,ticker,quantity,price,fee,note\n2014-08-01,buy,MSFT,1,40,0,\n"), false)
			if err == nil && (res.Imported != 1 || len(res.Errors) > 0) {
				t.Errorf("import: %+v", res)
			}
			return err
		}},
		{"add", func(s *Service, folio, _ string) error { _, err := s.Add(ctx, u.ID, folio, msft); return err }},
		{"update", func(s *Service, folio, id string) error {
			in := msft
			in.Quantity = 2
			_, err := s.Update(ctx, u.ID, folio, id, in)
			return err
		}},
		{"delete", func(s *Service, folio, id string) error { return s.Delete(ctx, u.ID, folio, id) }},
		{"state", func(s *Service, folio, _ string) error { _, err := s.State(ctx, u.ID, folio); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := st.CreatePortfolio(ctx, u.ID, "Main "+tc.name, "", now)
			if err != nil {
				t.Fatal(err)
			}
			before := start()
			var msftID string
			for _, in := range []wire.TransactionInput{asTraded("2014-01-02", "buy", 10), asTraded("2014-07-01", "sell", 70), msft} {
				added, err := before.Add(ctx, u.ID, p.ID, in)
				if err != nil {
					t.Fatal(err)
				}
				msftID = added.ID
			}
			// A new service is a restart: an empty split book, and a new
			// ledger, so the store replays the whole history.
			if err := tc.change(start(), p.ID, msftID); err != nil {
				t.Fatalf("after a restart: %v", err)
			}
		})
	}
}

// TestAnotherNodesSplits: two services on one database (two nodes). Node
// B has read the portfolio before node A adds an as-traded AAPL history
// across the 2014 split; B's next change must still fetch AAPL's splits.
func TestAnotherNodesSplits(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	u, err := st.CreateUser(ctx, "bob", "hash", "user", false, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreatePortfolio(ctx, u.ID, "Main", "", now)
	if err != nil {
		t.Fatal(err)
	}
	emb, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	node := func() *Service {
		return New(Options{Store: st, Market: wrapped{emb}, Now: func() time.Time { return now }})
	}
	a, b := node(), node()
	if _, err := b.State(ctx, u.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	for _, in := range []wire.TransactionInput{
		{Date: "2014-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 550, Basis: "as_traded"},
		{Date: "2014-07-01", Kind: "sell", Ticker: "AAPL", Quantity: 70, Price: 93, Basis: "as_traded"},
	} {
		if _, err := a.Add(ctx, u.ID, p.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	msft := wire.TransactionInput{Date: "2014-08-01", Kind: "buy", Ticker: "MSFT", Quantity: 1, Price: 40}
	if _, err := b.Add(ctx, u.ID, p.ID, msft); err != nil {
		t.Fatalf("node B after node A's as-traded history: %v", err)
	}
}
