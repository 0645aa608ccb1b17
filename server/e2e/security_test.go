package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSecurityPageShowsLiveHeaders renders the Security page and checks
// that the header table equals the headers of a real response.
func TestSecurityPageShowsLiveHeaders(t *testing.T) {
	s := newSite(t)
	var rows []string
	s.run(
		s.page("/security", "#status-headers"),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#status-headers tbody tr")).map(r => r.cells[0].textContent + "\t" + r.cells[1].textContent)`, &rows),
	)
	s.screenshot("security")
	res, err := http.Get(s.URL + "/security")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(rows) < 7 {
		t.Fatalf("only %d header rows shown", len(rows))
	}
	for _, row := range rows {
		name, value, _ := strings.Cut(row, "\t")
		if got := res.Header.Get(name); got != value {
			t.Errorf("page shows %s = %q, the server sends %q", name, value, got)
		}
	}
}
