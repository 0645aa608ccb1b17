package router

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/httpx"
)

func TestRecoverPanicsAnswers500AndTellsHook(t *testing.T) {
	var hooked error
	h := chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internal detail") }),
		func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(httpx.WithServerErrorHook(r.Context(), func(_ *http.Request, _ string, err error) { hooked = err })))
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
