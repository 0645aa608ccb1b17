package market

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustEmbedded(t testing.TB) *Embedded {
	t.Helper()
	e, err := NewEmbedded()
	if err != nil {
		t.Fatalf("NewEmbedded: %v", err)
	}
	return e
}

func TestEmbeddedRealData(t *testing.T) {
	t.Parallel()
	e := mustEmbedded(t)
	if got := len(e.Tickers()); got != 31 {
		t.Fatalf("tickers = %d, want 31", got)
	}
	first, last := e.Range()
	if !first.Equal(date(t, "2006-01-03")) || !last.Equal(date(t, "2017-12-29")) {
		t.Fatalf("range = %v..%v", first, last)
	}
	ctx := context.Background()
	tests := []struct {
		name, ticker, day string
		wantRow           bool
		check             func(Bar) bool
	}{
		{"MSFT lacks 2010-04-01", "MSFT", "2010-04-01", false, nil},
		{"BA empty OHL filled", "BA", "2017-07-31", true, func(b Bar) bool {
			return b.Open == 242.46 && b.High == 242.46 && b.Low == 242.46 && b.Close == 242.46
		}},
		{"AXP keeps given High", "AXP", "2017-07-31", true, func(b Bar) bool {
			return b.Open == 85.23 && b.High == 85.7 && b.Low == 85.23
		}},
		{"DIS zero volume kept", "DIS", "2012-08-01", true, func(b Bar) bool {
			return b.Volume == 0 && b.Open == b.Close && b.Close == 49.14
		}},
		{"AAPL first row", "aapl", "2006-01-03", true, func(b Bar) bool {
			return b.Open == 10.34 && b.High == 10.68 && b.Low == 10.32 && b.Close == 10.68 && b.Volume == 201853036
		}},
		{"weekend", "KO", "2017-12-30", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := date(t, tc.day)
			bars, err := e.History(ctx, tc.ticker, d, d)
			if err != nil {
				t.Fatal(err)
			}
			if (len(bars) == 1) != tc.wantRow {
				t.Fatalf("got %d bars, want row=%v", len(bars), tc.wantRow)
			}
			if tc.check != nil && !tc.check(bars[0]) {
				t.Fatalf("bar %+v fails check", bars[0])
			}
		})
	}
}

func TestEmbeddedSeriesInvariants(t *testing.T) {
	t.Parallel()
	e := mustEmbedded(t)
	first, last := e.Range()
	for _, tk := range e.Tickers() {
		bars, err := e.History(context.Background(), tk, first, last)
		if err != nil {
			t.Fatal(err)
		}
		if len(bars) < 3000 {
			t.Errorf("%s: %d bars", tk, len(bars))
		}
		for i, b := range bars {
			if b.Date.Location() != time.UTC || b.Date.Hour() != 0 {
				t.Fatalf("%s: date %v not UTC midnight", tk, b.Date)
			}
			if i > 0 && !bars[i-1].Date.Before(b.Date) {
				t.Fatalf("%s: unsorted at %d", tk, i)
			}
			if b.Low > min(b.Open, b.Close) || b.High < max(b.Open, b.Close) || b.Low <= 0 {
				t.Fatalf("%s: inconsistent bar %+v", tk, b)
			}
		}
		sym, err := e.Symbol(context.Background(), tk)
		if err != nil || sym.Sector == Unknown || sym.Country != "US" || sym.Name == "" {
			t.Fatalf("%s: symbol %+v, %v", tk, sym, err)
		}
	}
}

func TestEmbeddedLookups(t *testing.T) {
	t.Parallel()
	e := mustEmbedded(t)
	ctx := context.Background()
	t.Run("unknown ticker", func(t *testing.T) {
		_, err := e.History(ctx, "ZZZZ", date(t, "2010-01-01"), date(t, "2010-02-01"))
		if !errors.Is(err, ErrUnknownTicker) {
			t.Fatalf("err = %v", err)
		}
		if _, err := e.Latest(ctx, "ZZZZ"); !errors.Is(err, ErrUnknownTicker) {
			t.Fatalf("Latest err = %v", err)
		}
	})
	t.Run("invalid ticker", func(t *testing.T) {
		if _, err := e.Symbol(ctx, "../etc"); !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("reversed range", func(t *testing.T) {
		_, err := e.History(ctx, "AAPL", date(t, "2010-02-01"), date(t, "2010-01-01"))
		if !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("outside data", func(t *testing.T) {
		bars, err := e.History(ctx, "AAPL", date(t, "1990-01-01"), date(t, "2000-01-01"))
		if err != nil || len(bars) != 0 {
			t.Fatalf("got %d bars, %v", len(bars), err)
		}
	})
	t.Run("inclusive bounds", func(t *testing.T) {
		bars, err := e.History(ctx, "AAPL", date(t, "2017-12-27"), date(t, "2017-12-29"))
		if err != nil || len(bars) != 3 || !bars[2].Date.Equal(date(t, "2017-12-29")) {
			t.Fatalf("got %+v, %v", bars, err)
		}
	})
	t.Run("history is a copy", func(t *testing.T) {
		d := date(t, "2017-12-29")
		bars, _ := e.History(ctx, "AAPL", d, d)
		bars[0].Close = -1
		again, _ := e.History(ctx, "AAPL", d, d)
		if again[0].Close != 169.23 {
			t.Fatalf("shared data modified: %v", again[0].Close)
		}
	})
	t.Run("latest", func(t *testing.T) {
		b, err := e.Latest(ctx, "AAPL")
		if err != nil || !b.Date.Equal(date(t, "2017-12-29")) || b.Close != 169.23 {
			t.Fatalf("got %+v, %v", b, err)
		}
	})
	t.Run("closes", func(t *testing.T) {
		ds, cs, err := e.Closes("MSFT", date(t, "2010-03-31"), date(t, "2010-04-05"))
		if err != nil || len(ds) != len(cs) || len(ds) != 2 {
			t.Fatalf("got %v %v %v", ds, cs, err)
		}
	})
}

func TestEmbeddedSearch(t *testing.T) {
	t.Parallel()
	e := mustEmbedded(t)
	tests := []struct {
		name, q   string
		limit     int
		wantFirst string
		wantN     int
		wantErr   bool
	}{
		{"exact ticker first", "ge", 10, "GE", -1, false},
		{"name match", "yahoo", 10, "AABA", 1, false},
		{"alphabet", "alphabet", 5, "GOOGL", 1, false},
		{"empty lists", "", 5, "AABA", 5, false},
		{"limit clamp", "", 1000, "AABA", 31, false},
		{"no match", "qqqqq", 10, "", 0, false},
		{"too long", strings.Repeat("a", 65), 10, "", 0, true},
		{"control", "a\x00b", 10, "", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := e.Search(context.Background(), tc.q, tc.limit)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantN >= 0 && len(got) != tc.wantN {
				t.Fatalf("got %d results: %+v", len(got), got)
			}
			if tc.wantFirst != "" && (len(got) == 0 || got[0].Ticker != tc.wantFirst) {
				t.Fatalf("first = %+v, want %s", got, tc.wantFirst)
			}
		})
	}
}

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const goodMeta = `[{"ticker":"AAA","name":"A Inc.","sector":"Energy","industry":"Oil","country":"US","exchange":"NYSE"}]`

func TestLoadFSBadInputs(t *testing.T) {
	t.Parallel()
	const header = "Date,Open,High,Low,Close,Volume,Name\r\n"
	tests := []struct {
		name    string
		files   map[string][]byte
		wantErr string
		wantN   int
	}{
		{"good with gaps", map[string][]byte{"data/AAA.csv.gz": gz(t, header+
			"2010-01-05,,,,10,0,AAA\r\n2010-01-04,9,9.5,8.5,9,100,AAA\r\n2010-01-06,1,1,1,abc,5,AAA\r\n"+
			"2010-01-07,1,1,1,-3,5,AAA\r\n2010-13-01,1,1,1,3,5,AAA\r\n2010-01-04,1,1,1,1,1,AAA\r\n2010-01-08,1,1,1,NaN,1,AAA\r\n")},
			"", 2},
		{"zero valid rows", map[string][]byte{"data/AAA.csv.gz": gz(t, header+"2010-01-05,1,1,1,,0,AAA\r\n")}, "no valid rows", 0},
		{"header only", map[string][]byte{"data/AAA.csv.gz": gz(t, header)}, "no valid rows", 0},
		{"bad header", map[string][]byte{"data/AAA.csv.gz": gz(t, "a,b,c,d,e,f\n2010-01-05,1,1,1,1,0\n")}, "header", 0},
		{"empty file", map[string][]byte{"data/AAA.csv.gz": gz(t, "")}, "header", 0},
		{"not gzip", map[string][]byte{"data/AAA.csv.gz": []byte(header)}, "gzip", 0},
		{"truncated gzip", map[string][]byte{"data/AAA.csv.gz": gz(t, header+"2010-01-05,1,1,1,1,0,AAA\n")[:20]}, "AAA", 0},
		{"bad quotes", map[string][]byte{"data/AAA.csv.gz": gz(t, header+"\"2010-01-05,1,1,1,1,0\n")}, "row", 0},
		{"missing metadata", map[string][]byte{"data/BBB.csv.gz": gz(t, header+"2010-01-05,1,1,1,1,0,BBB\n")}, "no metadata", 0},
		{"missing data", map[string][]byte{}, "no data files", 0},
		{"too large", map[string][]byte{"data/AAA.csv.gz": gz(t, header+strings.Repeat("2010-01-05,1,1,1,1,0,"+strings.Repeat("A", 1000)+"\n", maxCSVBytes/1000+10))}, "larger", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := fstest.MapFS{"data/symbols.json": {Data: []byte(goodMeta)}}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: v}
			}
			e, err := loadFS(fsys)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			bars, _ := e.History(context.Background(), "AAA", date(t, "2000-01-01"), date(t, "2020-01-01"))
			if len(bars) != tc.wantN {
				t.Fatalf("got %d bars: %+v", len(bars), bars)
			}
			if bars[0].Close != 9 || bars[1].Open != 10 || bars[1].Volume != 0 {
				t.Fatalf("policy not applied: %+v", bars)
			}
		})
	}
}

func TestParseSymbolsBad(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"not json":      "{",
		"unknown field": `[{"ticker":"A","evil":1}]`,
		"bad ticker":    `[{"ticker":"../x"}]`,
		"duplicate":     `[{"ticker":"A"},{"ticker":"a"}]`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseSymbols([]byte(in)); err == nil {
				t.Fatal("want error")
			}
		})
	}
}

func FuzzParseCSV(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add("Date,Open,High,Low,Close,Volume,Name\n2010-01-05,1,2,0.5,1.5,10,A\n")
	f.Add("Date,Open,High,Low,Close,Volume\n2017-07-31,,85.7,,85.23,3079797\n")
	f.Add("Date,Open,High,Low,Close,Volume\n2012-08-01,,,,49.14,0\n2012-08-01,1,1,1,1,1\n")
	f.Add("Date,Open,High,Low,Close,Volume\n2012-08-01,1e308,-1,NaN,Inf,1e300\n")
	f.Add("\"")
	f.Fuzz(func(t *testing.T, s string) {
		bars, err := parseCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		seen.Reached()
		if len(bars) == 0 {
			t.Fatal("no error but no bars")
		}
		for i, b := range bars {
			if !positive(b.Close) || b.Low > min(b.Open, b.Close) || b.High < max(b.Open, b.Close) || b.Volume < 0 {
				t.Fatalf("bad bar %+v", b)
			}
			if i > 0 && !bars[i-1].Date.Before(b.Date) {
				t.Fatal("not strictly sorted")
			}
		}
	})
}

func FuzzParseSymbols(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add(goodMeta)
	f.Add(`[{"ticker":"a.b","name":"\u0000x"}]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseSymbols([]byte(s))
		if err != nil || len(m) == 0 {
			return
		}
		seen.Reached()
		for k, v := range m {
			if k != v.Ticker || v.Name == "" || v.Sector == "" {
				t.Fatalf("bad symbol %q %+v", k, v)
			}
		}
	})
}

func BenchmarkNewEmbeddedParse(b *testing.B) {
	for b.Loop() {
		if _, err := loadFS(dataFS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistoryAll31(b *testing.B) {
	e := mustEmbedded(b)
	first, last := e.Range()
	tickers := e.Tickers()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, tk := range tickers {
			if _, err := e.History(ctx, tk, first, last); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkClosesAll31(b *testing.B) {
	e := mustEmbedded(b)
	first, last := e.Range()
	tickers := e.Tickers()
	b.ReportAllocs()
	for b.Loop() {
		for _, tk := range tickers {
			if _, _, err := e.Closes(tk, first, last); err != nil {
				b.Fatal(err)
			}
		}
	}
}
