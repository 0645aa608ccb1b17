// Package validate holds the input rules shared by the server and the
// WebAssembly client, so a form shows exactly the errors the API would return.
// It depends on the standard library only and compiles for js/wasm.
package validate

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidIdentifier is returned for identifiers that do not match
// ^[A-Za-z0-9_-]{1,64}$. Its message is the public one the API answers with.
var ErrInvalidIdentifier = errors.New("Invalid identifier")

// MaxIDLen is the longest identifier accepted anywhere.
const MaxIDLen = 64

// ID reports whether s is a safe identifier: 1..64 characters of
// A-Z, a-z, 0-9, '_' and '-'. Identifiers are checked before any use.
func ID(s string) error {
	if len(s) == 0 || len(s) > MaxIDLen {
		return ErrInvalidIdentifier
	}
	for i := 0; i < len(s); i++ {
		if !isIDByte(s[i]) {
			return ErrInvalidIdentifier
		}
	}
	return nil
}

func isIDByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// Username checks a username: 3..32 characters of [A-Za-z0-9_.-].
func Username(s string) error {
	if len(s) < 3 || len(s) > 32 {
		return errors.New("Username must be 3 to 32 characters long.")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isIDByte(c) && c != '.' {
			return errors.New("Username may contain only letters, digits, '.', '_' and '-'.")
		}
	}
	return nil
}

// Password length bounds, in characters (runes).
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// Password checks a new password's length and content. The server also
// refuses common passwords (see the auth package).
func Password(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("Password must be valid UTF-8 text.")
	}
	n := utf8.RuneCountInString(s)
	if n < MinPasswordLen {
		return errors.New("Password must be at least 8 characters long.")
	}
	if n > MaxPasswordLen {
		return errors.New("Password must be at most 128 characters long.")
	}
	if strings.ContainsRune(s, 0) {
		return errors.New("Password must not contain NUL characters.")
	}
	return nil
}

// Text checks free text (a name or a note): valid UTF-8, no control
// characters (newlines and tabs allowed only when multiline) and no
// bidirectional controls (IsBidiControl), and between
// minLen and maxLen characters after trimming. It returns the trimmed text.
func Text(field, s string, minLen, maxLen int, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New(field + " must be valid UTF-8 text.")
	}
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n < minLen {
		if minLen == 1 {
			return "", errors.New(field + " must not be empty.")
		}
		return "", errors.New(field + " is too short.")
	}
	if n > maxLen {
		return "", errors.New(field + " is too long.")
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t' || r == '\r') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", errors.New(field + " must not contain control characters.")
		}
		if IsBidiControl(r) {
			return "", errors.New(field + " must not contain text-direction control characters.")
		}
	}
	return s, nil
}

// IsBidiControl reports whether r is a Unicode bidirectional embedding,
// override or isolate control (U+202A..U+202E, U+2066..U+2069). They make
// text display in another order than it is stored ("Trojan Source"), so a
// name could pose as another; right-to-left scripts need none of them.
func IsBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'
}
