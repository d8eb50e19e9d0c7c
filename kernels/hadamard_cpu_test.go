package kernels

import (
	"runtime"
	"testing"

	"github.com/matkern/matkern/internal/testutil"
)

// cpuLoop runs f under b.Loop on one locked thread and, where the thread's CPU clock can
// be read, reports its CPU time per call as cpu-ns/op: on a shared machine, time spent
// preempted does not count.
func cpuLoop(b *testing.B, f func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	t0, ok := testutil.ThreadCPU()
	for b.Loop() {
		f()
	}
	if t1, _ := testutil.ThreadCPU(); ok {
		b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
	}
}
