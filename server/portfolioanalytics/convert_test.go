package portfolioanalytics

import (
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
)

func day(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

func TestConvert(t *testing.T) {
	txs := []model.Transaction{
		{Kind: "buy", Ticker: "A", Date: day("2010-01-04"), Quantity: 10, Price: 5, Fee: 1},
		{Kind: "sell", Ticker: "A", Date: day("2010-02-01"), Quantity: 4, Price: 6, Fee: 1},
		{Kind: "short", Ticker: "B", Date: day("2010-02-01"), Quantity: 3, Price: 7},
		{Kind: "cover", Ticker: "B", Date: day("2010-03-01"), Quantity: 3, Price: 6},
		{Kind: "dividend", Ticker: "A", Date: day("2010-03-01"), Quantity: 6, Price: 0.5, Fee: 0.2},
		{Kind: "fee", Ticker: "A", Date: day("2010-03-02"), Quantity: 1, Price: 2, Fee: 0.5},
	}
	l := Convert(txs)
	wantQ := []float64{10, -4, -3, 3}
	for i, q := range wantQ {
		if l.Trades[i].Quantity != q {
			t.Errorf("trade %d quantity %v, want %v", i, l.Trades[i].Quantity, q)
		}
	}
	if len(l.Dividends) != 2 || l.Dividends[0].Amount != 2.8 || l.Dividends[1].Amount != -2.5 {
		t.Errorf("dividends = %+v", l.Dividends)
	}
	if len(l.Tickers) != 2 || l.Tickers[0] != "A" {
		t.Errorf("tickers = %v", l.Tickers)
	}
}

func TestLotsFIFO(t *testing.T) {
	txs := []model.Transaction{
		{Kind: "buy", Ticker: "A", Date: day("2010-01-04"), Quantity: 10, Price: 5, Fee: 10},
		{Kind: "buy", Ticker: "A", Date: day("2011-01-04"), Quantity: 5, Price: 8},
		{Kind: "sell", Ticker: "A", Date: day("2012-01-04"), Quantity: 12, Price: 9},
		{Kind: "short", Ticker: "B", Date: day("2012-01-04"), Quantity: 5, Price: 9},
	}
	lots := Lots(txs)
	if len(lots) != 1 || lots[0].Quantity != 3 || lots[0].CostPerShare != 8 || !lots[0].Acquired.Equal(day("2011-01-04")) {
		t.Fatalf("lots = %+v", lots)
	}
	if c := Lots(txs[:1])[0].CostPerShare; c != 6 {
		t.Errorf("cost per share with fee = %v, want 6", c)
	}
}
