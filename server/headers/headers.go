// Package headers configures the security headers every response carries
// (github.com/unrolled/secure) and exposes their exact values, so the
// middleware, the tests and the public Security page share one source.
package headers

import (
	"net/http"

	"github.com/unrolled/secure"
)

// CSP is the Content-Security-Policy of every response. WebAssembly needs
// 'wasm-unsafe-eval'; nothing allows inline scripts, eval or inline styles.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; " +
	"img-src 'self' blob: data:; style-src 'self'; font-src 'self'; manifest-src 'self'; " +
	"worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// HSTS is the Strict-Transport-Security value, sent over TLS only.
const HSTS = "max-age=31536000; includeSubDomains"

// PermissionsPolicy turns off powerful browser features the app never uses.
const PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// Expected returns every security header and its exact value, as sent over
// TLS (withTLS) or plain HTTP.
func Expected(withTLS bool) map[string]string {
	h := map[string]string{
		"Content-Security-Policy":      CSP,
		"X-Frame-Options":              "DENY",
		"X-Content-Type-Options":       "nosniff",
		"Referrer-Policy":              "strict-origin",
		"Permissions-Policy":           PermissionsPolicy,
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Resource-Policy": "same-origin",
	}
	if withTLS {
		h["Strict-Transport-Security"] = HSTS
	}
	return h
}

// Options returns the unrolled/secure configuration. IsDevelopment is
// never set: host checks and HSTS stay on in every mode.
func Options(allowedHosts []string) secure.Options {
	return secure.Options{
		AllowedHosts:              allowedHosts,
		STSSeconds:                31536000,
		STSIncludeSubdomains:      true,
		FrameDeny:                 true,
		ContentTypeNosniff:        true,
		ContentSecurityPolicy:     CSP,
		ReferrerPolicy:            "strict-origin",
		PermissionsPolicy:         PermissionsPolicy,
		CrossOriginOpenerPolicy:   "same-origin",
		CrossOriginResourcePolicy: "same-origin",
	}
}

// Set writes every security header of Expected(withTLS) into h, for the
// answers unrolled/secure does not decorate: its bad-host refusal and the
// plain-HTTP redirect listener.
func Set(h http.Header, withTLS bool) {
	for k, v := range Expected(withTLS) {
		h.Set(k, v)
	}
}

// Middleware adds the security headers to every response and answers 400
// through badHost when the Host header is not an allowed host. The 400
// carries the headers too: secure calls badHost before it sets any.
func Middleware(allowedHosts []string, badHost http.Handler) func(http.Handler) http.Handler {
	s := secure.New(Options(allowedHosts))
	if badHost != nil {
		s.SetBadHostHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			Set(w.Header(), r.TLS != nil)
			badHost.ServeHTTP(w, r)
		}))
	}
	return s.Handler
}
