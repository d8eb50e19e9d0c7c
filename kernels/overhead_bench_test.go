package kernels

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/mem"
)

// BenchmarkCallOverhead times kernels.Hadamard on small float64 slices against the
// table's primitive called directly ("table") and the L1 add probe the bench's ceiling
// uses ("probe-add"), on arrays placed like the suite's (mem.Arrays): kernel − table is
// what the kernel's checks and dispatch add to a call. cpu-ns/op counts the thread's
// CPU time only (robust on a busy machine).
func BenchmarkCallOverhead(b *testing.B) {
	for _, n := range []int{1, 8, 16, 64, 100, 1000} {
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
		} {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, l.name), func(b *testing.B) {
				b.SetBytes(int64(24 * n))
				cpuLoop(b, l.f)
			})
		}
	}
}
