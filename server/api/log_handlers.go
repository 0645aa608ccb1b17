package api

import (
	"log/slog"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/ratelimit"
	"github.com/fortfolio/fortfolio/server/refusal"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// Client error report limits: the body cap and each field's cap in bytes.
const (
	MaxLogBody    = 8 << 10
	maxLogMessage = 1000
	maxLogURL     = 500
	maxLogStack   = 4000
)

// clientLog accepts an error report from the browser. Reports are
// rate-limited per IP and per signed-in user, cleaned of control
// characters, capped and written to the JSON server log only (which
// escapes them), never to a file of their own.
func (h *Handlers) clientLog(w http.ResponseWriter, r *http.Request) error {
	userID := h.optionalUser(r)
	ip := h.ClientIP(r)
	if err := h.allowLog(r, ip, userID); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxLogBody)
	var in wire.ClientLog
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	level, ok := logLevel(in.Level)
	if !ok {
		return httpx.BadRequest(`level must be "error", "warn" or "info".`)
	}
	slog.Log(r.Context(), level, "client report",
		slog.String("request_id", reqctx.RequestID(r.Context())),
		slog.String("user", userID),
		slog.String("ip", ip),
		slog.String("message", cleanLog(in.Message, maxLogMessage, false)),
		slog.String("url", cleanLog(in.URL, maxLogURL, false)),
		slog.String("stack", cleanLog(in.Stack, maxLogStack, true)))
	httpx.NoContent(w)
	return nil
}

// allowLog applies the "log" class per IP and per user (429 when a limit
// is hit).
func (h *Handlers) allowLog(r *http.Request, ip, userID string) error {
	keys := []string{"ip:" + ip}
	if userID != "" {
		keys = append(keys, "user:"+userID)
	}
	for _, k := range keys {
		if ok, wait := h.Limits.Allow(k, ratelimit.ClassLog); !ok {
			h.Refusals.Add(refusal.Refusal{Kind: refusal.KindRateLimited, UserID: userID, IP: ip, Detail: "log"})
			return httpx.TooMany(wait, "Too many error reports. Please wait a moment.")
		}
	}
	return nil
}

// optionalUser returns the id of a valid token's user, or "" for
// anonymous callers and invalid tokens (reports are accepted from both).
func (h *Handlers) optionalUser(r *http.Request) string {
	raw := r.Header.Get(wire.TokenHeader)
	if raw == "" {
		return ""
	}
	u, _, err := h.Auth.Authenticate(r.Context(), raw)
	if err != nil {
		return ""
	}
	return u.ID
}

func logLevel(s string) (slog.Level, bool) {
	switch s {
	case "error":
		return slog.LevelError, true
	case "warn":
		return slog.LevelWarn, true
	case "info":
		return slog.LevelInfo, true
	}
	return 0, false
}

// cleanLog drops control and line-separator characters (keeping newlines
// and tabs when multiline) and caps s at max bytes on a rune boundary.
func cleanLog(s string, max int, multiline bool) string {
	var b strings.Builder
	for _, c := range s {
		keep := multiline && (c == '\n' || c == '\t') ||
			!unicode.IsControl(c) && c != '\u2028' && c != '\u2029' && c != utf8.RuneError
		if !keep {
			continue
		}
		if b.Len()+utf8.RuneLen(c) > max {
			break
		}
		b.WriteRune(c)
	}
	return b.String()
}
