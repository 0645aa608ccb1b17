package market

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestHostileResponses(t *testing.T) {
	t.Parallel()
	huge := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"results":[`))
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for range maxBodyBytes>>20 + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr error
	}{
		{"body over limit", huge, ErrUnavailable},
		{"malformed json", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"results":[{"t":`)) }, ErrUnavailable},
		{"wrong types", status(200, map[string]any{"results": "nope"}), ErrUnavailable},
		{"html page", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>hi</html>")) }, ErrUnavailable},
		{"404", status(404, map[string]any{"status": "NOT_FOUND"}), ErrUnknownTicker},
		{"400 not unavailable", status(400, map[string]any{"status": "ERROR", "error": "bad"}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t, tc.handler)
			e := testEnv(t, f.srv.URL)
			e.cfg.PolygonKey = canary
			e.cfg.MaxRetries = -1
			p := openRemote(t, NewPolygon, e.cfg)
			bars, err := p.History(context.Background(), "IBM", date(t, "2017-01-02"), date(t, "2017-01-06"))
			if err == nil || bars != nil {
				t.Fatalf("want error, got %d bars", len(bars))
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && (errors.Is(err, ErrUnavailable) || errors.Is(err, ErrUnknownTicker)) {
				t.Fatalf("err = %v misclassified", err)
			}
		})
	}
}

func TestPolygonDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ms   int64
		want string
	}{
		{"EST midnight", 1514523600000, "2017-12-29"},
		{"EDT midnight", 1501473600000, "2017-07-31"},
		{"UTC midnight", 1501459200000, "2017-07-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := polygonDay(tc.ms); !got.Equal(date(t, tc.want)) {
				t.Fatalf("got %v want %s", got, tc.want)
			}
		})
	}
}
