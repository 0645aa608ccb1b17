package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestExportCSVNamedByPortfolio: the CSV export is named after the
// portfolio and the day, never its internal id, and a hostile name cannot
// add or change a header parameter.
func TestExportCSVNamedByPortfolio(t *testing.T) {
	f := newAnalyticsFixture(t, "Retirement")
	day := time.Now().UTC().Format(time.DateOnly)
	hostile := f.createPortfolio(f.alice, `Ret"; filename=evil.exe; x="Ünï`, fixtureTxs[:1])
	for _, c := range []struct{ id, want, notWant string }{
		{f.folio, `attachment; filename=Retirement-` + day + `.csv`, f.folio},
		{hostile, `attachment; filename=Retfilenameevilexexn-` + day + `.csv; filename*=UTF-8''Ret%22%3B%20filename%3Devil.exe%3B%20x%3D%22%C3%9Cn%C3%AF-` + day + `.csv`, "evil.exe;"},
	} {
		r := f.ts.do("GET", "/api/portfolios/"+c.id+"/export.csv", f.alice, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("export: %d %s", r.Status, r.Body)
		}
		d := r.Header.Get("Content-Disposition")
		if d != c.want || strings.Contains(d, c.notWant) {
			t.Errorf("Content-Disposition = %q, want %q", d, c.want)
		}
	}
}
