package kernels

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/mem"
	"github.com/matkern/matkern/internal/tune"
)

// BenchmarkSplit times the operations of issue #16 on one core and split across two
// (the split forced at every size, threads=1 against threads=2 in the same run), for
// tuning tune's split rule: a ratio below 1 at a size the rule splits is a loss.
// Run with -count and compare medians; the sub-benchmarks interleave within a round.
func BenchmarkSplit(b *testing.B) {
	saved, savedRow := tune.ParMinBytes, tune.RowParMinBytes
	defer func() { tune.ParMinBytes, tune.RowParMinBytes = saved, savedRow }()
	tune.ParMinBytes, tune.RowParMinBytes = 0, 0
	type op struct {
		name  string
		bytes int // bytes read and written, for SetBytes
		f     func()
	}
	var ops []op
	for _, n := range []int{1e5, 1e6, 1e7} {
		x := mem.Arrays[float64](3, n)
		for i := range x[0] {
			x[0][i], x[1][i] = 0.5, 0.25
		}
		ops = append(ops,
			op{fmt.Sprintf("hadamard-f64/n=%d", n), 24 * n, func() { Hadamard(x[2], x[0], x[1]) }},
			op{fmt.Sprintf("sigmoid-jvp-f64/n=%d", n), 24 * n, func() { SigmoidJVP(x[2], x[0], x[1]) }})
		y := mem.Arrays[float32](2, n)
		ops = append(ops, op{fmt.Sprintf("sigmoid-f32/n=%d", n), 8 * n, func() { Sigmoid32(y[1], y[0]) }})
	}
	for _, rows := range []int{64, 1024, 8192} {
		const cols = 1000
		s := mem.Arrays[float32](4, rows*cols)
		for i := range s[0] {
			s[0][i], s[2][i] = float32(i%13)-6, float32(i%7)-3
		}
		g := func(d []float32) blas32.General { return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: d} }
		x, p, v, dx := g(s[0]), g(s[1]), g(s[2]), g(s[3])
		ops = append(ops,
			op{fmt.Sprintf("softmax-f32/n=%dx%d", rows, cols), 8 * rows * cols, func() { Softmax32(p, x) }},
			op{fmt.Sprintf("softmax-f32-vjp/n=%dx%d", rows, cols), 20 * rows * cols, func() { Softmax32(p, x); SoftmaxVJP32(dx, p, v) }})
	}
	for _, o := range ops {
		for _, th := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/threads=%d", o.name, th), func(b *testing.B) {
				defer blocked.SetThreads(blocked.SetThreads(th))
				b.SetBytes(int64(o.bytes))
				for b.Loop() {
					o.f()
				}
			})
		}
	}
}
