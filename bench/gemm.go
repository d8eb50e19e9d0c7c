package bench

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// The gemm cases time C = A·B (m×k times k×n, β = 0) for float64 ("gemm-f64") and float32
// ("gemm-f32"): every level on one thread (Impl = level) and on the default thread count
// (Impl = level + "-mt"), against gonum's native Dgemm/Sgemm ("gonum", the baseline), and
// for float64 gonum's mat.Dense.Mul on its native BLAS ("mat") and on blocked.Implementation
// installed with blas64.Use ("mat+matkern", the previous implementation restored after
// each call). The rate is compared with the FMA ceiling of the level times the threads.
// "gonum" and "mat" are one-core rows: gonum's Dgemm splits large products over
// goroutines, so the runner pins GOMAXPROCS to 1 around them (Case.Threads).
var _ = func() bool {
	for _, sh := range gemmShapes {
		registerGemm[float64](sh.m, sh.k, sh.n, sh.label(), sh.flops(), sh.extra)
		registerGemm[float32](sh.m, sh.k, sh.n, sh.label(), sh.flops(), sh.extra)
	}
	return true
}()

// gemmShape is one m×k times k×n product of the gemm cases; extra ones are left out of
// the default suite.
type gemmShape struct {
	m, k, n int
	extra   bool
}

var gemmShapes = []gemmShape{{64, 64, 64, false}, {128, 128, 128, false}, {256, 256, 256, false},
	{512, 512, 512, false}, {1024, 1024, 1024, false}, {2048, 2048, 2048, true},
	{4096, 64, 4096, true}, {64, 4096, 64, false}, {256, 256, 4096, false}}

// label is the case's size label: "n" for a square product, "mxkxn" otherwise.
func (sh gemmShape) label() string {
	if sh.m != sh.k || sh.k != sh.n {
		return fmt.Sprintf("%dx%dx%d", sh.m, sh.k, sh.n)
	}
	return fmt.Sprint(sh.m)
}

func (sh gemmShape) flops() float64 { return 2 * float64(sh.m) * float64(sh.k) * float64(sh.n) }

func registerGemm[T view.Float](m, k, n int, label string, flops float64, extra bool) {
	op, peak := "gemm-f64", PeakFMA64
	if view.Is32[T]() {
		op, peak = "gemm-f32", PeakFMA32
	}
	size := 8 * float64(m*k+k*n+m*n) / float64(8/view.SizeOf[T]())
	base := Case{Op: op, Size: label, Flops: flops, Bytes: size, Peak: peak, Baseline: "gonum", Extra: extra}
	// The generic level is a plain-Go fallback: time it only where it finishes quickly.
	slowGeneric := flops > 3e8
	operands := func() (a, b, c view.Matrix[T]) {
		x := Arrays[T](3, max(m*k, k*n, m*n))
		return view.Matrix[T]{Rows: m, Cols: k, Stride: k, Data: x[0][:m*k]},
			view.Matrix[T]{Rows: k, Cols: n, Stride: n, Data: x[1][:k*n]},
			view.Matrix[T]{Rows: m, Cols: n, Stride: n, Data: x[2][:m*n]}
	}
	for _, mt := range []bool{false, true} {
		threads := 1
		if mt {
			threads = blocked.Threads()
			if threads == 1 {
				continue
			}
		}
		for _, c := range MatkernLevels(base) {
			c.Threads = threads
			if mt {
				c.Impl += "-mt"
			}
			if c.Level == dispatch.Generic && (slowGeneric || mt) {
				c.Extra = true
			}
			c.Setup = func() func() {
				a, b, cc := operands()
				gemmFill(a.Data, 1)
				gemmFill(b.Data, 2)
				return func() { gemmView(a, b, cc) }
			}
			Register(c)
		}
	}
	g := base
	g.Impl = "gonum"
	g.Setup = func() func() {
		a, b, c := operands()
		gemmFill(a.Data, 1)
		gemmFill(b.Data, 2)
		var impl gonum.Implementation
		return func() {
			switch a := any(a).(type) {
			case view.Matrix[float64]:
				b, c := any(b).(view.Matrix[float64]), any(c).(view.Matrix[float64])
				impl.Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a.Data, a.Stride, b.Data, b.Stride, 0, c.Data, c.Stride)
			case view.Matrix[float32]:
				b, c := any(b).(view.Matrix[float32]), any(c).(view.Matrix[float32])
				impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a.Data, a.Stride, b.Data, b.Stride, 0, c.Data, c.Stride)
			}
		}
	}
	Register(g)
	if view.Is32[T]() {
		return
	}
	for _, use := range []bool{false, true} {
		d := base
		d.Impl, d.Threads = "mat", 1
		if use {
			d.Impl, d.Threads = "mat+matkern", blocked.Threads()
		}
		d.Setup = func() func() {
			a := mat.NewDense(m, k, nil)
			b := mat.NewDense(k, n, nil)
			gemmFill(a.RawMatrix().Data, 1)
			gemmFill(b.RawMatrix().Data, 2)
			c := mat.NewDense(m, n, nil)
			return func() {
				prev := blas64.Implementation()
				if use {
					blas64.Use(blocked.Implementation{})
				} else {
					blas64.Use(gonum.Implementation{})
				}
				c.Mul(a, b)
				blas64.Use(prev)
			}
		}
		Register(d)
	}
}

// gemmView runs blocked.Gemm or Gemm32 on C = A·B.
func gemmView[T view.Float](a, b, c view.Matrix[T]) {
	switch a := any(a).(type) {
	case view.Matrix[float64]:
		blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, view.General64(a), view.General64(any(b).(view.Matrix[float64])), 0, view.General64(any(c).(view.Matrix[float64])))
	case view.Matrix[float32]:
		blocked.Gemm32(blas.NoTrans, blas.NoTrans, 1, view.General32(a), view.General32(any(b).(view.Matrix[float32])), 0, blas32.General(view.General32(any(c).(view.Matrix[float32]))))
	}
}

// gemmFill sets s to a deterministic pattern of values in [−1, 1) (no denormals, no zeros
// that a kernel could skip).
func gemmFill[T view.Float](s []T, seed int) {
	x := uint32(seed)*2654435761 + 1
	for i := range s {
		x = x*1664525 + 1013904223
		s[i] = T(float64(x>>8)/float64(1<<24)*2 - 1)
	}
}
