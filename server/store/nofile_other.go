//go:build !unix

package store

// openFileLimit is unknown on this system; the cache falls back to its
// minimum size.
func openFileLimit() uint64 { return 0 }
