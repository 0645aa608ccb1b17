package api

import (
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/fortfolio/fortfolio/server/audit"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/importer"
	"github.com/fortfolio/fortfolio/server/ledger"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// maxImportBody caps an import request: the largest file in base64 plus
// room for the mapping.
const maxImportBody = importer.MaxFileBytes/3*4 + 64<<10

// registerImports adds the broker-file import routes. POST
// /api/portfolios/{id}/import stays the Fortfolio CSV (text/csv); other
// tools' files go to .../import/preview and .../import/file as JSON.
func (h *Handlers) registerImports(mux *http.ServeMux) {
	mux.Handle("GET /api/import/formats", h.User(h.importFormats))
	mux.Handle("GET /api/import/mappings", h.User(h.importMappings))
	mux.Handle("DELETE /api/import/mappings/{id}", h.User(h.deleteImportMapping))
	mux.Handle("POST /api/portfolios/{id}/import/preview", h.User(h.previewImport))
	mux.Handle("POST /api/portfolios/{id}/import/file", h.User(h.commitImport))
}

func (h *Handlers) importFormats(w http.ResponseWriter, r *http.Request) error {
	out := wire.ImportFormats{Fields: importer.Fields, DateFormats: importer.DateFormats(),
		Kinds: []string{importer.KindBuy, importer.KindSell, importer.KindDividend, importer.KindFee, importer.KindTax,
			importer.KindInterest, importer.KindDeposit, importer.KindWithdrawal}}
	for _, f := range importer.Formats() {
		out.Formats = append(out.Formats, wire.ImportFormat{ID: f.ID, Name: f.Name, Description: f.Description, File: f.File, HasIDs: f.HasIDs})
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) importMappings(w http.ResponseWriter, r *http.Request) error {
	all, err := h.Store.ImportMappings(r.Context(), currentUser(r).ID)
	if err != nil {
		return err
	}
	out := make([]wire.SavedImport, 0, len(all))
	for _, m := range all {
		if s, err := ledger.SavedImportOf(m); err == nil {
			out = append(out, s)
		}
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

func (h *Handlers) deleteImportMapping(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteImportMapping(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	httpx.NoContent(w)
	return nil
}

func (h *Handlers) previewImport(w http.ResponseWriter, r *http.Request) error {
	return h.importFile(w, r, false)
}

func (h *Handlers) commitImport(w http.ResponseWriter, r *http.Request) error {
	return h.importFile(w, r, true)
}

// isJSONBody reports whether a request carries JSON.
func isJSONBody(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// importFile previews (write false) or imports a broker or custom file. A
// file refused as a whole is a 400 invalid_file; line errors and
// conflicts are a 400 with the whole preview on import, a 200 on preview.
func (h *Handlers) importFile(w http.ResponseWriter, r *http.Request, write bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !isJSONBody(r) {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/json.")
	}
	body, err := httpx.ReadLimited(w, r, maxImportBody)
	if err != nil {
		return err
	}
	var in wire.ImportFileRequest
	if err := httpx.DecodeBytes(body, &in); err != nil {
		return err
	}
	req, err := fileRequest(in)
	if err != nil {
		return err
	}
	u := currentUser(r)
	out, err := h.Ledger.ImportFile(r.Context(), u.ID, id, req, write)
	var fe *importer.FileError
	switch {
	case errors.As(err, &fe):
		return httpx.NewError(http.StatusBadRequest, "invalid_file", fe.Msg)
	case err != nil:
		return err
	case out.Code == ledger.ImportRejected:
		httpx.JSON(w, r, http.StatusBadRequest, out)
		return nil
	}
	if write {
		h.Audit(r, audit.ActionPortfolioImport, id, map[string]string{"transactions": strconv.Itoa(out.Imported), "format": out.Format})
	}
	httpx.JSON(w, r, http.StatusOK, out)
	return nil
}

// fileRequest decodes the file and checks the request's small fields.
func fileRequest(in wire.ImportFileRequest) (ledger.FileRequest, error) {
	data, err := base64.StdEncoding.DecodeString(in.File)
	if err != nil {
		return ledger.FileRequest{}, httpx.BadRequest("The file must be sent in base64.")
	}
	if in.Format != "" && validate.ID(in.Format) != nil {
		return ledger.FileRequest{}, httpx.BadRequest("Unknown import format.")
	}
	return ledger.FileRequest{Data: data, Save: in.Save,
		Read: importer.Request{Format: in.Format, Mapping: ledger.ImporterMapping(in.Mapping), Symbols: in.Symbols}}, nil
}
