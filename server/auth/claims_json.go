package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// UnmarshalJSON decodes the claims, refuses time claims that are not JSON
// numbers (the library would read "exp":"9999999999", a string, as a
// date) and re-reads iat exactly. The library parses numeric dates
// through float64 and truncates, so a millisecond iat lands one
// millisecond early about half the time; a token issued in the same
// millisecond as a tokens_valid_after bump (the fresh token a password
// change answers) would then count as issued before it.
func (c *Claims) UnmarshalJSON(b []byte) error {
	type plain Claims
	if err := json.Unmarshal(b, (*plain)(c)); err != nil {
		return err
	}
	var times struct {
		Exp      json.RawMessage `json:"exp"`
		IAT      json.RawMessage `json:"iat"`
		NBF      json.RawMessage `json:"nbf"`
		AuthTime json.RawMessage `json:"auth_time"`
	}
	if err := json.Unmarshal(b, &times); err != nil {
		return fmt.Errorf("auth: time claims: %w", err)
	}
	for _, v := range [][]byte{times.Exp, times.IAT, times.NBF, times.AuthTime} {
		if v != nil && !isJSONNumber(v) {
			return errNonNumericTime
		}
	}
	if t, ok := decimalSeconds(string(times.IAT)); ok {
		c.IssuedAt = &jwt.NumericDate{Time: t.Truncate(jwt.TimePrecision)}
	}
	return nil
}

// errNonNumericTime refuses a time claim written as anything but a number.
var errNonNumericTime = errors.New("auth: a time claim is not a number")

// isJSONNumber reports whether v starts like a JSON number (a present
// claim that is a string, null, bool, object or array does not).
func isJSONNumber(v []byte) bool {
	return len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9'))
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
