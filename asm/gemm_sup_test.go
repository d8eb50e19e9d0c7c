package asm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// supKernel is one small-unpacked kernel with its tile geometry.
type supKernel[T view.Float] struct {
	f      func(k int, a []T, rsa, csa int, b []T, ldb int, c []T, ldc int, alpha, beta T, m, n int)
	mr, nr int
}

// TestGemmSupKernels checks every level's small-unpacked kernels against ref.MicroKernel
// on the same operands packed by a plain loop: A as stored (rsa = lda), transposed
// (csa = lda) and packed (csa = MR); odd m, n, k; strides past the width; NaN guard
// bands around A, B and C; β = 0 on a C of NaNs (not read), β = 1 and −0.75; α ≠ 1.
// The float64 assembly fuses in the reference's order, so it must match bit for bit;
// the generic kernels and float32 are held to the γ_{k+2} bound.
func TestGemmSupKernels(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		g := dispatch.Current().GEMM
		t.Run("f64", func(t *testing.T) {
			// Only AVX-512 has sup assembly; AVX2 inherits the generic kernels.
			testSupKernel(t, supKernel[float64]{g.SupF64, g.SupMRF64, g.SupNRF64}, l == dispatch.AVX512)
		})
		t.Run("f32", func(t *testing.T) {
			testSupKernel(t, supKernel[float32]{g.SupF32, g.SupMRF32, g.SupNRF32}, false)
		})
	})
}

func testSupKernel[T view.Float](t *testing.T, kern supKernel[T], exact bool) {
	r := testutil.Rand(t)
	mr, nr := kern.mr, kern.nr
	for _, k := range []int{0, 1, 2, 3, 5, 8, 9, 33, 64} {
		for _, beta := range []T{0, 1, -0.75} {
			for m := 1; m <= 2*mr+1; m++ {
				for n := 1; n <= nr; n++ {
					if (k != 5 || m > mr+1) && !(m%mr == 0 && n == nr) && r.IntN(10) != 0 {
						continue
					}
					for layout := range 3 {
						alpha := T(1)
						if r.IntN(2) == 0 {
							alpha = -1.5
						}
						checkSupTile(t, r, kern, exact, layout, k, m, n, alpha, beta)
					}
				}
			}
		}
	}
}

// checkSupTile runs one strip. layout 0: A m×k row-major at stride lda (rsa = lda,
// csa = 1); 1: A stored transposed, k×m at stride lda (rsa = 1, csa = lda); 2: packed
// panels (rsa = 1, csa = MR, one kernel call per tile as blocked/sup.go makes for the
// edge). A has ⌈m/MR⌉·MR rows (the kernel may read them), B k×n at stride ldb ≥ n.
func checkSupTile[T view.Float](t *testing.T, r *rand.Rand, kern supKernel[T], exact bool, layout, k, m, n int, alpha, beta T) {
	t.Helper()
	mr, nr := kern.mr, kern.nr
	rows := (m + mr - 1) / mr * mr
	lda := r.IntN(5)
	ldb := n + r.IntN(5)
	ldc := n + r.IntN(4)
	name := fmt.Sprintf("%d×%d/layout=%d/k=%d/m=%d/n=%d/ldb=%d/ldc=%d/alpha=%v/beta=%v", mr, nr, layout, k, m, n, ldb, ldc, alpha, beta)
	// A(i, p) for i < rows, p < k, and where it is stored.
	av := testutil.Matrix[T](r, rows, max(k, 1))
	var aData []T
	var rsa, csa int
	switch layout {
	case 0:
		lda += k
		aData, rsa, csa = make([]T, (rows-1)*lda+k), lda, 1
	case 1:
		lda += rows
		aData, rsa, csa = make([]T, max(k-1, 0)*lda+rows), 1, lda
	default:
		aData, rsa, csa = make([]T, rows*k), 1, mr
	}
	for i := 0; i < rows; i++ {
		for p := 0; p < k; p++ {
			if layout == 2 {
				aData[i/mr*mr*k+p*mr+i%mr] = av.At(i, p)
			} else {
				aData[i*rsa+p*csa] = av.At(i, p)
			}
		}
	}
	bData := testutil.Slice[T](r, max(k-1, 0)*ldb+n)
	if k == 0 {
		bData = bData[:0]
	}
	a := testutil.GuardedCopy(aData, r.IntN(8))
	b := testutil.GuardedCopy(bData, r.IntN(8))
	sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())
	off := r.IntN(8)
	var c *testutil.GuardedMatrix[T]
	if beta == 0 {
		c = testutil.NewGuardedMatrix[T](m, n, ldc, off) // NaN: β = 0 must not read it
	} else {
		c = testutil.GuardedMatrixCopy(testutil.Matrix[T](r, m, n), ldc, off)
	}
	cin := append([]T(nil), c.M.Data...)
	// The reference on packed panels, built by plain loops.
	pa := make([]T, rows*k)
	for i := 0; i < rows; i++ {
		for p := 0; p < k; p++ {
			pa[i/mr*mr*k+p*mr+i%mr] = av.At(i, p)
		}
	}
	pb := make([]T, k*nr)
	for p := 0; p < k; p++ {
		copy(pb[p*nr:p*nr+n], bData[p*ldb:p*ldb+n])
	}
	want := append([]T(nil), cin...)
	ref.MicroKernel(mr, nr, k, pa, pb, want, ldc, alpha, beta, m, n)

	if layout == 2 {
		for t0 := 0; t0 < m; t0 += mr {
			kern.f(k, a.S()[t0*k:], rsa, csa, b.S(), ldb, c.M.Data[t0*ldc:], ldc, alpha, beta, min(mr, m-t0), n)
		}
	} else {
		kern.f(k, a.S(), rsa, csa, b.S(), ldb, c.M.Data, ldc, alpha, beta, m, n)
	}

	c.Check(t, name)
	a.Check(t, name+" a")
	b.Check(t, name+" b")
	sa.Check(t, name+" a", a.S())
	sb.Check(t, name+" b", b.S())
	for i := 0; i < m; i++ {
		got, w := c.M.Data[i*ldc:i*ldc+n], want[i*ldc:i*ldc+n]
		if exact {
			testutil.EqualBits(t, name+fmt.Sprintf(" row %d", i), got, w)
			continue
		}
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += math.Abs(float64(av.At(i, p)) * float64(bData[p*ldb+j]))
			}
			bound := math.Abs(float64(alpha))*s + math.Abs(float64(beta))*math.Abs(float64(cin[i*ldc+j]))*b2f(beta != 0)
			tol := float64(k+2) * testutil.Eps[T]() * bound
			if g := float64(got[j]); math.IsNaN(g) || math.Abs(g-float64(w[j])) > tol {
				t.Errorf("%s: C(%d, %d) = %v, want %v ± %.3g", name, i, j, g, w[j], tol)
				return
			}
		}
	}
}

// TestGemmSupShort checks that the sup kernels' wrappers refuse short slices.
func TestGemmSupShort(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		g := dispatch.Current().GEMM
		mr := g.SupMRF64
		a, b, c := make([]float64, mr*4), make([]float64, 4*3), make([]float64, 3)
		testutil.MustPanic(t, func() { g.SupF64(4, a[:mr*4-1], 4, 1, b, 3, c, 3, 1, 0, 1, 3) }, "short")
		testutil.MustPanic(t, func() { g.SupF64(4, a, 4, 1, b[:11], 3, c, 3, 1, 0, 1, 3) }, "short")
		testutil.MustPanic(t, func() { g.SupF64(4, a, 4, 1, b, 3, c[:2], 3, 1, 0, 1, 3) }, "short")
		testutil.MustPanic(t, func() { g.SupF64(4, a, 4, 1, b, 3, c, 3, 1, 0, 1, g.SupNRF64+1) }, "bad")
	})
}
