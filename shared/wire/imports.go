package wire

import "time"

// ImportFormat is one entry of GET /api/import/formats.
type ImportFormat struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	File        string `json:"file"`    // csv or json
	HasIDs      bool   `json:"has_ids"` // re-imports match rows by broker id
}

// ImportFormats answers GET /api/import/formats: the presets, the custom
// mapping's fields, kinds and date formats.
type ImportFormats struct {
	Formats     []ImportFormat `json:"formats"`
	Fields      []string       `json:"fields"`
	Kinds       []string       `json:"kinds"`
	DateFormats []string       `json:"date_formats"`
}

// ImportMapping maps a custom CSV's columns onto Fortfolio's fields.
type ImportMapping struct {
	Columns      map[string]string `json:"columns"`
	Kinds        map[string]string `json:"kinds,omitempty"`
	DateFormat   string            `json:"date_format,omitempty"`
	DecimalComma *bool             `json:"decimal_comma,omitempty"`
	Delimiter    string            `json:"delimiter,omitempty"`
	Currency     string            `json:"currency,omitempty"`
}

// ImportFileRequest is the body of POST /api/portfolios/{id}/import/preview
// and of POST /api/portfolios/{id}/import with Content-Type
// application/json. File is the file's bytes in standard base64. Format is
// a preset id, "custom", or empty to detect it. Save keeps the format,
// mapping and symbols for files like this one (on a successful import).
type ImportFileRequest struct {
	File    string            `json:"file"`
	Format  string            `json:"format"`
	Mapping *ImportMapping    `json:"mapping,omitempty"`
	Symbols map[string]string `json:"symbols,omitempty"`
	Save    bool              `json:"save,omitempty"`
}

// ImportSettings are the settings a file was read with (detected unless
// the mapping set them).
type ImportSettings struct {
	Encoding      string   `json:"encoding"`
	Delimiter     string   `json:"delimiter"`
	DecimalComma  bool     `json:"decimal_comma"`
	DateFormat    string   `json:"date_format"`
	DateAmbiguous bool     `json:"date_ambiguous"`
	HeaderLine    int      `json:"header_line"`
	Header        []string `json:"header"`
}

// Import row statuses.
const (
	ImportNew      = "new"
	ImportPresent  = "present"
	ImportConflict = "conflict"
)

// ImportRow is one transaction read from the file, with whether it is new,
// already in the portfolio, or conflicting (its broker id was imported
// before with different values).
type ImportRow struct {
	Line        int              `json:"line"`
	Status      string           `json:"status"`
	BrokerID    string           `json:"broker_id,omitempty"`
	Transaction TransactionInput `json:"transaction"`
}

// SavedImport is a user's saved way of reading files like one they
// imported before.
type SavedImport struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Format    string            `json:"format"`
	Header    []string          `json:"header"`
	Mapping   *ImportMapping    `json:"mapping,omitempty"`
	Symbols   map[string]string `json:"symbols,omitempty"`
	UpdatedAt time.Time         `json:"updated_at"`
}

// ImportPreview answers the preview and the import. Errors are the lines
// that stop the import (nothing is written while there is one); Skipped
// are lines left out on purpose, with the reason; Unmapped are instrument
// ids (ISINs) that need a ticker in Symbols. Imported is the number of
// transactions written (0 for a preview).
type ImportPreview struct {
	Error       string            `json:"error,omitempty"`
	Code        string            `json:"code,omitempty"`
	DryRun      bool              `json:"dry_run"`
	Format      string            `json:"format"`
	Settings    ImportSettings    `json:"settings"`
	Mapping     *ImportMapping    `json:"mapping,omitempty"`
	Symbols     map[string]string `json:"symbols,omitempty"`
	Rows        []ImportRow       `json:"rows"`
	Errors      []ImportLineError `json:"errors"`
	Skipped     []ImportLineError `json:"skipped"`
	Unmapped    []string          `json:"unmapped"`
	New         int               `json:"new"`
	Present     int               `json:"present"`
	Conflicting int               `json:"conflicting"`
	Imported    int               `json:"imported"`
	// Saved is the saved import used for this file, if any.
	Saved *SavedImport `json:"saved,omitempty"`
}
