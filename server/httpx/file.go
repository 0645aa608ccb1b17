package httpx

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Body writes a non-JSON response (SVG, PDF, CSV) with the given content
// type, nosniff and no-store caching.
func Body(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Attachment writes body as a download named after name (user text).
func Attachment(w http.ResponseWriter, contentType, name, fallback, ext string, body []byte) {
	w.Header().Set("Content-Disposition", AttachmentDisposition(name, fallback, ext))
	Body(w, http.StatusOK, contentType, body)
}

// maxFilenameStem is the longest ASCII file name stem of a download.
const maxFilenameStem = 30

// AttachmentDisposition builds a Content-Disposition header with
// mime.FormatMediaType: an ASCII filename reduced to [A-Za-z0-9_-] (at most
// 30 characters, fallback when nothing is left) plus ext, and a filename*
// with the full UTF-8 name (control characters removed), so no user text
// can add or change a header parameter.
func AttachmentDisposition(name, fallback, ext string) string {
	var b strings.Builder
	for _, r := range name {
		if b.Len() >= maxFilenameStem {
			break
		}
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			b.WriteRune(r)
		}
	}
	stem := b.String()
	if stem == "" {
		stem = fallback
	}
	v := mime.FormatMediaType("attachment", map[string]string{"filename": stem + ext})
	full := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	if full != "" && full != stem {
		v += "; filename*=UTF-8''" + rfc5987(full+ext)
	}
	return v
}

// rfc5987 percent-encodes every byte outside RFC 5987's attr-char set.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
