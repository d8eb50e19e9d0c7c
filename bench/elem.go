package bench

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/kernels"
)

// Elementwise, Kronecker and transpose cases (issue 3).
//
//   - hadamard: dst = a ⊙ b at n = 1e3, 1e5, 1e7 (L1, L2, DRAM), against the add
//     ceiling at the same working set (three arrays: the same traffic); matkern per level
//     vs gonum floats.MulTo, mat.Dense.MulElem and a plain Go loop.
//   - kron: dst = A⊗B for the four shapes of the issue, against the write ceiling at
//     the output's size (Bytes = output bytes written); vs gonum mat.Dense.Kronecker.
//   - transpose: dst = Aᵀ for squares 64² … 4096², against the copy ceiling (Bytes =
//     16 per element: one read, one write); vs a plain Go loop (and gonum's
//     Dense.Copy of a transposed view, which is the same loop).
//
// Each runs per level on one core, and, where matkern splits the output across cores
// (Hadamard n = 1e7, every Kron shape, transposes from 1024²), also on blocked.Threads()
// cores (Impl level+"-mt") against the ceiling of that many cores streaming at once.
var _ = func() bool {
	for _, n := range []int{1e3, 1e5, 1e7} {
		registerHadamard(n)
	}
	for _, s := range [][4]int{{64, 64, 64, 64}, {8, 8, 256, 256}, {200, 200, 20, 20}, {512, 512, 8, 8}} {
		registerKron(s[0], s[1], s[2], s[3])
	}
	for _, n := range []int{64, 256, 1024, 4096} {
		registerTranspose(n)
	}
	return true
}()

func registerHadamard(n int) {
	base := Case{Op: "hadamard", Size: sizeLabel(n), Bytes: float64(24 * n), Elems: float64(n),
		Flops: float64(n), Peak: PeakAdd, WorkingSet: float64(24 * n), Baseline: "gonum"}
	arrays := func() (a, b, d []float64) {
		x := Arrays[float64](3, n)
		for i := range x[0] {
			x[0][i], x[1][i] = 1+float64(i%7)/8, 1-float64(i%5)/8
		}
		return x[0], x[1], x[2]
	}
	mk := base
	mk.Setup = func() func() {
		a, b, d := arrays()
		return func() { kernels.Hadamard(d, a, b) }
	}
	Register(MatkernLevelsMT(mk, 8*n >= tune.ParMinBytes)...)
	gn := base
	gn.Impl = "gonum"
	gn.Setup = func() func() {
		a, b, d := arrays()
		return func() { floats.MulTo(d, a, b) }
	}
	gm := base
	gm.Impl = "gonum-mat"
	gm.Setup = func() func() {
		a, b, d := arrays()
		A, B, D := mat.NewDense(1, n, a), mat.NewDense(1, n, b), mat.NewDense(1, n, d)
		return func() { D.MulElem(A, B) }
	}
	goLoop := base
	goLoop.Impl = "go"
	goLoop.Setup = func() func() {
		a, b, d := arrays()
		return func() {
			for i := range d {
				d[i] = a[i] * b[i]
			}
		}
	}
	Register(gn, gm, goLoop)
}

func kronInputs(m, n, p, q int) (a, b *mat.Dense) {
	a, b = mat.NewDense(m, n, nil), mat.NewDense(p, q, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			a.Set(i, j, float64((i+2*j)%9)-4)
		}
	}
	for i := 0; i < p; i++ {
		for j := 0; j < q; j++ {
			b.Set(i, j, 0.5+float64((3*i+j)%5))
		}
	}
	return a, b
}

func registerKron(m, n, p, q int) {
	out := float64(8 * m * n * p * q)
	base := Case{Op: "kron", Size: fmt.Sprintf("%dx%d(x)%dx%d", m, n, p, q), Bytes: out, Elems: out / 8,
		Flops: out / 8, Peak: PeakWrite, WorkingSet: out, Baseline: "gonum"}
	mk := base
	mk.Setup = func() func() {
		a, b := kronInputs(m, n, p, q)
		d := mat.NewDense(m*p, n*q, nil)
		return func() { kernels.Kron(d.RawMatrix(), a.RawMatrix(), b.RawMatrix()) }
	}
	Register(MatkernLevelsMT(mk, int(out) >= tune.KronNTMinBytes)...)
	gn := base
	gn.Impl = "gonum"
	gn.Setup = func() func() {
		a, b := kronInputs(m, n, p, q)
		d := mat.NewDense(m*p, n*q, nil)
		return func() { d.Kronecker(a, b) }
	}
	Register(gn)
}

func registerTranspose(n int) {
	base := Case{Op: "transpose", Size: fmt.Sprintf("%dx%d", n, n), Bytes: float64(16 * n * n), Elems: float64(n * n),
		Peak: PeakCopy, WorkingSet: float64(16 * n * n), Baseline: "go"}
	inputs := func() (a, d blas64.General) {
		x := Arrays[float64](2, n*n)
		for i := range x[0] {
			x[0][i] = float64(i)
		}
		return blas64.General{Rows: n, Cols: n, Stride: n, Data: x[0]}, blas64.General{Rows: n, Cols: n, Stride: n, Data: x[1]}
	}
	mk := base
	mk.Setup = func() func() {
		a, d := inputs()
		return func() { kernels.Transpose(d, a) }
	}
	goLoop := base
	goLoop.Impl = "go"
	goLoop.Setup = func() func() {
		a, d := inputs()
		return func() {
			for i := 0; i < n; i++ {
				row := a.Data[i*n : i*n+n]
				for j, v := range row {
					d.Data[j*n+i] = v
				}
			}
		}
	}
	gn := base
	gn.Impl = "gonum"
	gn.Extra = true
	gn.Setup = func() func() {
		a, d := inputs()
		A, D := mat.NewDense(n, n, a.Data), mat.NewDense(n, n, d.Data)
		return func() { D.Copy(A.T()) }
	}
	Register(append(MatkernLevelsMT(mk, 16*n*n >= tune.TransposeNTMinBytes), goLoop, gn)...)
}
