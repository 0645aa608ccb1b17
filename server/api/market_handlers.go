package api

import (
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// defaultHistoryDays is the window of a history request without from.
const defaultHistoryDays = 365

func publicSymbol(s market.Symbol) wire.Symbol {
	return wire.Symbol{Ticker: s.Ticker, Name: s.Name, Sector: s.Sector, Industry: s.Industry, Country: s.Country, Exchange: s.Exchange,
		Currency: s.QuoteCurrency()}
}

func publicBar(b market.Bar) wire.Bar {
	return wire.Bar{Date: b.Date.Format(time.DateOnly), Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume}
}

func (h *Handlers) searchSymbols(w http.ResponseWriter, r *http.Request) error {
	syms, err := h.Market.Search(r.Context(), r.URL.Query().Get("q"), market.DefaultSearchLimit)
	if err != nil {
		return err
	}
	out := wire.Symbols{Symbols: make([]wire.Symbol, 0, len(syms))}
	for _, s := range syms {
		out.Symbols = append(out.Symbols, publicSymbol(s))
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// pathTicker returns the validated ticker of the path (400 otherwise).
func pathTicker(r *http.Request) (string, error) {
	t, err := validate.Ticker(r.PathValue("ticker"))
	if err != nil {
		return "", httpx.BadRequest("Invalid ticker.")
	}
	return t, nil
}

// historyRange reads from and to (YYYY-MM-DD, both optional): to defaults to
// the latest bar, from to a year before to.
func historyRange(r *http.Request, latest time.Time) (time.Time, time.Time, error) {
	bad := httpx.BadRequest("Dates must be YYYY-MM-DD with from on or before to.")
	to := latest
	if s := r.URL.Query().Get("to"); s != "" {
		d, err := validate.Date(s)
		if err != nil {
			return time.Time{}, time.Time{}, bad
		}
		to = d
	}
	from := to.AddDate(0, 0, -defaultHistoryDays)
	if s := r.URL.Query().Get("from"); s != "" {
		d, err := validate.Date(s)
		if err != nil {
			return time.Time{}, time.Time{}, bad
		}
		from = d
	}
	if to.Before(from) {
		return time.Time{}, time.Time{}, bad
	}
	return from, to, nil
}

func (h *Handlers) history(w http.ResponseWriter, r *http.Request) error {
	ticker, err := pathTicker(r)
	if err != nil {
		return err
	}
	last, err := h.Market.Latest(r.Context(), ticker)
	if err != nil {
		return err
	}
	from, to, err := historyRange(r, last.Date)
	if err != nil {
		return err
	}
	bars, err := h.Market.History(r.Context(), ticker, from, to)
	if err != nil {
		return err
	}
	out := wire.History{Ticker: ticker, Provider: h.Market.Name(), From: from.Format(time.DateOnly),
		To: to.Format(time.DateOnly), Bars: make([]wire.Bar, 0, len(bars))}
	for _, b := range bars {
		out.Bars = append(out.Bars, publicBar(b))
	}
	// The splits are a hint for the transaction form: without them (the
	// provider's split list failing) the bars are still served.
	splits := h.source().Splits
	_ = splits.Fetch(r.Context(), ticker)
	for _, s := range splits.Of(ticker) {
		out.Splits = append(out.Splits, wire.Split{Date: s.Date.Format(time.DateOnly), Ratio: s.Ratio, Source: s.Source})
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) quote(w http.ResponseWriter, r *http.Request) error {
	ticker, err := pathTicker(r)
	if err != nil {
		return err
	}
	sym, err := h.Market.Symbol(r.Context(), ticker)
	if err != nil {
		return err
	}
	bar, err := h.Market.Latest(r.Context(), ticker)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, wire.Quote{Symbol: publicSymbol(sym), Bar: publicBar(bar)})
	return nil
}
