package importer

import (
	"regexp"
	"slices"
	"strings"
)

// Settings are how a CSV file is written: detected by Sniff, or set by a
// mapping or a preset.
type Settings struct {
	// Delimiter is ",", ";", "\t" or "|".
	Delimiter string `json:"delimiter"`
	// DecimalComma is true when ',' separates the decimals ("1.234,56").
	DecimalComma bool `json:"decimal_comma"`
	// DateFormat is one of DateFormats ("" when no date column was found).
	DateFormat string `json:"date_format"`
	// DateAmbiguous is true when the dates read as both day-first and
	// month-first (all days <= 12): the mapping should confirm it.
	DateAmbiguous bool `json:"date_ambiguous"`
	// HeaderLine is the 1-based file line of the header row (0: none).
	HeaderLine int `json:"header_line"`
	// Header is the header row's cells.
	Header []string `json:"header"`
	// Encoding is what Decode found.
	Encoding string `json:"encoding"`
}

var delimiters = []rune{',', ';', '\t', '|'}

// sniffDelimiter picks the delimiter under which the most of the first
// lines share one field count above 1 (',' wins ties).
func sniffDelimiter(text string) rune {
	lines := strings.Split(text, "\n")
	lines = lines[:min(len(lines), 60)]
	best, bestScore := ',', -1
	for _, d := range delimiters {
		counts := map[int]int{}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			counts[strings.Count(l, string(d))+1]++
		}
		score := 0
		for n, c := range counts {
			if n > 1 && c > score {
				score = c
			}
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// sniffHeader returns the index of the header record: of the first 30
// records with at least two cells, none of them a number or a date,
// followed by a record of the same width, the one naming the most columns
// (the first of those), so a bank's preamble of two-cell lines ("IBAN;DE..",
// "Kunde;...") is not taken for the header. -1 when none.
func sniffHeader(t Table) int {
	best, bestFilled := -1, 0
	for i := 0; i < min(len(t.Records)-1, 30); i++ {
		rec, next := t.Records[i], t.Records[i+1]
		if len(rec) < 2 || len(next) != len(rec) {
			continue
		}
		if n := headerCells(rec); n > bestFilled {
			best, bestFilled = i, n
		}
	}
	return best
}

// headerCells returns the number of filled cells of a record that could be
// a header (>= 2 cells, none a number or a date), else 0.
func headerCells(rec []string) int {
	filled := 0
	for _, c := range rec {
		if c == "" {
			continue
		}
		filled++
		if _, empty, err := parseNumber(c, false); err == nil && !empty {
			return 0
		}
		if looksDate(c) {
			return 0
		}
	}
	if filled < 2 {
		return 0
	}
	return filled
}

var dateish = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}`)

func looksDate(s string) bool { return dateish.MatchString(s) || len(s) == 8 && allDigits(s) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var (
	commaDecimal = regexp.MustCompile(`^[-+(]?[$€£]?\d[\d.]*,(\d{1,2}|\d{4,})\)?$`)
	dotDecimal   = regexp.MustCompile(`^[-+(]?[$€£]?\d[\d,]*\.(\d{1,2}|\d{4,})\)?$`)
)

// sniffDecimalComma weighs the cells written "12,50" against "12.50"
// (with or without a currency code: "12,50 EUR").
func sniffDecimalComma(rows [][]string) bool {
	comma, dot := 0, 0
	for _, rec := range rows {
		for _, c := range rec {
			c, _ = cutCurrency(c)
			switch {
			case commaDecimal.MatchString(c):
				comma++
			case dotDecimal.MatchString(c):
				dot++
			}
		}
	}
	return comma > dot
}

// sniffDateFormat finds the format that reads the most non-empty cells of
// col (or, with col < 0, the first column of date-like cells), so one
// mistyped date is reported on its own line instead of hiding the format
// of the rest. Between formats reading as many it prefers day-first when
// decimal commas are used, and says that both orders fit.
func sniffDateFormat(rows [][]string, col int, comma bool) (string, bool) {
	if col < 0 {
		col = dateColumn(rows)
	}
	if col < 0 {
		return "", false
	}
	var cells []string
	for _, rec := range rows {
		if col < len(rec) && rec[col] != "" {
			cells = append(cells, rec[col])
		}
	}
	var fits []string
	best := 1
	for _, d := range dateLayouts {
		switch n := parsedCount(cells, d.Name); {
		case n > best:
			fits, best = []string{d.Name}, n
		case n == best:
			fits = append(fits, d.Name)
		}
	}
	switch {
	case len(fits) == 0:
		return "", false
	case len(fits) == 1:
		return fits[0], false
	}
	pref := "MM/DD/YYYY"
	if comma {
		pref = "DD/MM/YYYY"
	}
	for _, f := range fits {
		if strings.ReplaceAll(strings.ReplaceAll(f, ".", "/"), "-", "/") == pref {
			return f, true
		}
	}
	return fits[0], true
}

// parsedCount is the number of cells format reads.
func parsedCount(cells []string, format string) int {
	n := 0
	for _, c := range cells {
		if _, err := parseDate(c, format); err == nil {
			n++
		}
	}
	return n
}

// dateColumn returns the first column whose first data cell looks like a
// date.
func dateColumn(rows [][]string) int {
	if len(rows) == 0 {
		return -1
	}
	return slices.IndexFunc(rows[0], looksDate)
}

// Sniff detects the settings of a decoded CSV text and reads it.
func Sniff(text string) (Settings, Table, error) {
	delim := sniffDelimiter(text)
	t, err := ReadTable(text, delim)
	if err != nil {
		return Settings{}, Table{}, err
	}
	s := Settings{Delimiter: string(delim)}
	h := sniffHeader(t)
	data := t.Records
	if h >= 0 {
		s.HeaderLine, s.Header = t.Lines[h], t.Records[h]
		data = t.Records[h+1:]
	}
	data = data[:min(len(data), 200)]
	s.DecimalComma = sniffDecimalComma(data)
	s.DateFormat, s.DateAmbiguous = sniffDateFormat(data, -1, s.DecimalComma)
	return s, t, nil
}
