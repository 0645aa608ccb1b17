package shell

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

type homeCompo struct{ app.Compo }

func (homeCompo) Render() app.UI { return app.H1().Text("shell test home") }

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func br(t *testing.T, b []byte) []byte {
	t.Helper()
	return brotliBytes(b, brotli.BestCompression)
}

// decoded is the answer's body after its Content-Encoding is undone.
func decoded(t *testing.T, rec *httptest.ResponseRecorder) []byte {
	t.Helper()
	raw := rec.Body.Bytes()
	var r io.Reader
	switch enc := rec.Header().Get("Content-Encoding"); enc {
	case "":
		return raw
	case "br":
		r = brotli.NewReader(bytes.NewReader(raw))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("undoing %s: %v", rec.Header().Get("Content-Encoding"), err)
	}
	return b
}

func newTestShell(t *testing.T) *Handler {
	t.Helper()
	app.Route("/", func() app.Composer { return &homeCompo{} })
	app.RouteWithRegexp("^/.*$", func() app.Composer { return &homeCompo{} })
	files := fstest.MapFS{
		"app.wasm.gz":    {Data: gz(t, []byte("\x00asm fake module"))},
		"app.wasm.br":    {Data: br(t, []byte("\x00asm fake module"))},
		"fortfolio.css":  {Data: []byte("body{}")},
		"robots.txt":     {Data: []byte("User-agent: *\n")},
		"icons/x.svg":    {Data: []byte("<svg/>")},
		"embed.go":       {Data: []byte("package web")},
		"icon-192.png":   {Data: []byte("png")},
		"icon.svg":       {Data: []byte("<svg/>")},
		"icon-512.png":   {Data: []byte("png")},
		"manifest.extra": {Data: []byte("x")},
	}
	return New(Options{Version: "test", Files: files, Known: func(p string) bool { return p == "/" }})
}

func TestShellRoutes(t *testing.T) {
	h := newTestShell(t)
	cases := []struct {
		name, path, accept string
		status             int
		contentType        string
		encoding           string
		bodyHas            string
	}{
		{"page", "/", "", 200, "text/html; charset=utf-8", "", "shell test home"},
		{"unknown page is a real 404", "/nope", "", 404, "text/html; charset=utf-8", "", "shell test home"},
		{"wasm brotli", "/web/app.wasm", "gzip, deflate, br, zstd", 200, "application/wasm", "br", "fake module"},
		{"wasm gzip", "/web/app.wasm", "gzip, deflate", 200, "application/wasm", "gzip", "fake module"},
		{"wasm brotli refused", "/web/app.wasm", "gzip, br;q=0", 200, "application/wasm", "gzip", "fake module"},
		{"wasm identity", "/web/app.wasm", "identity", 200, "application/wasm", "", "fake module"},
		{"wasm gzip refused", "/web/app.wasm", "gzip;q=0", 200, "application/wasm", "", "fake module"},
		{"wasm any encoding", "/web/app.wasm", "*", 200, "application/wasm", "br", "fake module"},
		{"wasm gzip refused with a decimal q", "/web/app.wasm", "gzip;q=0.0000", 200, "application/wasm", "", "fake module"},
		{"static css", "/web/fortfolio.css", "", 200, "text/css; charset=utf-8", "", "body{}"},
		{"no directory listing", "/web/", "", 404, "", "", ""},
		{"no subdirectory listing", "/web/icons/", "", 404, "", "", ""},
		{"compressed wasm not served raw", "/web/app.wasm.gz", "", 404, "", "", ""},
		{"brotli wasm not served raw", "/web/app.wasm.br", "", 404, "", "", ""},
		{"source not served", "/web/embed.go", "", 404, "", "", ""},
		{"traversal", "/web/../main.go", "", 404, "", "", ""},
		{"robots local", "/robots.txt", "", 200, "", "", "User-agent"},
		{"sitemap never fetched", "/sitemap.xml", "", 404, "", "", ""},
		{"ads never fetched", "/ads.txt", "", 404, "", "", ""},
		{"manifest", "/manifest.webmanifest", "", 200, "application/manifest+json", "", "Fortfolio"},
		{"methodology document", "/web/methodology.md", "", 200, "text/markdown; charset=utf-8", "", "## "},
		{"methodology kept for offline use", "/app-worker.js", "", 200, "", "", `"/web/methodology.md"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", c.path, nil)
			if c.accept != "" {
				req.Header.Set("Accept-Encoding", c.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := decoded(t, rec)
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			if c.contentType != "" && rec.Header().Get("Content-Type") != c.contentType {
				t.Errorf("Content-Type %q, want %q", rec.Header().Get("Content-Type"), c.contentType)
			}
			if rec.Header().Get("Content-Encoding") != c.encoding {
				t.Errorf("Content-Encoding %q, want %q", rec.Header().Get("Content-Encoding"), c.encoding)
			}
			if c.bodyHas != "" && !strings.Contains(string(body), c.bodyHas) {
				t.Errorf("body lacks %q", c.bodyHas)
			}
		})
	}
}

// TestWasmWithoutBrotli: a build without app.wasm.br still sends gzip to
// a browser that asks for brotli first or accepts any encoding, read as
// the compressed answers read Accept-Encoding.
func TestWasmWithoutBrotli(t *testing.T) {
	files := fstest.MapFS{"app.wasm.gz": {Data: gz(t, []byte("\x00asm fake module"))}}
	h := New(Options{Version: "test", Files: files})
	for _, accept := range []string{"br, gzip", "*", "br;q=1, *;q=0.5"} {
		req := httptest.NewRequest("GET", "/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if enc := rec.Header().Get("Content-Encoding"); enc != "gzip" || !bytes.Contains(decoded(t, rec), []byte("fake module")) {
			t.Errorf("%q: Content-Encoding %q, want gzip with the module", accept, enc)
		}
	}
}

func TestWasmLengthFromGzipTrailer(t *testing.T) {
	raw := bytes.Repeat([]byte("w"), 12345)
	if got := wasmLength(gz(t, raw)); got != "12345" {
		t.Fatalf("wasmLength = %q", got)
	}
	if wasmLength(nil) != "" {
		t.Fatal("no length for a missing module")
	}
}

func TestPageIconsAreLocal(t *testing.T) {
	h := newTestShell(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if strings.Contains(body, "githubusercontent") || strings.Contains(body, "https://raw.") {
		t.Fatal("the page references remote icons")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/app-worker.js", nil))
	if strings.Contains(rec.Body.String(), "http") && strings.Contains(rec.Body.String(), "githubusercontent") {
		t.Fatal("the service worker caches remote resources")
	}
}
