package blocked

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// FuzzGemm compares every level with the generic code on arbitrary shapes, transposes,
// strides, scalars and block sizes. Both results carry rounding error within
// γ_{k+2}·(|α|·|op(A)||op(B)| + |β||C|) of the exact value, so they may differ by twice that.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(5), uint8(7), uint8(3), uint8(0), uint8(0), int8(2), int8(1), uint64(1))
	f.Add(uint8(33), uint8(49), uint8(200), uint8(3), uint8(2), int8(-1), int8(0), uint64(2))
	f.Add(uint8(1), uint8(1), uint8(0), uint8(1), uint8(7), int8(0), int8(3), uint64(3))
	f.Fuzz(func(t *testing.T, m8, n8, k8, flags, pad uint8, alpha8, beta8 int8, seed uint64) {
		m, n, k := int(m8)%70, int(n8)%70, int(k8)
		transA, transB := flags&1 != 0, flags&2 != 0
		threads := 1 + int(flags>>2)%3
		alpha, beta := float64(alpha8)/4, float64(beta8)/4
		defer func(o blockSizes, p float64) { override, gemmMinFlops = o, p }(override, gemmMinFlops)
		if flags&32 != 0 {
			override = blockSizes{mc: 1 + int(pad), kc: 1 + int(k8)%37, nc: 1 + int(seed%97)}
			gemmMinFlops = 0
		}
		r := rand.New(rand.NewPCG(seed, 0x5EED)) // reproducible from the fuzz input
		ar, ac := m, k
		if transA {
			ar, ac = ac, ar
		}
		br, bc := k, n
		if transB {
			br, bc = bc, br
		}
		p := int(pad % 4)
		mk := func(rows, cols int) view.Matrix[float64] {
			x := testutil.Matrix[float64](r, rows, cols)
			return testutil.GuardedMatrixCopy(x, cols+p+boolInt(cols == 0), int(seed%8)).M
		}
		a, b := mk(ar, ac), mk(br, bc)
		c0 := mk(m, n)
		run := func(l dispatch.Level) view.Matrix[float64] {
			c := view.Matrix[float64]{Rows: c0.Rows, Cols: c0.Cols, Stride: c0.Stride, Data: append([]float64(nil), c0.Data...)}
			gemm(dispatch.TableFor(l), transA, transB, alpha, a, b, beta, c, threads)
			return c
		}
		want := run(dispatch.Generic)
		bound := refBound(transA, transB, alpha, a, b, beta, c0)
		exact := ref.Gemm(transA, transB, alpha, a, b, beta, c0)
		for i := 0; i < m; i++ { // the generic code against the reference, so that generic-only builds test something
			for j := 0; j < n; j++ {
				tol := float64(k+2) * testutil.Eps[float64]() * bound.At(i, j)
				if d := math.Abs(want.At(i, j) - exact.At(i, j)); !(d <= tol) && !(math.IsNaN(want.At(i, j)) && math.IsNaN(exact.At(i, j))) {
					t.Fatalf("generic: C(%d, %d) = %v, reference %v (tolerance %.3g)", i, j, want.At(i, j), exact.At(i, j), tol)
				}
			}
		}
		for _, l := range dispatch.Available()[1:] {
			got := run(l)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					tol := 2 * float64(k+2) * testutil.Eps[float64]() * bound.At(i, j)
					if d := math.Abs(got.At(i, j) - want.At(i, j)); !(d <= tol) {
						t.Fatalf("level %s: C(%d, %d) = %v, generic %v (tolerance %.3g)", l, i, j, got.At(i, j), want.At(i, j), tol)
					}
				}
			}
		}
	})
}
