// Package loadtest drives mixed authenticated traffic against a real
// Fortfolio on loopback for a bounded time (`make loadtest`) and checks
// zero 5xx answers, no goroutine leak and bounded memory.
package loadtest
