package validate

import (
	"errors"
	"net/mail"
	"strings"
)

// MaxEmailLen is the longest e-mail address accepted (RFC 5321 path limit).
const MaxEmailLen = 254

// Email checks an optional e-mail address for security notices. The empty
// string is accepted (no address). Otherwise it must be a bare address as
// net/mail parses it — no display name, comment or angle brackets — of at
// most MaxEmailLen bytes with no control characters, so it is safe to put
// in a To header and an SMTP RCPT command.
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
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s || !strings.Contains(addr.Address, "@") ||
		strings.ContainsAny(s, " <>()\",;:\\[]") {
		return errors.New("Enter an e-mail address like name@example.com, without a name or brackets.")
	}
	return nil
}
