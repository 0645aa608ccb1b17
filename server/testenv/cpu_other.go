//go:build !unix

package testenv

import "time"

// CPUTime is unknown on this platform: 0.
func CPUTime() time.Duration { return 0 }
