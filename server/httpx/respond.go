// Package httpx is the one place where HTTP responses are written: JSON with
// a charset, the {"error","code"} error shape, safe public messages, and
// strict request decoding. Every error response goes through WriteError:
// an *Error is answered as it says, anything else is logged and answered
// with a generic 500.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/fortfolio/fortfolio/server/reqctx"
)

// JSONContentType is the Content-Type of every JSON response.
const JSONContentType = "application/json; charset=utf-8"

// JSON writes v as JSON with the given status. Responses carrying user data
// are marked no-store so no cache keeps them.
// The value is encoded before the status is sent: a value JSON cannot
// encode (a NaN or an infinity) is answered through WriteError (a 500
// with the request id, logged and told to the error hook), never with the
// status meant for it and an empty body.
func JSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	if v == nil {
		JSONBody(w, status, nil)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		WriteError(w, r, fmt.Errorf("httpx: encode response (status %d): %w", status, err))
		return
	}
	JSONBody(w, status, append(body, '\n'))
}

// JSONBody answers status with body, a JSON document already encoded
// (newline-terminated, as JSON writes it), and the same headers as JSON.
func JSONBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", JSONContentType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		slog.Debug("httpx: write response", slog.Any("error", err))
	}
}

// NoContent answers 204.
func NoContent(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// StatusClientClosedRequest is the status recorded for a request whose
// client went away before the answer (nginx's 499): nobody reads it, and
// it is not a server error.
const StatusClientClosedRequest = 499

// WriteError answers err: an *Error (anywhere in the chain) with its
// status, code, message, fields and Retry-After; any other error is logged
// with the request id, told to the request's error hook and answered 500
// with a generic message, so internals never reach the client. A request
// the client abandoned (its context is cancelled) is no server failure,
// whatever error the cancellation caused: it is logged as cancelled and
// recorded as 499, and the error hook is not told.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	if e, ok := AsError(err); ok {
		e.write(w)
		return
	}
	id := reqctx.RequestID(r.Context())
	if errors.Is(r.Context().Err(), context.Canceled) {
		slog.Info("request cancelled",
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path))
		NewError(StatusClientClosedRequest, "cancelled", "The request was cancelled.").write(w)
		return
	}
	slog.Error("request failed",
		slog.String("request_id", id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Any("error", err))
	reqctx.NotifyServerError(r, id, err)
	NewError(http.StatusInternalServerError, "internal_error",
		"Something went wrong on our side (request "+id+").").write(w)
}
