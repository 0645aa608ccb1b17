package importer

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

func utf16(t *testing.T, s string, order xunicode.Endianness) []byte {
	t.Helper()
	b, err := xunicode.UTF16(order, xunicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEncodingsReadTheSameRows(t *testing.T) {
	t.Parallel()
	text := string(readSample(t, "schwab.csv"))
	want, err := Parse([]byte(text), Request{Format: "schwab"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, enc string
		data      []byte
	}{
		{"utf-8", EncUTF8, []byte(text)},
		{"utf-8 bom", EncUTF8BOM, append([]byte("\xef\xbb\xbf"), text...)},
		{"utf-16le", EncUTF16LE, utf16(t, text, xunicode.LittleEndian)},
		{"utf-16be", EncUTF16BE, utf16(t, text, xunicode.BigEndian)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.data, Request{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Settings.Encoding != tc.enc || got.Format != "schwab" {
				t.Fatalf("read as %s/%s", got.Format, got.Settings.Encoding)
			}
			checkTxs(t, got.Txs, want.Txs)
			for i := range want.Txs {
				if got.Txs[i].Hash != want.Txs[i].Hash {
					t.Errorf("row %d hash differs across encodings", i)
				}
			}
		})
	}
}

func TestWindows1252IsDetected(t *testing.T) {
	t.Parallel()
	csv := "date,kind,ticker,quantity,price,fee,note\n2017-01-04,buy,KO,10,41.75,0,Achat via Société Générale – 5 €\n"
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(data, Request{Format: FormatCustom})
	if err != nil {
		t.Fatal(err)
	}
	if res.Settings.Encoding != EncWindows1252 || len(res.Txs) != 1 || res.Txs[0].Note != "Achat via Société Générale – 5 €" {
		t.Fatalf("got %+v", res)
	}
}

func TestHostileFilesAreRefused(t *testing.T) {
	t.Parallel()
	schwabFile := readSample(t, "schwab.csv")
	manyRows := "date,kind,ticker,quantity,price\n" + strings.Repeat("2017-01-04,buy,KO,1,40\n", MaxRows)
	manyCols := "a" + strings.Repeat(",a", MaxColumns) + "\n"
	longCell := "date,note\n2017-01-04," + strings.Repeat("x", MaxCellBytes+1) + "\n"
	noBOM16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte("date,kind\n2017-01-04,buy\n"))
	for _, tc := range []struct {
		name string
		data []byte
		req  Request
		want string
	}{
		{"oversize", bytes.Repeat([]byte("a,b\n"), MaxFileBytes/4+1), Request{}, "larger than 2 MiB"},
		{"empty", nil, Request{}, "empty"},
		{"too many rows", []byte(manyRows), Request{}, "more than 10000 lines"},
		{"too many columns", []byte(manyCols), Request{}, "at most 64"},
		{"long cell", []byte(longCell), Request{}, "longer than 1024"},
		{"utf-16 without bom", noBOM16, Request{}, "UTF-16 without a byte-order mark"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Request{}, "NUL bytes"},
		{"undefined windows-1252 byte", []byte("date,note\n2017-01-04,caf\x81\n"), Request{}, "neither UTF-8 nor Windows-1252"},
		{"control characters", []byte("date,note\n2017-01-04,a\x07b\n"), Request{}, "control characters"},
		{"bad bom utf-8", []byte("\xef\xbb\xbfdate\xff,kind\n"), Request{}, "not valid UTF-8"},
		{"odd utf-16", []byte("\xff\xfea\x00b"), Request{}, "odd number of bytes"},
		{"wrong preset, known other", schwabFile, Request{Format: "fidelity"}, "looks like a Charles Schwab export"},
		{"wrong preset, unknown", []byte("x,y\n1,2\n"), Request{Format: "vanguard"}, "not a Vanguard export"},
		{"json preset on csv", schwabFile, Request{Format: "ghostfolio"}, "not a Ghostfolio export"},
		{"csv preset on json", readSample(t, "ghostfolio.json"), Request{Format: "degiro"}, "JSON file, not a DEGIRO"},
		{"unknown format", schwabFile, Request{Format: "nope"}, "Unknown import format"},
		{"json not ghostfolio", []byte(`{"activities": 3}`), Request{}, "not a Ghostfolio export"},
		{"json trailing data", []byte(`{"meta":{},"activities":[]} {}`), Request{}, "data after"},
		{"mapping names a missing column", []byte("Date,Sym\n2017-01-04,KO\n"), Request{Format: FormatCustom,
			Mapping: &Mapping{Columns: map[string]string{"date": "Date", "ticker": "Ticker"}}}, "not in the file's header"},
		{"mapping kind unknown", []byte("Date,Sym\n2017-01-04,KO\n"), Request{Format: FormatCustom,
			Mapping: &Mapping{Columns: map[string]string{"date": "Date"}, Kinds: map[string]string{"x": "steal"}}}, "must be one of"},
		{"no header", []byte("2017-01-04,1,2\n2017-01-05,1,2\n"), Request{Format: FormatCustom}, "No header row"},
		{"formula symbol mapping", schwabFile, Request{Symbols: map[string]string{"=cmd": "KO"}}, "formula"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.data, tc.req)
			if !errors.Is(err, ErrFile) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a file refusal containing %q", err, tc.want)
			}
		})
	}
}

func TestFormulaCellsAreLineErrors(t *testing.T) {
	t.Parallel()
	data := strings.Replace(string(readSample(t, "schwab.csv")), `"SERVICE FEE"`, `"=HYPERLINK(""http://x"")"`, 1)
	res, err := Parse([]byte(data), Request{Format: "schwab"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Line != 5 || !strings.Contains(res.Errors[0].Message, "formula") {
		t.Fatalf("errors %v", res.Errors)
	}
	custom := "date,kind,ticker,quantity,price,note\n2017-01-04,buy,@SUM(A1),1,40,\n2017-01-04,buy,KO,1,40,+cmd|' /C calc'!A0\n2017-01-04,buy,KO,-1,40,-12 is fine\n"
	res, err = Parse([]byte(custom), Request{Format: FormatCustom})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 2 || res.Errors[0].Line != 2 || res.Errors[1].Line != 3 || len(res.Txs) != 1 {
		t.Fatalf("errors %v, txs %v", res.Errors, res.Txs)
	}
}

func TestCustomMapping(t *testing.T) {
	t.Parallel()
	file := "Depot export 2017\nKonto;4711\nBuchungstag;Art;Wertpapier;Stück;Kurs;Gebühr;Betrag;Währung;Ref\n" +
		"04.01.2017;Kauf;KO;60;41,75;4,95;;USD;A-1\n" +
		"03.04.2017;Dividende;KO;;;;22,20;USD;A-2\n" +
		"02.10.2017;Verkauf;KO;20;45,10;4,95;;USD;A-3\n" +
		"15.12.2017;Auszahlung;;;;;1.500,00;USD;A-4\n"
	m := &Mapping{Columns: map[string]string{"date": "Buchungstag", "kind": "Art", "ticker": "Wertpapier", "quantity": "Stück",
		"price": "Kurs", "fee": "Gebühr", "amount": "Betrag", "currency": "Währung", "id": "Ref"},
		Kinds: map[string]string{"Dividende": KindDividend, "Auszahlung": KindWithdrawal}}
	res, err := Parse([]byte(file), Request{Format: FormatCustom, Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Settings
	if s.Delimiter != ";" || !s.DecimalComma || s.DateFormat != "DD.MM.YYYY" || s.HeaderLine != 3 || len(res.Errors) != 0 {
		t.Fatalf("settings %+v errors %v", s, res.Errors)
	}
	checkTxs(t, res.Txs, []Tx{
		id(trade(4, "2017-01-04", KindBuy, "KO", 60, 41.75, 4.95, "USD", ""), "A-1"),
		id(cash(5, "2017-04-03", KindDividend, "KO", 22.20, "USD", ""), "A-2"),
		id(trade(6, "2017-10-02", KindSell, "KO", 20, 45.10, 4.95, "USD", ""), "A-3"),
		id(cash(7, "2017-12-15", KindWithdrawal, "", 1500, "USD", ""), "A-4"),
	})
	if res.Txs[0].ImportID != "custom:A-1" {
		t.Errorf("import id %q", res.Txs[0].ImportID)
	}
}

func TestSuggestedMappingAndAmbiguousDates(t *testing.T) {
	t.Parallel()
	file := "Date,Symbol,Shares,Price,Type\n01/02/2017,KO,10,41.5,Buy\n03/04/2017,KO,5,42,Sell\n"
	res, err := Parse([]byte(file), Request{Format: FormatCustom})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"date": "Date", "ticker": "Symbol", "quantity": "Shares", "price": "Price", "kind": "Type"}
	for f, c := range want {
		if res.Mapping.Columns[f] != c {
			t.Errorf("suggested %s = %q, want %q", f, res.Mapping.Columns[f], c)
		}
	}
	if !res.Settings.DateAmbiguous || res.Settings.DateFormat != "MM/DD/YYYY" || res.Txs[0].Date != "2017-01-02" {
		t.Fatalf("settings %+v rows %+v", res.Settings, res.Txs)
	}
	day := false
	m := *res.Mapping
	m.DateFormat, m.DecimalComma = "DD/MM/YYYY", &day
	res, err = Parse([]byte(file), Request{Format: FormatCustom, Mapping: &m})
	if err != nil || res.Txs[0].Date != "2017-02-01" || res.Settings.DateAmbiguous {
		t.Fatalf("override: %v %+v", err, res)
	}
}

func TestIdenticalRowsKeepDistinctHashes(t *testing.T) {
	t.Parallel()
	file := "date,kind,ticker,quantity,price\n2017-01-04,buy,KO,1,40\n2017-01-04,buy,KO,1,40\n2017-01-04,buy,KO,2,40\n"
	res, err := Parse([]byte(file), Request{})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := res.Txs[0].Hash, res.Txs[1].Hash, res.Txs[2].Hash
	if a == b || strings.TrimSuffix(a, "#1") != strings.TrimSuffix(b, "#2") || !strings.HasSuffix(c, "#1") {
		t.Fatalf("hashes %s %s %s", a, b, c)
	}
}

func TestUnmappedInstrumentsAreListed(t *testing.T) {
	t.Parallel()
	res, err := Parse(readSample(t, "degiro-transactions.csv"), Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Txs) != 0 || len(res.Errors) != 4 || strings.Join(res.Unmapped, ",") != "US2546871060,US4581401001" {
		t.Fatalf("got %+v", res)
	}
}

func TestFortfolioCSVReadsAsTheCSVImportDoes(t *testing.T) {
	t.Parallel()
	file := "date,kind,ticker,quantity,price,fee,note,amount,currency,basis,ratio\n" +
		"2015-01-02,deposit,,,,,,5000,USD,,\n" +
		"2015-01-05,buy,AAPL,10,106,1,'=not a formula,,,as_traded,\n" +
		"2015-02-02,short,KO,5,42,0,,,,,\n" +
		"2015-03-02,cover,KO,5,41,0,,,,,\n" +
		"2015-06-09,split,AAPL,,,,,,,,7\n"
	res, err := Parse([]byte(file), Request{})
	if err != nil || res.Format != "fortfolio" || len(res.Errors) != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	want := []Tx{
		{Line: 2, Date: "2015-01-02", Kind: KindDeposit, Amount: 5000, Currency: "USD"},
		{Line: 3, Date: "2015-01-05", Kind: KindBuy, Ticker: "AAPL", Quantity: 10, Price: 106, Fee: 1, Basis: BasisAsTraded, Note: "=not a formula"},
		{Line: 4, Date: "2015-02-02", Kind: KindShort, Ticker: "KO", Quantity: 5, Price: 42, Basis: "adjusted"},
		{Line: 5, Date: "2015-03-02", Kind: KindCover, Ticker: "KO", Quantity: 5, Price: 41, Basis: "adjusted"},
		{Line: 6, Date: "2015-06-09", Kind: KindSplit, Ticker: "AAPL", Ratio: 7},
	}
	for i := range res.Txs {
		res.Txs[i].trusted = false
	}
	checkTxs(t, res.Txs, want)
}

// TestOneBadDateKeepsTheFormat: a mistyped date is an error on its own
// line; the format the other dates share is still detected and used.
func TestOneBadDateKeepsTheFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file, format string
		errs               []LineError
	}{
		{"iso with an impossible date", "Date,Action,Symbol,Shares,Price\n2016-01-04,BUY,AAPL,10,105.35\n2016-13-40,BUY,AAPL,10,105.35\n2016-02-01,SELL,AAPL,5,99\n",
			"YYYY-MM-DD", []LineError{{Line: 3, Message: "Date 2016-13-40 does not match the date format YYYY-MM-DD."}}},
		{"no date format at all", "Date,Action,Symbol,Shares,Price\n2016-99-04,BUY,AAPL,10,105.35\n",
			"", []LineError{{Line: 2, Message: "Date 2016-99-04 is in no date format Fortfolio reads; choose the file's date format."}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Parse([]byte(c.file), Request{Format: FormatCustom})
			if err != nil {
				t.Fatal(err)
			}
			if res.Settings.DateFormat != c.format || !slices.Equal(res.Errors, c.errs) {
				t.Fatalf("date format %q errors %+v, want %q %+v", res.Settings.DateFormat, res.Errors, c.format, c.errs)
			}
		})
	}
}
