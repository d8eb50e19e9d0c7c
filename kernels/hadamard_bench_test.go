package kernels

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/asm"
	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/mem"
	"github.com/matkern/matkern/internal/tune"
)

// BenchmarkHadamardSmall times small sizes through the kernel, each level's primitive and
// the generic loop, for tuning elemAsmMin (the comparison suite is in package bench), on
// arrays placed like the suite's (mem.Arrays).
func BenchmarkHadamardSmall(b *testing.B) {
	for _, n := range []int{1, 2, 3, 4, 6, 8, 12, 16, 1000, 1024} {
		x := mem.Arrays[float64](3, n)
		b.Run(fmt.Sprintf("n=%d/kernel", n), func(b *testing.B) {
			cpuLoop(b, func() { Hadamard(x[2], x[0], x[1]) })
		})
		for _, l := range dispatch.Available()[1:] {
			mul := dispatch.TableFor(l).Elem.MulF64 // the primitive alone, no kernel checks
			b.Run(fmt.Sprintf("n=%d/%s", n, l), func(b *testing.B) {
				cpuLoop(b, func() { mul(x[2], x[0], x[1]) })
			})
		}
		b.Run(fmt.Sprintf("n=%d/generic", n), func(b *testing.B) {
			cpuLoop(b, func() { asm.MulF64Generic(x[2], x[0], x[1]) })
		})
	}
}

// BenchmarkHadamardNT compares plain and non-temporal stores for large outputs, for
// tuning tune.NTMinBytes.
func BenchmarkHadamardNT(b *testing.B) {
	defer blocked.SetThreads(blocked.SetThreads(1)) // the store kind, on one core
	for _, n := range []int{1e6, 3e6, 1e7} {
		x := mem.Arrays[float64](3, n)
		for i := range x[0] {
			x[0][i], x[1][i] = 1, 2
		}
		for _, nt := range []bool{false, true} {
			b.Run(fmt.Sprintf("n=%d/nt=%v", n, nt), func(b *testing.B) {
				saved := tune.NTMinBytes
				defer func() { tune.NTMinBytes = saved }()
				tune.NTMinBytes = math.MaxInt
				if nt {
					tune.NTMinBytes = 0
				}
				b.SetBytes(int64(24 * n))
				for b.Loop() {
					Hadamard(x[2], x[0], x[1])
				}
			})
		}
	}
}

// BenchmarkHadamardThreads times the product split across 1 and 2 cores at n = 1e5,
// 1e6 and 1e7 (the split forced at every size), for tuning tune.ParMinBytes.
func BenchmarkHadamardThreads(b *testing.B) {
	saved := tune.ParMinBytes
	defer func() { tune.ParMinBytes = saved }()
	tune.ParMinBytes = 0
	for _, n := range []int{1e5, 1e6, 1e7} {
		x := mem.Arrays[float64](3, n)
		for i := range x[0] {
			x[0][i], x[1][i] = 1, 2
		}
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/threads=%d", n, th), func(b *testing.B) {
				defer blocked.SetThreads(blocked.SetThreads(th))
				b.SetBytes(int64(24 * n))
				for b.Loop() {
					Hadamard(x[2], x[0], x[1])
				}
			})
		}
	}
}

// BenchmarkHadamardLayers times kernels.Hadamard at L1 sizes against the table's
// primitive, the plain Go loop and the add probe, on arrays placed like the
// suite's (mem.Arrays): the difference between kernel and table is the kernel's call
// overhead. cpu-ns/op counts the thread's CPU time only (robust on a busy machine).
func BenchmarkHadamardLayers(b *testing.B) {
	for _, n := range []int{1000, 1024} {
		x := mem.Arrays[float64](3, n)
		d, a, c := x[2], x[0], x[1]
		t := dispatch.Current()
		for _, l := range []struct {
			name string
			f    func()
		}{
			{"kernel", func() { Hadamard(d, a, c) }},
			{"table", func() { t.Elem.MulF64(d, a, c) }},
			{"probe-add", func() { t.Probe.Add(d, a, c) }},
			{"go", func() {
				for i := range d {
					d[i] = a[i] * c[i]
				}
			}},
		} {
			b.Run(fmt.Sprintf("n=%d/%s", n, l.name), func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				cpuLoop(b, l.f)
			})
		}
	}
}
