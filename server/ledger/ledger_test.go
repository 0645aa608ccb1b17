package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// fixture is a ledger over a temporary store and the embedded market data,
// with one user and one empty portfolio.
type fixture struct {
	s           *Service
	user, folio string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m, err := market.NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)
	u, err := st.CreateUser(ctx, "alice", "hash", "user", false, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.CreatePortfolio(ctx, u.ID, "Main", "", now)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{s: New(Options{Store: st, Market: m, Now: func() time.Time { return now }}), user: u.ID, folio: p.ID}
}

func buy(date string, q float64) wire.TransactionInput {
	return wire.TransactionInput{Date: date, Kind: "buy", Ticker: "AAPL", Quantity: q, Price: 30}
}

func TestChangesAreCheckedBeforeTheyAreWritten(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first, err := f.s.Add(ctx, f.user, f.folio, buy("2010-01-04", 10))
	if err != nil {
		t.Fatal(err)
	}
	sell := wire.TransactionInput{Date: "2011-01-03", Kind: "sell", Ticker: "AAPL", Quantity: 10, Price: 40}
	if _, err := f.s.Add(ctx, f.user, f.folio, sell); err != nil {
		t.Fatal(err)
	}

	var fields validate.FieldErrors
	unknown := buy("2010-01-04", 1)
	unknown.Ticker = "NOPE"
	if _, err := f.s.Add(ctx, f.user, f.folio, unknown); !errors.As(err, &fields) || fields["ticker"] == "" {
		t.Errorf("unknown ticker: %v", err)
	}
	if _, err := f.s.Add(ctx, f.user, f.folio, buy("1990-01-02", 1)); !errors.As(err, &fields) || fields["date"] == "" {
		t.Errorf("date before the market data: %v", err)
	}
	var refused *HistoryError
	if _, err := f.s.Update(ctx, f.user, f.folio, first.ID, buy("2010-01-04", 5)); !errors.As(err, &refused) || refused.Op != OpUpdate {
		t.Errorf("update that oversells: %v", err)
	}
	if err := f.s.Delete(ctx, f.user, f.folio, first.ID); !errors.As(err, &refused) || refused.Op != OpDelete ||
		!strings.HasPrefix(refused.Public(), "This transaction cannot be deleted") {
		t.Errorf("delete that oversells: %v", err)
	}
	if _, err := f.s.Add(ctx, f.user, "nonexistent0", buy("2010-01-04", 1)); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown portfolio: %v", err)
	}
	txs, _ := f.s.store.ListTransactions(ctx, f.user, f.folio)
	if len(txs) != 2 || txs[0].Quantity != 10 {
		t.Errorf("a refused change was written: %+v", txs)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	good := "date,kind,ticker,quantity,price,fee,note\n2010-01-04,buy,AAPL,10,30,1,\n2011-01-03,sell,AAPL,4,40,1,\n"
	bad := good + "2011-02-01,sell,AAPL,100,40,1,\n"
	for _, tc := range []struct {
		name     string
		body     string
		dryRun   bool
		code     string
		imported int
		errors   int
	}{
		{"dry run", good, true, "", 0, 0},
		{"oversell", bad, false, ImportRejected, 0, 1},
		{"dry run with errors", bad, true, "", 0, 1},
		{"import", good, false, "", 2, 0},
	} {
		res, err := f.s.Import(ctx, f.user, f.folio, []byte(tc.body), tc.dryRun)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if res.Code != tc.code || res.Imported != tc.imported || res.DryRun != tc.dryRun || len(res.Errors) != tc.errors {
			t.Errorf("%s: code %q imported %d dry %v, want %q %d %v (%+v)", tc.name, res.Code, res.Imported, res.DryRun, tc.code, tc.imported, tc.dryRun, res.Errors)
		}
	}
	txs, _ := f.s.store.ListTransactions(ctx, f.user, f.folio)
	if len(txs) != 2 {
		t.Errorf("%d transactions stored, want 2", len(txs))
	}
}

func TestPlanStress(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	saved, err := f.s.SaveStressSet(ctx, f.user, wire.StressSet{Name: "Mine", MarketShock: -0.2})
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.s.PlanStress(ctx, f.user, wire.StressRequest{})
	if err != nil || len(all.Scenarios) == 0 || all.Sets[len(all.Sets)-1].Name != "Mine" {
		t.Fatalf("empty request plans %+v, %v", all, err)
	}
	one, err := f.s.PlanStress(ctx, f.user, wire.StressRequest{SetIDs: []string{saved.ID}})
	if err != nil || len(one.Sets) != 1 || len(one.Scenarios) != 0 {
		t.Errorf("saved set plan %+v, %v", one, err)
	}
	var input *InputError
	for name, in := range map[string]wire.StressRequest{
		"too many":         {ScenarioIDs: make([]string, MaxStressItems+1)},
		"unknown scenario": {ScenarioIDs: []string{"nope"}},
		"unknown set":      {SetIDs: []string{"abcdefabcdef"}},
		"bad set":          {Sets: []wire.StressSet{{Name: "x", MarketShock: 2}}},
	} {
		if _, err := f.s.PlanStress(ctx, f.user, in); !errors.As(err, &input) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := f.s.SaveStressSet(ctx, f.user, wire.StressSet{Name: ""}); !errors.As(err, &input) ||
		input.Msg != "Invalid stress set: stress set name: must be 1..80 characters: invalid input." {
		t.Errorf("invalid saved set: %v", err)
	}
}
