//go:build !linux

package store

import "os"

// dataSync flushes f (fsync where fdatasync is not used).
func dataSync(f *os.File) error { return f.Sync() }
