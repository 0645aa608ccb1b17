package importer

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// FuzzDecode: any bytes either decode to valid UTF-8 text without
// control characters or are refused as a file, never a panic.
func FuzzDecode(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add([]byte("date,kind\n2017-01-04,buy\n"))
	f.Add([]byte("\xef\xbb\xbfa,b\n"))
	f.Add([]byte("\xff\xfea\x00,\x00b\x00"))
	f.Add([]byte("\xfe\xff\x00a\x00,"))
	f.Add([]byte("caf\xe9,\x80\n"))
	f.Add([]byte("\x00\x01binary"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text, enc, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrFile) {
				t.Fatalf("error %v is not a file refusal", err)
			}
			return
		}
		seen.Reached()
		if !utf8.ValidString(text) || enc == "" || indexBadControl(text) >= 0 {
			t.Fatalf("decoded %q as %s", text, enc)
		}
	})
}

// FuzzParse: any file under any preset gives a file refusal, or rows that
// meet the rules (positive finite amounts, ISO dates, keys set).
func FuzzParse(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, tc := range presetCases {
		f.Add(readSample(f, tc.file), tc.format)
	}
	for _, tc := range germanCases {
		f.Add(readSample(f, tc.file), "")
	}
	f.Add([]byte("date;kind;ticker;quantity;price\n04.01.2017;buy;KO;1,5;40,25\n"), "")
	f.Add([]byte("Date,Action,Symbol,Quantity,Price,Fees & Comm,Amount\n(1/1/2017,Buy,=1,1,1,1,1\n"), "schwab")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		res, err := Parse(data, Request{Format: format})
		if err != nil {
			if !errors.Is(err, ErrFile) {
				t.Fatalf("error %v is not a file refusal", err)
			}
			return
		}
		seen.Reached()
		for _, tx := range res.Txs {
			for _, v := range []float64{tx.Quantity, tx.Price, tx.Fee, tx.Amount} {
				if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("bad amount in %+v", tx)
				}
			}
			if len(tx.Date) != 10 || tx.Hash == "" || tx.Basis != BasisAsTraded {
				t.Fatalf("bad row %+v", tx)
			}
		}
	})
}

// FuzzParseNumber: a parsed number is finite.
func FuzzParseNumber(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"1,234.56", "(12.50)", "-$4,645.75", "1.234,56", "12-", "1e5", "NaN", "--", "EUR -1.234,56", "1.234,56 EUR", "1,234.5.6"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		v, _, err := parseNumber(s, comma)
		if err != nil {
			return
		}
		seen.Reached()
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q -> %v", s, v)
		}
	})
}
