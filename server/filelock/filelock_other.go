//go:build !unix

// Package filelock holds the exclusive advisory file lock that lets the
// server and CLI commands share one data directory: audit appends and
// backups each take it around their critical section.
package filelock

import "os"

// Lock is a no-op where flock is unavailable: one process per data
// directory must write (in-process mutexes still serialise).
func Lock(*os.File) error { return nil }

// Unlock is a no-op where flock is unavailable.
func Unlock(*os.File) error { return nil }
