package importer

import (
	"slices"
	"strings"
)

// Format describes a preset, as GET /api/import/formats lists it.
type Format struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// File is "csv" or "json".
	File string `json:"file"`
	// HasIDs is true when the format carries broker transaction ids, so
	// re-imports match rows by id rather than by content.
	HasIDs bool `json:"has_ids"`
}

// FormatCustom is the Format id of a CSV read through a column mapping.
const FormatCustom = "custom"

// preset reads one format.
type preset struct {
	Format
	// match reports whether a table is this format (CSV presets).
	match func(t Table) bool
	// parse reads the table (CSV presets) with the sniffed settings.
	parse func(t Table, s Settings, sym symbols) parsed
	// parseText reads the decoded text itself (CSV presets with their own
	// parser).
	parseText func(text string, sym symbols) parsed
	// parseJSON reads a JSON file (JSON presets).
	parseJSON func(text string, sym symbols) (parsed, error)
	// expect names the columns the format needs, for the wrong-file message.
	expect string
}

// parsed is what a preset returns.
type parsed struct {
	txs     []Tx
	errs    []LineError
	skipped []LineError
}

func (p *parsed) add(t Tx) { p.txs = append(p.txs, t) }
func (p *parsed) fail(line int, msg string) {
	p.errs = append(p.errs, LineError{Line: line, Message: msg})
}
func (p *parsed) skip(line int, reason string) {
	p.skipped = append(p.skipped, LineError{Line: line, Message: reason})
}

// presets is every preset, in the order they are listed.
var presets = []*preset{fortfolioCSV, ibkrActivity, ibkrFlex, schwab, fidelity, vanguard, degiro, trading212, ghostfolio, portfolioPerformance}

// Formats lists the presets and the custom mapping.
func Formats() []Format {
	out := make([]Format, 0, len(presets)+1)
	for _, p := range presets {
		out = append(out, p.Format)
	}
	return append(out, Format{ID: FormatCustom, Name: "Any CSV (map the columns)", File: "csv",
		Description: "Any CSV file: pick which column holds the date, kind, ticker, quantity, price, fee, amount, currency, note and transaction id."})
}

func presetByID(id string) *preset {
	i := slices.IndexFunc(presets, func(p *preset) bool { return p.ID == id })
	if i < 0 {
		return nil
	}
	return presets[i]
}

// symbols resolves a file's instrument ids (ISINs, names) to tickers.
type symbols map[string]string

// resolve returns the ticker of a row: the file's own when it has one,
// else the user's mapping of the instrument id.
func (s symbols) resolve(ticker, instrument string) string {
	if t := strings.TrimSpace(ticker); t != "" {
		if m, ok := s[t]; ok {
			return m
		}
		return t
	}
	if m, ok := s[instrument]; ok {
		return m
	}
	return ""
}

// headerAt returns the index of the first record (of the first 40) that
// has every named column.
func headerAt(t Table, names ...string) int {
	for i := 0; i < min(len(t.Records), 40); i++ {
		if newIndex(t.Records[i]).has(names...) {
			return i
		}
	}
	return -1
}
