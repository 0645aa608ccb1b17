//go:build !unix

package audit

import "os"

// lockFile is a no-op where flock is unavailable: one process per data
// directory must append (the in-process mutex still serialises appends).
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) error { return nil }

// diskFull reports whether err means the file system has no space left.
func diskFull(err error) bool { return false }
