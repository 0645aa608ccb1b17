// Package httpx is the one place where HTTP responses are written: JSON with
// a charset, the {"error","code"} error shape, safe public messages, and
// strict request decoding.
package httpx

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// JSONContentType is the Content-Type of every JSON response.
const JSONContentType = "application/json; charset=utf-8"

// JSON writes v as JSON with the given status. Responses carrying user data
// are marked no-store so no cache keeps them.
func JSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", JSONContentType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if v == nil {
		return
	}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		slog.Warn("httpx: encode response", slog.Any("error", err))
	}
}

// NoContent answers 204.
func NoContent(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// Error writes an error body with a public message and a machine code.
func Error(w http.ResponseWriter, status int, code, message string) {
	JSON(w, status, wire.Error{Error: message, Code: code})
}

// BadRequest answers 400 with a message meant for the user.
func BadRequest(w http.ResponseWriter, message string) {
	Error(w, http.StatusBadRequest, "bad_request", message)
}

// InvalidIdentifier answers 400 for an id that fails the shared validator.
func InvalidIdentifier(w http.ResponseWriter) {
	Error(w, http.StatusBadRequest, "invalid_identifier", "Invalid identifier")
}

// Unauthorized answers 401.
func Unauthorized(w http.ResponseWriter, message string) {
	Error(w, http.StatusUnauthorized, "unauthorized", message)
}

// Forbidden answers 403 with a generic message.
func Forbidden(w http.ResponseWriter) {
	Error(w, http.StatusForbidden, "forbidden", "You are not allowed to do this.")
}

// NotFound answers 404. It is also the answer for objects owned by someone
// else, so existence is never revealed.
func NotFound(w http.ResponseWriter) {
	Error(w, http.StatusNotFound, "not_found", "Not found.")
}

// Conflict answers 409.
func Conflict(w http.ResponseWriter, message string) {
	Error(w, http.StatusConflict, "conflict", message)
}

// TooMany answers 429 with Retry-After in whole seconds (at least 1).
func TooMany(w http.ResponseWriter, retryAfter time.Duration, message string) {
	secs := int((retryAfter + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	Error(w, http.StatusTooManyRequests, "rate_limited", message)
}

// InsufficientStorage answers 507: the disk is full, nothing was changed.
func InsufficientStorage(w http.ResponseWriter) {
	Error(w, http.StatusInsufficientStorage, "insufficient_storage",
		"The server's disk is full, so changes are paused and nothing was changed. Reading still works; "+
			"please try again later (an administrator has to free space).")
}

// ServerError logs err with the request id and answers 500 with a generic
// message: internals never reach the client. A full disk (see DiskFull)
// answers 507 instead.
func ServerError(w http.ResponseWriter, r *http.Request, err error) {
	id := RequestID(r.Context())
	if DiskFull(err) {
		slog.Warn("request refused: disk full", slog.String("request_id", id), slog.String("path", r.URL.Path), slog.Any("error", err))
		InsufficientStorage(w)
		return
	}
	slog.Error("request failed",
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Any("error", err))
	notifyServerError(r, id, err)
	Error(w, http.StatusInternalServerError, "internal_error",
		"Something went wrong on our side (request "+id+").")
}
