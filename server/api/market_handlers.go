package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// defaultHistoryDays is the window of a history request without from.
const defaultHistoryDays = 365

// marketError answers a market error: bad input 400, unknown ticker 404,
// provider down 503.
func marketError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, market.ErrInvalidInput):
		httpx.BadRequest(w, "Invalid market data request: check the ticker and the dates.")
	case errors.Is(err, market.ErrUnknownTicker):
		httpx.Error(w, http.StatusNotFound, "unknown_ticker", "This ticker is not in the market data.")
	case errors.Is(err, market.ErrUnavailable):
		httpx.Error(w, http.StatusServiceUnavailable, "market_unavailable", "Market data is unavailable right now. Please try again later.")
	default:
		httpx.ServerError(w, r, err)
	}
}

func publicSymbol(s market.Symbol) wire.Symbol {
	return wire.Symbol{Ticker: s.Ticker, Name: s.Name, Sector: s.Sector, Industry: s.Industry, Country: s.Country, Exchange: s.Exchange}
}

func publicBar(b market.Bar) wire.Bar {
	return wire.Bar{Date: b.Date.Format(time.DateOnly), Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume}
}

func (h *Handlers) searchSymbols(w http.ResponseWriter, r *http.Request) {
	syms, err := h.Market.Search(r.Context(), r.URL.Query().Get("q"), market.DefaultSearchLimit)
	if err != nil {
		marketError(w, r, err)
		return
	}
	out := wire.Symbols{Symbols: make([]wire.Symbol, 0, len(syms))}
	for _, s := range syms {
		out.Symbols = append(out.Symbols, publicSymbol(s))
	}
	httpx.JSON(w, http.StatusOK, out)
}

// pathTicker returns the validated ticker of the path, or answers 400.
func pathTicker(w http.ResponseWriter, r *http.Request) (string, bool) {
	t, err := validate.Ticker(r.PathValue("ticker"))
	if err != nil {
		httpx.BadRequest(w, "Invalid ticker.")
		return "", false
	}
	return t, true
}

// historyRange reads from and to (YYYY-MM-DD, both optional): to defaults to
// the latest bar, from to a year before to.
func historyRange(r *http.Request, latest time.Time) (time.Time, time.Time, error) {
	to := latest
	if s := r.URL.Query().Get("to"); s != "" {
		d, err := validate.Date(s)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		to = d
	}
	from := to.AddDate(0, 0, -defaultHistoryDays)
	if s := r.URL.Query().Get("from"); s != "" {
		d, err := validate.Date(s)
		if err != nil {
			return time.Time{}, time.Time{}, err
		}
		from = d
	}
	if to.Before(from) {
		return time.Time{}, time.Time{}, errors.New("from is after to")
	}
	return from, to, nil
}

func (h *Handlers) history(w http.ResponseWriter, r *http.Request) {
	ticker, ok := pathTicker(w, r)
	if !ok {
		return
	}
	last, err := h.Market.Latest(r.Context(), ticker)
	if err != nil {
		marketError(w, r, err)
		return
	}
	from, to, err := historyRange(r, last.Date)
	if err != nil {
		httpx.BadRequest(w, "Dates must be YYYY-MM-DD with from on or before to.")
		return
	}
	bars, err := h.Market.History(r.Context(), ticker, from, to)
	if err != nil {
		marketError(w, r, err)
		return
	}
	out := wire.History{Ticker: ticker, Provider: h.Market.Name(), From: from.Format(time.DateOnly),
		To: to.Format(time.DateOnly), Bars: make([]wire.Bar, 0, len(bars))}
	for _, b := range bars {
		out.Bars = append(out.Bars, publicBar(b))
	}
	httpx.JSON(w, http.StatusOK, out)
}

func (h *Handlers) quote(w http.ResponseWriter, r *http.Request) {
	ticker, ok := pathTicker(w, r)
	if !ok {
		return
	}
	sym, err := h.Market.Symbol(r.Context(), ticker)
	if err != nil {
		marketError(w, r, err)
		return
	}
	bar, err := h.Market.Latest(r.Context(), ticker)
	if err != nil {
		marketError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, wire.Quote{Symbol: publicSymbol(sym), Bar: publicBar(bar)})
}
