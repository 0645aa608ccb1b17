//go:build !unix

package backup

import "os"

// flock is a no-op where flock is unavailable: run one backup at a time.
func flock(*os.File) error { return nil }
