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

// fmp talks to the Financial Modeling Prep API. FMP wants the key as the
// apikey query parameter, so every message that could carry the URL goes
// through the client's redactor.
type fmp struct {
	c *client
}

// NewFMP returns an FMP provider using cfg.FMPKey and cfg.FMPBaseURL, with
// its cache at cfg.CachePath.
func NewFMP(ctx context.Context, cfg Config) (*Remote, error) {
	cfg = cfg.withDefaults()
	key := strings.TrimSpace(cfg.FMPKey)
	c, err := newClient("fmp", key, cfg.FMPBaseURL, DefaultFMPBaseURL, cfg)
	if err != nil {
		return nil, err
	}
	c.authorize = func(req *http.Request) {
		q := req.URL.Query()
		q.Set("apikey", key)
		req.URL.RawQuery = q.Encode()
	}
	c.bodyError = fmpBodyError
	return newRemote(ctx, "fmp", &fmp{c: c}, cfg)
}

// fmpBodyError detects {"Error Message":"..."} in a 2xx body.
func fmpBodyError(body []byte) string {
	var env map[string]json.RawMessage
	if json.Unmarshal(body, &env) != nil {
		return ""
	}
	if _, ok := env["Error Message"]; ok {
		return errorText(body)
	}
	return ""
}

// fmpHistorical is the historical-price-full response (newest first).
type fmpHistorical struct {
	Symbol     string `json:"symbol"`
	Historical []struct {
		Date   string  `json:"date"`
		Open   float64 `json:"open"`
		High   float64 `json:"high"`
		Low    float64 `json:"low"`
		Close  float64 `json:"close"`
		Volume float64 `json:"volume"`
	} `json:"historical"`
}

// history implements backend with /api/v3/historical-price-full/{T}.
func (f *fmp) history(ctx context.Context, t string, from, to time.Time) ([]Bar, error) {
	q := url.Values{"from": {from.Format(time.DateOnly)}, "to": {to.Format(time.DateOnly)}}
	body, err := f.c.get(ctx, []string{"api", "v3", "historical-price-full", t}, q)
	if err != nil {
		return nil, err
	}
	var resp fmpHistorical
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: fmp: %w: malformed historical response", ErrUnavailable)
	}
	bars := make([]Bar, 0, len(resp.Historical))
	for _, h := range resp.Historical {
		d, err := validate.Date(strings.TrimSpace(h.Date))
		if err != nil {
			continue
		}
		bars = append(bars, Bar{Date: d, Open: h.Open, High: h.High, Low: h.Low, Close: h.Close, Volume: floatVolume(h.Volume)})
	}
	return cleanBars(bars, from, to), nil
}

// fmpSearchResult is one /api/v3/search entry.
type fmpSearchResult struct {
	Symbol            string `json:"symbol"`
	Name              string `json:"name"`
	Currency          string `json:"currency"`
	StockExchange     string `json:"stockExchange"`
	ExchangeShortName string `json:"exchangeShortName"`
}

// search implements backend with /api/v3/search.
func (f *fmp) search(ctx context.Context, q string, limit int) ([]Symbol, error) {
	body, err := f.c.get(ctx, []string{"api", "v3", "search"}, url.Values{"query": {q}, "limit": {strconv.Itoa(limit)}})
	if err != nil {
		return nil, err
	}
	var resp []fmpSearchResult
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("market: fmp: %w: malformed search response", ErrUnavailable)
	}
	out := []Symbol{}
	for _, r := range resp {
		t, err := validate.Ticker(r.Symbol)
		if err != nil || len(out) >= limit {
			continue
		}
		out = append(out, fallbackSymbol(Symbol{Ticker: t, Name: orUnknown(r.Name), Sector: Unknown,
			Industry: Unknown, Country: Unknown, Exchange: orUnknown(r.ExchangeShortName), Currency: quoteCurrency(r.Currency)}))
	}
	return out, nil
}

// fmpProfile is one /api/v3/profile entry.
type fmpProfile struct {
	Symbol            string `json:"symbol"`
	CompanyName       string `json:"companyName"`
	Sector            string `json:"sector"`
	Industry          string `json:"industry"`
	Country           string `json:"country"`
	ExchangeShortName string `json:"exchangeShortName"`
	Currency          string `json:"currency"`
}

// symbol implements backend with /api/v3/profile/{T}.
func (f *fmp) symbol(ctx context.Context, t string) (Symbol, error) {
	body, err := f.c.get(ctx, []string{"api", "v3", "profile", t}, url.Values{})
	if err != nil {
		return Symbol{}, err
	}
	var resp []fmpProfile
	if err := json.Unmarshal(body, &resp); err != nil {
		return Symbol{}, fmt.Errorf("market: fmp: %w: malformed profile response", ErrUnavailable)
	}
	for _, p := range resp {
		if s, err := validate.Ticker(p.Symbol); err == nil && s == t {
			return Symbol{Ticker: t, Name: orUnknown(p.CompanyName), Sector: orUnknown(p.Sector),
				Industry: orUnknown(p.Industry), Country: orUnknown(p.Country), Exchange: orUnknown(p.ExchangeShortName),
				Currency: quoteCurrency(p.Currency)}, nil
		}
	}
	return Symbol{}, fmt.Errorf("%w: %s", ErrUnknownTicker, t)
}
