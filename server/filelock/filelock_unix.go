//go:build unix

// Package filelock holds the exclusive advisory file lock that lets the
// server and CLI commands share one data directory: audit appends and
// backups each take it around their critical section.
package filelock

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Lock blocks until it holds an exclusive advisory lock on f. Closing f or
// Unlock releases it.
func Lock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX) // #nosec G115 -- a file descriptor fits in int
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("filelock: lock %s: %w", f.Name(), err)
		}
		return nil
	}
}

// Unlock releases the lock Lock took.
func Unlock(f *os.File) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err != nil { // #nosec G115 -- a file descriptor fits in int
		return fmt.Errorf("filelock: unlock %s: %w", f.Name(), err)
	}
	return nil
}
