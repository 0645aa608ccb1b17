//go:build !unix

package api_test

import (
	"testing"
	"time"
)

// cpuTime is unknown here: no cpu-µs/op metric.
func cpuTime() time.Duration { return 0 }

func reportCPU(*testing.B, time.Duration) {}
