//go:build !js

package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fortfolio/fortfolio/server/testenv"
	"github.com/fortfolio/fortfolio/shared/wire"
)

// soldPortfolio has two AAPL lots and one sale of 2015 that closes a
// different lot under FIFO and HIFO.
var soldPortfolio = []wire.TransactionInput{
	{Date: "2014-01-02", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 70},
	{Date: "2014-12-31", Kind: "buy", Ticker: "AAPL", Quantity: 10, Price: 110},
	{Date: "2015-06-01", Kind: "sell", Ticker: "AAPL", Quantity: 10, Price: 130},
}

// captureBlobJS makes the page keep the next blob it offers as a download
// (base64 in window.__download) instead of handing it to the browser.
const captureBlobJS = `(() => {
	window.__download = "";
	URL.createObjectURL = (blob) => {
		blob.arrayBuffer().then((b) => {
			let s = "";
			new Uint8Array(b).forEach((c) => { s += String.fromCharCode(c); });
			window.__download = btoa(s);
		});
		return "blob:captured";
	};
	URL.revokeObjectURL = () => {};
	HTMLAnchorElement.prototype.click = function () {};
})()`

// TestReportPDFFollowsGainsChoices downloads the PDF report from the
// analytics page with a tax year, lot method and country chosen in the
// dialog and finds them in the PDF's realised-gains section.
func TestReportPDFFollowsGainsChoices(t *testing.T) {
	s := newSite(t)
	const pw = "report choices 1"
	s.seedAdmin(pw, "reporter")
	txs, _ := json.Marshal(soldPortfolio)
	var id, pdf string
	s.run(
		s.loginTo("/portfolios", "#create-portfolio", "reporter", pw),
		chromedp.Evaluate(fmt.Sprintf(createPortfolioJS, txs), &id, awaitPromise),
	)
	s.run(
		s.page("/portfolios/"+id+"/analytics", "#report-download"),
		pollPage(`!!document.querySelector("#report-country option[value=DE]")`),
		chromedp.Evaluate(captureBlobJS, nil),
		setInput("#report-year", "2015"),
		setInput("#report-method", "hifo"),
		setInput("#report-country", "DE"),
	)
	s.screenshot("report-dialog")
	s.run(
		chromedp.Click("#report-download", chromedp.ByQuery),
		chromedp.Poll(`window.__download`, &pdf, chromedp.WithPollingTimeout(60*time.Second)),
	)
	text := pdfToText(t, pdf)
	// HIFO sells the 110 lot: (130 - 110) * 10 = 200.
	for _, want := range []string{"Realised gains 2015 (HIFO, Germany rules)", "2014-12-31", "gain 200.00 USD"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// pdfToText extracts a base64 PDF's text with poppler's pdftotext.
func pdfToText(t *testing.T, b64 string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		testenv.Missing(t, "pdftotext (poppler-utils) is not installed, so the PDF is NOT checked: apt-get install -y poppler-utils")
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.HasPrefix(string(raw), "%PDF-") {
		t.Fatalf("the download is not a PDF (%v): %.40q", err, raw)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output() // #nosec G204 -- pdftotext from PATH on a temp file
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
