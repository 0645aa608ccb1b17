// Package edge holds the integration test of build/nginx.conf: real nginx
// (Debian's package) on loopback in front of a real Fortfolio, showing the
// edge rate limits, the HTTPS redirect and the forwarded client address.
package edge
