package auth

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// UnmarshalJSON decodes the claims and re-reads iat exactly. The library
// parses numeric dates through float64 and truncates, so a millisecond
// iat lands one millisecond early about half the time; a token issued in
// the same millisecond as a tokens_valid_after bump (the fresh token a
// password change answers) would then count as issued before it.
func (c *Claims) UnmarshalJSON(b []byte) error {
	type plain Claims
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return err
	}
	var exact struct {
		IAT json.Number `json:"iat"`
	}
	if err := json.Unmarshal(b, &exact); err != nil {
		return fmt.Errorf("auth: iat: %w", err)
	}
	if t, ok := decimalSeconds(string(exact.IAT)); ok {
		c.IssuedAt = &jwt.NumericDate{Time: t.Truncate(jwt.TimePrecision)}
	}
	return nil
}

// decimalSeconds parses "1796166595.138" exactly; ok is false for any
// other form (the library's value is kept then).
func decimalSeconds(s string) (time.Time, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 9 || strings.ContainsAny(s, "eE+-") {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var nsec int64
	if frac != "" {
		if nsec, err = strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64); err != nil {
			return time.Time{}, false
		}
	}
	return time.Unix(sec, nsec), true
}
