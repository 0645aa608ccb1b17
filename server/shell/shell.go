// Package shell serves the go-app PWA shell: the HTML pages rendered by
// go-app's handler, the embedded static files under /web/ (no directory
// listings, nothing read from disk) and the precompressed app.wasm.
package shell

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fortfolio/fortfolio/docs"
	"github.com/fortfolio/fortfolio/server/httpx"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// appWorkerJS is the service worker: cache-first for the versioned app
// shell, network-first with an offline fallback for pages.
//
//go:embed app-worker.js
var appWorkerJS string

// Options configures the shell.
type Options struct {
	// Version identifies the build; it versions the service-worker cache.
	Version string
	// Files holds the static assets (web.Files).
	Files fs.FS
	// Known reports whether a page path is routed; other paths get the
	// 404 page with status 404.
	Known func(path string) bool
	// PublicHost is the configured public host name (with a port when not
	// 443). With it, og:url and og:image are absolute https:// URLs on it;
	// without it (loopback development) both tags are left out, because
	// the request's Host is never trusted to build them.
	PublicHost string
}

// Handler serves pages and static files.
type Handler struct {
	goapp  *app.Handler
	files  fs.FS
	known  func(string) bool
	wasm   []byte // gzip-compressed app.wasm, nil when not built
	wasmBr []byte // brotli-compressed app.wasm, nil when not built
	// dropOG removes go-app's og:url and og:image when no public host is
	// known (go-app would write the invalid "https://").
	dropOG bool
	// compressed holds the brotli and gzip forms of the text answers
	// (compress.go).
	compressed compressCache
}

// New builds the shell handler.
func New(opts Options) *Handler {
	wasm, _ := fs.ReadFile(opts.Files, "app.wasm.gz")
	wasmBr, _ := fs.ReadFile(opts.Files, "app.wasm.br")
	h := &Handler{files: opts.Files, known: opts.Known, wasm: wasm, wasmBr: wasmBr, dropOG: opts.PublicHost == ""}
	h.goapp = &app.Handler{
		Name:            "Fortfolio",
		ShortName:       "Fortfolio",
		Title:           "Fortfolio — portfolio analytics",
		Description:     "Self-hosted, security-first portfolio analytics.",
		Author:          "Fortfolio",
		Domain:          opts.PublicHost,
		Image:           "/web/icon-512.png",
		Lang:            "en",
		BackgroundColor: "#0f141a",
		ThemeColor:      "#1f3a5f",
		LoadingLabel:    "Loading Fortfolio… {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png",
			SVG:      "/web/icon.svg",
		},
		Styles: []string{"/web/fortfolio.css", "/web/charts.css"},
		// early.js keeps the login and sign-up forms usable while the
		// WebAssembly client starts (web/early.js, docs/performance.md).
		Scripts:               []string{"/web/early.js"},
		CacheableResources:    []string{"/web/icon.svg", "/web/icon-192.png", "/web/icon-512.png", "/web/world.json", "/web/early.js", methodologyPath},
		Resources:             embeddedResources{},
		Version:               opts.Version,
		WasmContentLength:     wasmLength(wasm),
		ServiceWorkerTemplate: appWorkerJS,
	}
	return h
}

// wasmLength reads the uncompressed size from the gzip trailer so the
// loader can show progress while the compressed file downloads.
func wasmLength(gz []byte) string {
	if len(gz) < 4 {
		return ""
	}
	return strconv.FormatUint(uint64(binary.LittleEndian.Uint32(gz[len(gz)-4:])), 10)
}

// ServeHTTP routes static files, the well-known proxy paths go-app would
// otherwise fetch over the network, and pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/web/app.wasm" || p == "/app.wasm":
		h.serveWasm(w, r)
	case p == methodologyPath:
		serveCompressed(w, r, &h.compressed, serveMethodology)
	case len(p) > 5 && p[:5] == "/web/":
		name := p[5:]
		if !textAsset(name) {
			h.serveStatic(w, r, name)
			return
		}
		serveCompressed(w, r, &h.compressed, func(w http.ResponseWriter, r *http.Request) { h.serveStatic(w, r, name) })
	case p == "/robots.txt":
		h.serveStatic(w, r, "robots.txt")
	case p == "/sitemap.xml" || p == "/ads.txt":
		http.NotFound(w, r)
	case goappResource[p]:
		serveCompressed(w, r, &h.compressed, h.servePage)
	default:
		serveCompressed(w, r, nil, h.servePage)
	}
}

// goappResource are the files go-app generates per build (served by its
// handler like pages, but fixed until the next version).
var goappResource = map[string]bool{
	"/app.js": true, "/wasm_exec.js": true, "/app.css": true, "/manifest.webmanifest": true, "/app-worker.js": true,
}

// textAsset reports whether a /web/ file is text worth compressing.
func textAsset(name string) bool {
	for _, ext := range []string{".css", ".svg", ".js", ".json", ".txt"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// methodologyPath serves docs/methodology.md, which the client's
// Methodology page fetches instead of compiling it into app.wasm.
const methodologyPath = "/web/methodology.md"

// serveMethodology sends the embedded methodology document. It is fixed per
// build, like the files under /web/.
func serveMethodology(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "methodology.md", time.Time{}, strings.NewReader(docs.Methodology))
}

func (h *Handler) servePage(w http.ResponseWriter, r *http.Request) {
	pw := &pageWriter{ResponseWriter: w, notFound: h.known != nil && !h.known(r.URL.Path), dropOG: h.dropOG}
	h.goapp.ServeHTTP(pw, r)
}

func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request, name string) {
	if name == "app.wasm.gz" || name == "app.wasm.br" || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	st, err := fs.Stat(h.files, name)
	if err != nil || st.IsDir() || name == "embed.go" {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(h.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(b))
}

// serveWasm sends app.wasm as it was compressed at build time: brotli to
// a browser that accepts it, else gzip, else decompressed.
func (h *Handler) serveWasm(w http.ResponseWriter, r *http.Request) {
	if h.wasm == nil {
		http.Error(w, "app.wasm is not built: run make build", http.StatusNotFound)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/wasm")
	hd.Set("Cache-Control", "no-cache")
	hd.Add("Vary", "Accept-Encoding")
	if enc, body := h.wasmEncoded(r); enc != "" {
		hd.Set("Content-Encoding", enc)
		hd.Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(h.wasm))
	if err != nil {
		httpx.WriteError(w, r, fmt.Errorf("shell: corrupt app.wasm: %w", err))
		return
	}
	defer zr.Close()
	_, _ = io.Copy(w, io.LimitReader(zr, 256<<20))
}

// wasmEncoded picks the precompressed app.wasm the request accepts: its
// encoding and bytes, or "" when it accepts neither.
func (h *Handler) wasmEncoded(r *http.Request) (string, []byte) {
	offered := []string{"gzip"}
	if h.wasmBr != nil {
		offered = []string{"br", "gzip"}
	}
	switch pickEncoding(r.Header.Get("Accept-Encoding"), offered...) {
	case "br":
		return "br", h.wasmBr
	case "gzip":
		return "gzip", h.wasm
	}
	return "", nil
}
