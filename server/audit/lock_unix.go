//go:build unix

package audit

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes the exclusive advisory lock that serialises appends across
// processes (the server and CLI commands). It blocks until the lock is free.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX) // #nosec G115 -- a file descriptor fits in int
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("audit: lock: %w", err)
		}
		return nil
	}
}

func unlockFile(f *os.File) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err != nil { // #nosec G115 -- a file descriptor fits in int
		return fmt.Errorf("audit: unlock: %w", err)
	}
	return nil
}

// diskFull reports whether err means the file system has no space left.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
