package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestAbandonedRequestIsNotAServerError sends authenticated requests whose
// client has already gone away: none is answered or logged as a 500, none
// becomes a server_error security event, and each is logged as cancelled.
func TestAbandonedRequestIsNotAServerError(t *testing.T) {
	f := newPFFixture(t)
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(prev)
	paths := []string{"/api/portfolios", "/api/portfolios/" + f.folio + "/holdings",
		"/api/portfolios/" + f.folio + "/analytics", "/api/portfolios/" + f.folio + "/transactions"}
	for _, path := range paths {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest("GET", f.ts.URL+path, nil).WithContext(ctx)
		req.Host = strings.TrimPrefix(f.ts.URL, "http://")
		req.RemoteAddr = "127.0.0.1:1234"
		req.Header.Set(wire.TokenHeader, f.alice)
		rec := httptest.NewRecorder()
		f.ts.Platform.Handler.ServeHTTP(rec, req)
		if rec.Code == http.StatusInternalServerError {
			t.Errorf("GET %s abandoned by the client answered 500: %s", path, rec.Body)
		}
	}
	if strings.Contains(logs.String(), "request failed") || strings.Contains(logs.String(), "status=500") {
		t.Errorf("abandoned requests logged as server errors:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "request cancelled") {
		t.Errorf("abandoned requests not logged as cancelled:\n%s", logs.String())
	}
	events, err := f.ts.Platform.Store.ListSecurityEvents(context.Background(), "server_error", time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) > 0 {
		t.Errorf("abandoned requests recorded as server errors: %+v", events)
	}
}
