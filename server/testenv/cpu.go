package testenv

import (
	"testing"
	"time"
)

// ReportCPU adds the process CPU time per operation since start (from
// CPUTime) to b as "cpu-µs/op" or, with unit time.Millisecond,
// "cpu-ms/op": on a busy shared machine wall time (ns/op) includes waiting
// for a core, CPU time does not. Where the platform cannot tell, it adds
// nothing.
func ReportCPU(b *testing.B, start, unit time.Duration) {
	now := CPUTime()
	if now == 0 {
		return
	}
	name := "cpu-µs/op"
	if unit == time.Millisecond {
		name = "cpu-ms/op"
	}
	b.ReportMetric(float64(now-start)/float64(unit)/float64(b.N), name)
}
