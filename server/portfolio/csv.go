package portfolio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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

// Header is the exact header line of the portfolio CSV format.
var Header = []string{"date", "kind", "ticker", "quantity", "price", "fee", "note"}

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
	if err != nil || !isHeader(head) {
		return nil, []wire.ImportLineError{{Line: 1, Message: "The first line must be the header " + strings.Join(Header, ",") + "."}}
	}
	return readRows(r, today)
}

func fileError(msg string) []wire.ImportLineError {
	return []wire.ImportLineError{{Line: 0, Message: msg}}
}

func isHeader(rec []string) bool {
	if len(rec) != len(Header) {
		return false
	}
	for i, h := range Header {
		if strings.ToLower(strings.TrimSpace(rec[i])) != h {
			return false
		}
	}
	return true
}

func readRows(r *csv.Reader, today time.Time) ([]Row, []wire.ImportLineError) {
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
		in, msg := parseRecord(rec, today)
		if msg != "" {
			errs = append(errs, wire.ImportLineError{Line: line, Message: msg})
			continue
		}
		rows = append(rows, Row{Line: line, In: in})
	}
	return rows, errs
}

// parseRecord turns one record into a validated input or an error message.
func parseRecord(rec []string, today time.Time) (validate.TxInput, string) {
	if len(rec) != len(Header) {
		return validate.TxInput{}, fmt.Sprintf("Expected %d fields, found %d.", len(Header), len(rec))
	}
	for i, cell := range rec {
		if isFormula(cell) {
			r, _ := firstRune(cell)
			return validate.TxInput{}, fmt.Sprintf("The %s cell starts with %q: formula cells are not accepted (prefix text with an apostrophe).", Header[i], string(r))
		}
	}
	in := validate.TxInput{Date: strings.TrimSpace(rec[0]), Kind: strings.ToLower(strings.TrimSpace(rec[1])),
		Ticker: rec[2], Note: unescapeCell(rec[6])}
	var msgs []string
	var err error
	if in.Quantity, err = validate.Number("Quantity", rec[3], false); err != nil {
		msgs = append(msgs, err.Error())
	}
	if in.Price, err = validate.Number("Price", rec[4], false); err != nil {
		msgs = append(msgs, err.Error())
	}
	if in.Fee, err = validate.Number("Fee", rec[5], true); err != nil {
		msgs = append(msgs, err.Error())
	}
	out, ferrs := validate.Transaction(in, today)
	for _, k := range []string{"date", "kind", "ticker", "quantity", "price", "fee", "note"} {
		if m, ok := ferrs[k]; ok && !(len(msgs) > 0 && (k == "quantity" || k == "price" || k == "fee")) {
			msgs = append(msgs, m)
		}
	}
	return out, strings.Join(msgs, " ")
}

// WriteCSV writes transactions in the portfolio CSV format with every text
// cell escaped against formula injection.
func WriteCSV(w io.Writer, txs []model.Transaction) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("portfolio: write csv: %w", err)
	}
	for _, t := range txs {
		rec := []string{t.Date.Format(time.DateOnly), t.Kind, EscapeCell(t.Ticker), num(t.Quantity),
			num(t.Price), strconv.FormatFloat(t.Fee, 'f', -1, 64), EscapeCell(t.Note)}
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
