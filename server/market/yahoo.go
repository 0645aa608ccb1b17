package market

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// DefaultYahooBaseURL is the public chart endpoint's host, the keyless
// source Ghostfolio and Portfolio Performance use by default.
const DefaultYahooBaseURL = "https://query1.finance.yahoo.com"

// yahoo reads daily bars from the public v8 chart endpoint, which needs no
// key: GET /v8/finance/chart/{T}?period1=&period2=&interval=1d answers
// {"chart": {"result": [{"meta": {...}, "timestamp": [...],
// "indicators": {"quote": [{"open": [...], "high", "low", "close",
// "volume"}]}}], "error": null}}. Timestamps are the session's opening
// time in UTC; meta.gmtoffset shifts them to the exchange's day. Close is
// split-adjusted (not dividend-adjusted), like the other providers.
type yahoo struct {
	c *client
}

// NewYahoo returns the keyless daily-close provider (base URL
// cfg.YahooBaseURL), with the same cache, retries, circuit breaker and
// failure events as Polygon and FMP.
func NewYahoo(ctx context.Context, cfg Config) (*Remote, error) {
	cfg = cfg.withDefaults()
	base := cfg.YahooBaseURL
	if base == "" {
		base = DefaultYahooBaseURL
	}
	u, err := parseBaseURL(base)
	if err != nil {
		return nil, fmt.Errorf("market: yahoo: %w", err)
	}
	c := &client{provider: "yahoo", base: u, hc: httpClient(cfg), red: newRedactor(""), cfg: cfg,
		br: newBreaker(cfg.BreakerThreshold, cfg.BreakerCooldown), bodyError: yahooBodyError}
	return newRemote(ctx, "yahoo", &yahoo{c: c}, cfg)
}

// yahooChart is the chart response.
type yahooChart struct {
	Chart struct {
		Result []struct {
			Meta struct {
				Symbol       string `json:"symbol"`
				Currency     string `json:"currency"`
				LongName     string `json:"longName"`
				ShortName    string `json:"shortName"`
				ExchangeName string `json:"exchangeName"`
				GMTOffset    int64  `json:"gmtoffset"`
			} `json:"meta"`
			Timestamp  []int64 `json:"timestamp"`
			Indicators struct {
				Quote []struct {
					Open   []*float64 `json:"open"`
					High   []*float64 `json:"high"`
					Low    []*float64 `json:"low"`
					Close  []*float64 `json:"close"`
					Volume []*float64 `json:"volume"`
				} `json:"quote"`
			} `json:"indicators"`
		} `json:"result"`
		Error *struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"error"`
	} `json:"chart"`
}

// yahooBodyError detects {"chart": {"error": {...}}} in a 2xx body.
func yahooBodyError(body []byte) string {
	var ch yahooChart
	if json.Unmarshal(body, &ch) == nil && ch.Chart.Error != nil && ch.Chart.Error.Code != "" {
		return ch.Chart.Error.Code + ": " + ch.Chart.Error.Description
	}
	return ""
}

// chart fetches the chart of t for [from, to].
func (y *yahoo) chart(ctx context.Context, t string, q url.Values) (yahooChart, error) {
	body, err := y.c.get(ctx, []string{"v8", "finance", "chart", t}, q)
	if err != nil {
		return yahooChart{}, err
	}
	var ch yahooChart
	if err := json.Unmarshal(body, &ch); err != nil {
		return yahooChart{}, fmt.Errorf("market: yahoo: %w: malformed chart response", ErrUnavailable)
	}
	if len(ch.Chart.Result) == 0 {
		return yahooChart{}, fmt.Errorf("market: yahoo: %w: %s", ErrUnknownTicker, t)
	}
	return ch, nil
}

// history implements backend.
func (y *yahoo) history(ctx context.Context, t string, from, to time.Time) ([]Bar, error) {
	q := url.Values{"period1": {strconv.FormatInt(from.Unix(), 10)}, "period2": {strconv.FormatInt(to.AddDate(0, 0, 1).Unix(), 10)},
		"interval": {"1d"}, "events": {"split"}}
	ch, err := y.chart(ctx, t, q)
	if err != nil {
		return nil, err
	}
	r := ch.Chart.Result[0]
	if len(r.Indicators.Quote) == 0 {
		return []Bar{}, nil
	}
	qt := r.Indicators.Quote[0]
	bars := make([]Bar, 0, len(r.Timestamp))
	for i, ts := range r.Timestamp {
		sec := ts + r.Meta.GMTOffset
		if sec < minMillis/1000 || sec > maxMillis/1000 {
			continue
		}
		b := Bar{Date: day(time.Unix(sec, 0)), Open: at(qt.Open, i), High: at(qt.High, i), Low: at(qt.Low, i), Close: at(qt.Close, i),
			Volume: floatVolume(at(qt.Volume, i))}
		bars = append(bars, b)
	}
	return cleanBars(bars, from, to), nil
}

// at returns v[i], or 0 for a missing or null value.
func at(v []*float64, i int) float64 {
	if i >= len(v) || v[i] == nil {
		return 0
	}
	return *v[i]
}

// symbol implements backend from the chart's metadata (sector and country
// come from the embedded metadata when it has the ticker).
func (y *yahoo) symbol(ctx context.Context, t string) (Symbol, error) {
	ch, err := y.chart(ctx, t, url.Values{"range": {"5d"}, "interval": {"1d"}})
	if err != nil {
		return Symbol{}, err
	}
	m := ch.Chart.Result[0].Meta
	name := m.LongName
	if name == "" {
		name = m.ShortName
	}
	s := Symbol{Ticker: t, Name: orUnknown(name), Sector: Unknown, Industry: Unknown, Country: Unknown, Exchange: orUnknown(m.ExchangeName)}
	if c, err := validate.Currency(m.Currency); err == nil {
		s.Currency = c
	}
	return fallbackSymbol(s), nil
}

// search implements backend: the keyless chart endpoint has no search, so
// an exact ticker is looked up.
func (y *yahoo) search(ctx context.Context, q string, limit int) ([]Symbol, error) {
	t, err := validate.Ticker(q)
	if err != nil {
		return []Symbol{}, nil
	}
	s, err := y.symbol(ctx, t)
	if err != nil {
		return []Symbol{}, nil
	}
	return []Symbol{s}[:min(1, limit)], nil
}
