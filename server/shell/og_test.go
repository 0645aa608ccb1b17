package shell

import (
	"io"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// page fetches path from a shell with the given public host.
func page(t *testing.T, publicHost, path string) (body string, contentLength string) {
	t.Helper()
	base := newTestShell(t)
	h := New(Options{Version: "test", Files: base.files.(fstest.MapFS), Known: base.known, PublicHost: publicHost})
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.Header.Get("Content-Length")
}

// TestOpenGraphURLsAbsoluteOrAbsent: with a public host, og:url and
// og:image are absolute https URLs on it; without one they are left out
// (go-app would write the invalid "https://").
func TestOpenGraphURLsAbsoluteOrAbsent(t *testing.T) {
	body, length := page(t, "", "/portfolios")
	if strings.Contains(body, `property="og:url"`) || strings.Contains(body, `property="og:image"`) || strings.Contains(body, `content="https://"`) {
		t.Errorf("without a public host the page has Open Graph URLs:\n%s", body)
	}
	if !strings.Contains(body, `property="og:title"`) || !strings.Contains(body, "</html>") {
		t.Errorf("the page lost more than the two tags:\n%s", body)
	}
	if length != "" && length != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %s for a %d-byte body", length, len(body))
	}
	body, _ = page(t, "fortfolio.example:8443", "/portfolios")
	for prop, want := range map[string]string{"og:url": "https://fortfolio.example:8443/portfolios",
		"og:image": "https://fortfolio.example:8443/web/icon-512.png"} {
		tag := regexp.MustCompile(`<meta [^>]*property="` + prop + `"[^>]*>`).FindString(body)
		if !strings.Contains(tag, `content="`+want+`"`) {
			t.Errorf("%s tag %q, want content %q", prop, tag, want)
		}
	}
}
