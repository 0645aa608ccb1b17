package importer

import (
	"slices"
	"strings"
)

// Request says how to read a file.
type Request struct {
	// Format is a preset id, FormatCustom, or "" to detect the preset
	// from the file (falling back to the custom mapping).
	Format string `json:"format"`
	// Mapping reads a custom CSV; without one the mapping is guessed
	// from the header.
	Mapping *Mapping `json:"mapping,omitempty"`
	// Symbols maps the file's instrument ids (ISINs, names, symbols) to
	// tickers.
	Symbols map[string]string `json:"symbols,omitempty"`
}

// Result is a read file: the detected settings, the transactions and one
// error per line that cannot be imported. Skipped lists lines left out on
// purpose (totals, currency exchanges, corporate actions the market data
// already applies) with the reason.
type Result struct {
	Format   string      `json:"format"`
	Settings Settings    `json:"settings"`
	Mapping  *Mapping    `json:"mapping,omitempty"`
	Txs      []Tx        `json:"transactions"`
	Errors   []LineError `json:"errors"`
	Skipped  []LineError `json:"skipped"`
	// Unmapped lists instrument ids that have no ticker yet.
	Unmapped []string `json:"unmapped"`
}

// Parse reads a file as req says. A file refused as a whole returns an
// error wrapping ErrFile; line problems are in Result.Errors.
func Parse(data []byte, req Request) (Result, error) {
	if err := checkSymbols(req.Symbols); err != nil {
		return Result{}, err
	}
	text, enc, err := Decode(data)
	if err != nil {
		return Result{}, err
	}
	if p := presetByID(req.Format); p != nil && p.parseJSON != nil || req.Format == "" && looksJSON(text) {
		return parseJSONFile(text, enc, req)
	}
	if p := presetByID(req.Format); p != nil && looksJSON(text) {
		return Result{}, fileErr("This is a JSON file, not a %s export.", p.Name)
	}
	s, t, err := Sniff(text)
	if err != nil {
		return Result{}, err
	}
	s.Encoding = enc
	res, err := parseCSV(text, s, t, req)
	if err != nil {
		return Result{}, err
	}
	return finish(res), nil
}

func looksJSON(text string) bool {
	t := strings.TrimSpace(text)
	return strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
}

func parseJSONFile(text, enc string, req Request) (Result, error) {
	p := presetByID(req.Format)
	if p == nil {
		p = ghostfolio
	}
	if p.parseJSON == nil {
		return Result{}, fileErr("This is a JSON file, not a %s export.", p.Name)
	}
	out, err := p.parseJSON(text, symbols(req.Symbols))
	if err != nil {
		return Result{}, err
	}
	return finish(Result{Format: p.ID, Settings: Settings{Encoding: enc}, Txs: out.txs, Errors: out.errs, Skipped: out.skipped}), nil
}

func parseCSV(text string, s Settings, t Table, req Request) (Result, error) {
	sym := symbols(req.Symbols)
	switch req.Format {
	case FormatCustom:
		return parseCustom(text, s, t, req.Mapping, sym)
	case "":
		for _, p := range presets {
			if p.match != nil && p.match(t) {
				return runPreset(p, text, s, t, sym), nil
			}
		}
		return parseCustom(text, s, t, req.Mapping, sym)
	}
	p := presetByID(req.Format)
	if p == nil {
		return Result{}, fileErr("Unknown import format %q.", clip(req.Format))
	}
	if p.match == nil {
		return Result{}, fileErr("This is a CSV file; %s exports are JSON.", p.Name)
	}
	if !p.match(t) {
		return Result{}, wrongFile(p, t)
	}
	return runPreset(p, text, s, t, sym), nil
}

// wrongFile explains that a file is not the chosen preset's, naming the
// preset it does look like when there is one.
func wrongFile(p *preset, t Table) error {
	for _, q := range presets {
		if q != p && q.match != nil && q.match(t) {
			return fileErr("This file is not a %s export: it looks like a %s export. Choose that format instead.", p.Name, q.Name)
		}
	}
	return fileErr("This file is not a %s export: %s.", p.Name, p.expect)
}

func runPreset(p *preset, text string, s Settings, t Table, sym symbols) Result {
	var out parsed
	if p.parseText != nil {
		out = p.parseText(text, sym)
	} else {
		out = p.parse(t, s, sym)
	}
	return Result{Format: p.ID, Settings: s, Txs: out.txs, Errors: out.errs, Skipped: out.skipped}
}

// finish checks the common rules of every row, collects instruments
// without a ticker, caps the count and sets the re-import keys.
func finish(r Result) Result {
	unmapped := map[string]bool{}
	kept := r.Txs[:0]
	for _, tx := range r.Txs {
		if msg := checkTx(tx); msg != "" {
			if tx.Ticker == "" && tx.Instrument != "" && needsTicker(tx.Kind) {
				unmapped[tx.Instrument] = true
			}
			r.Errors = append(r.Errors, LineError{Line: tx.Line, Message: msg})
			continue
		}
		kept = append(kept, tx)
	}
	r.Txs = kept
	if len(r.Txs) > maxTxs {
		r.Errors = append(r.Errors, LineError{Line: 0, Message: "The file has more than 5,000 transactions: import it in parts."})
	}
	for k := range unmapped {
		r.Unmapped = append(r.Unmapped, k)
	}
	slices.Sort(r.Unmapped)
	slices.SortStableFunc(r.Errors, func(a, b LineError) int { return a.Line - b.Line })
	if r.Errors == nil {
		r.Errors = []LineError{}
	}
	if r.Skipped == nil {
		r.Skipped = []LineError{}
	}
	if r.Txs == nil {
		r.Txs = []Tx{}
	}
	if r.Unmapped == nil {
		r.Unmapped = []string{}
	}
	Keys(r.Format, r.Txs)
	return r
}

// needsTicker reports whether a kind is about a security.
func needsTicker(kind string) bool {
	switch kind {
	case KindBuy, KindSell, KindShort, KindCover, KindDividend, KindSplit:
		return true
	}
	return false
}

// checkTx applies the rules every row must meet; "" when it does.
func checkTx(t Tx) string {
	switch {
	case t.Ticker == "" && needsTicker(t.Kind) && t.Instrument != "":
		return "No ticker for " + clip(t.Instrument) + ": map it to a ticker."
	case t.Ticker == "" && needsTicker(t.Kind):
		return "The row has no ticker."
	case isTrade(t.Kind) && (t.Quantity <= 0 || t.Price <= 0):
		return "A " + t.Kind + " needs a quantity and a price above zero."
	case t.Quantity < 0 || t.Price < 0 || t.Fee < 0 || t.Amount < 0:
		return "Amounts must not be negative here."
	}
	for _, s := range []string{t.Ticker, t.Note, t.Currency, t.BrokerID, t.Instrument} {
		if formula(s) && !t.trusted {
			return "The cell " + strings.TrimSpace(clip(s)) + " would run as a spreadsheet formula: formula cells are not accepted."
		}
	}
	return ""
}

// checkSymbols bounds the user's instrument-to-ticker map.
func checkSymbols(m map[string]string) error {
	if len(m) > 500 {
		return fileErr("At most 500 instrument mappings are accepted.")
	}
	for k, v := range m {
		if len(k) > 100 || len(v) > 20 || formula(k) || formula(v) {
			return fileErr("An instrument mapping is too long or starts like a formula.")
		}
	}
	return nil
}
