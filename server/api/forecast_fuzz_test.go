package api

import (
	"math"
	"net/http"
	"net/url"
	"testing"

	"github.com/fortfolio/fortfolio/server/forecast"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// FuzzParseMC: any query either is refused with a 400 or yields
// parameters inside the Monte Carlo limits.
func FuzzParseMC(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("63", "2000", "1", "bootstrap", "10")
	f.Add("", "", "", "", "")
	f.Add("252", "10000", "18446744073709551615", "student_t", "100")
	f.Add("0", "99", "-1", "normal", "0")
	f.Add("253", "10001", "x", "", "NaN")
	f.Add("1e3", "1_000", "007", "BOOTSTRAP", "1e-300")
	f.Fuzz(func(t *testing.T, horizon, paths, seed, method, loss string) {
		q := url.Values{"horizon": {horizon}, "paths": {paths}, "seed": {seed}, "method": {method}, "loss": {loss}}
		p, err := parseMC(q)
		if err != nil {
			if e, ok := httpx.AsError(err); !ok || e.Status != http.StatusBadRequest {
				t.Fatalf("error %v is not a 400", err)
			}
			return
		}
		seen.Reached()
		if p.horizon < 1 || p.horizon > forecast.MaxHorizon || p.paths < forecast.MinPaths || p.paths > forecast.MaxPaths ||
			(p.method != forecast.MethodBootstrap && p.method != forecast.MethodStudentT) ||
			!(p.loss > 0 && p.loss <= 100) || math.IsNaN(p.loss) {
			t.Fatalf("accepted out-of-range parameters %+v", p)
		}
	})
}

// FuzzParseHorizon: only 1, 5 and 21 (or nothing: 5) are accepted.
func FuzzParseHorizon(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"", "1", "5", "21", "0", "7", "-5", "05", "+5", "5.0", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		h, err := parseHorizon(raw)
		if err != nil {
			return
		}
		seen.Reached()
		if h != 1 && h != 5 && h != 21 {
			t.Fatalf("parseHorizon(%q) = %d", raw, h)
		}
	})
}
