package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/store"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// publicTransaction converts a stored transaction to its API view.
func publicTransaction(t model.Transaction) wire.Transaction {
	return wire.Transaction{ID: t.ID, PortfolioID: t.PortfolioID, Date: t.Date.Format(time.DateOnly), Kind: t.Kind,
		Ticker: t.Ticker, Quantity: t.Quantity, Price: t.Price, Fee: t.Fee, Note: t.Note,
		Amount: t.Amount, Currency: t.Currency, Basis: t.Basis, Ratio: t.Ratio, Lots: publicLots(t.Lots), CreatedAt: t.CreatedAt}
}

// publicLots converts a sale's named lots (nil when it names none).
func publicLots(picks []model.LotPick) []wire.LotPick {
	if len(picks) == 0 {
		return nil
	}
	out := make([]wire.LotPick, len(picks))
	for i, p := range picks {
		out[i] = wire.LotPick{Lot: p.Lot, Quantity: p.Quantity}
	}
	return out
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
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// createTransaction answers POST /api/portfolios/{id}/transactions. A
// missing or foreign portfolio is 404 before the body is read.
func (h *Handlers) createTransaction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Ledger.Portfolio(r.Context(), u.ID, id); err != nil {
		return err
	}
	var in wire.TransactionInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	var added model.Transaction
	err = h.auditedWrite(r, audit.ActionTransactionCreate, id, "", func(ctx context.Context) (string, error) {
		var err error
		added, err = h.Ledger.Add(ctx, u.ID, id, in)
		return added.ID, err
	})
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusCreated, publicTransaction(added))
	return nil
}

// auditedWrite makes a transaction write (write returns the
// transaction's id) and its audit entry: action on target, with
// details.transaction txID (the new id when txID is empty). With the
// outbox (SQLite) the entry is committed with the change, and the write
// waits for one disk flush, the commit's; its line is written after the
// commit and fsynced shortly after (docs/audit.md). Without it the commit
// and the line are flushed at the same time (auditFlushed).
func (h *Handlers) auditedWrite(r *http.Request, action, target, txID string, write func(context.Context) (string, error)) error {
	if h.TxAudit == nil {
		return h.writeFlushed(r, action, target, write)
	}
	uid := currentUser(r).ID
	e := h.auditEntry(r, action, target, map[string]string{"transaction": txID})
	ctx, pending, err := h.TxAudit.Begin(r.Context(), uid, e)
	if err != nil {
		return err
	}
	if _, err := write(ctx); err != nil {
		return err
	}
	if err := h.TxAudit.Commit(r.Context(), uid, pending); err != nil {
		h.auditFailed(r, e, err)
	}
	return nil
}

// auditFailed reports an outbox line that could not be written: the
// entry stays pending in the user's database and is appended at the next
// start.
func (h *Handlers) auditFailed(r *http.Request, e audit.Entry, err error) {
	slog.ErrorContext(r.Context(), "audit append failed; the entry is pending and recovered at the next start", slog.String("action", e.Action), slog.Any("error", err))
	h.Record.Event(r.Context(), model.SecurityEvent{Kind: "audit_failure", UserID: e.Actor, IP: e.IP,
		Detail: "audit entry " + e.Action + " not written yet (pending, recovered at the next start): " + err.Error()})
}

// writeFlushed is auditedWrite without the outbox (PostgreSQL).
func (h *Handlers) writeFlushed(r *http.Request, action, target string, write func(context.Context) (string, error)) error {
	ctx, flush := h.Store.DeferFlush(r.Context())
	defer func() { _ = flush.Wait() }() // releases the handle even if a step panics (Wait is idempotent)
	txID, err := write(ctx)
	if err != nil {
		_ = flush.Wait()
		return err
	}
	return h.auditFlushed(r, flush, action, target, map[string]string{"transaction": txID})
}

// auditFlushed writes the audit entry of a committed change while the
// change's commit is flushed to the disk, and returns once both are done:
// the two disk flushes overlap instead of following each other. The entry
// is written only after the commit, so a process killed in between never
// leaves an entry of a change that did not happen; the change is
// acknowledged only once its data and its entry are both on the disk.
func (h *Handlers) auditFlushed(r *http.Request, flush *store.Flush, action, target string, details map[string]string) error {
	audited := make(chan struct{})
	go func() {
		defer close(audited)
		h.Audit(r, action, target, details)
	}()
	err := flush.Wait()
	<-audited
	return err
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

// updateTransaction answers PUT /api/portfolios/{id}/transactions/{tid}.
// A missing or foreign transaction is 404 before the body is read.
func (h *Handlers) updateTransaction(w http.ResponseWriter, r *http.Request) error {
	id, tid, err := txIDs(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Ledger.Transaction(r.Context(), u.ID, id, tid); err != nil {
		return err
	}
	var in wire.TransactionInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	var updated model.Transaction
	err = h.auditedWrite(r, audit.ActionTransactionUpdate, id, tid, func(ctx context.Context) (string, error) {
		var err error
		updated, err = h.Ledger.Update(ctx, u.ID, id, tid, in)
		return tid, err
	})
	if err != nil {
		return err
	}
	httpx.JSON(w, r, http.StatusOK, publicTransaction(updated))
	return nil
}

func (h *Handlers) deleteTransaction(w http.ResponseWriter, r *http.Request) error {
	id, tid, err := txIDs(r)
	if err != nil {
		return err
	}
	uid := currentUser(r).ID
	err = h.auditedWrite(r, audit.ActionTransactionDelete, id, tid, func(ctx context.Context) (string, error) {
		return tid, h.Ledger.Delete(ctx, uid, id, tid)
	})
	if err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) holdings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	uid := currentUser(r).ID
	p, err := h.Store.GetPortfolio(r.Context(), uid, id)
	if err != nil {
		return err
	}
	state, err := h.ledgerState(r, uid, id)
	if err != nil {
		return err
	}
	book, ok := portfolio.BookOf(state)
	if !ok {
		return errors.New("api: holdings: no replayed book")
	}
	quotes, err := h.quotes(r.Context(), book.Order)
	if err != nil {
		return err
	}
	var out wire.Holdings
	if book.Plain && p.Currency == validate.DefaultCurrency && !book.LastDate.After(latestQuote(quotes)) {
		out = portfolio.Holdings(book, quotes) // the first ledger's exact path
	} else if out, err = h.ledgerHoldings(r, p); err != nil {
		return err
	}
	out.PortfolioID = id
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// ledgerHoldings values a portfolio with cash, other currencies, splits
// or entries after the last price date.
func (h *Handlers) ledgerHoldings(r *http.Request, p model.Portfolio) (wire.Holdings, error) {
	txs, err := h.Store.ListTransactions(r.Context(), currentUser(r).ID, p.ID)
	if err != nil {
		return wire.Holdings{}, err
	}
	return h.source().Holdings(r.Context(), p.Currency, txs)
}

// ledgerState is the replayed history of the ledger service (of
// portfolio.Ledger without one).
func (h *Handlers) ledgerState(r *http.Request, uid, id string) (model.LedgerState, error) {
	if h.Ledger == nil {
		return h.Store.LedgerState(r.Context(), uid, id, portfolio.Ledger)
	}
	return h.Ledger.State(r.Context(), uid, id)
}

// latestQuote is the latest close date among quotes.
func latestQuote(quotes map[string]portfolio.Quote) time.Time {
	var last time.Time
	for _, q := range quotes {
		if q.Date.After(last) {
			last = q.Date
		}
	}
	return last
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
