package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/market"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// txChecker validates transaction inputs with the shared rules plus the
// market provider (known ticker, date not before the data starts). It
// remembers tickers already looked up, for imports.
type txChecker struct {
	prov  market.Provider
	today time.Time
	known map[string]error
}

func (h *Handlers) newTxChecker() *txChecker {
	return &txChecker{prov: h.Market, today: h.now().UTC(), known: map[string]error{}}
}

// ranged is implemented by providers that know where their data starts.
type ranged interface {
	Range() (first, last time.Time)
}

// check returns the transaction to store, or field errors, or an error
// when the market provider is unavailable.
func (c *txChecker) check(ctx context.Context, in validate.TxInput) (model.Transaction, validate.FieldErrors, error) {
	in, ferrs := validate.Transaction(in, c.today)
	if ferrs != nil {
		return model.Transaction{}, ferrs, nil
	}
	err, seen := c.known[in.Ticker]
	if !seen {
		_, err = c.prov.Symbol(ctx, in.Ticker)
		c.known[in.Ticker] = err
	}
	switch {
	case errors.Is(err, market.ErrUnavailable):
		return model.Transaction{}, nil, err
	case err != nil:
		return model.Transaction{}, validate.FieldErrors{"ticker": "Ticker " + in.Ticker + " is not in the market data: pick one from the list."}, nil
	}
	date, _ := validate.Date(in.Date)
	if rp, ok := c.prov.(ranged); ok {
		if first, _ := rp.Range(); date.Before(first) {
			return model.Transaction{}, validate.FieldErrors{"date": "Date must not be before " + first.Format(time.DateOnly) + ", when the market data starts."}, nil
		}
	}
	return model.Transaction{Kind: in.Kind, Ticker: in.Ticker, Note: in.Note, Date: date,
		Quantity: in.Quantity, Price: in.Price, Fee: in.Fee}, nil, nil
}

func fromInput(in wire.TransactionInput) validate.TxInput {
	return validate.TxInput{Date: in.Date, Kind: in.Kind, Ticker: in.Ticker, Quantity: in.Quantity,
		Price: in.Price, Fee: in.Fee, Note: in.Note}
}

// publicTransaction converts a stored transaction to its API view.
func publicTransaction(t model.Transaction) wire.Transaction {
	return wire.Transaction{ID: t.ID, PortfolioID: t.PortfolioID, Date: t.Date.Format(time.DateOnly), Kind: t.Kind,
		Ticker: t.Ticker, Quantity: t.Quantity, Price: t.Price, Fee: t.Fee, Note: t.Note, CreatedAt: t.CreatedAt}
}

// decodeTransaction reads and validates a TransactionInput.
func (h *Handlers) decodeTransaction(w http.ResponseWriter, r *http.Request) (model.Transaction, error) {
	var in wire.TransactionInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return model.Transaction{}, err
	}
	t, ferrs, err := h.newTxChecker().check(r.Context(), fromInput(in))
	if err != nil {
		return model.Transaction{}, err
	}
	if ferrs != nil {
		return model.Transaction{}, ferrs
	}
	return t, nil
}

// historyError is a change refused because the history would become
// impossible (a sell of more than is held, ...).
type historyError struct {
	op string // "update" or "delete"
	pe *portfolio.PositionError
}

func (e *historyError) Error() string { return "api: " + e.op + " transaction: " + e.pe.Error() }
func (e *historyError) Unwrap() error { return e.pe }

// public says which change was refused and why.
func (e *historyError) public() string {
	if e.op == "delete" {
		return "This transaction cannot be deleted because a later one depends on it: " + e.pe.Msg
	}
	return "This change would make the history impossible: " + e.pe.Msg
}

// asHistoryError marks a position error of op as a refused change.
func asHistoryError(op string, err error) error {
	var pe *portfolio.PositionError
	if errors.As(err, &pe) {
		return &historyError{op: op, pe: pe}
	}
	return err
}

func (h *Handlers) listTransactions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	txs, err := h.Store.ListTransactions(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	out := make([]wire.Transaction, 0, len(txs))
	for _, t := range txs {
		out = append(out, publicTransaction(t))
	}
	httpx.JSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) createTransaction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Store.GetPortfolio(r.Context(), u.ID, id); err != nil {
		return err
	}
	t, err := h.decodeTransaction(w, r)
	if err != nil {
		return err
	}
	added, err := h.Store.AddTransactions(r.Context(), u.ID, id, []model.Transaction{t}, h.now(), portfolio.Check)
	if err != nil {
		return err
	}
	h.Audit(r, audit.ActionTransactionCreate, id, map[string]string{"transaction": added[0].ID})
	httpx.JSON(w, http.StatusCreated, publicTransaction(added[0]))
	return nil
}

// txIDs returns the validated portfolio and transaction ids of the path.
func txIDs(r *http.Request) (string, string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", "", err
	}
	tid, err := pathID(r, "tid")
	return id, tid, err
}

func (h *Handlers) updateTransaction(w http.ResponseWriter, r *http.Request) error {
	id, tid, err := txIDs(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Store.GetTransaction(r.Context(), u.ID, id, tid); err != nil {
		return err
	}
	t, err := h.decodeTransaction(w, r)
	if err != nil {
		return err
	}
	t.ID = tid
	updated, err := h.Store.UpdateTransaction(r.Context(), u.ID, id, t, portfolio.Check)
	if err != nil {
		return asHistoryError("update", err)
	}
	h.Audit(r, audit.ActionTransactionUpdate, id, map[string]string{"transaction": tid})
	httpx.JSON(w, http.StatusOK, publicTransaction(updated))
	return nil
}

func (h *Handlers) deleteTransaction(w http.ResponseWriter, r *http.Request) error {
	id, tid, err := txIDs(r)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteTransaction(r.Context(), currentUser(r).ID, id, tid, portfolio.Check); err != nil {
		return asHistoryError("delete", err)
	}
	h.Audit(r, audit.ActionTransactionDelete, id, map[string]string{"transaction": tid})
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) holdings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	txs, err := h.Store.ListTransactions(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	book, err := portfolio.Replay(txs)
	if err != nil {
		return err
	}
	quotes, err := h.quotes(r.Context(), book.Order)
	if err != nil {
		return err
	}
	out := portfolio.Holdings(book, quotes)
	out.PortfolioID = id
	httpx.JSON(w, http.StatusOK, out)
	return nil
}

// quotes fetches the latest close and metadata of each ticker.
func (h *Handlers) quotes(ctx context.Context, tickers []string) (map[string]portfolio.Quote, error) {
	out := make(map[string]portfolio.Quote, len(tickers))
	for _, t := range tickers {
		bar, err := h.Market.Latest(ctx, t)
		if err != nil {
			return nil, err
		}
		q := portfolio.Quote{Close: bar.Close, Date: bar.Date}
		if sym, err := h.Market.Symbol(ctx, t); err == nil {
			q.Name, q.Sector = sym.Name, sym.Sector
		}
		out[t] = q
	}
	return out, nil
}
