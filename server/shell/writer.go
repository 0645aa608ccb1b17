package shell

import (
	"mime"
	"net/http"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// embeddedResources resolves static paths like go-app's LocalDir but is
// not an http.Handler, so go-app never serves files or fetches proxy
// resources over the network itself.
type embeddedResources struct{}

func (embeddedResources) Resolve(location string) string {
	if location == "" || location == "/" {
		return "/"
	}
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return location
	}
	return "/" + strings.TrimLeft(location, "/")
}

var _ app.ResourceResolver = embeddedResources{}

// pageWriter adds the charset go-app leaves out of text/html and turns
// unrouted pages into real 404s (the body is still the app's 404 page).
type pageWriter struct {
	http.ResponseWriter
	notFound    bool
	wroteHeader bool
}

func (p *pageWriter) WriteHeader(status int) {
	if p.wroteHeader {
		return
	}
	p.wroteHeader = true
	isHTML := false
	if mt, _, err := mime.ParseMediaType(p.Header().Get("Content-Type")); err == nil && mt == "text/html" {
		isHTML = true
		p.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	if isHTML && p.notFound && status == http.StatusOK {
		status = http.StatusNotFound
	}
	p.ResponseWriter.WriteHeader(status)
}

func (p *pageWriter) Write(b []byte) (int, error) {
	if !p.wroteHeader {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		q := strings.TrimSpace(params)
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
