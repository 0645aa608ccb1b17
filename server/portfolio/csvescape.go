package portfolio

import (
	"strings"
	"unicode/utf8"
)

// Spreadsheets run a cell as a formula when its first character (after
// any leading spaces, which some of them skip) is one of = + - @, a tab or
// a carriage return, and several accept the full-width (U+FF1D, U+FF0B,
// U+FF0D, U+FF20) and small (U+FE66, U+FE62, U+FE63, U+FE6B) forms as the
// same characters.
const (
	formulaStarts = "=+@\t\r＝＋＠﹦﹢﹫"
	minusSigns    = "-－﹣"
)

// firstRune returns the first rune of s after leading spaces, and the
// rest of s after it.
func firstRune(s string) (rune, string) {
	s = strings.TrimLeft(s, " ")
	r, size := utf8.DecodeRuneInString(s)
	return r, s[size:]
}

// startsFormula reports whether a spreadsheet could run s as a formula.
func startsFormula(s string) bool {
	r, _ := firstRune(s)
	return s != "" && (strings.ContainsRune(formulaStarts, r) || strings.ContainsRune(minusSigns, r))
}

// isFormula reports whether an imported cell would be run as a formula by
// a spreadsheet. A leading '-' followed by a digit is a negative number,
// which the amount rules reject with a clearer message.
func isFormula(cell string) bool {
	r, rest := firstRune(cell)
	if r == '-' {
		return rest == "" || !(rest[0] >= '0' && rest[0] <= '9' || rest[0] == '.')
	}
	return startsFormula(cell)
}

// needsEscape reports whether s starts a formula, or is an apostrophe
// followed by what needs escaping (so that text which itself begins with
// the escape survives a round trip).
func needsEscape(s string) bool {
	for ; strings.HasPrefix(s, "'"); s = s[1:] {
		if startsFormula(s[1:]) {
			return true
		}
	}
	return startsFormula(s)
}

// EscapeCell neutralises a cell a spreadsheet would run as a formula by
// prefixing an apostrophe.
func EscapeCell(s string) string {
	if needsEscape(s) {
		return "'" + s
	}
	return s
}

// unescapeCell undoes EscapeCell so exported files import unchanged.
func unescapeCell(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && needsEscape(rest) {
		return rest
	}
	return s
}
