//go:build linux

package blocked

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// cpuClock returns a clock of the CPU time the calling thread has used
// (CLOCK_THREAD_CPUTIME_ID, exact to the nanosecond, unlike getrusage, which lags by up
// to a scheduler tick) and a function to release the thread; time the thread spends
// preempted by other programs does not count. Falls back to the wall clock if the call
// fails.
func cpuClock() (now func() time.Duration, done func()) {
	runtime.LockOSThread()
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	now = func() time.Duration {
		var ts syscall.Timespec
		if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
			return time.Duration(time.Now().UnixNano())
		}
		return time.Duration(ts.Nano())
	}
	return now, runtime.UnlockOSThread
}

// processCPU returns the CPU time all threads of the process have used (getrusage,
// user + system; it lags by up to a scheduler tick, so time many calls).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
