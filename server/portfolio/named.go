package portfolio

import (
	"fmt"
	"math"
	"slices"

	"github.com/fortfolio/fortfolio/server/model"
)

// consumeNamed closes the lots sale t names and returns their cost, or
// why it cannot: a named lot that is not an open lot of the ticker in
// this portfolio (another portfolio's, another user's, a closed or a
// later one) or that holds fewer shares than named. lots is changed only
// when every named lot can be closed.
func consumeNamed(lots *[]lot, t model.Transaction) (float64, string) {
	ls := slices.Clone(*lots)
	date := dateText(t.Date)
	value := 0.0
	for _, p := range t.Lots {
		i := slices.IndexFunc(ls, func(l lot) bool { return l.id == p.Lot && l.qty > tolerance(l.qty) })
		if i < 0 {
			return 0, fmt.Sprintf("On %s the sale of %s names lot %s, which is not an open %s lot of this portfolio.", date, t.Ticker, p.Lot, t.Ticker)
		}
		if p.Quantity > ls[i].qty+tolerance(p.Quantity) {
			return 0, fmt.Sprintf("On %s the sale of %s takes %s shares from lot %s, which holds only %s.", date, t.Ticker, num(p.Quantity), p.Lot, num(ls[i].qty))
		}
		take := math.Min(p.Quantity, ls[i].qty)
		value += take * ls[i].unit
		ls[i].qty -= take
	}
	*lots = slices.DeleteFunc(ls, func(l lot) bool { return l.qty <= tolerance(l.qty) })
	return value, ""
}
