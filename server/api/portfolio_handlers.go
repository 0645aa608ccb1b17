package api

import (
	"net/http"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
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

// pathID returns a validated identifier from the path (400 otherwise).
func pathID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if validate.ID(id) != nil {
		return "", httpx.InvalidIdentifier()
	}
	return id, nil
}

// publicPortfolio converts a stored portfolio to its API view.
func publicPortfolio(p model.Portfolio) wire.Portfolio {
	return wire.Portfolio{ID: p.ID, Name: p.Name, Note: p.Note, Currency: p.Currency,
		Transactions: p.Transactions, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func (h *Handlers) listPortfolios(w http.ResponseWriter, r *http.Request) error {
	body, err := h.Store.ListPortfoliosRendered(r.Context(), currentUser(r).ID, encodePortfolioList)
	if err != nil {
		return err
	}
	httpx.JSONBody(w, http.StatusOK, body)
	return nil
}

// decodePortfolio reads and validates a PortfolioInput; the currency is
// empty when absent.
func decodePortfolio(w http.ResponseWriter, r *http.Request) (name, note, currency string, err error) {
	var in wire.PortfolioInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return "", "", "", err
	}
	name, err = validate.PortfolioName(in.Name)
	if err == nil {
		note, err = validate.PortfolioNote(in.Note)
	}
	if err == nil && in.Currency != "" {
		currency, err = validate.Currency(in.Currency)
	}
	if err != nil {
		return "", "", "", httpx.BadRequest(err.Error())
	}
	return name, note, currency, nil
}

func (h *Handlers) createPortfolio(w http.ResponseWriter, r *http.Request) error {
	name, note, currency, err := decodePortfolio(w, r)
	if err != nil {
		return err
	}
	if currency == "" {
		currency = validate.DefaultCurrency
	}
	p, err := h.Store.CreatePortfolioIn(r.Context(), currentUser(r).ID, name, note, currency, h.now())
	if err != nil {
		return err
	}
	h.Audit(r, audit.ActionPortfolioCreate, p.ID, nil)
	httpx.JSON(w, r, http.StatusCreated, publicPortfolio(p))
	return nil
}

func (h *Handlers) getPortfolio(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.Store.GetPortfolio(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, publicPortfolio(p))
	return nil
}

func (h *Handlers) updatePortfolio(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	name, note, currency, err := decodePortfolio(w, r)
	if err != nil {
		return err
	}
	p, err := h.Store.UpdatePortfolioIn(r.Context(), currentUser(r).ID, id, name, note, currency, h.now())
	if err != nil {
		return err
	}
	h.Audit(r, audit.ActionPortfolioUpdate, p.ID, nil)
	httpx.JSON(w, r, http.StatusOK, publicPortfolio(p))
	return nil
}

func (h *Handlers) deletePortfolio(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeletePortfolio(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	h.Audit(r, audit.ActionPortfolioDelete, id, nil)
	httpx.NoContent(w)
	return nil
}

// createExample creates the example portfolio, priced at the real closes
// of the market data.
func (h *Handlers) createExample(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Ledger.CreateExample(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	h.Audit(r, audit.ActionPortfolioCreate, p.ID, map[string]string{"example": "true"})
	httpx.JSON(w, r, http.StatusCreated, publicPortfolio(p))
	return nil
}
