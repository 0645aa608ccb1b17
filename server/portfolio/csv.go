package portfolio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/validate"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// CSV limits.
const (
	MaxCSVBytes = 1 << 20
	MaxCSVRows  = 5000
)

// Header is the exact header line of the first portfolio CSV format, still
// read (its trades are adjusted-basis).
var Header = []string{"date", "kind", "ticker", "quantity", "price", "fee", "note"}

// LedgerHeader is the header of the current format: Header plus the cash,
// basis and split columns (empty cells are zero or absent).
var LedgerHeader = append(slices.Clone(Header), "amount", "currency", "basis", "ratio")

// Row is one valid CSV line.
type Row struct {
	Line int
	In   validate.TxInput
}

// ParseCSV reads a portfolio CSV file. It returns every valid row and one
// error per bad line (line numbers count the header as line 1); a file
// with any error must be rejected as a whole by the caller. today bounds
// the dates.
func ParseCSV(data []byte, today time.Time) ([]Row, []wire.ImportLineError) {
	if len(data) > MaxCSVBytes {
		return nil, fileError("The file is larger than 1 MiB.")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fileError("The file is not a UTF-8 text CSV file.")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	width := headerWidth(head)
	if err != nil || width == 0 {
		return nil, []wire.ImportLineError{{Line: 1, Message: "The first line must be the header " + strings.Join(LedgerHeader, ",") +
			" (or the older " + strings.Join(Header, ",") + ")."}}
	}
	return readRows(r, today, width)
}

func fileError(msg string) []wire.ImportLineError {
	return []wire.ImportLineError{{Line: 0, Message: msg}}
}

// headerWidth returns the column count of a known header, else 0.
func headerWidth(rec []string) int {
	for _, want := range [][]string{Header, LedgerHeader} {
		if len(rec) == len(want) && slices.EqualFunc(rec, want, func(a, b string) bool {
			return strings.ToLower(strings.TrimSpace(a)) == b
		}) {
			return len(want)
		}
	}
	return 0
}

func readRows(r *csv.Reader, today time.Time, width int) ([]Row, []wire.ImportLineError) {
	var rows []Row
	var errs []wire.ImportLineError
	for n := 0; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return rows, append(errs, wire.ImportLineError{Line: line, Message: "Malformed CSV (check the quotes); reading stopped here."})
		}
		line, _ := r.FieldPos(0)
		if n >= MaxCSVRows {
			return rows, append(errs, wire.ImportLineError{Line: line, Message: fmt.Sprintf("The file has more than %d transactions.", MaxCSVRows)})
		}
		in, msg := parseRecord(rec, today, width)
		if msg != "" {
			errs = append(errs, wire.ImportLineError{Line: line, Message: msg})
			continue
		}
		rows = append(rows, Row{Line: line, In: in})
	}
	return rows, errs
}

// parseRecord turns one record into a validated input or an error message.
func parseRecord(rec []string, today time.Time, width int) (validate.TxInput, string) {
	if len(rec) != width {
		return validate.TxInput{}, fmt.Sprintf("Expected %d fields, found %d.", width, len(rec))
	}
	for i, cell := range rec {
		if isFormula(cell) {
			r, _ := firstRune(cell)
			return validate.TxInput{}, fmt.Sprintf("The %s cell starts with %q: formula cells are not accepted (prefix text with an apostrophe).", LedgerHeader[i], string(r))
		}
	}
	in := validate.TxInput{Date: strings.TrimSpace(rec[0]), Kind: strings.ToLower(strings.TrimSpace(rec[1])),
		Ticker: rec[2], Note: unescapeCell(rec[6])}
	var msgs []string
	var err error
	ledger := width == len(LedgerHeader) // empty quantity and price cells are zero there
	if in.Quantity, err = validate.Number("Quantity", rec[3], ledger); err != nil {
		msgs = append(msgs, err.Error())
	}
	if in.Price, err = validate.Number("Price", rec[4], ledger); err != nil {
		msgs = append(msgs, err.Error())
	}
	if in.Fee, err = validate.Number("Fee", rec[5], true); err != nil {
		msgs = append(msgs, err.Error())
	}
	if ledger {
		msgs = ledgerCells(&in, rec, msgs)
	}
	out, ferrs := validate.Transaction(in, today)
	numeric := map[string]bool{"quantity": true, "price": true, "fee": true, "amount": true, "ratio": true}
	for _, k := range validate.FieldOrder {
		if m, ok := ferrs[k]; ok && !(len(msgs) > 0 && numeric[k]) {
			msgs = append(msgs, m)
		}
	}
	return out, strings.Join(msgs, " ")
}

// ledgerCells reads the amount, currency, basis and ratio cells.
func ledgerCells(in *validate.TxInput, rec []string, msgs []string) []string {
	var err error
	if in.Amount, err = validate.Number("Amount", rec[7], true); err != nil {
		msgs = append(msgs, err.Error())
	}
	in.Currency, in.Basis = strings.TrimSpace(rec[8]), strings.ToLower(strings.TrimSpace(rec[9]))
	if in.Ratio, err = validate.Number("Ratio", rec[10], true); err != nil {
		msgs = append(msgs, err.Error())
	}
	return msgs
}

// WriteCSV writes transactions in the portfolio CSV format with every text
// cell escaped against formula injection. A history the first format can
// hold (adjusted-basis trades only) is written in it, byte for byte as
// before; any other in the ledger format.
func WriteCSV(w io.Writer, txs []model.Transaction) error {
	cw := csv.NewWriter(w)
	header := Header
	if slices.ContainsFunc(txs, needsLedgerFormat) {
		header = LedgerHeader
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("portfolio: write csv: %w", err)
	}
	for _, t := range txs {
		rec := []string{t.Date.Format(time.DateOnly), t.Kind, EscapeCell(t.Ticker), num(t.Quantity),
			num(t.Price), strconv.FormatFloat(t.Fee, 'f', -1, 64), EscapeCell(t.Note)}
		if len(header) == len(LedgerHeader) {
			rec = append(rec, optNum(t.Amount), t.Currency, t.Basis, optNum(t.Ratio))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("portfolio: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("portfolio: write csv: %w", err)
	}
	return nil
}

// needsLedgerFormat reports whether t has a field the first format lacks.
func needsLedgerFormat(t model.Transaction) bool {
	return t.Amount != 0 || t.Currency != "" || t.Ratio != 0 || t.Basis == validate.BasisAsTraded ||
		validate.IsCashKind(t.Kind) || t.Kind == validate.KindSplit
}

// optNum formats an optional number: zero is an empty cell.
func optNum(v float64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
