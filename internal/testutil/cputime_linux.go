package testutil

import (
	"time"

	"golang.org/x/sys/unix"
)

// ThreadCPU returns the CPU time of the calling OS thread (lock it with
// runtime.LockOSThread first) and true, or 0 and false where there is no such clock.
// Benchmarks on a shared machine divide by it, so time spent preempted does not count.
func ThreadCPU() (time.Duration, bool) {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
