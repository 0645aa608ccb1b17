package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

func openPortfolioStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var t0 = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func sampleTx(kind, date string, q float64) model.Transaction {
	d, _ := time.Parse(time.DateOnly, date)
	return model.Transaction{Kind: kind, Ticker: "AAPL", Date: d, Quantity: q, Price: 10, Fee: 1, Note: "n"}
}

func TestPortfolioCRUDIsPerUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolio(ctx, "alice", "Main", "note", t0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetPortfolio(ctx, "alice", p.ID); err != nil || got.Name != "Main" || got.Currency != "USD" || !got.CreatedAt.Equal(t0) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	steps := []struct {
		name string
		err  error
	}{
		{"other user get", func() error { _, err := s.GetPortfolio(ctx, "bob", p.ID); return err }()},
		{"other user update", func() error { _, err := s.UpdatePortfolio(ctx, "bob", p.ID, "x", "", t0); return err }()},
		{"other user delete", s.DeletePortfolio(ctx, "bob", p.ID)},
		{"other user list tx", func() error { _, err := s.ListTransactions(ctx, "bob", p.ID); return err }()},
		{"other user add tx", func() error {
			_, err := s.AddTransactions(ctx, "bob", p.ID, []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil)
			return err
		}()},
	}
	for _, st := range steps {
		if !errors.Is(st.err, model.ErrNotFound) {
			t.Errorf("%s: err = %v, want model.ErrNotFound", st.name, st.err)
		}
	}
	if _, err := s.GetPortfolio(ctx, "../alice", p.ID); err == nil {
		t.Fatal("traversal user id accepted")
	}
	up, err := s.UpdatePortfolio(ctx, "alice", p.ID, "Renamed", "", t0.Add(time.Hour))
	if err != nil || up.Name != "Renamed" || !up.UpdatedAt.After(up.CreatedAt) {
		t.Fatalf("update = %+v, %v", up, err)
	}
	if err := s.DeletePortfolio(ctx, "alice", p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetPortfolio(ctx, "alice", p.ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestPortfolioLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	for i := 0; i < model.MaxPortfolios; i++ {
		if _, err := s.CreatePortfolio(ctx, "u1", fmt.Sprint("p", i), "", t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreatePortfolio(ctx, "u1", "one too many", "", t0); !errors.Is(err, model.ErrLimit) {
		t.Fatalf("err = %v, want model.ErrLimit", err)
	}
	ps, err := s.ListPortfolios(ctx, "u1")
	if err != nil || len(ps) != model.MaxPortfolios {
		t.Fatalf("list = %d, %v", len(ps), err)
	}
}

func TestTransactionsOrderAndChecks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, _ := s.CreatePortfolio(ctx, "u", "P", "", t0)
	added, err := s.AddTransactions(ctx, "u", p.ID, []model.Transaction{sampleTx("sell", "2010-02-01", 1), sampleTx("buy", "2010-01-04", 5)}, t0, nil)
	if err != nil || len(added) != 2 {
		t.Fatal(err)
	}
	list, err := s.ListTransactions(ctx, "u", p.ID)
	if err != nil || len(list) != 2 || list[0].Kind != "buy" || list[1].Kind != "sell" || list[0].Fee != 1 {
		t.Fatalf("order = %+v, %v", list, err)
	}
	refuse := errors.New("refused")
	var seen int
	check := model.CheckFunc(func(all []model.Transaction) error { seen = len(all); return refuse })
	if _, err := s.AddTransactions(ctx, "u", p.ID, []model.Transaction{sampleTx("buy", "2010-03-01", 1)}, t0, check); !errors.Is(err, refuse) || seen != 3 {
		t.Fatalf("add with refusing check: %v seen %d", err, seen)
	}
	if err := s.DeleteTransaction(ctx, "u", p.ID, list[0].ID, check); !errors.Is(err, refuse) || seen != 1 {
		t.Fatalf("delete with refusing check: %v seen %d", err, seen)
	}
	upd := list[0]
	upd.Date = upd.Date.AddDate(0, 2, 0)
	if _, err := s.UpdateTransaction(ctx, "u", p.ID, upd, model.CheckFunc(func(all []model.Transaction) error {
		if all[1].ID != upd.ID {
			return fmt.Errorf("updated tx not re-sorted: %+v", all)
		}
		return refuse
	})); !errors.Is(err, refuse) {
		t.Fatalf("update check: %v", err)
	}
	after, _ := s.ListTransactions(ctx, "u", p.ID)
	if len(after) != 2 || !after[0].Date.Equal(list[0].Date) {
		t.Fatalf("refused changes were written: %+v", after)
	}
	if err := s.DeleteTransaction(ctx, "u", p.ID, "missing", nil); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("delete missing: %v", err)
	}
	if err := s.DeleteTransaction(ctx, "u", p.ID, list[1].ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetTransaction(ctx, "u", p.ID, list[1].ID); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("get deleted: %v", err)
	}
}

func TestDeletePortfolioCascades(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openPortfolioStore(t)
	p, err := s.CreatePortfolioWith(ctx, "u", "Ex", "", []model.Transaction{sampleTx("buy", "2010-01-04", 1)}, t0, nil)
	if err != nil || p.Transactions != 1 {
		t.Fatalf("create with: %+v %v", p, err)
	}
	if err := s.DeletePortfolio(ctx, "u", p.ID); err != nil {
		t.Fatal(err)
	}
	db, done, err := s.userDB(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM transactions`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("orphan transactions: %d %v", n, err)
	}
}
