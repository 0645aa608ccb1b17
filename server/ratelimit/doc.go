// Package ratelimit implements Fortfolio's two application-level rate-limiting
// layers.
//
// Layer 1 (IPLimiter) is an HTTP middleware that keys token buckets by client
// address: the IPv4 address, or the /64 network of an IPv6 address, since one
// IPv6 subscriber usually controls a whole /64. Requests fall into classes with
// separate buckets: "general" (pages and everything else), "api" (/api/...)
// and "static" (the immutable go-app shell and /web/ assets, with a separate,
// generous bucket so the first page load, which fetches a dozen or more files,
// is never starved by the general bucket yet still cannot be hammered without
// limit). GET and HEAD /healthz are exempt.
//
// Layer 2 (UserLimiter) is called by handlers and keys buckets by
// (user id or account name, class), e.g. "compute" for expensive analytics,
// "login" per account, "log" for client error reports and "email".
//
// Both layers use golang.org/x/time/rate token buckets and keep memory
// bounded: idle entries are swept (lazily on every call and by a janitor
// goroutine that Close stops) and a hard cap evicts the least recently used
// entry when the table is full.
//
// X-Forwarded-For is believed only from peers inside a configured trusted
// prefix (see ClientIP); everywhere else the TCP peer address is used.
package ratelimit
