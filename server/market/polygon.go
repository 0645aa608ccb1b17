package market

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// polygon talks to the Polygon.io REST API. The key travels only in the
// Authorization header, never in a URL.
type polygon struct {
	c *client
}

// NewPolygon returns a Polygon provider using cfg.PolygonKey and
// cfg.PolygonBaseURL, with its cache at cfg.CachePath.
func NewPolygon(ctx context.Context, cfg Config) (*Remote, error) {
	cfg = cfg.withDefaults()
	key := strings.TrimSpace(cfg.PolygonKey)
	c, err := newClient("polygon", key, cfg.PolygonBaseURL, DefaultPolygonBaseURL, cfg)
	if err != nil {
		return nil, err
	}
	c.authorize = func(req *http.Request) { req.Header.Set("Authorization", "Bearer "+key) }
	c.bodyError = polygonBodyError
	return newRemote(ctx, "polygon", &polygon{c: c}, cfg)
}

// polygonBodyError detects {"status":"ERROR","error":"..."} in a 2xx body.
func polygonBodyError(body []byte) string {
	var env struct {
		Status string `json:"status"`
	}
	if json.Unmarshal(body, &env) == nil && env.Status == "ERROR" {
		return "status ERROR: " + errorText(body)
	}
	return ""
}

// polygonAggs is the daily aggregates response.
type polygonAggs struct {
	Results []struct {
		T int64   `json:"t"`
		O float64 `json:"o"`
		H float64 `json:"h"`
		L float64 `json:"l"`
		C float64 `json:"c"`
		V float64 `json:"v"`
	} `json:"results"`
}

// Polygon's timestamps are bounded to dates 1900..2100.
var (
	minMillis = time.Date(validate.MinYear, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxMillis = time.Date(validate.MaxYear, 12, 31, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// history implements backend with /v2/aggs/ticker/{T}/range/1/day/{from}/{to}.
func (p *polygon) history(ctx context.Context, t string, from, to time.Time) ([]Bar, error) {
	q := url.Values{"adjusted": {"true"}, "sort": {"asc"}, "limit": {"50000"}}
	path := []string{"v2", "aggs", "ticker", t, "range", "1", "day", from.Format(time.DateOnly), to.Format(time.DateOnly)}
	body, err := p.c.get(ctx, path, q)
	if err != nil {
		return nil, err
	}
	var resp polygonAggs
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: polygon: %w: malformed aggregates response", ErrUnavailable)
	}
	bars := make([]Bar, 0, len(resp.Results))
	for _, r := range resp.Results {
		if r.T < minMillis || r.T > maxMillis {
			continue
		}
		bars = append(bars, Bar{Date: polygonDay(r.T), Open: r.O, High: r.H, Low: r.L, Close: r.C, Volume: floatVolume(r.V)})
	}
	return cleanBars(bars, from, to), nil
}

// polygonDay maps a bar's start timestamp (midnight New York time, i.e.
// 04:00 or 05:00 UTC) to its calendar day at midnight UTC.
func polygonDay(ms int64) time.Time {
	return day(time.UnixMilli(ms).Add(12 * time.Hour))
}

// polygonTickers is the /v3/reference/tickers response.
type polygonTickers struct {
	Results []struct {
		Ticker          string `json:"ticker"`
		Name            string `json:"name"`
		PrimaryExchange string `json:"primary_exchange"`
		Locale          string `json:"locale"`
		CurrencyName    string `json:"currency_name"`
	} `json:"results"`
}

// tickers queries /v3/reference/tickers and converts valid results.
func (p *polygon) tickers(ctx context.Context, q url.Values) ([]Symbol, error) {
	body, err := p.c.get(ctx, []string{"v3", "reference", "tickers"}, q)
	if err != nil {
		return nil, err
	}
	var resp polygonTickers
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: polygon: %w: malformed tickers response", ErrUnavailable)
	}
	out := []Symbol{}
	for _, r := range resp.Results {
		t, err := validate.Ticker(r.Ticker)
		if err != nil {
			continue
		}
		out = append(out, fallbackSymbol(Symbol{Ticker: t, Name: orUnknown(r.Name), Sector: Unknown,
			Industry: Unknown, Country: Unknown, Exchange: orUnknown(r.PrimaryExchange), Currency: quoteCurrency(r.CurrencyName)}))
	}
	return out, nil
}

// search implements backend.
func (p *polygon) search(ctx context.Context, q string, limit int) ([]Symbol, error) {
	syms, err := p.tickers(ctx, url.Values{"search": {q}, "market": {"stocks"}, "active": {"true"},
		"limit": {strconv.Itoa(limit)}})
	if err != nil {
		return nil, err
	}
	return syms[:min(limit, len(syms))], nil
}

// symbol implements backend with an exact ticker filter.
func (p *polygon) symbol(ctx context.Context, t string) (Symbol, error) {
	syms, err := p.tickers(ctx, url.Values{"ticker": {t}, "market": {"stocks"}, "limit": {"1"}})
	if err != nil {
		return Symbol{}, err
	}
	for _, s := range syms {
		if s.Ticker == t {
			return s, nil
		}
	}
	return Symbol{}, fmt.Errorf("%w: %s", ErrUnknownTicker, t)
}
