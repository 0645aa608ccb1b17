//go:build unix

package store

import "syscall"

// openFileLimit returns the process's soft limit on open files, or 0 when
// it cannot be read. (Go raises the soft limit to the hard one at start.)
func openFileLimit() uint64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	return rl.Cur
}
