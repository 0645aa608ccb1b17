package market

import (
	"net/url"
	"strings"
)

// redacted replaces secrets in messages. Its delimiters are non-ASCII and
// keys are ASCII (checkKey), so a replacement can never form part of a new
// key occurrence together with neighbouring text: one pass is enough.
const redacted = "‹REDACTED›"

// maxMessageLen bounds sanitised messages.
const maxMessageLen = 300

// redactor removes one API key, in every encoding a URL or echo could use,
// from text.
type redactor struct {
	forms []string
}

// newRedactor builds a redactor for key (nothing to remove when empty).
func newRedactor(key string) redactor {
	if key == "" {
		return redactor{}
	}
	forms := []string{key, url.QueryEscape(key), url.PathEscape(key)}
	return redactor{forms: forms}
}

// clean removes control characters and invalid UTF-8, redacts the key and
// secret-looking query values, and bounds the length.
func (r redactor) clean(s string) string {
	s = cleanText(s) // first: removing bytes later could splice a key together
	for _, f := range r.forms {
		s = strings.ReplaceAll(s, f, redacted)
	}
	s = redactQueryKeys(s)
	if len(s) > maxMessageLen {
		s = cleanText(s[:maxMessageLen]) + "..."
	}
	return s
}

// secretParams are query parameter names whose values are always hidden.
var secretParams = []string{"apikey=", "apiKey=", "api_key=", "token="}

// redactQueryKeys hides the value of any secret-looking query parameter,
// a second line of defence should a key reach a message in a form the
// redactor does not know.
func redactQueryKeys(s string) string {
	for _, p := range secretParams {
		for from := 0; ; {
			i := strings.Index(s[from:], p)
			if i < 0 {
				break
			}
			start := from + i + len(p)
			end := start
			for end < len(s) && !strings.ContainsRune("&\"' \t\n#", rune(s[end])) {
				end++
			}
			s = s[:start] + redacted + s[end:]
			from = start + len(redacted)
		}
	}
	return s
}
