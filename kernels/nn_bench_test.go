package kernels

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// Benchmarks of the training kernels at the sizes of a batch-256 step of a 784-512-256-10
// MLP (the widest layer's 256×512 activations; the 784·512 + 512 weights of the first
// layer), at every level, on one core (the comparison is between code paths). SetBytes
// counts the bytes each call reads and writes; cpu-ns/op is the thread's CPU time (the
// machine is shared: wall time swings).

func nnBenchLevels(b *testing.B, name string, f func(b *testing.B)) {
	defer blocked.SetThreads(blocked.SetThreads(1))
	for _, l := range dispatch.Available() {
		b.Run(name+"/level="+l.String(), func(b *testing.B) {
			restore, err := dispatch.Set(l)
			if err != nil {
				b.Fatal(err)
			}
			defer restore()
			f(b)
		})
	}
}

func BenchmarkBiasAct(b *testing.B) {
	r := testutil.Rand(b)
	const rows, cols = 256, 512
	z := view.General64(testutil.Matrix[float64](r, rows, cols))
	bias := testutil.Slice[float64](r, cols)
	for _, act := range []Activation{ActIdentity, ActReLU, ActSigmoid, ActTanh, ActGELU} {
		nnBenchLevels(b, fmt.Sprintf("act=%v/%dx%d", act, rows, cols), func(b *testing.B) {
			b.SetBytes(3 * 8 * rows * cols) // read z, write z and y (in place: y = z)
			cpuLoop(b, func() {
				BiasAct(z, z, bias, act)
				for i := range bias {
					bias[i] = -bias[i] // keep z bounded
				}
			})
		})
	}
}

func BenchmarkActVJP(b *testing.B) {
	r := testutil.Rand(b)
	const rows, cols = 256, 512
	y := view.General64(testutil.Matrix[float64](r, rows, cols))
	g := view.General64(testutil.Matrix[float64](r, rows, cols))
	d := view.General64(testutil.Matrix[float64](r, rows, cols))
	for _, act := range []Activation{ActIdentity, ActReLU, ActSigmoid, ActTanh, ActGELU} {
		nnBenchLevels(b, fmt.Sprintf("act=%v/%dx%d", act, rows, cols), func(b *testing.B) {
			b.SetBytes(3 * 8 * rows * cols)
			cpuLoop(b, func() {
				ActVJP(d, y, y, g, act)
			})
		})
	}
}

func BenchmarkColSums(b *testing.B) {
	r := testutil.Rand(b)
	for _, sh := range [][2]int{{256, 512}, {256, 10}} {
		a := view.General64(testutil.Matrix[float64](r, sh[0], sh[1]))
		dst := make([]float64, sh[1])
		nnBenchLevels(b, fmt.Sprintf("%dx%d", sh[0], sh[1]), func(b *testing.B) {
			b.SetBytes(int64(8 * sh[0] * sh[1]))
			cpuLoop(b, func() {
				ColSums(dst, a, 0)
			})
		})
	}
}

func BenchmarkOptimizers(b *testing.B) {
	r := testutil.Rand(b)
	const n = 784*512 + 512
	w, m, v, g := testutil.Slice[float64](r, n), make([]float64, n), make([]float64, n), testutil.Slice[float64](r, n)
	w32, m32, v32, g32 := to32(w), make([]float32, n), make([]float32, n), to32(g)
	nnBenchLevels(b, fmt.Sprintf("adam/n=%d", n), func(b *testing.B) {
		b.SetBytes(7 * 8 * n)
		cpuLoop(b, func() {
			Adam(w, m, v, g, AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 10})
		})
	})
	nnBenchLevels(b, fmt.Sprintf("adam32/n=%d", n), func(b *testing.B) {
		b.SetBytes(7 * 4 * n)
		cpuLoop(b, func() {
			Adam32(w32, m32, v32, g32, AdamParams{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Step: 10})
		})
	})
	nnBenchLevels(b, fmt.Sprintf("sgd-momentum/n=%d", n), func(b *testing.B) {
		b.SetBytes(5 * 8 * n)
		cpuLoop(b, func() {
			SGD(w, m, g, SGDParams{LR: 1e-3, Momentum: 0.9})
		})
	})
}

func BenchmarkTanhGELU(b *testing.B) {
	r := testutil.Rand(b)
	const n = 100000
	x, d := testutil.Slice[float64](r, n), make([]float64, n)
	for _, c := range []struct {
		name string
		f    func(dst, x []float64)
	}{{"tanh", Tanh}, {"gelu", GELU}, {"sigmoid", Sigmoid}} {
		nnBenchLevels(b, fmt.Sprintf("%s/n=%d", c.name, n), func(b *testing.B) {
			b.SetBytes(16 * n)
			cpuLoop(b, func() {
				c.f(d, x)
			})
		})
	}
}
