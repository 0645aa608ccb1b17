package taxlots

import (
	"testing"
	"time"
)

// benchHistory is a portfolio at the transaction limit: 10,000 buys of
// one ticker at varying prices, each followed by a sale of half of it.
func benchHistory() []Event {
	d := time.Date(2006, 1, 3, 0, 0, 0, 0, time.UTC)
	var ev []Event
	for i := range 10000 {
		day := d.AddDate(0, 0, i/4)
		ev = append(ev, Event{ID: "b" + num(float64(i)), Kind: Buy, Ticker: "A", Date: day, Quantity: 10, Price: 50 + float64(i%97)},
			Event{ID: "s" + num(float64(i)), Kind: Sell, Ticker: "A", Date: day, Quantity: 5, Price: 60})
	}
	return ev
}

func BenchmarkRun(b *testing.B) {
	ev := benchHistory()
	for _, m := range Methods {
		b.Run(string(m), func(b *testing.B) {
			for b.Loop() {
				if _, err := Run(ev, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
