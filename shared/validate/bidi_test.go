package validate

import (
	"fmt"
	"strings"
	"testing"
)

// TestTextRefusesBidiControls: every embedding, override and isolate
// control is refused in names and notes; right-to-left text itself and
// the neighbouring code points are not.
func TestTextRefusesBidiControls(t *testing.T) {
	var bidi []rune
	for r := '\u202A'; r <= '\u202E'; r++ {
		bidi = append(bidi, r)
	}
	for r := '\u2066'; r <= '\u2069'; r++ {
		bidi = append(bidi, r)
	}
	for _, r := range bidi {
		in := "Savings" + string(r) + "gpj.exe"
		t.Run(fmt.Sprintf("U+%04X", r), func(t *testing.T) {
			if _, err := PortfolioName(in); err == nil || !strings.Contains(err.Error(), "text-direction") {
				t.Errorf("PortfolioName(%q) = %v", in, err)
			}
			if _, err := PortfolioNote(in); err == nil {
				t.Errorf("PortfolioNote(%q) accepted", in)
			}
			if _, errs := Transaction(TxInput{Date: "2015-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 1, Price: 1, Note: in}, txToday); errs["note"] == "" {
				t.Errorf("transaction note %q accepted", in)
			}
		})
	}
	for _, ok := range []string{"שלום עולם", "محفظة التقاعد", "x\u2065y", "x\u206Ay", "a\u2030b"} {
		if _, err := PortfolioName(ok); err != nil {
			t.Errorf("PortfolioName(%q) = %v", ok, err)
		}
	}
}
