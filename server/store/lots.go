package store

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/server/model"
)

// encodeLots stores a sale's named lots as "lot:quantity" pairs joined by
// commas (lot ids are identifiers, so neither separator occurs in them).
func encodeLots(picks []model.LotPick) string {
	parts := make([]string, len(picks))
	for i, p := range picks {
		parts[i] = p.Lot + ":" + strconv.FormatFloat(p.Quantity, 'g', -1, 64)
	}
	return strings.Join(parts, ",")
}

// decodeLots reads what encodeLots wrote.
func decodeLots(s string) ([]model.LotPick, error) {
	parts := strings.Split(s, ",")
	out := make([]model.LotPick, 0, len(parts))
	for _, part := range parts {
		lot, qty, ok := strings.Cut(part, ":")
		q, err := strconv.ParseFloat(qty, 64)
		if !ok || lot == "" || err != nil || math.IsNaN(q) || math.IsInf(q, 0) || q <= 0 {
			return nil, fmt.Errorf("store: bad stored lots %q", s)
		}
		out = append(out, model.LotPick{Lot: lot, Quantity: q})
	}
	return out, nil
}
