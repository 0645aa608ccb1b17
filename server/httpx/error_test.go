package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   time.Duration
		want int64
	}{
		{0, 1},
		{-time.Second, 1},
		{time.Nanosecond, 1},
		{time.Second, 1},
		{time.Second + time.Millisecond, 2},
		{12 * time.Minute, 720},
		{1<<63 - 1, 86400},
	}
	for _, tc := range tests {
		t.Run(tc.in.String(), func(t *testing.T) {
			t.Parallel()
			if got := RetryAfterSeconds(tc.in); got != tc.want {
				t.Errorf("RetryAfterSeconds(%v) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestTooManyAnswer(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil), TooMany(2500*time.Millisecond, "Too many requests, slow down."))
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	want := map[string]string{
		"Retry-After":   "3",
		"Content-Type":  "application/json; charset=utf-8",
		"Cache-Control": "no-store",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if got := w.Body.String(); got != `{"error":"Too many requests, slow down.","code":"rate_limited"}`+"\n" {
		t.Errorf("body = %q", got)
	}
}

func TestWriteErrorHidesInternalsAndKeepsFields(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil), errors.New("secret internal detail"))
	if w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("500 answer: %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil), fmt.Errorf("wrapped: %w",
		&Error{Status: http.StatusBadRequest, Code: "invalid_transaction", Message: "Bad.", Fields: map[string]string{"fee": "Bad fee."}}))
	if got, want := w.Body.String(), `{"error":"Bad.","code":"invalid_transaction","fields":{"fee":"Bad fee."}}`+"\n"; w.Code != 400 || got != want {
		t.Errorf("field error: %d %q, want %q", w.Code, got, want)
	}
	if w.Header().Get("Retry-After") != "" {
		t.Error("Retry-After on a 400")
	}
}
