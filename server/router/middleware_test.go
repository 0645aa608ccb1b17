package router

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/reqctx"
)

func TestRecoverPanicsAnswers500AndTellsHook(t *testing.T) {
	var hooked error
	h := chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internal detail") }),
		func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(reqctx.WithErrorHook(r.Context(), func(_ *http.Request, _ string, err error) { hooked = err })))
			})
		},
		requestID, recoverPanics)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret internal detail") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), rec.Header().Get("X-Request-Id")) {
		t.Errorf("the answer does not name the request id: %s", rec.Body)
	}
	if hooked == nil || !strings.Contains(hooked.Error(), "secret internal detail") {
		t.Errorf("the server-error hook saw %v", hooked)
	}
}

func TestRefuseMethods(t *testing.T) {
	h := refuseMethods(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	for method, want := range map[string]int{"GET": 204, "POST": 204, "TRACE": 405, "CONNECT": 405, "PROPFIND": 405} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, "/", nil))
		if rec.Code != want {
			t.Errorf("%s = %d, want %d", method, rec.Code, want)
		}
	}
}

func TestRefuseDotSegments(t *testing.T) {
	h := refuseDotSegments(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	cases := map[string]int{
		"/":                                   204,
		"/web/fortfolio.css":                  204,
		"/api/portfolios/abc/transactions/..": 400,
		"/api/portfolios/abc/transactions/.":  400,
		"/api/portfolios/../admin/users":      400,
		"/api/portfolios//x":                  400,
		"/portfolios/..":                      400,
		"/api/portfolios/a..b":                204,
	}
	for path, want := range cases {
		req := httptest.NewRequest("DELETE", "/", nil)
		req.URL.Path = path
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s = %d, want %d", path, rec.Code, want)
		}
	}
}

func TestRefuseChangesWhenFull(t *testing.T) {
	full := errors.New("full")
	var state error
	h := refuseChangesWhenFull(func() error { return state })(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	tests := []struct {
		method, path string
		state        error
		want         int
	}{
		{"POST", "/api/portfolios", nil, 204},
		{"POST", "/api/portfolios", full, http.StatusInsufficientStorage},
		{"DELETE", "/api/portfolios/x", full, http.StatusInsufficientStorage},
		{"PUT", "/api/me/email", full, http.StatusInsufficientStorage},
		{"GET", "/api/portfolios", full, 204},
		{"GET", "/api/portfolios/x/export.csv", full, http.StatusInsufficientStorage},
		{"GET", "/api/export.json", full, http.StatusInsufficientStorage},
		{"GET", "/api/admin/users/x/export.json", full, http.StatusInsufficientStorage},
		{"GET", "/api/export.json", nil, 204},
		{"HEAD", "/api/portfolios", full, 204},
		{"GET", "/", full, 204},
	}
	for _, tt := range tests {
		state = tt.state
		rr := httptest.NewRecorder()
		h.ServeHTTP(rr, httptest.NewRequest(tt.method, tt.path, nil))
		if rr.Code != tt.want {
			t.Errorf("%s %s (state %v) = %d, want %d", tt.method, tt.path, tt.state, rr.Code, tt.want)
		}
		if rr.Code == http.StatusInsufficientStorage && !strings.Contains(rr.Body.String(), "insufficient_storage") {
			t.Errorf("507 body %s", rr.Body)
		}
	}
}
