package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// ExportFormat names the version of the JSON export.
const ExportFormat = "fortfolio-export-v1"

func (h *Handlers) importCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := currentUser(r)
	if _, err := h.Store.GetPortfolio(r.Context(), u.ID, id); err != nil {
		return err
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be text/csv.")
	}
	body, err := httpx.ReadLimited(w, r, portfolio.MaxCSVBytes)
	if err != nil {
		return err
	}
	dryRun := r.URL.Query().Get("dry_run") == "1"
	res, txs, err := h.prepareImport(r.Context(), u.ID, id, body)
	if err != nil {
		return err
	}
	res.DryRun = dryRun
	if len(res.Errors) > 0 && !dryRun {
		res.Error = fmt.Sprintf("%d line(s) of the file have errors; nothing was imported.", len(res.Errors))
		res.Code = "invalid_csv"
		httpx.JSON(w, http.StatusBadRequest, res)
		return nil
	}
	if dryRun {
		httpx.JSON(w, http.StatusOK, res)
		return nil
	}
	added, err := h.Store.AddTransactions(r.Context(), u.ID, id, txs, h.now(), portfolio.Check)
	if err != nil {
		return err
	}
	res.Imported = len(added)
	h.Audit(r, audit.ActionPortfolioImport, id, map[string]string{"transactions": strconv.Itoa(len(added))})
	httpx.JSON(w, http.StatusOK, res)
	return nil
}

// prepareImport parses and validates a CSV file against the market data
// and the portfolio's existing history; it writes nothing.
func (h *Handlers) prepareImport(ctx context.Context, userID, id string, body []byte) (wire.ImportResult, []model.Transaction, error) {
	res := wire.ImportResult{Rows: []wire.TransactionInput{}, Errors: []wire.ImportLineError{}}
	rows, lineErrs := portfolio.ParseCSV(body, h.now().UTC())
	res.Errors = append(res.Errors, lineErrs...)
	if len(rows) == 0 && len(lineErrs) == 0 {
		res.Errors = append(res.Errors, wire.ImportLineError{Line: 2, Message: "The file has no transactions."})
	}
	checker := h.newTxChecker()
	var txs []model.Transaction
	for _, row := range rows {
		t, ferrs, err := checker.check(ctx, row.In)
		if err != nil {
			return res, nil, err
		}
		if ferrs != nil {
			res.Errors = append(res.Errors, wire.ImportLineError{Line: row.Line, Message: ferrs.Error()})
			continue
		}
		res.Rows = append(res.Rows, wire.TransactionInput{Date: row.In.Date, Kind: t.Kind, Ticker: t.Ticker,
			Quantity: t.Quantity, Price: t.Price, Fee: t.Fee, Note: t.Note})
		t.ID = "line-" + strconv.Itoa(row.Line)
		txs = append(txs, t)
	}
	if len(res.Errors) > 0 {
		sortLineErrors(res.Errors)
		return res, nil, nil
	}
	if err := h.checkImportPositions(ctx, userID, id, txs, &res); err != nil {
		return res, nil, err
	}
	for i := range txs {
		txs[i].ID = ""
	}
	return res, txs, nil
}

// checkImportPositions replays the existing history plus the new rows and
// reports an impossible sell or cover against its CSV line.
func (h *Handlers) checkImportPositions(ctx context.Context, userID, id string, txs []model.Transaction, res *wire.ImportResult) error {
	existing, err := h.Store.ListTransactions(ctx, userID, id)
	if err != nil {
		return err
	}
	if len(existing)+len(txs) > model.MaxTransactionsPerFolio {
		res.Errors = append(res.Errors, wire.ImportLineError{Line: 0, Message: "The portfolio would exceed 20,000 transactions."})
		return nil
	}
	now := h.now().UTC()
	all := make([]model.Transaction, 0, len(existing)+len(txs))
	all = append(all, existing...)
	for _, t := range txs {
		t.CreatedAt = now
		all = append(all, t)
	}
	model.SortTransactions(all)
	if _, err := portfolio.Replay(all); err != nil {
		pe, ok := err.(*portfolio.PositionError)
		if !ok {
			return err
		}
		msg := pe.Msg
		line, convErr := strconv.Atoi(strings.TrimPrefix(pe.Tx.ID, "line-"))
		if !strings.HasPrefix(pe.Tx.ID, "line-") || convErr != nil {
			line, msg = 0, "A transaction already in the portfolio would become impossible: "+msg
		}
		res.Errors = append(res.Errors, wire.ImportLineError{Line: line, Message: msg})
	}
	return nil
}

func sortLineErrors(errs []wire.ImportLineError) {
	slices.SortStableFunc(errs, func(a, b wire.ImportLineError) int { return cmp.Compare(a.Line, b.Line) })
}

func (h *Handlers) exportCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
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
	httpx.Download(w, "text/csv; charset=utf-8", "portfolio-"+id+".csv", buf.Bytes())
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
	head, err := json.Marshal(wire.ExportData{Format: ExportFormat, ExportedAt: h.now().UTC(), User: PublicUser(u), Portfolios: []wire.PortfolioExport{}})
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
