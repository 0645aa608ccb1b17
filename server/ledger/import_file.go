package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/fortfolio/fortfolio/server/importer"
	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/server/portfolio"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// FileRequest is an import of another tool's file: the bytes and how to
// read them. Save keeps the way of reading for files like this one.
type FileRequest struct {
	Data []byte
	Read importer.Request
	Save bool
}

// ImportFile reads a broker or custom file, sorts its rows into new,
// already present (by broker id, else by content hash) and conflicting,
// checks the new ones as a CSV import does (shared rules, market data, the
// portfolio's history) and, when write is set and no line has an error,
// appends them with their re-import keys. Without Format and Mapping, the
// user's saved settings for files like this one are used. A file refused
// as a whole returns an *importer.FileError.
func (s *Service) ImportFile(ctx context.Context, userID, portfolioID string, req FileRequest, write bool) (wire.ImportPreview, error) {
	p, err := s.store.GetPortfolio(ctx, userID, portfolioID)
	if err != nil {
		return wire.ImportPreview{}, err
	}
	res, saved, err := s.readFile(ctx, userID, req)
	if err != nil {
		return wire.ImportPreview{}, err
	}
	out := previewOf(res, saved)
	out.DryRun, out.Symbols = !write, req.Read.Symbols
	if saved != nil {
		out.Symbols = saved.Symbols
	}
	txs, err := s.sortRows(ctx, userID, p, res, &out)
	if err != nil {
		return out, err
	}
	if len(out.Errors) > 0 {
		sortLineErrors(out.Errors)
		if write {
			out.Error = fmt.Sprintf("%d line(s) of the file have errors; nothing was imported.", len(out.Errors))
			out.Code = ImportRejected
		}
		return out, nil
	}
	if !write {
		return out, nil
	}
	if len(txs) > 0 {
		added, err := s.store.AddTransactions(ctx, userID, portfolioID, txs, s.now(), portfolio.Ledger)
		if err != nil {
			return out, err
		}
		out.Imported = len(added)
	}
	if req.Save {
		if err := s.saveReading(ctx, userID, res, req.Read); err != nil {
			return out, err
		}
	}
	return out, nil
}

// readFile parses the file, with the user's saved settings for it when
// the request names no format, mapping or symbols.
func (s *Service) readFile(ctx context.Context, userID string, req FileRequest) (importer.Result, *wire.SavedImport, error) {
	res, err := importer.Parse(req.Data, req.Read)
	if err != nil {
		return res, nil, err
	}
	if req.Read.Format != "" || req.Read.Mapping != nil || len(req.Read.Symbols) > 0 {
		return res, nil, nil
	}
	saved, spec, err := s.savedReading(ctx, userID, res)
	if err != nil || saved == nil {
		return res, nil, err
	}
	again, err := importer.Parse(req.Data, spec)
	if err != nil {
		return res, nil, nil // the saved settings no longer fit: use the detected ones
	}
	return again, saved, nil
}

// previewOf starts the answer from what the importer read.
func previewOf(res importer.Result, saved *wire.SavedImport) wire.ImportPreview {
	out := wire.ImportPreview{Format: res.Format, Settings: wireSettings(res.Settings), Mapping: wireMapping(res.Mapping),
		Rows: []wire.ImportRow{}, Errors: lineErrors(res.Errors), Skipped: lineErrors(res.Skipped),
		Unmapped: res.Unmapped, Saved: saved}
	return out
}

// sortRows marks each row new, present or conflicting and checks the new
// ones; it returns the transactions to write.
func (s *Service) sortRows(ctx context.Context, userID string, p model.Portfolio, res importer.Result, out *wire.ImportPreview) ([]model.Transaction, error) {
	ids, hashes, err := s.store.ImportKeys(ctx, userID, p.ID)
	if err != nil {
		return nil, err
	}
	checker := s.newChecker()
	var txs []model.Transaction
	for _, r := range res.Txs {
		in := toInput(r, p.Currency)
		row := wire.ImportRow{Line: r.Line, BrokerID: r.BrokerID, Transaction: wireInput(in)}
		switch row.Status = status(r, ids, hashes); row.Status {
		case wire.ImportPresent:
			out.Present++
		case wire.ImportConflict:
			out.Conflicting++
			out.Errors = append(out.Errors, wire.ImportLineError{Line: r.Line, Message: "Broker transaction " + r.BrokerID +
				" was imported before with other values: delete that transaction or remove this line."})
		default:
			t, ferrs, err := checker.check(ctx, in)
			if err != nil {
				return nil, err
			}
			if ferrs != nil {
				out.Errors = append(out.Errors, wire.ImportLineError{Line: r.Line, Message: ferrs.Error()})
				break
			}
			out.New++
			t.ID, t.ImportID, t.ImportHash = "line-"+strconv.Itoa(r.Line), r.ImportID, r.Hash
			txs = append(txs, t)
		}
		out.Rows = append(out.Rows, row)
	}
	if len(out.Errors) > 0 || len(txs) == 0 {
		return nil, nil
	}
	var check wire.ImportResult
	if err := s.checkImportPositions(ctx, userID, p.ID, txs, &check); err != nil {
		return nil, err
	}
	out.Errors = append(out.Errors, check.Errors...)
	for i := range txs {
		txs[i].ID = ""
	}
	return txs, nil
}

// status says whether a row is already in the portfolio: by broker id
// when it has one (a different content hash under the same id is a
// conflict), else by content hash.
func status(r importer.Tx, ids map[string]string, hashes map[string]bool) string {
	if r.ImportID != "" {
		switch h, ok := ids[r.ImportID]; {
		case !ok:
			return wire.ImportNew
		case h == r.Hash:
			return wire.ImportPresent
		default:
			return wire.ImportConflict
		}
	}
	if hashes[r.Hash] {
		return wire.ImportPresent
	}
	return wire.ImportNew
}

// toInput turns an importer row into a transaction input. Cash rows
// without a currency take the portfolio's; a dividend given as a total is
// 1 x the total.
func toInput(r importer.Tx, base string) validate.TxInput {
	in := validate.TxInput{Date: r.Date, Kind: r.Kind, Ticker: r.Ticker, Note: r.Note, Currency: r.Currency}
	switch {
	case r.Kind == importer.KindSplit:
		in.Ratio = r.Ratio
	case r.Kind == importer.KindDividend && r.Quantity == 0:
		in.Quantity, in.Price, in.Fee, in.Basis = 1, r.Amount, r.Fee, r.Basis
	case r.Amount > 0:
		in.Amount = r.Amount
		if in.Currency == "" {
			in.Currency = base
		}
	default:
		in.Quantity, in.Price, in.Fee, in.Basis = r.Quantity, r.Price, r.Fee, r.Basis
	}
	return in
}

func wireInput(in validate.TxInput) wire.TransactionInput {
	return wire.TransactionInput{Date: in.Date, Kind: in.Kind, Ticker: in.Ticker, Quantity: in.Quantity, Price: in.Price,
		Fee: in.Fee, Note: in.Note, Amount: in.Amount, Currency: in.Currency, Basis: in.Basis, Ratio: in.Ratio}
}

func lineErrors(in []importer.LineError) []wire.ImportLineError {
	out := make([]wire.ImportLineError, len(in))
	for i, e := range in {
		out[i] = wire.ImportLineError{Line: e.Line, Message: e.Message}
	}
	return out
}

func wireSettings(s importer.Settings) wire.ImportSettings {
	h := s.Header
	if h == nil {
		h = []string{}
	}
	return wire.ImportSettings{Encoding: s.Encoding, Delimiter: s.Delimiter, DecimalComma: s.DecimalComma,
		DateFormat: s.DateFormat, DateAmbiguous: s.DateAmbiguous, HeaderLine: s.HeaderLine, Header: h}
}

func wireMapping(m *importer.Mapping) *wire.ImportMapping {
	if m == nil {
		return nil
	}
	return &wire.ImportMapping{Columns: m.Columns, Kinds: m.Kinds, DateFormat: m.DateFormat, DecimalComma: m.DecimalComma,
		Delimiter: m.Delimiter, Currency: m.Currency}
}

// ImporterMapping converts a request's mapping for the importer.
func ImporterMapping(m *wire.ImportMapping) *importer.Mapping {
	if m == nil {
		return nil
	}
	return &importer.Mapping{Columns: m.Columns, Kinds: m.Kinds, DateFormat: m.DateFormat, DecimalComma: m.DecimalComma,
		Delimiter: m.Delimiter, Currency: m.Currency}
}

// signature names the files a saved reading applies to: a preset's files,
// or a custom CSV's header.
func signature(res importer.Result) string {
	if res.Format != importer.FormatCustom {
		return res.Format
	}
	cells := make([]string, len(res.Settings.Header))
	for i, h := range res.Settings.Header {
		cells[i] = strings.ToLower(strings.TrimSpace(h))
	}
	sum := sha256.Sum256([]byte(strings.Join(cells, "\x1f")))
	return "custom:" + hex.EncodeToString(sum[:16])
}

// savedSpec is what a saved reading keeps (JSON in the store).
type savedSpec struct {
	Format  string              `json:"format"`
	Mapping *wire.ImportMapping `json:"mapping,omitempty"`
	Symbols map[string]string   `json:"symbols,omitempty"`
}

// saveReading keeps the format, mapping and symbols of a file.
func (s *Service) saveReading(ctx context.Context, userID string, res importer.Result, read importer.Request) error {
	spec, err := json.Marshal(savedSpec{Format: res.Format, Mapping: wireMapping(res.Mapping), Symbols: read.Symbols})
	if err != nil {
		return fmt.Errorf("ledger: save import settings: %w", err)
	}
	header, err := json.Marshal(res.Settings.Header)
	if err != nil {
		return fmt.Errorf("ledger: save import settings: %w", err)
	}
	name := res.Format
	for _, f := range importer.Formats() {
		if f.ID == res.Format {
			name = f.Name
		}
	}
	if res.Format == importer.FormatCustom && len(res.Settings.Header) > 0 {
		name = "CSV: " + strings.Join(res.Settings.Header[:min(4, len(res.Settings.Header))], ", ")
	}
	_, err = s.store.SaveImportMapping(ctx, userID, model.ImportMapping{Name: truncate(name, 120), Signature: signature(res),
		Header: string(header), Spec: string(spec)}, s.now())
	return err
}

// savedReading finds the saved reading for a parsed file.
func (s *Service) savedReading(ctx context.Context, userID string, res importer.Result) (*wire.SavedImport, importer.Request, error) {
	all, err := s.store.ImportMappings(ctx, userID)
	if err != nil {
		return nil, importer.Request{}, err
	}
	sig := signature(res)
	for _, m := range all {
		if m.Signature != sig {
			continue
		}
		w, err := SavedImportOf(m)
		if err != nil {
			return nil, importer.Request{}, nil
		}
		return &w, importer.Request{Format: w.Format, Mapping: ImporterMapping(w.Mapping), Symbols: w.Symbols}, nil
	}
	return nil, importer.Request{}, nil
}

// SavedImportOf decodes a stored reading for the API.
func SavedImportOf(m model.ImportMapping) (wire.SavedImport, error) {
	var spec savedSpec
	var header []string
	if err := json.Unmarshal([]byte(m.Spec), &spec); err != nil {
		return wire.SavedImport{}, fmt.Errorf("ledger: saved import settings: %w", err)
	}
	if err := json.Unmarshal([]byte(m.Header), &header); err != nil {
		return wire.SavedImport{}, fmt.Errorf("ledger: saved import settings: %w", err)
	}
	if header == nil {
		header = []string{}
	}
	return wire.SavedImport{ID: m.ID, Name: m.Name, Format: spec.Format, Header: header, Mapping: spec.Mapping,
		Symbols: spec.Symbols, UpdatedAt: m.UpdatedAt}, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
