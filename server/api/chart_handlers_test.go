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
	var charts []scenario
	for _, kind := range []string{"value", "drawdown"} {
		charts = append(charts, scenario{name: kind + " chart", method: "POST", path: "/api/portfolio/chart", token: f.alice,
			body: wire.ChartRequest{PortfolioID: f.folio, Kind: kind, From: "2011-01-03"}, wantStatus: http.StatusOK,
			wantHeader: map[string]string{"Content-Type": "image/svg+xml; charset=utf-8"},
			want:       []string{"&lt;script&gt;", "<polyline"}, notWant: []string{"<script"},
			after: func(t *testing.T, r response) {
				if err := wellFormed(r.Body); err != nil {
					t.Errorf("SVG is not well-formed XML: %v", err)
				}
			}})
	}
	f.ts.runScenarios(t, charts)
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
