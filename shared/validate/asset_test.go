package validate

import (
	"math"
	"testing"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func TestAsset(t *testing.T) {
	t.Parallel()
	got, errs := Asset(AssetInput{Symbol: " myfund ", Name: " My fund ", Currency: "eur", Kind: "ETF"})
	if errs != nil || got.Symbol != "MYFUND" || got.Name != "My fund" || got.Currency != "EUR" || got.Kind != "etf" || got.Sector != "Unknown" {
		t.Fatalf("%+v %v", got, errs)
	}
	_, errs = Asset(AssetInput{Symbol: "-x", Name: "", Currency: "ZZZ", Kind: "nft", Country: "a\u202eb"})
	for _, f := range []string{"symbol", "name", "currency", "kind", "country"} {
		if errs[f] == "" {
			t.Errorf("no error for %s: %v", f, errs)
		}
	}
}

// FuzzAsset: an accepted asset is normalised and within the bounds.
func FuzzAsset(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("MYFUND", "My fund", "USD", "", "", "fund")
	f.Add("x..y", "\x00", "eur", "Tech", "CH", "stock")
	f.Fuzz(func(t *testing.T, sym, name, cur, sector, country, kind string) {
		got, errs := Asset(AssetInput{Symbol: sym, Name: name, Currency: cur, Sector: sector, Country: country, Kind: kind})
		if errs != nil {
			return
		}
		seen.Reached()
		if len(got.Symbol) > MaxTickerLen || utf8.RuneCountInString(got.Name) > MaxAssetName || got.Sector == "" || got.Country == "" {
			t.Fatalf("%+v", got)
		}
	})
}

// TestAssetPrice bounds a custom asset's close on both sides, so a day's
// move between two closes stays finite.
func TestAssetPrice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		close float64
		ok    bool
	}{
		{1, true},
		{1e-6, true},
		{MaxPrice, true},
		{0, false},
		{-1, false},
		{5e-324, false},
		{1e-7, false},
		{MaxPrice * 1.5, false},
		{math.NaN(), false},
		{math.Inf(1), false},
	} {
		if err := AssetPrice("2017-01-03", tc.close); (err == nil) != tc.ok {
			t.Errorf("AssetPrice(%g) = %v, want ok %v", tc.close, err, tc.ok)
		}
	}
}
