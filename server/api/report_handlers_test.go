package api_test

import (
	"mime"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/fortfolio/fortfolio/shared/wire"

	"github.com/fortfolio/fortfolio/server/testenv"
)

// TestContentDispositionInjection checks no portfolio name can add or
// change a Content-Disposition parameter or break the header.
func TestContentDispositionInjection(t *testing.T) {
	for _, c := range []struct{ name, ascii, full string }{
		{"My Portfolio", "MyPortfolio.pdf", "My Portfolio.pdf"},
		{`"; filename=evil.exe;`, "filenameevilexe.pdf", `"; filename=evil.exe;.pdf`},
		{"a\r\nSet-Cookie: x=y", "aSet-Cookiexy.pdf", "aSet-Cookie: x=y.pdf"},
		{"Ünïcødé 📈", "ncd.pdf", "Ünïcødé 📈.pdf"},
		{"", "portfolio.pdf", ""},
		{"；；；", "portfolio.pdf", "；；；.pdf"},
		{strings.Repeat("x", 80), strings.Repeat("x", 30) + ".pdf", strings.Repeat("x", 80) + ".pdf"},
		{`\"quoted\"`, "quoted.pdf", `\"quoted\".pdf`},
	} {
		t.Run(c.ascii, func(t *testing.T) {
			v := httpx.AttachmentDisposition(c.name, "portfolio", ".pdf")
			if strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("header has control characters: %q", v)
			}
			disp, params, err := mime.ParseMediaType(v)
			if err != nil || disp != "attachment" {
				t.Fatalf("parse %q: %v %q", v, err, disp)
			}
			if !strings.HasPrefix(v, "attachment; filename="+c.ascii) {
				t.Errorf("header %q lacks ASCII filename %q", v, c.ascii)
			}
			want := c.full
			if want == "" {
				want = c.ascii
			}
			if params["filename"] != want || len(params) != 1 {
				t.Errorf("params = %q, want only filename %q", params, want)
			}
		})
	}
}

func TestReportEndpoints(t *testing.T) {
	f := newAnalyticsFixture(t, "Retirement <b>&</b> \"fund\"")
	f.ts.runScenarios(t, []scenario{
		{name: "bad id", method: "GET", path: "/api/portfolios/..%2F..%2Fx/report.pdf", token: f.alice, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "other user", method: "GET", path: "/api/portfolios/" + f.other + "/report.pdf", token: f.alice, wantStatus: 404},
		{name: "other user post", method: "POST", path: "/api/portfolios/" + f.other + "/report", token: f.alice, body: wire.ReportRequest{Note: "x"}, wantStatus: 404},
		{name: "bad note", method: "POST", path: "/api/portfolios/" + f.folio + "/report", token: f.alice, body: wire.ReportRequest{Note: "a\x00b"}, wantStatus: 400},
		{name: "long note", method: "POST", path: "/api/portfolios/" + f.folio + "/report", token: f.alice, body: wire.ReportRequest{Note: strings.Repeat("n", 2001)}, wantStatus: 400},
		{name: "unknown field", method: "POST", path: "/api/portfolios/" + f.folio + "/report", token: f.alice, body: `{"note":"x","user_id":"y"}`, wantStatus: 400},
		{name: "no login", method: "GET", path: "/api/portfolios/" + f.folio + "/report.pdf", wantStatus: 401},
		{name: "report with a hostile note", method: "POST", path: "/api/portfolios/" + f.folio + "/report", token: f.alice,
			body:       wire.ReportRequest{Note: "Hostile <script>alert(1)</script> ) Tj /JavaScript (x)\nSecond line"},
			wantStatus: http.StatusOK, wantHeader: map[string]string{"Content-Type": "application/pdf"},
			after: func(t *testing.T, r response) {
				if !strings.HasPrefix(r.Body, "%PDF-") {
					t.Fatalf("not a PDF: %.80q", r.Body)
				}
				if d := r.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment; filename=Retirementbbfund.pdf;") {
					t.Errorf("Content-Disposition = %q", d)
				}
				text := pdfText(t, r.Body)
				for _, want := range []string{"Retirement <b>&</b> \"fund\"", "Hostile <script>alert(1)</script> ) Tj /JavaScript (x)", "Sharpe ratio", "Global financial crisis"} {
					if !strings.Contains(text, want) {
						t.Errorf("pdf text lacks %q", want)
					}
				}
				if sharpe := analyticsSharpe(t, f); !strings.Contains(text, sharpe) {
					t.Errorf("pdf text lacks the Sharpe ratio %s", sharpe)
				}
			}},
	})
}

// analyticsSharpe returns the Sharpe ratio of the report's period
// (whole history, EQW benchmark) formatted like the PDF.
func analyticsSharpe(t *testing.T, f *analyticsFixture) string {
	t.Helper()
	r := f.ts.do("GET", "/api/portfolios/"+f.folio+"/analytics?benchmark=EQW", f.alice, nil)
	var rep wire.AnalyticsReport
	mustJSON(t, r.Body, &rep)
	if rep.Metrics.Sharpe == nil {
		t.Fatal("no Sharpe ratio")
	}
	return strconv.FormatFloat(*rep.Metrics.Sharpe, 'f', 2, 64)
}

// pdfText extracts the text with poppler's pdftotext.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		const msg = "pdftotext (poppler-utils) is not installed, so the PDF text is NOT checked: run 'make test' or 'apt-get install -y poppler-utils'"
		testenv.Missing(t, msg)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (the PDF does not parse)", err)
	}
	return string(out)
}
