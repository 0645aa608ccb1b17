//go:build linux

package store

import (
	"os"
	"syscall"
)

// dataSync flushes f's data and the metadata needed to read it back (its
// size), as SQLite itself does for its WAL on Linux: a WAL overwritten in
// place after a checkpoint then needs no journal commit for its times.
func dataSync(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		for {
			serr = syscall.Fdatasync(int(fd))
			if serr != syscall.EINTR {
				return
			}
		}
	}); err != nil {
		return err
	}
	return serr
}
