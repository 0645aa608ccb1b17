package httpx_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/server/reqctx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestJSONUnencodable answers a value JSON cannot encode with a 500 in the
// error shape, never with the intended status and an empty body, naming
// the request id and telling the error hook, as WriteError does.
func TestJSONUnencodable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		v          any
		wantStatus int
	}{
		{"plain value", map[string]float64{"value": 1.5}, http.StatusCreated},
		{"infinity", map[string]float64{"value": math.Inf(1)}, http.StatusInternalServerError},
		{"NaN in a struct", struct {
			Weights []float64 `json:"weights"`
		}{[]float64{0.5, math.NaN()}}, http.StatusInternalServerError},
		{"channel", make(chan int), http.StatusInternalServerError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			var told []string // request ids the error hook was told
			r := httptest.NewRequest(http.MethodGet, "/api/x", nil)
			ctx := reqctx.WithRequestID(r.Context(), "req-7")
			ctx = reqctx.WithErrorHook(ctx, func(_ *http.Request, id string, err error) {
				if err == nil {
					t.Error("error hook told of no error")
				}
				told = append(told, id)
			})
			httpx.JSON(rec, r.WithContext(ctx), http.StatusCreated, tc.v)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d (body %q)", rec.Code, tc.wantStatus, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); ct != httpx.JSONContentType {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.wantStatus != http.StatusInternalServerError {
				if len(told) != 0 {
					t.Errorf("error hook told of a good answer: %v", told)
				}
				return
			}
			var e wire.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code != "internal_error" || e.Error == "" {
				t.Errorf("body %q is not the generic error (%v)", rec.Body.String(), err)
			}
			if !strings.Contains(e.Error, "req-7") {
				t.Errorf("message %q lacks the request id", e.Error)
			}
			if len(told) != 1 || told[0] != "req-7" {
				t.Errorf("error hook told %v, want once with the request id", told)
			}
		})
	}
}
