package market

import (
	"context"
	"slices"
	"testing"
)

// TestReferenceOfProviders: the embedded set is its own reference; a
// remote provider, which has no fixed data set, names the embedded one.
func TestReferenceOfProviders(t *testing.T) {
	e, err := NewEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{PolygonKey: canary, PolygonBaseURL: "http://127.0.0.1:1", CachePath: t.TempDir() + "/c.db"}
	remote, err := NewPolygon(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer remote.Close()
	for _, p := range []Referenced{e, remote} {
		ref, err := p.Reference()
		if err != nil {
			t.Fatal(err)
		}
		first, last := ref.Range()
		if ref != Reference(e) || !first.Equal(date(t, "2006-01-03")) || !last.Equal(date(t, "2017-12-29")) ||
			!slices.Equal(ref.Tickers(), e.Tickers()) {
			t.Errorf("%T reference: %v..%v, %d tickers", p, first, last, len(ref.Tickers()))
		}
	}
}
