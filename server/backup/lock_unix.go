//go:build unix

package backup

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// flock blocks until it holds an exclusive advisory lock on f; closing f
// releases it.
func flock(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX) // #nosec G115 -- a file descriptor fits in int
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return fmt.Errorf("backup: lock: %w", err)
		}
		return nil
	}
}
