// Package edge holds the integration tests of build/nginx.conf: real nginx
// (Debian's package) on loopback in front of a real Fortfolio, showing the
// edge rate limits, the HTTPS redirect and the forwarded client address;
// and in front of two real node processes on one PostgreSQL, showing
// shared sessions, failover and a job that survives its node's death.
package edge
