package importer

import (
	"slices"
	"testing"
)

// TestSuggestSecurityColumns: a ticker or symbol column is the ticker; a
// security name (Wertpapier, Instrument, ...) is guessed as the instrument
// only when no ISIN or WKN column holds a better id.
func TestSuggestSecurityColumns(t *testing.T) {
	for _, tc := range []struct {
		name               string
		header             []string
		ticker, instrument string
	}{
		{"symbol", []string{"Date", "Symbol", "Shares"}, "Symbol", ""},
		{"ticker beside a name", []string{"Datum", "Ticker", "Wertpapier"}, "Ticker", "Wertpapier"},
		{"Wertpapier alone", []string{"Datum", "Wertpapier", "Anzahl", "Kurs"}, "", "Wertpapier"},
		{"Wertpapiername alone", []string{"Datum", "Wertpapiername", "Stück"}, "", "Wertpapiername"},
		{"ISIN beats Wertpapier", []string{"Datum", "Wertpapier", "ISIN"}, "", "ISIN"},
		{"WKN beats Wertpapier", []string{"Datum", "Wertpapier", "WKN"}, "", "WKN"},
		{"ISIN beats WKN", []string{"Datum", "WKN", "ISIN"}, "", "ISIN"},
		{"Instrument", []string{"Date", "Instrument", "Quantity"}, "", "Instrument"},
		{"symbol and Instrument", []string{"Date", "Instrument", "Symbol"}, "Symbol", "Instrument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Suggest(tc.header)
			if got := m.Columns["ticker"]; got != tc.ticker {
				t.Errorf("ticker column %q, want %q", got, tc.ticker)
			}
			if got := m.Columns["instrument"]; got != tc.instrument {
				t.Errorf("instrument column %q, want %q", got, tc.instrument)
			}
		})
	}
}

// TestGermanExportReadsThroughTheSecurityName: a German export with the
// security's name and no ticker column is read with the guessed mapping;
// the names are listed for the user to map, and mapped they become the
// rows' tickers.
func TestGermanExportReadsThroughTheSecurityName(t *testing.T) {
	file := "Datum;Wertpapier;Typ;Anzahl;Kurs;Gebühren;Währung\n" +
		"04.01.2017;Apple Inc.;Kauf;10;116,15;4,90;USD\n" +
		"05.01.2017;Coca-Cola Co.;Kauf;5;41,80;4,90;USD\n"
	res, err := Parse([]byte(file), Request{Format: FormatCustom})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Apple Inc.", "Coca-Cola Co."}; !slices.Equal(res.Unmapped, want) {
		t.Fatalf("unmapped %v, want %v (errors %v)", res.Unmapped, want, res.Errors)
	}
	res, err = Parse([]byte(file), Request{Format: FormatCustom, Symbols: map[string]string{"Apple Inc.": "AAPL", "Coca-Cola Co.": "KO"}})
	if err != nil || len(res.Errors) != 0 || len(res.Txs) != 2 {
		t.Fatalf("with symbols: %v %+v", err, res)
	}
	got := res.Txs[0]
	if got.Ticker != "AAPL" || got.Kind != KindBuy || got.Quantity != 10 || got.Price != 116.15 || got.Fee != 4.9 || got.Date != "2017-01-04" {
		t.Fatalf("first row %+v", got)
	}
}
