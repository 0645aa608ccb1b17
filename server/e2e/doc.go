// Package e2e holds the browser tests: a real Fortfolio (the same wiring
// as `fortfolio serve`) on a loopback httptest server, driven by chromedp
// in Debian's Chromium. Every test fails on any console error, uncaught
// exception or CSP violation.
package e2e
