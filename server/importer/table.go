package importer

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// Table is a CSV file read into records. Lines[i] is the 1-based file
// line where Records[i] starts. Blank lines are skipped.
type Table struct {
	Records [][]string
	Lines   []int
}

// ReadTable parses text with the delimiter and enforces the row, column
// and cell caps.
func ReadTable(text string, delim rune) (Table, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var t Table
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return t, fileErr("Line %d is not valid CSV (check its quotes).", line)
		}
		line, _ := r.FieldPos(0)
		if err := checkRecord(rec, line, len(t.Records)); err != nil {
			return t, err
		}
		if blank(rec) {
			continue
		}
		t.Records = append(t.Records, trimAll(rec))
		t.Lines = append(t.Lines, line)
	}
}

// checkRecord applies the caps to one record.
func checkRecord(rec []string, line, n int) error {
	if n >= MaxRows {
		return fileErr("The file has more than %d lines.", MaxRows)
	}
	if len(rec) > MaxColumns {
		return fileErr("Line %d has %d columns; at most %d are accepted.", line, len(rec), MaxColumns)
	}
	for _, c := range rec {
		if len(c) > MaxCellBytes {
			return fileErr("Line %d has a cell longer than %d characters.", line, MaxCellBytes)
		}
	}
	return nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// index maps header names (case- and space-insensitive) to columns.
type index map[string]int

func newIndex(header []string) index {
	ix := index{}
	for i, h := range header {
		k := normHeader(h)
		if _, dup := ix[k]; !dup && k != "" {
			ix[k] = i
		}
	}
	return ix
}

func normHeader(h string) string {
	return strings.ToLower(strings.Join(strings.Fields(h), " "))
}

// has reports whether every name is a column.
func (ix index) has(names ...string) bool {
	for _, n := range names {
		if _, ok := ix[normHeader(n)]; !ok {
			return false
		}
	}
	return true
}

// get returns the cell of the named column, or "".
func (ix index) get(rec []string, name string) string {
	i, ok := ix[normHeader(name)]
	if !ok || i >= len(rec) {
		return ""
	}
	return rec[i]
}
