package auth

import (
	_ "embed"
	"strings"
)

//go:embed common-passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// IsCommonPassword reports whether a password is on the built-in list of
// frequently used passwords (compared case-insensitively).
func IsCommonPassword(p string) bool {
	return commonPasswords[strings.ToLower(p)]
}
