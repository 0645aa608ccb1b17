package portfolio

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

var today = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

const head = "date,kind,ticker,quantity,price,fee,note\n"

func TestParseCSV(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		data      string
		rows      int
		errLines  []int
		errSubstr string
	}{
		{"valid", head + "2010-01-04,buy,aapl,10,30.5,1,first\n2010-01-05,SELL,AAPL,5,31,,\n", 2, nil, ""},
		{"bom and crlf", "\xef\xbb\xbf" + strings.ReplaceAll(head+"2010-01-04,buy,AAPL,10,30,0,x\n", "\n", "\r\n"), 1, nil, ""},
		{"bad header", "when,what\n2010-01-04,buy,AAPL,1,1,0,\n", 0, []int{1}, "header"},
		{"empty", "", 0, []int{1}, "header"},
		{"bad date", head + "2010-13-04,buy,AAPL,1,1,0,\n", 0, []int{2}, "Date"},
		{"future date", head + "2030-01-04,buy,AAPL,1,1,0,\n", 0, []int{2}, "future"},
		{"negative qty", head + "2010-01-04,buy,AAPL,-1,1,0,\n", 0, []int{2}, "Quantity"},
		{"zero price", head + "2010-01-04,buy,AAPL,1,0,0,\n", 0, []int{2}, "Price"},
		{"hex number", head + "2010-01-04,buy,AAPL,0x10,1,0,\n", 0, []int{2}, "Quantity"},
		{"bad kind", head + "2010-01-04,gift,AAPL,1,1,0,\n", 0, []int{2}, "Kind"},
		{"bad ticker", head + "2010-01-04,buy,A$PL,1,1,0,\n", 0, []int{2}, "Ticker"},
		{"formula note", head + "2010-01-04,buy,AAPL,1,1,0,=HYPERLINK(A1)\n", 0, []int{2}, "formula"},
		{"formula ticker", head + "2010-01-04,buy,@SUM(A1),1,1,0,\n", 0, []int{2}, "formula"},
		{"escaped note round trips", head + "2010-01-04,buy,AAPL,1,1,0,'=x\n", 1, nil, ""},
		{"field count", head + "2010-01-04,buy,AAPL,1,1\n", 0, []int{2}, "fields"},
		{"every bad line reported", head + "x,buy,AAPL,1,1,0,\n2010-01-04,buy,AAPL,1,1,0,\nbad,buy,AAPL,1,1,0,\n", 1, []int{2, 4}, ""},
		{"binary junk", "\x00\x01\xff\xfe", 0, []int{0}, "UTF-8"},
		{"bare quote", head + "2010-01-04,buy,\"AAPL,1,1,0,\n", 0, []int{2}, "Malformed"},
		{"control char note", head + "2010-01-04,buy,AAPL,1,1,0,a\x07b\n", 0, []int{2}, "control"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rows, errs := ParseCSV([]byte(c.data), today)
			if len(rows) != c.rows {
				t.Errorf("rows = %d, want %d (errs %v)", len(rows), c.rows, errs)
			}
			if len(errs) != len(c.errLines) {
				t.Fatalf("errors = %v, want lines %v", errs, c.errLines)
			}
			for i, e := range errs {
				if e.Line != c.errLines[i] || !strings.Contains(e.Message, c.errSubstr) {
					t.Errorf("error %d = %+v, want line %d containing %q", i, e, c.errLines[i], c.errSubstr)
				}
			}
		})
	}
}

func TestParseCSVLimits(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(head)
	for i := 0; i <= MaxCSVRows; i++ {
		b.WriteString("2010-01-04,buy,AAPL,1,1,0,\n")
	}
	_, errs := ParseCSV([]byte(b.String()), today)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "more than 5000") {
		t.Fatalf("too many rows: %v", errs)
	}
	big := head + strings.Repeat("x", MaxCSVBytes)
	if _, errs := ParseCSV([]byte(big), today); len(errs) != 1 || !strings.Contains(errs[0].Message, "1 MiB") {
		t.Fatalf("too big: %v", errs)
	}
}

func TestExportEscapesAndRoundTrips(t *testing.T) {
	t.Parallel()
	txs := []model.Transaction{
		tx("buy", "AAPL", "2010-01-04", 10, 30.25, 1),
		tx("sell", "AAPL", "2010-01-05", 2.5, 31, 0),
	}
	txs[0].Note = "=cmd|'/c calc'!A1"
	txs[1].Note = "-2+3, \"quoted\""
	var buf bytes.Buffer
	if err := WriteCSV(&buf, txs); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "'=cmd") || !strings.Contains(out, "\"'-2+3, \"\"quoted\"\"\"") {
		t.Fatalf("cells not escaped:\n%s", out)
	}
	rows, errs := ParseCSV(buf.Bytes(), today)
	if len(errs) > 0 || len(rows) != 2 {
		t.Fatalf("round trip: rows %d errs %v", len(rows), errs)
	}
	if rows[0].In.Note != txs[0].Note || rows[1].In.Quantity != 2.5 || rows[0].In.Fee != 1 {
		t.Fatalf("round trip changed data: %+v", rows)
	}
}

// FuzzParseCSV checks accepted rows and reported errors; the first seeds
// are valid rows, so the row checks run from the start.
func FuzzParseCSV(f *testing.F) {
	seen := fuzzseed.Require(f)
	f.Add([]byte(head + "2010-01-04,buy,AAPL,10,30.5,1,first\n"))
	f.Add([]byte(head + "2010-01-04,sell,AAPL,1e3,1,,'=x\n"))
	f.Add([]byte("\"a\nb\",\"\n"))
	f.Add([]byte{0xff, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, errs := ParseCSV(data, today)
		if len(rows) > 0 {
			seen.Reached()
		}
		for _, r := range rows {
			if r.In.Quantity <= 0 || r.In.Price <= 0 || r.In.Fee < 0 || !utf8.ValidString(r.In.Note) {
				t.Fatalf("invalid row accepted: %+v", r)
			}
			if isFormula(r.In.Ticker) {
				t.Fatalf("formula ticker accepted: %q", r.In.Ticker)
			}
		}
		for _, e := range errs {
			if e.Message == "" || e.Line < 0 {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}
