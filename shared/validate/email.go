package validate

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// MaxEmailLen is the longest e-mail address accepted (RFC 5321 path limit).
const MaxEmailLen = 254

// Email checks an optional e-mail address for security notices. The empty
// string is accepted (no address). Otherwise it must be a bare RFC 5322
// addr-spec of two dot-atoms, local@domain — no display name, comment,
// quoted string, domain literal or angle brackets — of at most MaxEmailLen
// bytes with no control characters, so it is safe to put in a To header
// and an SMTP RCPT command. It accepts exactly what net/mail.ParseAddress
// parses back to the same bare address (the fuzz test holds it to that),
// without linking net/mail into the WebAssembly client.
func Email(s string) error {
	if s == "" {
		return nil
	}
	if len(s) > MaxEmailLen {
		return errors.New("E-mail address must be at most 254 characters long.")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return errors.New("E-mail address must not contain control characters or line breaks.")
		}
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || !utf8.ValidString(s) || !dotAtom(local) || !dotAtom(domain) {
		return errors.New("Enter an e-mail address like name@example.com, without a name or brackets.")
	}
	return nil
}

// dotAtom reports whether s is an RFC 5322 dot-atom: atoms of atext (UTF-8
// allowed, RFC 6532) joined by single dots.
func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if r != '.' && !isAtext(r) {
			return false
		}
	}
	return true
}

// isAtext reports whether r is an RFC 5322 atext character: printable
// ASCII except the specials, or any non-ASCII character.
func isAtext(r rune) bool {
	if r >= utf8.RuneSelf {
		return true
	}
	return '!' <= r && r <= '~' && !strings.ContainsRune(`()<>[]:;@\,".`, r)
}
