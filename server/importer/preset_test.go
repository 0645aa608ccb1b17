package importer

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// trade and cash build expected rows; every preset row is as traded.
func trade(line int, date, kind, ticker string, qty, price, fee float64, cur, note string) Tx {
	return Tx{Line: line, Date: date, Kind: kind, Ticker: ticker, Quantity: qty, Price: price, Fee: fee,
		Currency: cur, Basis: BasisAsTraded, Note: note}
}

func cash(line int, date, kind, ticker string, amount float64, cur, note string) Tx {
	return Tx{Line: line, Date: date, Kind: kind, Ticker: ticker, Amount: amount, Currency: cur, Basis: BasisAsTraded, Note: note}
}

func with(t Tx, f func(*Tx)) Tx { f(&t); return t }

func id(t Tx, broker string) Tx { return with(t, func(x *Tx) { x.BrokerID = broker }) }

func inst(t Tx, instrument string) Tx { return with(t, func(x *Tx) { x.Instrument = instrument }) }

// presetCases lists each sample file with every transaction it must give
// (hand-read from the file; computed amounts are worked in the comments)
// and the lines skipped on purpose.
var presetCases = []struct {
	format, file string
	symbols      map[string]string
	want         []Tx
	skipped      []int
	settings     Settings
}{
	{format: "schwab", file: "schwab.csv", want: []Tx{
		cash(3, "2017-12-15", KindWithdrawal, "", 1500, "USD", "Tfr BANK OF AMERICA, JOHN DOE"),
		trade(4, "2017-11-02", KindSell, "AAPL", 15, 168.11, 4.95, "USD", "APPLE INC"),
		cash(5, "2017-10-02", KindFee, "", 25, "USD", "SERVICE FEE"),
		cash(6, "2017-08-31", KindInterest, "", 0.41, "USD", "BANK INT 080117-083117 SCHWAB BANK"),
		trade(7, "2017-07-03", KindBuy, "KO", 0.4932, 45.01, 0, "USD", "COCA-COLA CO"),
		cash(8, "2017-07-03", KindDividend, "KO", 22.20, "USD", "COCA-COLA CO"),
		cash(10, "2017-05-18", KindDividend, "AAPL", 25.20, "USD", "APPLE INC"),
		cash(11, "2017-04-03", KindTax, "KO", 3.33, "USD", "COCA-COLA CO"),
		cash(12, "2017-04-03", KindDividend, "KO", 22.20, "USD", "COCA-COLA CO"),
		trade(13, "2017-01-04", KindBuy, "KO", 60, 41.75, 4.95, "USD", "COCA-COLA CO"),
		trade(14, "2017-01-04", KindBuy, "AAPL", 40, 116.02, 4.95, "USD", "APPLE INC"),
		cash(15, "2017-01-03", KindDeposit, "", 10000, "USD", "Tfr BANK OF AMERICA, JOHN DOE"),
	}, skipped: []int{9, 16}, settings: Settings{Delimiter: ",", HeaderLine: 2, DateFormat: "MM/DD/YYYY"}},

	{format: "fidelity", file: "fidelity.csv", want: []Tx{
		cash(4, "2017-12-29", KindWithdrawal, "", 750, "USD", "No Description"),
		trade(5, "2017-12-18", KindSell, "MSFT", 10, 86.38, 0.02, "USD", "MICROSOFT CORP"),
		cash(6, "2017-12-14", KindDividend, "MSFT", 16.80, "USD", "MICROSOFT CORP"),
		cash(7, "2017-09-14", KindDividend, "MSFT", 15.60, "USD", "MICROSOFT CORP"),
		cash(8, "2017-06-30", KindInterest, "", 0.37, "USD", "FDIC INSURED DEPOSIT"),
		cash(9, "2017-06-15", KindTax, "JNJ", 1.50, "USD", "JOHNSON & JOHNSON"),
		cash(10, "2017-06-13", KindDividend, "JNJ", 20.16, "USD", "JOHNSON & JOHNSON"),
		trade(11, "2017-03-01", KindBuy, "JNJ", 0.156, 123.05, 0, "USD", "JOHNSON & JOHNSON"),
		trade(12, "2017-02-03", KindBuy, "JNJ", 25, 113.62, 4.95, "USD", "JOHNSON & JOHNSON"),
		trade(13, "2017-02-03", KindBuy, "MSFT", 40, 63.68, 4.95, "USD", "MICROSOFT CORP"),
		cash(14, "2017-02-01", KindDeposit, "", 6000, "USD", "No Description"),
	}, skipped: []int{18, 20, 21}, settings: Settings{Delimiter: ",", HeaderLine: 3, DateFormat: "MM/DD/YYYY"}},

	{format: "vanguard", file: "vanguard.csv", want: []Tx{
		cash(8, "2017-12-20", KindWithdrawal, "", 500, "USD", "Withdrawal"),
		inst(cash(9, "2017-11-15", KindDividend, "PG", 20.69, "USD", "Dividend Received"), "PROCTER & GAMBLE CO"),
		inst(trade(11, "2017-08-15", KindBuy, "PG", 0.221, 91.04, 0, "USD", "Dividend Reinvestment"), "PROCTER & GAMBLE CO"),
		inst(cash(12, "2017-08-15", KindDividend, "PG", 20.12, "USD", "Dividend Received"), "PROCTER & GAMBLE CO"),
		cash(13, "2017-06-30", KindFee, "", 20, "USD", "Account Service Fee"),
		inst(trade(14, "2017-03-22", KindSell, "INTC", 40, 35.41, 7, "USD", "Sell"), "INTEL CORP"),
		inst(trade(15, "2017-01-05", KindBuy, "INTC", 40, 36.35, 7, "USD", "Buy"), "INTEL CORP"),
		inst(trade(16, "2017-01-05", KindBuy, "PG", 30, 83.96, 7, "USD", "Buy"), "PROCTER & GAMBLE CO"),
		cash(17, "2017-01-03", KindDeposit, "", 7000, "USD", "Funds Received"),
	}, skipped: []int{10}, settings: Settings{Delimiter: ",", HeaderLine: 7, DateFormat: "MM/DD/YYYY"}},

	{format: "ibkr", file: "ibkr-activity.csv", want: []Tx{
		trade(15, "2017-01-04", KindBuy, "CSCO", 100, 30.31, 1, "USD", ""),
		trade(16, "2017-01-04", KindBuy, "JPM", 40, 86.99, 1, "USD", ""),
		trade(17, "2017-09-12", KindSell, "CSCO", 30, 32.76, 1.0002, "USD", ""),
		cash(22, "2017-01-25", KindDividend, "CSCO", 26, "USD", "CSCO(US17275R1023) Cash Dividend USD 0.26 per Share (Ordinary Dividend)"),
		cash(23, "2017-04-28", KindDividend, "JPM", 20, "USD", "JPM(US46625H1005) Cash Dividend USD 0.50 per Share (Ordinary Dividend)"),
		cash(26, "2017-01-25", KindTax, "CSCO", 7.8, "USD", "CSCO(US17275R1023) Cash Dividend USD 0.26 per Share - US Tax"),
		cash(29, "2017-01-03", KindDeposit, "", 10000, "USD", "Electronic Fund Transfer"),
		cash(30, "2017-11-20", KindWithdrawal, "", 2000, "USD", "Disbursement Initiated by Jane Doe"),
		cash(33, "2017-02-03", KindFee, "", 10, "USD", "Market data: US Securities Snapshot and Futures Value Bundle for Jan 2017"),
		cash(36, "2017-06-05", KindInterest, "", 1.37, "USD", "USD Credit Interest for May-2017"),
	}, skipped: []int{18, 19, 20, 24, 27, 31, 34, 37}},

	{format: "ibkr-flex", file: "ibkr-flex.csv", want: []Tx{
		id(inst(trade(2, "2017-02-06", KindBuy, "MRK", 50, 64.12, 1, "USD", "MERCK & CO. INC."), "US58933Y1055"), "7301824571"),
		id(inst(trade(3, "2017-02-06", KindBuy, "PFE", 80, 31.75, 1, "USD", "PFIZER INC"), "US7170811035"), "7301826633"),
		id(inst(trade(4, "2017-02-06", KindBuy, "MRK", 25, 64.15, 0.5, "USD", "MERCK & CO. INC."), "US58933Y1055"), "7301829002"),
		id(inst(trade(6, "2017-11-15", KindSell, "PFE", 80, 35.98, 1.0012, "USD", "PFIZER INC"), "US7170811035"), "8816342905"),
	}, skipped: []int{5}},

	// Fees are in EUR and converted at the row's rate (USD per EUR):
	// 0.53 x 1.1774 = 0.624022; 0.56 x 1.1250 = 0.63; 0.51 x 1.0530 = 0.53703.
	{format: "degiro", file: "degiro-transactions.csv", symbols: map[string]string{"US2546871060": "DIS", "US4581401001": "INTC"}, want: []Tx{
		id(inst(trade(2, "2017-11-14", KindSell, "DIS", 10, 104.21, 0.624022, "USD", "WALT DISNEY COMPANY (THE"), "US2546871060"), "6d8b1e2c-39a0-4d2f-9a8a-03e2d0b1a744/1"),
		id(inst(trade(3, "2017-06-02", KindBuy, "DIS", 25, 107.34, 0.63, "USD", "WALT DISNEY COMPANY (THE"), "US2546871060"), "0f3a6c55-8b5e-4c61-b2cd-71a9ce5a2f10/1"),
		id(inst(trade(4, "2017-06-02", KindBuy, "DIS", 5, 107.34, 0, "USD", "WALT DISNEY COMPANY (THE"), "US2546871060"), "0f3a6c55-8b5e-4c61-b2cd-71a9ce5a2f10/2"),
		id(inst(trade(5, "2017-03-03", KindBuy, "INTC", 30, 36.19, 0.53703, "USD", "INTEL CORPORATION - CO"), "US4581401001"), "c1b4bd6e-1e3f-4b1c-8a8e-52b7e3cfa3d9/1"),
	}, settings: Settings{Delimiter: ",", DecimalComma: true, HeaderLine: 1, DateFormat: "DD-MM-YYYY"}},

	// Conversion fees in EUR at the row's rate (USD per EUR):
	// 0.90 x 1.1905 = 1.07145; 1.17 x 1.1920 = 1.39464; 0.52 x 1.1780 = 0.61256.
	{format: "trading212", file: "trading212.csv", want: []Tx{
		id(cash(2, "2017-09-01", KindDeposit, "", 2000, "EUR", ""), "d2f5a9a1-7c1e-4f7a-9d2e-0b5a6e3c8f41"),
		id(inst(trade(3, "2017-09-04", KindBuy, "IBM", 5, 143.03, 1.07145, "USD", "International Business Machines"), "US4592001014"), "EOF3219024803"),
		id(inst(trade(4, "2017-09-05", KindBuy, "CAT", 8, 115.90, 1.39464, "USD", "Caterpillar"), "US1491231015"), "EOF3219552711"),
		inst(trade(5, "2017-09-09", KindDividend, "IBM", 5, 1.50, 0, "USD", "International Business Machines"), "US4592001014"),
		inst(cash(5, "2017-09-09", KindTax, "IBM", 1.13, "USD", "International Business Machines"), "US4592001014"),
		cash(6, "2017-10-01", KindInterest, "", 0.12, "EUR", ""),
		id(inst(trade(7, "2017-11-20", KindSell, "CAT", 3, 136.35, 0.61256, "USD", "Caterpillar"), "US1491231015"), "EOF3350110265"),
		id(cash(9, "2017-12-01", KindWithdrawal, "", 300, "EUR", ""), "2b7a6c0e-5d3f-4e2a-8b1c-9e4f7a6d2c10"),
	}, skipped: []int{8}},

	{format: "ghostfolio", file: "ghostfolio.json", want: []Tx{
		id(trade(1, "2017-01-09", KindBuy, "HD", 20, 134.27, 1, "USD", ""), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a01"),
		id(trade(2, "2017-01-09", KindBuy, "NKE", 15, 51.82, 1, "USD", "Core holding"), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a02"),
		id(trade(3, "2017-03-23", KindDividend, "HD", 20, 0.89, 0, "USD", ""), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a03"),
		id(cash(4, "2017-06-30", KindFee, "NKE", 12.5, "USD", "Custody fee"), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a04"),
		id(cash(5, "2017-07-01", KindInterest, "", 3.4, "USD", ""), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a05"),
		id(trade(6, "2017-10-02", KindSell, "HD", 5, 163.9, 1, "USD", ""), "a3b1f2c4-0d9e-4c7a-8b6f-5e4d3c2b1a06"),
	}, skipped: []int{7}},

	// Prices from the net values: (3534.95 - 4.95) / 40 = 88.25,
	// (1784.95 - 4.95) / 10 = 178, (2045.05 + 4.95) / 10 = 205; the
	// dividend's gross is 25.50 + 4.50 = 30.
	{format: "portfolio-performance", file: "portfolio-performance.csv", want: []Tx{
		cash(2, "2017-01-02", KindDeposit, "", 6000, "USD", ""),
		inst(trade(3, "2017-01-10", KindBuy, "XOM", 40, 88.25, 4.95, "USD", ""), "US30231G1022"),
		inst(trade(4, "2017-01-10", KindBuy, "MMM", 10, 178, 4.95, "USD", ""), "US88579Y1010"),
		inst(cash(5, "2017-03-10", KindDividend, "XOM", 30, "USD", "Quarterly dividend"), "US30231G1022"),
		inst(cash(5, "2017-03-10", KindTax, "XOM", 4.5, "USD", "Quarterly dividend"), "US30231G1022"),
		cash(6, "2017-06-30", KindInterest, "", 0.82, "USD", ""),
		cash(7, "2017-07-03", KindFee, "", 15, "USD", "Custody fee"),
		inst(trade(8, "2017-09-14", KindSell, "MMM", 10, 205, 4.95, "USD", ""), "US88579Y1010"),
		cash(10, "2017-12-15", KindWithdrawal, "", 1000, "USD", ""),
	}, skipped: []int{9}, settings: Settings{Delimiter: ";", DecimalComma: true, HeaderLine: 1, DateFormat: "YYYY-MM-DD"}},
}

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPresetsImportTheirSamples(t *testing.T) {
	t.Parallel()
	for _, tc := range presetCases {
		t.Run(tc.format, func(t *testing.T) {
			t.Parallel()
			data := readSample(t, tc.file)
			for _, format := range []string{tc.format, ""} { // chosen and detected
				res, err := Parse(data, Request{Format: format, Symbols: tc.symbols})
				if err != nil {
					t.Fatalf("format %q: %v", format, err)
				}
				if res.Format != tc.format || len(res.Errors) != 0 {
					t.Fatalf("format %q: read as %q with errors %v", format, res.Format, res.Errors)
				}
				checkTxs(t, res.Txs, tc.want)
				var skipped []int
				for _, s := range res.Skipped {
					skipped = append(skipped, s.Line)
				}
				if !equalInts(skipped, tc.skipped) {
					t.Errorf("skipped lines %v, want %v (%v)", skipped, tc.skipped, res.Skipped)
				}
				if tc.settings.Delimiter != "" {
					s := res.Settings
					if s.Delimiter != tc.settings.Delimiter || s.DecimalComma != tc.settings.DecimalComma || s.HeaderLine != tc.settings.HeaderLine {
						t.Errorf("settings %+v, want %+v", s, tc.settings)
					}
				}
			}
		})
	}
}

func checkTxs(t *testing.T, got, want []Tx) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d transactions, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Hash == "" || (g.BrokerID != "") != (g.ImportID != "") {
			t.Errorf("row %d: keys not set: %+v", i, g)
		}
		g.Hash, g.ImportID, w.Hash, w.ImportID = "", "", "", ""
		if !near(g.Quantity, w.Quantity) || !near(g.Price, w.Price) || !near(g.Fee, w.Fee) || !near(g.Amount, w.Amount) {
			t.Errorf("row %d numbers:\n got %+v\nwant %+v", i, g, w)
		}
		g.Quantity, g.Price, g.Fee, g.Amount = w.Quantity, w.Price, w.Fee, w.Amount
		if g != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
