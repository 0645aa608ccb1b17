//go:build !js

package store

import (
	"errors"
	"syscall"
)

// sqliteFull is SQLite's primary result code SQLITE_FULL.
const sqliteFull = 13

// DiskFull reports whether err means the disk (or quota) is full: SQLite's
// SQLITE_FULL or ENOSPC/EDQUOT from the file system. The transaction that
// failed was rolled back, so nothing changed.
func DiskFull(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteFull {
		return true
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
