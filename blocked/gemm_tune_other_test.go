//go:build !linux

package blocked

import "time"

// cpuClock is the wall clock where the thread's CPU time is not available.
func cpuClock() (now func() time.Duration, done func()) {
	return func() time.Duration { return time.Duration(time.Now().UnixNano()) }, func() {}
}

// processCPU is the wall clock where the process's CPU time is not read.
func processCPU() time.Duration { return time.Duration(time.Now().UnixNano()) }
