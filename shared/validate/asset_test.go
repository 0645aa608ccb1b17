package validate

import (
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
