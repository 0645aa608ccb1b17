package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/ledger"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// ExportFormat names the version of the JSON export.
const ExportFormat = "fortfolio-export-v1"

// importCSV answers POST /api/portfolios/{id}/import (text/csv; with
// ?dry_run=1 nothing is written). A file with line errors is a 400 with
// the whole result, so the user sees every line to fix.
func (h *Handlers) importCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	dryRun, err := dryRunParam(r.URL.Query())
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Ledger.Portfolio(r.Context(), u.ID, id); err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be text/csv.")
	}
	body, err := httpx.ReadLimited(w, r, portfolio.MaxCSVBytes)
	if err != nil {
		return err
	}
	res, err := h.Ledger.Import(r.Context(), u.ID, id, body, dryRun)
	if err != nil {
		return err
	}
	if res.Code == ledger.ImportRejected {
		httpx.JSON(w, r, http.StatusBadRequest, res)
		return nil
	}
	if !res.DryRun {
		h.Audit(r, audit.ActionPortfolioImport, id, map[string]string{"transactions": strconv.Itoa(res.Imported)})
	}
	httpx.JSON(w, r, http.StatusOK, res)
	return nil
}

// dryRunParam reads ?dry_run: absent or 0 imports, 1 previews. Anything
// else is refused, so a preview never turns into a write by a misspelling.
func dryRunParam(q url.Values) (bool, error) {
	switch v := q["dry_run"]; {
	case len(v) == 0 || (len(v) == 1 && v[0] == "0"):
		return false, nil
	case len(v) == 1 && v[0] == "1":
		return true, nil
	}
	return false, httpx.BadRequest("dry_run must be 0 or 1.")
}

func (h *Handlers) exportCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.Store.GetPortfolio(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	txs, err := h.Store.ListTransactions(r.Context(), currentUser(r).ID, id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := portfolio.WriteCSV(&buf, txs); err != nil {
		return err
	}
	h.Audit(r, audit.ActionPortfolioExport, id, map[string]string{"format": "csv"})
	// Named by the portfolio and the day, "Retirement-2026-12-02.csv",
	// reduced to safe characters (httpx.AttachmentDisposition).
	day := time.Now().UTC().Format(time.DateOnly)
	httpx.Attachment(w, "text/csv; charset=utf-8", p.Name, "portfolio", "-"+day+".csv", buf.Bytes())
	return nil
}

func (h *Handlers) exportJSON(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	n, complete, err := h.writeExport(w, r, u)
	if complete {
		h.Audit(r, audit.ActionDataExport, u.ID, map[string]string{"portfolios": strconv.Itoa(n)})
	}
	return err
}

// adminExportJSON answers the same export as exportJSON for the account in
// the {id} path (an admin's final export before deleting an account).
func (h *Handlers) adminExportJSON(w http.ResponseWriter, r *http.Request) error {
	u, err := h.targetUser(r)
	if err != nil {
		return err
	}
	n, complete, err := h.writeExport(w, r, u)
	if complete {
		h.Audit(r, audit.ActionAdminUserExport, u.ID, map[string]string{"username": u.Username, "portfolios": strconv.Itoa(n)})
	}
	return err
}

// writeExport streams everything user u owns in the JSON export format,
// one portfolio at a time, so memory stays bounded by the largest
// portfolio rather than the whole account. It reports how many portfolios
// it wrote and whether the export completed; it returns an error only
// before the first byte: a store failure after it leaves a truncated
// (invalid) document and is logged.
func (h *Handlers) writeExport(w http.ResponseWriter, r *http.Request, u model.User) (int, bool, error) {
	ctx := r.Context()
	ps, err := h.Store.ListPortfolios(ctx, u.ID)
	if err != nil {
		return 0, false, err
	}
	data := wire.ExportData{Format: ExportFormat, ExportedAt: h.now().UTC(), User: PublicUser(u), Portfolios: []wire.PortfolioExport{}}
	if data.AlertRules, data.Watchlist, err = h.alertExport(r, u.ID); err != nil {
		return 0, false, err
	}
	if data.Assets, err = h.assetExport(r, u.ID); err != nil {
		return 0, false, err
	}
	head, err := json.Marshal(data)
	if err != nil {
		return 0, false, err
	}
	w.Header().Set("Content-Type", httpx.JSONContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(bytes.TrimSuffix(head, []byte("]}"))) // ends with "portfolios":[
	for i, p := range ps {
		txs, err := h.Store.ListTransactions(ctx, u.ID, p.ID)
		if err != nil {
			slog.Error("export: list transactions", slog.String("request_id", reqctx.RequestID(ctx)), slog.Any("error", err))
			return i, false, nil
		}
		pe := wire.PortfolioExport{Portfolio: publicPortfolio(p), Transactions: make([]wire.Transaction, 0, len(txs))}
		for _, t := range txs {
			pe.Transactions = append(pe.Transactions, publicTransaction(t))
		}
		b, err := json.Marshal(pe)
		if err != nil {
			return i, false, nil
		}
		if i > 0 {
			_, _ = w.Write([]byte(","))
		}
		if _, err := w.Write(b); err != nil {
			return i, false, nil
		}
	}
	_, _ = w.Write([]byte("]}\n"))
	return len(ps), true, nil
}
