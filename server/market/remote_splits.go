package market

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
)

// splitBackend is a backend whose API lists share splits.
type splitBackend interface {
	splits(ctx context.Context, ticker string) ([]model.Split, error)
}

var _ Splitter = (*Remote)(nil)

// Splits implements Splitter: the provider's splits of ticker, checked
// (a real date, a finite ratio in the range a split transaction accepts,
// not 1), sorted, one per date.
func (r *Remote) Splits(ctx context.Context, ticker string) ([]model.Split, error) {
	t, err := normTicker(ticker)
	if err != nil {
		return nil, err
	}
	sb, ok := r.be.(splitBackend)
	if !ok {
		return nil, nil
	}
	raw, err := sb.splits(ctx, t)
	if err != nil {
		return nil, err
	}
	return cleanSplits(raw), nil
}

// cleanSplits drops implausible entries, sorts and keeps one per date.
func cleanSplits(raw []model.Split) []model.Split {
	out := []model.Split{}
	for _, s := range raw {
		if math.IsNaN(s.Ratio) || s.Ratio < validate.MinRatio || s.Ratio > validate.MaxRatio || s.Ratio == 1 || s.Date.IsZero() {
			continue
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b model.Split) int { return a.Date.Compare(b.Date) })
	return slices.CompactFunc(out, func(a, b model.Split) bool { return a.Date.Equal(b.Date) })
}

// ratioOf is to/from, or 0 when either is not a positive number.
func ratioOf(to, from float64) float64 {
	if !(to > 0) || !(from > 0) || math.IsInf(to, 0) || math.IsInf(from, 0) {
		return 0
	}
	return to / from
}

// splitDay parses a provider's YYYY-MM-DD split date (zero when bad).
func splitDay(s string) time.Time {
	d, err := validate.Date(s)
	if err != nil {
		return time.Time{}
	}
	return d
}

// polygonSplits is the /v3/reference/splits response.
type polygonSplits struct {
	Results []struct {
		Ticker        string  `json:"ticker"`
		ExecutionDate string  `json:"execution_date"`
		SplitFrom     float64 `json:"split_from"`
		SplitTo       float64 `json:"split_to"`
	} `json:"results"`
}

// splits implements splitBackend with /v3/reference/splits?ticker=T.
func (p *polygon) splits(ctx context.Context, t string) ([]model.Split, error) {
	body, err := p.c.get(ctx, []string{"v3", "reference", "splits"}, url.Values{"ticker": {t}, "limit": {"1000"}})
	if err != nil {
		return nil, err
	}
	var resp polygonSplits
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: polygon: %w: malformed splits response", ErrUnavailable)
	}
	var out []model.Split
	for _, r := range resp.Results {
		if r.Ticker == t {
			out = append(out, model.Split{Ticker: t, Date: splitDay(r.ExecutionDate), Ratio: ratioOf(r.SplitTo, r.SplitFrom), Source: "Polygon.io"})
		}
	}
	return out, nil
}

// fmpSplits is the /api/v3/historical-price-full/stock_split/{T} response.
type fmpSplits struct {
	Symbol     string `json:"symbol"`
	Historical []struct {
		Date        string  `json:"date"`
		Numerator   float64 `json:"numerator"`
		Denominator float64 `json:"denominator"`
	} `json:"historical"`
}

// splits implements splitBackend.
func (f *fmp) splits(ctx context.Context, t string) ([]model.Split, error) {
	body, err := f.c.get(ctx, []string{"api", "v3", "historical-price-full", "stock_split", t}, url.Values{})
	if err != nil {
		return nil, err
	}
	var resp fmpSplits
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: fmp: %w: malformed splits response", ErrUnavailable)
	}
	if resp.Symbol != "" && resp.Symbol != t {
		return nil, nil
	}
	var out []model.Split
	for _, h := range resp.Historical {
		out = append(out, model.Split{Ticker: t, Date: splitDay(h.Date), Ratio: ratioOf(h.Numerator, h.Denominator), Source: "Financial Modeling Prep"})
	}
	return out, nil
}
