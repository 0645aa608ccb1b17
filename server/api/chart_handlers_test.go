package api_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/fortfolio/fortfolio/shared/wire"
)

func TestChartEndpoint(t *testing.T) {
	f := newAnalyticsFixture(t, `<script>alert("x")</script> & co`)
	f.ts.runScenarios(t, []scenario{
		{name: "traversal id", method: "POST", path: "/api/portfolio/chart", token: f.alice, body: wire.ChartRequest{PortfolioID: "../other_user/file", Kind: "value"}, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "empty id", method: "POST", path: "/api/portfolio/chart", token: f.alice, body: wire.ChartRequest{Kind: "value"}, wantStatus: 400, want: []string{"Invalid identifier"}},
		{name: "other user", method: "POST", path: "/api/portfolio/chart", token: f.alice, body: wire.ChartRequest{PortfolioID: f.other, Kind: "value"}, wantStatus: 404},
		{name: "bad kind", method: "POST", path: "/api/portfolio/chart", token: f.alice, body: wire.ChartRequest{PortfolioID: f.folio, Kind: "pie"}, wantStatus: 400},
		{name: "bad date", method: "POST", path: "/api/portfolio/chart", token: f.alice, body: wire.ChartRequest{PortfolioID: f.folio, Kind: "value", From: "yesterday"}, wantStatus: 400},
		{name: "no login", method: "POST", path: "/api/portfolio/chart", body: wire.ChartRequest{PortfolioID: f.folio, Kind: "value"}, wantStatus: 401},
	})
	for _, kind := range []string{"value", "drawdown"} {
		r := f.ts.do("POST", "/api/portfolio/chart", f.alice, wire.ChartRequest{PortfolioID: f.folio, Kind: kind, From: "2011-01-03"})
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" {
			t.Fatalf("%s: %d %q %s", kind, r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		if strings.Contains(r.Body, "<script") || !strings.Contains(r.Body, "&lt;script&gt;") || !strings.Contains(r.Body, "<polyline") {
			t.Errorf("%s: name not escaped or no line: %.300s", kind, r.Body)
		}
		if err := wellFormed(r.Body); err != nil {
			t.Errorf("%s: SVG is not well-formed XML: %v", kind, err)
		}
	}
}

// wellFormed parses the whole document as XML.
func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}
