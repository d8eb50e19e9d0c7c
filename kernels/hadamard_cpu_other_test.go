//go:build !linux

package kernels

import "testing"

// cpuLoop runs f under b.Loop (no thread CPU clock here: wall time only).
func cpuLoop(b *testing.B, f func()) {
	for b.Loop() {
		f()
	}
}
