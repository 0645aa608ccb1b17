package store

import (
	"math"
	"testing"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestLotsRoundTrip(t *testing.T) {
	in := []model.LotPick{{Lot: "abc_-1", Quantity: 5}, {Lot: "Z", Quantity: 0.1 + 0.2}}
	out, err := decodeLots(encodeLots(in))
	if err != nil || len(out) != 2 || out[0] != in[0] || out[1] != in[1] {
		t.Fatalf("round trip %v -> %v, %v", in, out, err)
	}
	for _, bad := range []string{"x", "x:", ":1", "x:0", "x:-1", "x:NaN", "x:+Inf", "x:1,", "x:1,,y:2"} {
		if _, err := decodeLots(bad); err == nil {
			t.Errorf("decodeLots(%q) accepted", bad)
		}
	}
}

// FuzzDecodeLots checks whatever decodes is well formed and survives a
// round trip unchanged.
func FuzzDecodeLots(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"a:1", "a:1,b:2.5", "x:1e-3", "a:", "a:1,,", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		picks, err := decodeLots(s)
		if err != nil {
			return
		}
		seen.Reached()
		for _, p := range picks {
			if p.Lot == "" || !(p.Quantity > 0) || math.IsInf(p.Quantity, 0) {
				t.Fatalf("decoded %q to %+v", s, p)
			}
		}
		again, err := decodeLots(encodeLots(picks))
		if err != nil || len(again) != len(picks) {
			t.Fatalf("re-decode of %q: %v %v", s, again, err)
		}
		for i := range picks {
			if again[i] != picks[i] {
				t.Fatalf("round trip of %q changed %+v to %+v", s, picks[i], again[i])
			}
		}
	})
}
