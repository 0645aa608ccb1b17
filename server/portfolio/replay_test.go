package portfolio

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

func tx(kind, ticker, date string, q, p, fee float64) model.Transaction {
	d, _ := time.Parse(time.DateOnly, date)
	return model.Transaction{Kind: kind, Ticker: ticker, Date: d, Quantity: q, Price: p, Fee: fee}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestReplayRefusesImpossibleHistories(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		txs     []model.Transaction
		wantIdx int
		wantMsg string
	}{
		{"sell without holding", []model.Transaction{tx("sell", "AAPL", "2010-01-04", 1, 10, 0)}, 0, "hold only 0"},
		{"oversell", []model.Transaction{tx("buy", "AAPL", "2010-01-04", 10, 10, 0), tx("sell", "AAPL", "2010-01-05", 11, 10, 0)}, 1, "sell 11 AAPL but hold only 10"},
		{"sell other ticker", []model.Transaction{tx("buy", "AAPL", "2010-01-04", 10, 10, 0), tx("sell", "MSFT", "2010-01-05", 1, 10, 0)}, 1, "MSFT"},
		{"over cover", []model.Transaction{tx("short", "KO", "2010-01-04", 5, 10, 0), tx("cover", "KO", "2010-01-05", 6, 10, 0)}, 1, "short only 5"},
		{"short while long", []model.Transaction{tx("buy", "KO", "2010-01-04", 5, 10, 0), tx("short", "KO", "2010-01-05", 1, 10, 0)}, 1, "sell the long position first"},
		{"buy while short", []model.Transaction{tx("short", "KO", "2010-01-04", 5, 10, 0), tx("buy", "KO", "2010-01-05", 1, 10, 0)}, 1, "use cover"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Replay(c.txs)
			var pe *PositionError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want PositionError", err)
			}
			if pe.Index != c.wantIdx || !strings.Contains(pe.Msg, c.wantMsg) {
				t.Fatalf("got index %d %q, want %d containing %q", pe.Index, pe.Msg, c.wantIdx, c.wantMsg)
			}
		})
	}
}

func TestHoldingsFIFOAndShorts(t *testing.T) {
	t.Parallel()
	txs := []model.Transaction{
		tx("buy", "AAPL", "2010-01-04", 10, 100, 10), // unit 101
		tx("buy", "AAPL", "2010-02-01", 10, 120, 0),  // unit 120
		tx("sell", "AAPL", "2010-03-01", 15, 130, 5), // 10 @101 + 5 @120 = 1610; proceeds 1945
		tx("short", "KO", "2010-01-04", 20, 50, 0),
		tx("cover", "KO", "2010-05-01", 5, 40, 0), // realised 5*(50-40)=50
		tx("dividend", "AAPL", "2010-06-01", 5, 2, 1),
		tx("fee", "AAPL", "2010-06-02", 1, 3, 0),
		tx("buy", "MSFT", "2010-01-04", 1, 10, 0),
		tx("sell", "MSFT", "2010-01-05", 1, 12, 0),
	}
	b, err := Replay(txs)
	if err != nil {
		t.Fatal(err)
	}
	quotes := map[string]Quote{"AAPL": {Close: 150}, "KO": {Close: 45}, "MSFT": {Close: 20}}
	h := Holdings(b, quotes)
	if len(h.Positions) != 2 || len(h.Closed) != 1 || h.Closed[0].Ticker != "MSFT" {
		t.Fatalf("positions %+v closed %+v", h.Positions, h.Closed)
	}
	aapl, ko := h.Positions[0], h.Positions[1]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"aapl qty", aapl.Quantity, 5},
		{"aapl avg", aapl.AvgCost, 120},
		{"aapl mv", aapl.MarketValue, 750},
		{"aapl unrealised", aapl.UnrealisedPL, 150},
		{"aapl realised", aapl.RealisedPL, 1945 - 1610},
		{"aapl dividends", aapl.Dividends, 9},
		{"aapl fees", aapl.Fees, 3},
		{"ko qty", ko.Quantity, -15},
		{"ko mv", ko.MarketValue, -675},
		{"ko unrealised", ko.UnrealisedPL, 15 * 5},
		{"ko realised", ko.RealisedPL, 50},
		{"gross", h.GrossExposure, 1425},
		{"net", h.NetExposure, 75},
		{"long", h.LongValue, 750},
		{"short", h.ShortValue, -675},
		{"weight aapl", aapl.Weight, 750.0 / 1425},
		{"weight ko", ko.Weight, -675.0 / 1425},
		{"realised total", h.RealisedPL, 335 + 50 + 2},
		{"total", h.TotalPL, (335 + 50 + 2) + 150 + 75 + 9 - 3},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestReplayFractionalClosesToZero(t *testing.T) {
	t.Parallel()
	txs := []model.Transaction{tx("buy", "AAPL", "2010-01-04", 0.1, 10, 0), tx("buy", "AAPL", "2010-01-04", 0.2, 10, 0),
		tx("sell", "AAPL", "2010-01-05", 0.3, 10, 0)}
	b, err := Replay(txs)
	if err != nil {
		t.Fatal(err)
	}
	if q := b.Positions["AAPL"].Quantity(); q != 0 {
		t.Fatalf("quantity = %v, want exactly 0", q)
	}
}

func BenchmarkHoldings20000(b *testing.B) {
	tickers := []string{"AAPL", "MSFT", "KO", "JNJ", "XOM", "PG", "DIS", "HD", "JPM", "IBM"}
	txs := make([]model.Transaction, 0, 20000)
	start := time.Date(2006, 1, 3, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 20000; i++ {
		kind := "buy"
		if (i/len(tickers))%3 == 2 {
			kind = "sell"
		}
		txs = append(txs, model.Transaction{Kind: kind, Ticker: tickers[i%len(tickers)], Date: start.AddDate(0, 0, i/5),
			Quantity: 10, Price: 50 + float64(i%40), Fee: 1})
	}
	quotes := map[string]Quote{}
	for _, t := range tickers {
		quotes[t] = Quote{Close: 75}
	}
	b.ReportAllocs()
	for b.Loop() {
		book, err := Replay(txs)
		if err != nil {
			b.Fatal(err)
		}
		_ = Holdings(book, quotes)
	}
}
