package kernels

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// cpuLoop runs f under b.Loop on one locked thread and reports that thread's CPU time
// per call as cpu-ns/op: on a shared machine, time spent preempted does not count.
func cpuLoop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0 := threadCPU()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(threadCPU()-t0)/float64(b.N), "cpu-ns/op")
}

// threadCPU is the calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID).
func threadCPU() int64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return ts.Nano()
}
