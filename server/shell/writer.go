package shell

import (
	"mime"
	"net/http"
	"regexp"
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
	// dropOG removes the og:url and og:image tags from the HTML page.
	dropOG bool
	isHTML bool
}

// ogURLTags matches the Open Graph tags go-app writes with the handler's
// Domain; without one their content is the invalid "https://...".
// go-app writes the attributes in either order.
var ogURLTags = regexp.MustCompile(`\s*<meta (?:property="og:(?:url|image)" content="[^"]*"|content="[^"]*" property="og:(?:url|image)")>`)

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
	if p.isHTML = isHTML; isHTML && p.dropOG {
		p.Header().Del("Content-Length") // the body shrinks; net/http computes it
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
	if p.isHTML && p.dropOG {
		if _, err := p.ResponseWriter.Write(ogURLTags.ReplaceAll(b, nil)); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	return p.ResponseWriter.Write(b)
}
