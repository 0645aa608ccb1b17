package store

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text from requests (a name typed at sign-in, an error's message) may hold
// bytes a database cannot keep: PostgreSQL refuses NUL and invalid UTF-8 in
// text columns. Event text goes through audit.Clip, like audit entries;
// rate-limit keys and account names through these.

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
