package api_test

import (
	"cmp"
	"net/http"
	"slices"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

// German bank exports (comdirect, ING, Consorsbank samples) go through the
// import dialog's path: a first preview with no format or mapping guesses
// the mapping and lists the instruments without a ticker; with the ticker
// map the preview shows every row new, the import stores them, and the
// stored transactions are the file's.
func TestImportGermanBankExports(t *testing.T) {
	t.Parallel()
	type stored struct {
		date, kind, ticker   string
		quantity, price, fee float64
		currency, note       string
	}
	for _, tc := range []struct {
		file     string
		symbols  map[string]string
		unmapped []string
		skipped  []int
		want     []stored // by date, ticker, kind
	}{
		{"comdirect-depot.csv", map[string]string{"865985": "AAPL", "870747": "MSFT", "850663": "KO"},
			[]string{"850663", "865985", "870747"}, nil, []stored{
				{"2017-01-05", "buy", "AAPL", 20, 116.61, 0, "USD", ""},
				{"2017-01-05", "buy", "KO", 1000, 41.66, 0, "USD", ""},
				{"2017-06-02", "buy", "MSFT", 25, 71.76, 0, "USD", ""},
				{"2017-11-13", "sell", "AAPL", 10, 173.97, 0, "USD", ""},
			}},
		// Dividends given as a total are stored as 1 x the total.
		{"ing-depot.csv", map[string]string{"US4781601046": "JNJ", "US7427181091": "PG"},
			[]string{"US4781601046", "US7427181091"}, nil, []stored{
				{"2017-01-03", "buy", "PG", 1200, 84.05, 9.90, "USD", ""},
				{"2017-02-03", "buy", "JNJ", 30, 113.62, 4.90, "USD", ""},
				{"2017-10-02", "sell", "JNJ", 10, 130.55, 4.90, "USD", ""},
				{"2017-11-15", "dividend", "PG", 1, 827.52, 0, "USD", ""},
				{"2017-12-12", "dividend", "JNJ", 1, 16.80, 0, "USD", ""},
			}},
		{"consorsbank-depot.csv", map[string]string{"US4581401001": "INTC", "US4592001014": "IBM"},
			[]string{"US4581401001", "US4592001014"}, []int{10}, []stored{
				{"2017-01-04", "buy", "IBM", 12, 167.19, 7.95, "USD", ""},
				{"2017-01-04", "buy", "INTC", 50, 36.35, 7.95, "USD", "Sparplan; Januar"},
				{"2017-03-01", "dividend", "INTC", 1, 13, 0, "USD", "Quartalsdividende"},
				{"2017-03-10", "dividend", "IBM", 1, 16.80, 0, "USD", ""},
				{"2017-09-22", "sell", "INTC", 20, 37.10, 7.95, "USD", ""},
			}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			f := newImportFixture(t)
			file := sample(t, tc.file)
			r, p := f.send(t, f.pid, wire.ImportFileRequest{}, file, false)
			if r.Status != http.StatusOK || p.Format != "custom" || !slices.Equal(p.Unmapped, tc.unmapped) || len(p.Errors) != len(tc.want) {
				t.Fatalf("first preview: %d %s", r.Status, r.Body)
			}
			r, p = f.send(t, f.pid, wire.ImportFileRequest{Symbols: tc.symbols}, file, false)
			if r.Status != http.StatusOK || p.New != len(tc.want) || len(p.Errors) != 0 || len(p.Unmapped) != 0 {
				t.Fatalf("preview with symbols: %d %s", r.Status, r.Body)
			}
			var skipped []int
			for _, s := range p.Skipped {
				skipped = append(skipped, s.Line)
			}
			if !slices.Equal(skipped, tc.skipped) {
				t.Errorf("skipped %v, want %v", p.Skipped, tc.skipped)
			}
			if len(f.transactions(t, f.pid)) != 0 {
				t.Fatal("the preview wrote transactions")
			}
			r, p = f.send(t, f.pid, wire.ImportFileRequest{Symbols: tc.symbols}, file, true)
			if r.Status != http.StatusOK || p.Imported != len(tc.want) {
				t.Fatalf("import: %d %s", r.Status, r.Body)
			}
			var got []stored
			for _, tx := range f.transactions(t, f.pid) {
				got = append(got, stored{tx.Date, tx.Kind, tx.Ticker, tx.Quantity, tx.Price, tx.Fee, tx.Currency, tx.Note})
			}
			slices.SortFunc(got, func(a, b stored) int {
				return cmp.Or(cmp.Compare(a.date, b.date), cmp.Compare(a.ticker, b.ticker), cmp.Compare(a.kind, b.kind))
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("stored\n %v\nwant\n %v", got, tc.want)
			}
		})
	}
}
