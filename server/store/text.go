package store

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text from requests (a name typed at sign-in, an error's message) may hold
// bytes a database cannot keep: PostgreSQL refuses NUL and invalid UTF-8 in
// text columns. What the store writes of such text goes through these.

// clip makes s storable text of at most n bytes, cut on a rune boundary:
// invalid UTF-8 and NUL become U+FFFD.
func clip(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// bucketKey is the stored form of a rate-limit key: the key itself when it
// is storable, else its quoted ASCII form (still one key per input, and
// never equal to a storable key, which holds no quote).
func bucketKey(key string) string {
	if storableText(key) && !strings.ContainsRune(key, '"') {
		return key
	}
	return strconv.QuoteToASCII(key)
}

// storableText tells text every backend keeps as it is: valid UTF-8 without NUL.
func storableText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
