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
)

// decode undoes a Content-Encoding.
func decode(t *testing.T, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

func get(h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestCompressedAssets: the page, app.js, wasm_exec.js, app.css, the
// manifest and the CSS come brotli- or gzip-compressed as the request
// accepts, with the right type, Vary, a per-encoding ETag that answers
// If-None-Match with 304, and the same bytes once decoded.
func TestCompressedAssets(t *testing.T) {
	h := newTestShell(t)
	h.files = fstest.MapFS{"fortfolio.css": {Data: []byte(strings.Repeat(".a { color: red; }\n", 200))}}
	assets := []struct {
		path, contentType string
		static            bool // fixed per build: compressed once, ETag from its hash (pages: go-app's)
	}{
		{"/", "text/html; charset=utf-8", false},
		{"/app.js", "application/javascript", true},
		{"/wasm_exec.js", "application/javascript", true},
		{"/app.css", "text/css", true},
		{"/manifest.webmanifest", "application/manifest+json", true},
		{"/web/fortfolio.css", "text/css; charset=utf-8", true},
		{"/web/methodology.md", "text/markdown; charset=utf-8", true},
	}
	encodings := []struct{ accept, want string }{
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip;q=0.5", "gzip"},
		{"*", "br"},
		{"identity", ""},
		{"br;q=0, gzip;q=0", ""},
		{"", ""},
	}
	for _, a := range assets {
		plain := get(h, "GET", a.path)
		if plain.Code != 200 || plain.Body.Len() < minCompress {
			t.Fatalf("%s: status %d, %d bytes", a.path, plain.Code, plain.Body.Len())
		}
		etags := map[string]string{}
		for _, e := range encodings {
			rec := get(h, "GET", a.path, "Accept-Encoding", e.accept)
			hd := rec.Header()
			if got := hd.Get("Content-Encoding"); got != e.want {
				t.Errorf("%s with %q: Content-Encoding %q, want %q", a.path, e.accept, got, e.want)
			}
			if !strings.HasPrefix(hd.Get("Content-Type"), a.contentType) {
				t.Errorf("%s: Content-Type %q, want %q", a.path, hd.Get("Content-Type"), a.contentType)
			}
			if !strings.Contains(strings.Join(hd.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("%s: no Vary: Accept-Encoding", a.path)
			}
			// go-app writes a page's attributes in map order: compare sizes.
			if got := decode(t, e.want, rec.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) && (a.static || len(got) != plain.Body.Len()) {
				t.Errorf("%s with %q: decoded body differs from the plain one", a.path, e.accept)
			}
			if e.want != "" && rec.Body.Len() >= plain.Body.Len() {
				t.Errorf("%s %s: %d bytes, not smaller than %d", a.path, e.want, rec.Body.Len(), plain.Body.Len())
			}
			etag := hd.Get("ETag")
			if prev, ok := etags[e.want]; ok && prev != etag {
				t.Errorf("%s: ETag of %q changed between requests", a.path, e.want)
			}
			etags[e.want] = etag
			not := get(h, "GET", a.path, "Accept-Encoding", e.accept, "If-None-Match", etag)
			if not.Code != http.StatusNotModified || not.Body.Len() != 0 {
				t.Errorf("%s: If-None-Match %s answered %d with %d bytes, want 304", a.path, etag, not.Code, not.Body.Len())
			}
		}
		if len(etags) != 3 || etags["br"] == etags["gzip"] || etags["br"] == etags[""] || etags[""] == "" {
			t.Errorf("%s: ETags per encoding %v, want three different ones", a.path, etags)
		}
		head := get(h, "HEAD", a.path, "Accept-Encoding", "br")
		if head.Body.Len() != 0 || head.Header().Get("Content-Length") == "" || head.Header().Get("Content-Encoding") != "br" {
			t.Errorf("%s HEAD: %d body bytes, Content-Length %q", a.path, head.Body.Len(), head.Header().Get("Content-Length"))
		}
	}
}

// TestCompressionLeavesOthersAlone: errors, small files, images and the
// wasm (precompressed at build) pass as before; a stale ETag gets 200.
func TestCompressionLeavesOthersAlone(t *testing.T) {
	h := newTestShell(t)
	for _, c := range []struct{ path, wantEnc string }{
		{"/nope", ""},              // a 404 page
		{"/web/fortfolio.css", ""}, // 6 bytes
		{"/web/icon-192.png", ""},
		{"/web/app.wasm", "br"}, // its build-time brotli, not compressed again
	} {
		rec := get(h, "GET", c.path, "Accept-Encoding", "br, gzip")
		if got := rec.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("%s: Content-Encoding %q, want %q", c.path, got, c.wantEnc)
		}
	}
	if rec := get(h, "GET", "/", "Accept-Encoding", "br", "If-None-Match", `"stale-br"`); rec.Code != 200 {
		t.Errorf("stale ETag answered %d", rec.Code)
	}
	if rec := get(h, "POST", "/", "Accept-Encoding", "br"); rec.Header().Get("Content-Encoding") != "" {
		t.Error("a POST was compressed")
	}
}

func TestPickEncoding(t *testing.T) {
	for accept, want := range map[string]string{
		"": "", "br": "br", "BR": "br", "gzip;q=1.0, br;q=0": "gzip", " br ; q=0.1 ": "br",
		"*;q=0": "", "deflate": "", "gzip;q=bogus": "gzip", "*, br;q=0": "gzip",
	} {
		if got := pickEncoding(accept); got != want {
			t.Errorf("pickEncoding(%q) = %q, want %q", accept, got, want)
		}
	}
}
