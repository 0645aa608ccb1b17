package validate

import (
	"fmt"
	"math"
	"strconv"
)

// MaxLotPicks is the most lots one sale may name.
const MaxLotPicks = 100

// LotPick names a purchase lot (the id of its buy transaction) and the
// shares a sale takes from it.
type LotPick struct {
	Lot      string
	Quantity float64
}

// saleLots checks the lots a transaction names: only a sell may name
// lots; each is a valid identifier named once, with a positive quantity,
// and together they cover the sale's quantity exactly. Whether each lot is
// open and holds enough is the ledger's check against the history.
func saleLots(errs FieldErrors, in TxInput) {
	if len(in.Lots) == 0 {
		return
	}
	if in.Kind != KindSell {
		errs["lots"] = "Only a sell can name the lots it closes."
		return
	}
	if msg := lotPicks(in.Lots, in.Quantity); msg != "" {
		errs["lots"] = msg
	}
}

// lotPicks returns why picks cannot close quantity shares ("" when they can).
func lotPicks(picks []LotPick, quantity float64) string {
	if len(picks) > MaxLotPicks {
		return fmt.Sprintf("A sale can name at most %d lots.", MaxLotPicks)
	}
	seen := map[string]bool{}
	sum := 0.0
	for _, p := range picks {
		if ID(p.Lot) != nil {
			return "Lots: each lot is named by the id of its buy transaction."
		}
		if seen[p.Lot] {
			return "Lots: lot " + p.Lot + " is named twice."
		}
		seen[p.Lot] = true
		if math.IsNaN(p.Quantity) || math.IsInf(p.Quantity, 0) || p.Quantity <= 0 || p.Quantity > MaxQuantity {
			return "Lots: each lot's quantity must be a positive number."
		}
		sum += p.Quantity
	}
	if math.Abs(sum-quantity) > 1e-9*math.Max(1, quantity) {
		return "Lots: the named lots add up to " + strconv.FormatFloat(sum, 'f', -1, 64) + " shares but the sale is of " +
			strconv.FormatFloat(quantity, 'f', -1, 64) + "."
	}
	return ""
}
