package portfolio

import (
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// ExampleName and ExampleNote describe the ready-made example portfolio.
const (
	ExampleName = "Example: DJIA blue chips"
	ExampleNote = "A ready-made example: nine Dow Jones stocks bought at their real closing prices in " +
		"January 2010, with one partial sale. Edit or delete it freely."
)

// ExampleTrade is one trade of the example portfolio; its price is the
// real close of the first trading day on or after Date.
type ExampleTrade struct {
	Kind     string
	Ticker   string
	Date     time.Time
	Quantity float64
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ExampleTrades lists the example portfolio's trades, oldest first.
var ExampleTrades = []ExampleTrade{
	{validate.KindBuy, "AAPL", day(2010, 1, 4), 100},
	{validate.KindBuy, "MSFT", day(2010, 1, 4), 300},
	{validate.KindBuy, "JNJ", day(2010, 1, 4), 120},
	{validate.KindBuy, "JPM", day(2010, 1, 5), 200},
	{validate.KindBuy, "KO", day(2010, 1, 5), 150},
	{validate.KindBuy, "XOM", day(2010, 1, 6), 110},
	{validate.KindBuy, "PG", day(2010, 1, 6), 130},
	{validate.KindBuy, "DIS", day(2010, 1, 7), 250},
	{validate.KindBuy, "HD", day(2010, 1, 7), 260},
	{validate.KindSell, "JPM", day(2014, 6, 2), 80},
}
