package ratelimit

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// tooManyBody is the fixed JSON body of a 429 response.
const tooManyBody = `{"error":"Too many requests, slow down.","code":"rate_limited"}` + "\n"

// WriteTooMany writes the 429 response shared by both layers: a Retry-After
// header in whole seconds (at least 1, rounded up from retryAfter), JSON
// content type, Cache-Control: no-store and the rate_limited error body.
func WriteTooMany(w http.ResponseWriter, retryAfter time.Duration) {
	h := w.Header()
	h.Set("Retry-After", strconv.FormatInt(RetryAfterSeconds(retryAfter), 10))
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(tooManyBody))
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
