package validate

import (
	"errors"
	"slices"
	"strings"
)

// Kinds of custom assets.
var AssetKinds = []string{"stock", "etf", "fund", "bond", "crypto", "cash-like", "other"}

// Bounds of custom assets.
const (
	MaxAssetName   = 80
	MaxAssetLabel  = 60 // sector, country
	MaxAssetPrices = 20000
	MaxAssets      = 200
	// MinAssetClose is the smallest close: with MaxPrice it bounds a day's
	// move, so returns computed from the closes stay finite (a denormal
	// close such as 5e-324 made the next day's return infinite).
	MinAssetClose = 1e-6
)

// AssetInput is a custom asset as a user defines it (the API body and the
// form).
type AssetInput struct {
	Symbol, Name, Currency, Sector, Country, Kind string
}

// Asset checks and normalises a custom asset: a ticker-shaped symbol, a
// name, a currency Fortfolio has rates for, an optional sector and
// country ("Unknown" when empty) and one of AssetKinds.
func Asset(in AssetInput) (AssetInput, FieldErrors) {
	errs := FieldErrors{}
	if t, err := Ticker(in.Symbol); err != nil {
		errs["symbol"] = "Symbol: " + strings.TrimPrefix(err.Error(), ErrInvalidTicker.Error()+": ") + "."
	} else {
		in.Symbol = t
	}
	var err error
	if in.Name, err = Text("Name", in.Name, 1, MaxAssetName, false); err != nil {
		errs["name"] = err.Error()
	}
	if in.Currency, err = Currency(in.Currency); err != nil {
		errs["currency"] = err.Error()
	}
	for key, p := range map[string]*string{"sector": &in.Sector, "country": &in.Country} {
		label := strings.ToUpper(key[:1]) + key[1:]
		if *p, err = Text(label, *p, 0, MaxAssetLabel, false); err != nil {
			errs[key] = err.Error()
		} else if *p == "" {
			*p = "Unknown"
		}
	}
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	if !slices.Contains(AssetKinds, in.Kind) {
		errs["kind"] = "Kind must be one of " + strings.Join(AssetKinds, ", ") + "."
	}
	if len(errs) > 0 {
		return in, errs
	}
	return in, nil
}

// AssetPrice checks one daily close of a custom asset.
func AssetPrice(date string, close float64) error {
	if _, err := Date(date); err != nil {
		return errors.New("Date must be a real date written YYYY-MM-DD.")
	}
	if !(close >= MinAssetClose && close <= MaxPrice) {
		return errors.New("Close must be a positive number from 0.000001 to 1e9.")
	}
	return nil
}
