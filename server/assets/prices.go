package assets

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// PricesError is a price list the user must fix; Msg names the line.
type PricesError struct{ Msg string }

func (e *PricesError) Error() string { return e.Msg }

// ParsePrices reads a body of PUT /api/assets/{id}/prices into sorted,
// checked closes (one per date; a date twice is an error).
func ParsePrices(in wire.AssetPrices) ([]model.AssetPrice, error) {
	if in.CSV != "" && len(in.Prices) > 0 {
		return nil, &PricesError{Msg: "Send either prices or csv, not both."}
	}
	rows := in.Prices
	if in.CSV != "" {
		var err error
		if rows, err = pricesCSV(in.CSV); err != nil {
			return nil, err
		}
	}
	if len(rows) > validate.MaxAssetPrices {
		return nil, &PricesError{Msg: fmt.Sprintf("At most %d prices per asset.", validate.MaxAssetPrices)}
	}
	out := make([]model.AssetPrice, 0, len(rows))
	for i, r := range rows {
		if err := validate.AssetPrice(r.Date, r.Close); err != nil {
			return nil, &PricesError{Msg: fmt.Sprintf("Price %d (%s): %s", i+1, clip(r.Date), err.Error())}
		}
		d, _ := validate.Date(r.Date)
		out = append(out, model.AssetPrice{Date: d, Close: r.Close})
	}
	slices.SortFunc(out, func(a, b model.AssetPrice) int { return a.Date.Compare(b.Date) })
	for i := 1; i < len(out); i++ {
		if out[i].Date.Equal(out[i-1].Date) {
			return nil, &PricesError{Msg: "The date " + out[i].Date.Format(time.DateOnly) + " has two prices."}
		}
	}
	return out, nil
}

// pricesCSV reads date,close lines.
func pricesCSV(text string) ([]wire.AssetPrice, error) {
	var out []wire.AssetPrice
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(out) >= validate.MaxAssetPrices {
			return nil, &PricesError{Msg: fmt.Sprintf("At most %d prices per asset.", validate.MaxAssetPrices)}
		}
		date, closeText, ok := splitPrice(line)
		if !ok {
			return nil, &PricesError{Msg: fmt.Sprintf("Line %d: write date,close (for example 2024-01-31,101.25).", n+1)}
		}
		v, err := strconv.ParseFloat(closeText, 64)
		if err != nil {
			if n == 0 && len(out) == 0 {
				continue // a header line
			}
			return nil, &PricesError{Msg: fmt.Sprintf("Line %d: %q is not a price.", n+1, clip(closeText))}
		}
		out = append(out, wire.AssetPrice{Date: date, Close: v})
	}
	if len(out) == 0 {
		return nil, &PricesError{Msg: "No prices: write one date,close per line."}
	}
	return out, nil
}

// splitPrice splits "date,close", "date;close" or "date<tab>close"; with
// ";" or a tab, a decimal comma is read as a point (and dots before it as
// thousands separators).
func splitPrice(line string) (string, string, bool) {
	for _, sep := range []string{"\t", ";", ","} {
		if d, c, ok := strings.Cut(line, sep); ok {
			c = strings.TrimSpace(c)
			if sep != "," && strings.Contains(c, ",") {
				c = strings.Replace(strings.ReplaceAll(c, ".", ""), ",", ".", 1) // 1.234,5
			}
			return strings.TrimSpace(d), c, !strings.ContainsAny(c, ",;\t")
		}
	}
	return "", "", false
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
