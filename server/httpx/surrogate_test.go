package httpx

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// TestDecodeRefusesLoneSurrogates: an escaped UTF-16 surrogate that is not
// half of a pair is refused with a 400 naming it (encoding/json would store
// U+FFFD); pairs, other escapes and escaped backslashes before a "u" pass.
func TestDecodeRefusesLoneSurrogates(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the decoded name, "" when refused
	}{
		{"high alone", `{"name":"a\ud800b"}`, ""},
		{"low alone", `{"name":"\udc00"}`, ""},
		{"high at the end", `{"name":"x\uDBFF"}`, ""},
		{"high then a non-low escape", `{"name":"\ud800\u0041"}`, ""},
		{"two highs", `{"name":"\ud800\ud800"}`, ""},
		{"low then high", `{"name":"\udc00\ud800"}`, ""},
		{"in a note", `{"name":"n","note":"\ud83d"}`, ""},
		{"in a key", `{"\ud800":"x"}`, ""},
		{"pair", `{"name":"\ud83d\ude00"}`, "\U0001F600"},
		{"pair upper case", `{"name":"\uD83D\uDE00!"}`, "\U0001F600!"},
		{"literal emoji", `{"name":"😀"}`, "\U0001F600"},
		{"plain escape", `{"name":"\u00e9\n"}`, "é\n"},
		{"escaped backslash before u", `{"name":"\\ud800"}`, `\ud800`},
		{"escaped quote", `{"name":"\"\ud83d\ude00\""}`, "\"\U0001F600\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Name string `json:"name"`
				Note string `json:"note"`
			}
			err := DecodeBytes([]byte(tc.body), &v)
			if tc.want == "" {
				var e *Error
				if !errors.As(err, &e) || e.Status != http.StatusBadRequest || !strings.Contains(e.Message, "surrogate") {
					t.Fatalf("DecodeBytes(%s) = %v, want a 400 about the surrogate", tc.body, err)
				}
				return
			}
			if err != nil || v.Name != tc.want {
				t.Fatalf("DecodeBytes(%s) = %q, %v; want %q", tc.body, v.Name, err, tc.want)
			}
		})
	}
}

// FuzzLoneSurrogate checks loneSurrogate against encoding/json itself:
// for valid JSON that names no U+FFFD, the decoded value holds one
// exactly when the body has a lone surrogate escape.
func FuzzLoneSurrogate(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{`"a"`, `"\ud800"`, `"\ud83d\ude00"`, `["\\ud800","\udc00"]`, `{"k\ud800":1}`, `"\ud800\"`, `"\"\udfff"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		lone := loneSurrogate(body)
		var v any
		if !utf8.Valid(body) || strings.Contains(strings.ToLower(string(body)), `\ufffd`) || strings.ContainsRune(string(body), utf8.RuneError) || json.Unmarshal(body, &v) != nil {
			return
		}
		seen.Reached()
		if got := strings.ContainsRune(flatten(v), utf8.RuneError); got != lone {
			t.Fatalf("loneSurrogate(%q) = %v, but the decoded value holds U+FFFD: %v", body, lone, got)
		}
	})
}

// flatten concatenates every string and key of a decoded JSON value.
func flatten(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for k, e := range v {
				b.WriteString(k)
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}
