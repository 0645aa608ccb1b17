package ratelimit

import (
	"net/http/httptest"
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

func TestWriteTooMany(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	WriteTooMany(w, 2500*time.Millisecond)
	assertTooMany(t, w, "3")
}
