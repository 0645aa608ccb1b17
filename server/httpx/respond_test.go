package httpx_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// TestJSONUnencodable answers a value JSON cannot encode with a 500 in the
// error shape, never with the intended status and an empty body.
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
			httpx.JSON(rec, http.StatusCreated, tc.v)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d (body %q)", rec.Code, tc.wantStatus, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); ct != httpx.JSONContentType {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.wantStatus != http.StatusInternalServerError {
				return
			}
			var e wire.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code != "internal_error" || e.Error == "" {
				t.Errorf("body %q is not the generic error (%v)", rec.Body.String(), err)
			}
		})
	}
}
