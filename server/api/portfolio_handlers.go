package api

import (
	"errors"
	"net/http"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// registerPortfolios adds the portfolio, transaction, import/export and
// market routes.
func (h *Handlers) registerPortfolios(mux *http.ServeMux) {
	mux.Handle("GET /api/portfolios", h.User(h.listPortfolios))
	mux.Handle("POST /api/portfolios", h.User(h.createPortfolio))
	mux.Handle("POST /api/portfolios/example", h.User(h.createExample))
	mux.Handle("GET /api/portfolios/{id}", h.User(h.getPortfolio))
	mux.Handle("PUT /api/portfolios/{id}", h.User(h.updatePortfolio))
	mux.Handle("DELETE /api/portfolios/{id}", h.User(h.deletePortfolio))
	mux.Handle("GET /api/portfolios/{id}/transactions", h.User(h.listTransactions))
	mux.Handle("POST /api/portfolios/{id}/transactions", h.User(h.createTransaction))
	mux.Handle("PUT /api/portfolios/{id}/transactions/{tid}", h.User(h.updateTransaction))
	mux.Handle("DELETE /api/portfolios/{id}/transactions/{tid}", h.User(h.deleteTransaction))
	mux.Handle("GET /api/portfolios/{id}/holdings", h.User(h.holdings))
	mux.Handle("POST /api/portfolios/{id}/import", h.User(h.importCSV))
	mux.Handle("GET /api/portfolios/{id}/export.csv", h.User(h.exportCSV))
	mux.Handle("GET /api/export.json", h.User(h.exportJSON))
	mux.Handle("GET /api/market/symbols", h.User(h.searchSymbols))
	mux.Handle("GET /api/market/history/{ticker}", h.User(h.history))
	mux.Handle("GET /api/market/quote/{ticker}", h.User(h.quote))
}

// pathID returns a validated identifier from the path, or answers 400.
func pathID(w http.ResponseWriter, r *http.Request, name string) (string, bool) {
	id := r.PathValue(name)
	if validate.ID(id) != nil {
		httpx.InvalidIdentifier(w)
		return "", false
	}
	return id, true
}

// storeError answers a store, position or market error with its status.
func storeError(w http.ResponseWriter, r *http.Request, err error) {
	var pe *portfolio.PositionError
	switch {
	case errors.Is(err, model.ErrNotFound):
		httpx.NotFound(w)
	case errors.Is(err, model.ErrLimit):
		httpx.Error(w, http.StatusConflict, "limit_reached", "Limit reached: at most 200 portfolios per user and 20,000 transactions per portfolio.")
	case errors.As(err, &pe):
		httpx.Error(w, http.StatusConflict, "position_conflict", pe.Msg)
	case errors.Is(err, market.ErrUnavailable):
		httpx.Error(w, http.StatusServiceUnavailable, "market_unavailable", "Market data is unavailable right now. Please try again later.")
	default:
		httpx.ServerError(w, r, err)
	}
}

// publicPortfolio converts a stored portfolio to its API view.
func publicPortfolio(p model.Portfolio) wire.Portfolio {
	return wire.Portfolio{ID: p.ID, Name: p.Name, Note: p.Note, Currency: p.Currency,
		Transactions: p.Transactions, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func (h *Handlers) listPortfolios(w http.ResponseWriter, r *http.Request) {
	u, _ := UserFrom(r.Context())
	ps, err := h.Store.ListPortfolios(r.Context(), u.ID)
	if err != nil {
		storeError(w, r, err)
		return
	}
	out := make([]wire.Portfolio, 0, len(ps))
	for _, p := range ps {
		out = append(out, publicPortfolio(p))
	}
	httpx.JSON(w, http.StatusOK, out)
}

// decodePortfolio reads and validates a PortfolioInput.
func decodePortfolio(w http.ResponseWriter, r *http.Request) (name, note string, ok bool) {
	var in wire.PortfolioInput
	if derr := httpx.Decode(w, r, &in); derr != nil {
		httpx.WriteDecodeError(w, derr)
		return "", "", false
	}
	name, err := validate.PortfolioName(in.Name)
	if err == nil {
		note, err = validate.PortfolioNote(in.Note)
	}
	if err != nil {
		httpx.BadRequest(w, err.Error())
		return "", "", false
	}
	return name, note, true
}

func (h *Handlers) createPortfolio(w http.ResponseWriter, r *http.Request) {
	name, note, ok := decodePortfolio(w, r)
	if !ok {
		return
	}
	u, _ := UserFrom(r.Context())
	p, err := h.Store.CreatePortfolio(r.Context(), u.ID, name, note, h.now())
	if err != nil {
		storeError(w, r, err)
		return
	}
	h.Audit(r, audit.ActionPortfolioCreate, p.ID, nil)
	httpx.JSON(w, http.StatusCreated, publicPortfolio(p))
}

func (h *Handlers) getPortfolio(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	u, _ := UserFrom(r.Context())
	p, err := h.Store.GetPortfolio(r.Context(), u.ID, id)
	if err != nil {
		storeError(w, r, err)
		return
	}
	httpx.JSON(w, http.StatusOK, publicPortfolio(p))
}

func (h *Handlers) updatePortfolio(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	name, note, ok := decodePortfolio(w, r)
	if !ok {
		return
	}
	u, _ := UserFrom(r.Context())
	p, err := h.Store.UpdatePortfolio(r.Context(), u.ID, id, name, note, h.now())
	if err != nil {
		storeError(w, r, err)
		return
	}
	h.Audit(r, audit.ActionPortfolioUpdate, p.ID, nil)
	httpx.JSON(w, http.StatusOK, publicPortfolio(p))
}

func (h *Handlers) deletePortfolio(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	u, _ := UserFrom(r.Context())
	if err := h.Store.DeletePortfolio(r.Context(), u.ID, id); err != nil {
		storeError(w, r, err)
		return
	}
	h.Audit(r, audit.ActionPortfolioDelete, id, nil)
	httpx.NoContent(w)
}

// createExample creates the example portfolio, priced at the real closes
// of the market data.
func (h *Handlers) createExample(w http.ResponseWriter, r *http.Request) {
	u, _ := UserFrom(r.Context())
	txs := make([]model.Transaction, 0, len(portfolio.ExampleTrades))
	for _, tr := range portfolio.ExampleTrades {
		bars, err := h.Market.History(r.Context(), tr.Ticker, tr.Date, tr.Date.AddDate(0, 0, 10))
		if err != nil {
			marketError(w, r, err)
			return
		}
		if len(bars) == 0 {
			httpx.Error(w, http.StatusServiceUnavailable, "market_unavailable", "The market data has no prices for the example portfolio.")
			return
		}
		txs = append(txs, model.Transaction{Kind: tr.Kind, Ticker: tr.Ticker, Date: bars[0].Date,
			Quantity: tr.Quantity, Price: bars[0].Close, Note: "Example trade at the real close"})
	}
	p, err := h.Store.CreatePortfolioWith(r.Context(), u.ID, portfolio.ExampleName, portfolio.ExampleNote, txs, h.now(), portfolio.Check)
	if err != nil {
		storeError(w, r, err)
		return
	}
	h.Audit(r, audit.ActionPortfolioCreate, p.ID, map[string]string{"example": "true"})
	httpx.JSON(w, http.StatusCreated, publicPortfolio(p))
}
