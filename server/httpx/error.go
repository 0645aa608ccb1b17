package httpx

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// Error is a public error: what the client sees. Message is written for the
// user; Fields holds per-field messages of a form; RetryAfter, for 429s,
// becomes the Retry-After header (see RetryAfterSeconds).
type Error struct {
	Status     int
	Code       string
	Message    string
	Fields     map[string]string
	RetryAfter time.Duration
}

// Error returns the public message.
func (e *Error) Error() string { return e.Message }

// AsError finds an *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// NewError returns a public error with a status, a machine code and a
// message for the user.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

func (e *Error) write(w http.ResponseWriter) {
	if e.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.FormatInt(RetryAfterSeconds(e.RetryAfter), 10))
	}
	var v any = wire.Error{Error: e.Message, Code: e.Code}
	if e.Fields != nil {
		v = wire.FieldError{Error: e.Message, Code: e.Code, Fields: e.Fields}
	}
	body, _ := json.Marshal(v) // strings only: it always encodes
	JSONBody(w, e.Status, append(body, '\n'))
}

// BadRequest is a 400 with a message meant for the user.
func BadRequest(message string) *Error {
	return NewError(http.StatusBadRequest, "bad_request", message)
}

// FieldBadRequest is a 400 about one input field: the form shows the
// message next to that field (Fields) instead of in place of the page.
func FieldBadRequest(field, message string) *Error {
	e := BadRequest(message)
	e.Fields = map[string]string{field: message}
	return e
}

// InvalidIdentifier is the 400 for an id that fails the shared validator.
func InvalidIdentifier() *Error {
	return NewError(http.StatusBadRequest, "invalid_identifier", "Invalid identifier")
}

// Unauthorized is a 401.
func Unauthorized(message string) *Error {
	return NewError(http.StatusUnauthorized, "unauthorized", message)
}

// Forbidden is a 403 with a generic message.
func Forbidden() *Error {
	return NewError(http.StatusForbidden, "forbidden", "You are not allowed to do this.")
}

// NotFound is a 404. It is also the answer for objects owned by someone
// else, so existence is never revealed.
func NotFound() *Error {
	return NewError(http.StatusNotFound, "not_found", "Not found.")
}

// Conflict is a 409.
func Conflict(message string) *Error {
	return NewError(http.StatusConflict, "conflict", message)
}

// Unavailable is a 503 with a machine code.
func Unavailable(code, message string) *Error {
	return NewError(http.StatusServiceUnavailable, code, message)
}

// InsufficientStorage is the 507 of a full disk: the change was refused
// or rolled back, so nothing changed; reads keep working.
func InsufficientStorage() *Error {
	return NewError(http.StatusInsufficientStorage, "insufficient_storage",
		"The server's disk is full, so changes are paused and nothing was changed. Reading still works; "+
			"please try again later (an administrator has to free space).")
}

// TooMany is a 429; the client is asked to wait retryAfter.
func TooMany(retryAfter time.Duration, message string) *Error {
	e := NewError(http.StatusTooManyRequests, "rate_limited", message)
	e.RetryAfter = retryAfter
	return e
}

// maxRetryAfter caps the advertised wait (one day) so absurd delays from a
// misconfigured limit never overflow or mislead clients.
const maxRetryAfter = 24 * 60 * 60

// RetryAfterSeconds converts a wait into the Retry-After value: whole
// seconds rounded up, at least 1 and at most one day.
func RetryAfterSeconds(d time.Duration) int64 {
	secs := math.Ceil(d.Seconds())
	if math.IsNaN(secs) || secs < 1 {
		return 1
	}
	return int64(min(secs, maxRetryAfter))
}
