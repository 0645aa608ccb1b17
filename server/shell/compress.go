package shell

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// The shell's text responses (pages, app.js, wasm_exec.js, app.css, the
// manifest, the service worker, CSS and SVG under /web/) are sent brotli-
// or gzip-compressed when the browser accepts it. The static ones are
// fixed per build, so each is compressed once, at the highest levels, and
// kept (keyed by the body's SHA-256). Pages are compressed per request at
// fast levels: go-app writes their attributes in map order, so no two
// answers are byte-identical and a cache would only fill up; their
// validator stays go-app's (the build version). Each encoding has its own
// ETag; If-None-Match is answered here with 304. API answers are never compressed here: they
// carry user data next to reflected input (BREACH); pages carry neither a
// secret nor user data (docs/performance.md, Compression).

// compressible are the media types worth compressing.
var compressible = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true, "application/javascript": true,
	"application/manifest+json": true, "application/json": true, "image/svg+xml": true, "text/plain": true,
	"text/markdown": true,
}

// minCompress is the size under which compression does not pay.
const minCompress = 512

// maxCompressed bounds the cache: entries beyond it are compressed per
// request instead (the set of distinct bodies per build is small).
const maxCompressed = 256

// compressed is one body in its three encodings.
type compressed struct {
	etag         string
	identity     []byte
	gzip, brotli []byte
}

// compressCache holds the compressed bodies of this build.
type compressCache struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]*compressed
}

func (c *compressCache) get(body []byte) *compressed {
	sum := sha256.Sum256(body)
	if c == nil {
		return &compressed{etag: etagOf(sum), identity: body,
			gzip: gzipBytes(body, gzip.DefaultCompression), brotli: brotliBytes(body, brotliFast)}
	}
	c.mu.Lock()
	e, ok := c.entries[sum]
	c.mu.Unlock()
	if ok {
		return e
	}
	e = &compressed{etag: etagOf(sum), identity: body,
		gzip: gzipBytes(body, gzip.BestCompression), brotli: brotliBytes(body, brotli.BestCompression)}
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[[sha256.Size]byte]*compressed{}
	}
	if len(c.entries) < maxCompressed {
		c.entries[sum] = e
	}
	c.mu.Unlock()
	return e
}

// brotliFast is the brotli level of per-request compression (about as
// fast as gzip's default, and smaller).
const brotliFast = 5

func etagOf(sum [sha256.Size]byte) string { return `"` + hex.EncodeToString(sum[:12]) + `"` }

func gzipBytes(b []byte, level int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, level)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

func brotliBytes(b []byte, level int) []byte {
	var buf bytes.Buffer
	zw := brotli.NewWriterLevel(&buf, level)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// serveCompressed runs next into a buffer and sends its answer in the
// best encoding the request accepts, with Vary, ETag and If-None-Match;
// cache keeps the compressed forms (nil: compress per request). Answers
// other than a 200 with a compressible type pass unchanged.
func serveCompressed(w http.ResponseWriter, r *http.Request, cache *compressCache, next func(http.ResponseWriter, *http.Request)) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		next(w, r)
		return
	}
	// The inner handler always renders the full body; this layer answers
	// conditional requests itself, with its own validator.
	inner := r.Clone(r.Context())
	inner.Header.Del("If-None-Match")
	inner.Header.Del("If-Modified-Since")
	inner.Method = http.MethodGet
	rec := &bufferWriter{header: http.Header{}}
	next(rec, inner)
	mt, _, _ := mime.ParseMediaType(rec.header.Get("Content-Type"))
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if rec.status != http.StatusOK || !compressible[mt] || rec.header.Get("Content-Encoding") != "" || rec.buf.Len() < minCompress {
		rec.copyTo(w, r.Method == http.MethodHead)
		return
	}
	e := cache.get(rec.buf.Bytes())
	hd := w.Header()
	for k, v := range rec.header {
		hd[k] = v
	}
	hd.Del("Last-Modified")
	hd.Add("Vary", "Accept-Encoding")
	etag := e.etag
	if cache == nil {
		// A page: go-app's own validator (the build version) stands for
		// it, as its bytes differ per answer.
		etag = rec.header.Get("ETag")
	}
	body, enc := e.identity, ""
	switch pickEncoding(r.Header.Get("Accept-Encoding")) {
	case "br":
		body, enc, etag = e.brotli, "br", withSuffix(etag, "-br")
	case "gzip":
		body, enc, etag = e.gzip, "gzip", withSuffix(etag, "-gz")
	}
	hd.Del("ETag")
	if etag != "" {
		hd.Set("ETag", etag)
	}
	if enc != "" {
		hd.Set("Content-Encoding", enc)
	}
	if etag != "" && etagMatches(r.Header.Get("If-None-Match"), etag) {
		hd.Del("Content-Length")
		hd.Del("Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// withSuffix marks a quoted entity tag with the encoding ("abc" ->
// "abc-br"), so each encoding has its own validator.
func withSuffix(etag, suffix string) string {
	if len(etag) < 2 || !strings.HasSuffix(etag, `"`) {
		return ""
	}
	return etag[:len(etag)-1] + suffix + `"`
}

// pickEncoding chooses the first of offered (br and gzip when none are
// named) that Accept-Encoding accepts, honouring q=0 refusals and "*"; ""
// is none. It is the one reading of Accept-Encoding, for the answers
// compressed here and for app.wasm.
func pickEncoding(accept string, offered ...string) string {
	if len(offered) == 0 {
		offered = []string{"br", "gzip"}
	}
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		v := 1.0
		if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
				v = f
			}
		}
		q[name] = v
	}
	for _, enc := range offered {
		v, ok := q[enc]
		if !ok {
			v, ok = q["*"]
		}
		if ok && v > 0 {
			return enc
		}
	}
	return ""
}

// etagMatches reports whether an If-None-Match list names etag (weak
// comparison, as RFC 9110 prescribes for If-None-Match).
func etagMatches(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// bufferWriter records an answer.
type bufferWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }

func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.buf.Write(p)
}

// copyTo sends the recorded answer unchanged.
func (b *bufferWriter) copyTo(w http.ResponseWriter, head bool) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.WriteHeader(b.status)
	if !head {
		_, _ = w.Write(b.buf.Bytes())
	}
}
