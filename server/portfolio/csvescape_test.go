package portfolio

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/model"
	"github.com/fortfolio/fortfolio/shared/fuzzseed"
)

// TestEscapeCellCoversWidthsAndSpaces: formula triggers are escaped in
// their ASCII, full-width and small forms, also after leading spaces.
func TestEscapeCellCoversWidthsAndSpaces(t *testing.T) {
	for _, s := range []string{
		"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
		"＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)", "﹦1", "﹢1", "﹣1", "﹫x",
		" =1+1", "   ＝1", "  @x", " -x", "'=1", "''＝1",
	} {
		if got := EscapeCell(s); got != "'"+s {
			t.Errorf("EscapeCell(%q) = %q, want %q", s, got, "'"+s)
		}
		if got := unescapeCell(EscapeCell(s)); got != s {
			t.Errorf("round trip of %q gives %q", s, got)
		}
	}
	for _, s := range []string{"", "AAPL", "growth = value", "a+b", " plain", "'quoted", "’=curly", "'"} {
		if got := EscapeCell(s); got != s {
			t.Errorf("EscapeCell(%q) = %q, want it unchanged", s, got)
		}
	}
}

// TestImportRefusesWideAndSpacedFormulas: the import side refuses the same
// triggers, and an exported file with such notes imports unchanged.
func TestImportRefusesWideAndSpacedFormulas(t *testing.T) {
	for _, note := range []string{"＝HYPERLINK(A1)", " =1+1", "﹫x"} {
		_, errs := ParseCSV([]byte(head+"2010-01-04,buy,AAPL,1,1,0,"+note+"\n"), today)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "formula") {
			t.Errorf("note %q: errors %v", note, errs)
		}
	}
	day := time.Date(2010, 1, 4, 0, 0, 0, 0, time.UTC)
	txs := []model.Transaction{{Date: day, Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 1, Note: "＝HYPERLINK(A1)"},
		{Date: day, Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 1, Note: "'=already quoted"}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, txs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",'＝HYPERLINK(A1)\n") {
		t.Fatalf("export:\n%s", buf.String())
	}
	rows, errs := ParseCSV(buf.Bytes(), today)
	if len(errs) > 0 || len(rows) != 2 || rows[0].In.Note != txs[0].Note || rows[1].In.Note != txs[1].Note {
		t.Fatalf("round trip: rows %+v errs %v", rows, errs)
	}
}

// FuzzEscapeCell: escaped cells never start a formula and unescape to the
// input; the seeds include formulas, so the escaping path is exercised.
func FuzzEscapeCell(f *testing.F) {
	seen := fuzzseed.Require(f)
	for _, s := range []string{"=1", " ＝1", "'=1", "''", "-", "AAPL", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapeCell(s)
		if e != s {
			seen.Reached()
		}
		if startsFormula(e) {
			t.Fatalf("EscapeCell(%q) = %q still starts a formula", s, e)
		}
		if got := unescapeCell(e); got != s {
			t.Fatalf("round trip of %q gives %q", s, got)
		}
	})
}
