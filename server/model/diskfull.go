package model

import (
	"errors"
	"syscall"
)

// sqliteFull is SQLite's primary result code SQLITE_FULL.
const sqliteFull = 13

// errFull is implemented by errors that mean a full disk (audit.ErrFull).
type errFull interface{ DiskFull() bool }

// DiskFull reports whether err means the disk or quota is full: SQLite's
// SQLITE_FULL (a coded error whose primary code is 13), ENOSPC or EDQUOT
// from the file system, or an error that says so itself (audit.ErrFull).
// The failed write was rolled back, so the request changed nothing: the
// API answers it with 507 Insufficient Storage, and the audit log falls back
// on its reserve.
func DiskFull(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteFull {
		return true
	}
	var full errFull
	if errors.As(err, &full) && full.DiskFull() {
		return true
	}
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
