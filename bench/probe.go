package bench

import (
	"github.com/matkern/matkern/dispatch"
)

// The stream-add cases time the add probe itself at each level against a plain Go loop,
// at L1-, L2- and DRAM-sized working sets: they show each level's code really runs, and
// what the assembly gains over the compiler where memory is not the limit.
var _ = func() bool {
	for _, ws := range WorkingSets() {
		n := elems(ws.Bytes, 3)
		size := sizeLabel(n)
		base := Case{Op: "stream-add", Size: size, Bytes: float64(24 * n), Elems: float64(n),
			Peak: PeakAdd, Baseline: "go"}
		mk := func() func() {
			x := Arrays[float64](3, n)
			return func() { dispatch.Current().Probe.Add(x[2], x[0], x[1]) }
		}
		goLoop := base
		goLoop.Impl = "go"
		goLoop.Setup = func() func() {
			x := Arrays[float64](3, n)
			a, b, d := x[0], x[1], x[2]
			return func() {
				for i := range d {
					d[i] = a[i] + b[i]
				}
			}
		}
		base.Setup = mk
		Register(append(MatkernLevels(base), goLoop)...)
	}
	return true
}()
