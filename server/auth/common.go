package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// commonPasswordsGz is the UK NCSC's list of the 100,000 passwords seen most
// often in breaches (from Have I Been Pwned), lower-cased, entries shorter
// than four characters dropped, sorted and gzipped. docs/security.md says how
// to rebuild it.
//
//go:embed common-passwords.txt.gz
var commonPasswordsGz []byte

// contextWords are refused like list entries (also with digits and
// symbols around them): words of this product's field and the seasons of
// "Summer2024!" style passwords that the general list lacks.
var contextWords = []string{"portfolio", "bitcoin", "crypto", "stocks", "trading", "invest", "investor",
	"dividend", "spring", "summer", "autumn", "fall", "winter"}

// ProductName is refused inside passwords, like the username.
const ProductName = "fortfolio"

// minCoreLen is the shortest core (a password without its leading and
// trailing digits and symbols) compared against the list: a shorter core
// leaves a password that is mostly digits, and the full form decides.
const minCoreLen = 4

// ErrPasswordHasName refuses a password built on the username or the
// product name. Its message is public.
var ErrPasswordHasName = errors.New("The password must not contain your username or the name Fortfolio.")

// commonKeys returns the normalised list, sorted for binary search. It is
// built on first use, so commands that never check a password skip it.
var commonKeys = sync.OnceValue(func() []string {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("auth: embedded password list: " + err.Error())
	}
	keys := make([]string, 0, 100_000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			keys = append(keys, normalise(strings.ToLower(line)))
		}
	}
	if err := sc.Err(); err != nil {
		panic("auth: embedded password list: " + err.Error())
	}
	for _, w := range contextWords {
		keys = append(keys, normalise(w))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
})

// CommonPasswordCount is the number of distinct normalised entries on the
// built-in list.
func CommonPasswordCount() int { return len(commonKeys()) }

// CommonPasswordRule describes the refusal for the Security page.
func CommonPasswordRule() string {
	return "the UK NCSC's 100,000 most common passwords (" + strconv.Itoa(CommonPasswordCount()) +
		" distinct forms), compared ignoring case, common substitutions (0 for o, 3 for e, @ for a...) and " +
		"leading or trailing digits and symbols; also the username and the product name"
}

// leet undoes the usual character substitutions. '1' and 'l' both become
// 'i', so "1", "l" and "i" compare equal wherever they stand.
var leet = strings.NewReplacer("0", "o", "1", "i", "l", "i", "3", "e", "4", "a", "@", "a",
	"5", "s", "$", "s", "7", "t")

// normalise maps a lower-cased string to its comparison form.
func normalise(lower string) string { return leet.Replace(lower) }

// core trims leading and trailing runes that are not letters: "summer2024!"
// becomes "summer".
func core(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// passwordKeys returns the normalised forms of a password: the whole
// password, then its core taken before and after undoing substitutions
// ("Passw0rd!" -> "password", "hell0!!" -> "heiio").
func passwordKeys(p string) []string {
	lower := strings.ToLower(p)
	return []string{normalise(lower), normalise(core(lower)), core(normalise(lower))}
}

// IsCommonPassword reports whether a password is on the built-in list once
// case, common substitutions (0->o, 1->i/l, 3->e, 4/@->a, 5/$->s, 7->t) and
// leading or trailing digits and symbols ("2024!") are set aside.
func IsCommonPassword(p string) bool {
	list := commonKeys()
	for i, k := range passwordKeys(p) {
		if i > 0 && utf8.RuneCountInString(k) < minCoreLen {
			continue
		}
		if _, found := slices.BinarySearch(list, k); found {
			return true
		}
	}
	return false
}

// containsName reports whether a password is built on the product name or
// the username: it contains either (a username of four or more characters),
// or its core is the username.
func containsName(p, username string) bool {
	keys := passwordKeys(p)
	names := []string{ProductName}
	if username != "" {
		names = append(names, username)
	}
	for _, name := range names {
		n := normalise(strings.ToLower(name))
		for _, k := range keys {
			if k == n || utf8.RuneCountInString(n) >= minCoreLen && strings.Contains(k, n) {
				return true
			}
		}
	}
	return false
}

// CheckNewPassword applies the shared rules, the common-password list and
// the username and product-name rule to a new password for username.
func CheckNewPassword(username, password string) error {
	if err := validate.Password(password); err != nil {
		return &InputError{err}
	}
	if containsName(password, username) {
		return &InputError{ErrPasswordHasName}
	}
	if IsCommonPassword(password) {
		return &InputError{ErrCommonPassword}
	}
	return nil
}
