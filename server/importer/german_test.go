package importer

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// germanCases are German bank and broker exports read the way the import
// dialog first reads an upload: no format and no mapping, so the preset
// detection falls through to the mapping guessed from the header.
//
//   - comdirect-depot.csv follows comdirect's "Umsätze" CSV, Depot section,
//     as open-source readers of it parse it: Windows-1252, a ";" line and the
//     section title with its "Zeitraum" before the header, every cell quoted
//     and every line ending in ";", the header "Buchungstag";"Geschäftstag";
//     "Stück / Nom.";"Bezeichnung";"WKN";"Währung";"Ausführungskurs";"Umsatz
//     in EUR", sells as negative Stück. It has no kind and no fee column.
//   - ing-depot.csv has the preamble of ING's (Germany) CSV export as readers
//     of it parse it (Umsatzanzeige, Letztes Update, IBAN, Kontoname, Bank,
//     Kunde, Zeitraum, Saldo, Sortierung, the note on pending bookings), its
//     "Buchung;Valuta;..." columns and two "Währung" columns. No public
//     reader of a Depot transaction list was found, so the security columns
//     (ISIN, Wertpapier, Stück, Kurs, Gebühren) are modelled on the bank's
//     own column names.
//   - consorsbank-depot.csv is modelled (no public reader of a Consorsbank
//     Depot CSV was found) on German broker exports in general: UTF-8 with a
//     byte-order mark, a title and period before the header, an "Umsatzart"
//     kind column, prices and amounts with a leading or trailing currency
//     code and no currency column, a note with a quoted ";", and a "Summe"
//     line after the data.
var germanCases = []struct {
	file     string
	symbols  map[string]string
	settings Settings
	want     []Tx
	skipped  []int
}{
	// Stück gives buy or sell by its sign; the fees are only inside
	// "Umsatz in EUR" (in euros, not the price's dollars), so there are none.
	{file: "comdirect-depot.csv", symbols: map[string]string{"865985": "AAPL", "870747": "MSFT", "850663": "KO"},
		settings: Settings{Delimiter: ";", DecimalComma: true, HeaderLine: 4, DateFormat: "DD.MM.YYYY", Encoding: EncWindows1252},
		want: []Tx{
			inst(trade(5, "2017-11-13", KindSell, "AAPL", 10, 173.97, 0, "USD", ""), "865985"),
			inst(trade(6, "2017-06-02", KindBuy, "MSFT", 25, 71.76, 0, "USD", ""), "870747"),
			inst(trade(7, "2017-01-05", KindBuy, "AAPL", 20, 116.61, 0, "USD", ""), "865985"),
			inst(trade(8, "2017-01-05", KindBuy, "KO", 1000, 41.66, 0, "USD", ""), "850663"),
		}},
	{file: "ing-depot.csv", symbols: map[string]string{"US4781601046": "JNJ", "US7427181091": "PG"},
		settings: Settings{Delimiter: ";", DecimalComma: true, HeaderLine: 15, DateFormat: "DD.MM.YYYY", Encoding: EncWindows1252},
		want: []Tx{
			inst(cash(16, "2017-12-12", KindDividend, "JNJ", 16.80, "USD", ""), "US4781601046"),
			inst(cash(17, "2017-11-15", KindDividend, "PG", 827.52, "USD", ""), "US7427181091"),
			inst(trade(18, "2017-10-02", KindSell, "JNJ", 10, 130.55, 4.90, "USD", ""), "US4781601046"),
			inst(trade(19, "2017-02-03", KindBuy, "JNJ", 30, 113.62, 4.90, "USD", ""), "US4781601046"),
			inst(trade(20, "2017-01-03", KindBuy, "PG", 1200, 84.05, 9.90, "USD", ""), "US7427181091"),
		}},
	{file: "consorsbank-depot.csv", symbols: map[string]string{"US4581401001": "INTC", "US4592001014": "IBM"},
		settings: Settings{Delimiter: ";", DecimalComma: true, HeaderLine: 4, DateFormat: "DD.MM.YYYY", Encoding: EncUTF8BOM},
		want: []Tx{
			inst(trade(5, "2017-01-04", KindBuy, "INTC", 50, 36.35, 7.95, "USD", "Sparplan; Januar"), "US4581401001"),
			inst(trade(6, "2017-01-04", KindBuy, "IBM", 12, 167.19, 7.95, "USD", ""), "US4592001014"),
			inst(cash(7, "2017-03-01", KindDividend, "INTC", 13, "USD", "Quartalsdividende"), "US4581401001"),
			inst(cash(8, "2017-03-10", KindDividend, "IBM", 16.80, "USD", ""), "US4592001014"),
			inst(trade(9, "2017-09-22", KindSell, "INTC", 20, 37.10, 7.95, "USD", ""), "US4581401001"),
		}, skipped: []int{10}},
}

func TestGermanExportsImportWithTheGuessedMapping(t *testing.T) {
	t.Parallel()
	for _, tc := range germanCases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			res, err := Parse(readSample(t, tc.file), Request{Symbols: tc.symbols})
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != FormatCustom || len(res.Errors) != 0 {
				t.Fatalf("read as %q with errors %v (mapping %+v)", res.Format, res.Errors, res.Mapping)
			}
			s, w := res.Settings, tc.settings
			if s.Delimiter != w.Delimiter || s.DecimalComma != w.DecimalComma || s.HeaderLine != w.HeaderLine ||
				s.DateFormat != w.DateFormat || s.DateAmbiguous || s.Encoding != w.Encoding {
				t.Errorf("settings %+v, want %+v", s, w)
			}
			checkTxs(t, res.Txs, tc.want)
			var skipped []int
			for _, l := range res.Skipped {
				skipped = append(skipped, l.Line)
			}
			if !equalInts(skipped, tc.skipped) {
				t.Errorf("skipped %v, want %v", res.Skipped, tc.skipped)
			}
			// Without the ticker map every security row waits for one.
			res, err = Parse(readSample(t, tc.file), Request{})
			if err != nil || len(res.Txs) != 0 || len(res.Unmapped) != len(tc.symbols) {
				t.Errorf("without symbols: %v %d rows, unmapped %v", err, len(res.Txs), res.Unmapped)
			}
		})
	}
}

// TestGermanExportBadLines: a line of a German export that cannot be read
// is an error naming that line and what is wrong; the other lines are read.
func TestGermanExportBadLines(t *testing.T) {
	t.Parallel()
	good := "03.01.2017;05.01.2017;US7427181091;Procter & Gamble Co., The;Kauf;1.200;84,05;USD;9,90;-100.869,90;USD"
	for _, tc := range []struct {
		name, line, want string
	}{
		{"unknown kind", "04.01.2017;06.01.2017;US7427181091;P&G;Storno;10;84,05;USD;;-840,50;USD", "Unknown kind Storno"},
		{"impossible date", "31.02.2017;02.03.2017;US7427181091;P&G;Kauf;10;84,05;USD;;-840,50;USD", "Date 31.02.2017 does not match the date format DD.MM.YYYY"},
		{"price not a number", "04.01.2017;06.01.2017;US7427181091;P&G;Kauf;10;k.A.;USD;;-840,50;USD", "The price k.A. is not a number"},
		{"English number in a decimal-comma file", "04.01.2017;06.01.2017;US7427181091;P&G;Kauf;10;1,084.05;USD;;-840,50;USD", "The price 1,084.05 is not a number"},
		{"decimal point in a decimal-comma file", "04.01.2017;06.01.2017;US7427181091;P&G;Kauf;10;84.05;USD;;-840,50;USD", "The price 84.05 is not a number"},
		{"price in another currency", "04.01.2017;06.01.2017;US7427181091;P&G;Kauf;10;84,05 EUR;USD;;-840,50;USD", "84,05 EUR is in EUR, not in the row's currency USD"},
		{"unmapped ISIN", "04.01.2017;06.01.2017;US0000000001;Unbekannt AG;Kauf;10;84,05;USD;;-840,50;USD", "No ticker for US0000000001"},
		{"no quantity", "04.01.2017;06.01.2017;US7427181091;P&G;Kauf;;84,05;USD;;-840,50;USD", "needs a quantity and a price above zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			text := "Umsatzanzeige;Datei erstellt am: 02.01.2018 09:14\r\n\r\n" +
				"Buchung;Valuta;ISIN;Wertpapier;Buchungstext;Stück;Kurs;Währung;Gebühren;Betrag;Währung\r\n" +
				good + "\r\n" + tc.line + "\r\n" + good + "\r\n"
			data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Parse(data, Request{Symbols: map[string]string{"US7427181091": "PG"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 1 || res.Errors[0].Line != 5 || !strings.Contains(res.Errors[0].Message, tc.want) {
				t.Fatalf("errors %v, want one on line 5 saying %q", res.Errors, tc.want)
			}
			if len(res.Txs) != 2 || res.Txs[0].Line != 4 || res.Txs[1].Line != 6 || res.Txs[0].Quantity != 1200 {
				t.Fatalf("rows %+v", res.Txs)
			}
		})
	}
}
