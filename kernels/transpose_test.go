package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

type transFuncs[T view.Float] struct {
	trans func(d, a view.Matrix[T])
	vec   func(d []T, a view.Matrix[T])
	unvec func(d view.Matrix[T], v []T)
}

func transFuncs64() transFuncs[float64] {
	g := view.General64
	return transFuncs[float64]{
		func(d, a view.Matrix[float64]) { Transpose(g(d), g(a)) },
		func(d []float64, a view.Matrix[float64]) { Vec(d, g(a)) },
		func(d view.Matrix[float64], v []float64) { Unvec(g(d), v) },
	}
}

func transFuncs32() transFuncs[float32] {
	g := view.General32
	return transFuncs[float32]{
		func(d, a view.Matrix[float32]) { Transpose32(g(d), g(a)) },
		func(d []float32, a view.Matrix[float32]) { Vec32(d, g(a)) },
		func(d view.Matrix[float32], v []float32) { Unvec32(g(d), v) },
	}
}

func transShapes(r *rand.Rand) [][2]int {
	s := [][2]int{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {1, 9}, {9, 1}, {64, 64}, {65, 63}, {129, 70}, {8, 200}}
	for k := 0; k < 40; k++ {
		s = append(s, [2]int{r.IntN(40), r.IntN(40)})
	}
	if testutil.Long() {
		s = append(s, [2]int{1000, 777}, [2]int{2048, 64})
	}
	return s
}

func testTransposeKernels[T view.Float](t *testing.T, f transFuncs[T]) {
	r := testutil.Rand(t)
	for _, sh := range transShapes(r) {
		m, n := sh[0], sh[1]
		off := r.IntN(8)
		name := fmt.Sprintf("%d×%d/off=%d", m, n, off)
		am := testutil.Matrix[T](r, m, n)
		specials(r, am.Data)
		a := testutil.GuardedMatrixCopy(am, max(n, 1)+r.IntN(4), off)
		snap := testutil.Snap(a.M.Data)
		d := testutil.NewGuardedMatrix[T](n, m, max(m, 1)+r.IntN(4), (off+5)%8)
		f.trans(d.M, a.M)
		testutil.EqualBits(t, name+"/Transpose", ref.Dense(d.M), ref.Dense(ref.Transpose(am)))
		d.Check(t, name+"/Transpose")

		v := testutil.NewGuarded[T](m*n, (off+1)%8)
		f.vec(v.S(), a.M)
		testutil.EqualBits(t, name+"/Vec", v.S(), ref.Vec(am))
		v.Check(t, name+"/Vec")
		snap.Check(t, name+" a", a.M.Data)

		u := testutil.NewGuardedMatrix[T](m, n, max(n, 1)+r.IntN(4), (off+2)%8)
		f.unvec(u.M, v.S())
		testutil.EqualBits(t, name+"/Unvec(Vec)", ref.Dense(u.M), ref.Dense(am))
		u.Check(t, name+"/Unvec")
	}
}

func TestTransposeKernels(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("f64", func(t *testing.T) { testTransposeKernels(t, transFuncs64()) })
		t.Run("f32", func(t *testing.T) { testTransposeKernels(t, transFuncs32()) })
	})
}

func TestTransposePanicsAndInPlace(t *testing.T) {
	g := func(r, c int) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: max(c, 1), Data: make([]float64, r*max(c, 1))}
	}
	mustPanic(t, "shape", func() { Transpose(g(3, 3), g(3, 4)) }, "kernels.Transpose", "3×3", "4×3", "3×4")
	mustPanic(t, "vec len", func() { Vec(make([]float64, 5), g(2, 3)) }, "kernels.Vec", "5", "6")
	mustPanic(t, "unvec len", func() { Unvec(g(2, 3), make([]float64, 7)) }, "kernels.Unvec", "7", "6")
	buf := make([]float64, 20)
	mustPanic(t, "overlap", func() {
		Transpose(blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: buf[1:5]}, blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: buf[:4]})
	}, "kernels.Transpose", "overlap")
	// In place: a square matrix transposed onto itself (the input is copied first).
	x := blas64.General{Rows: 3, Cols: 3, Stride: 3, Data: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}}
	Transpose(x, x)
	sameVals(t, "in place", x.Data, []float64{1, 4, 7, 2, 5, 8, 3, 6, 9})
}

// TestTransposeIdentities checks the transpose rules of docs/conventions.md: (A⊙B)ᵀ = Aᵀ⊙Bᵀ,
// (A⊗B)ᵀ = Aᵀ⊗Bᵀ, vec(A⊙X) = diag(vec A) vec(X) and vec(AXB) = (Bᵀ⊗A) vec(X), all
// through the kernels.
func TestTransposeIdentities(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		g := view.General64
		M := func(m, n int) view.Matrix[float64] { return testutil.Matrix[float64](r, m, n) }
		T := func(a view.Matrix[float64]) view.Matrix[float64] {
			d := ref.NewMatrix[float64](a.Cols, a.Rows)
			Transpose(g(d), g(a))
			return d
		}
		A, B := M(11, 17), M(11, 17)
		AB := M(11, 17)
		HadamardMat(g(AB), g(A), g(B))
		AtBt := M(17, 11)
		HadamardMat(g(AtBt), g(T(A)), g(T(B)))
		sameVals(t, "(A⊙B)ᵀ = Aᵀ⊙Bᵀ", T(AB).Data, AtBt.Data) // exact: same products

		C, D := M(3, 5), M(4, 2)
		sameVals(t, "(A⊗B)ᵀ = Aᵀ⊗Bᵀ", T(kronOf(C, D)).Data, kronOf(T(C), T(D)).Data)

		// vec(A⊙X) = diag(vec A) vec(X): the diagonal matrix applied by the reference
		// product (exact: one nonzero term per row).
		X := M(11, 17)
		AX := M(11, 17)
		HadamardMat(g(AX), g(A), g(X))
		lhs := make([]float64, 11*17)
		Vec(lhs, g(AX))
		va, vx := make([]float64, 11*17), make([]float64, 11*17)
		Vec(va, g(A))
		Vec(vx, g(X))
		diag := ref.NewMatrix[float64](len(va), len(va))
		for i, v := range va {
			diag.Set(i, i, v)
		}
		rhs := ref.MatProduct(diag, view.Matrix[float64]{Rows: len(vx), Cols: 1, Stride: 1, Data: vx})
		sameVals(t, "vec(A⊙X) = diag(vec A)vec(X)", lhs, rhs.Data)

		// vec(AXB) = (Bᵀ⊗A) vec(X) through kernels.Vec, kernels.Transpose and kernels.Kron.
		Ax, Xx, Bx := M(3, 4), M(4, 5), M(5, 2)
		axb := ref.MatProduct(ref.MatProduct(Ax, Xx), Bx)
		v1 := make([]float64, 6)
		Vec(v1, g(axb))
		vX := make([]float64, 20)
		Vec(vX, g(Xx))
		v2 := ref.MatProduct(kronOf(T(Bx), Ax), view.Matrix[float64]{Rows: 20, Cols: 1, Stride: 1, Data: vX})
		withinNorm(t, "vec(AXB) = (Bᵀ⊗A)vec(X)", v1, v2.Data, 8*20*testutil.Eps[float64]())
	})
}

// TestTransposeNonTemporal runs Transpose and Vec through the non-temporal AVX-512 path
// (forced from 0 bytes; it needs a 64-byte-aligned dst with a stride that is a multiple
// of 8) at every level, with special values and guards, against the reference.
func TestTransposeNonTemporal(t *testing.T) {
	saved := tune.TransposeNTMinBytes
	tune.TransposeNTMinBytes = 0
	defer func() { tune.TransposeNTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, sh := range [][2]int{{1, 1}, {8, 8}, {9, 17}, {64, 64}, {65, 63}, {129, 70}, {300, 264}, {16, 1000}} {
			m, n := sh[0], sh[1]
			name := fmt.Sprintf("%d×%d", m, n)
			am := testutil.Matrix[float64](r, m, n)
			specials(r, am.Data)
			a := testutil.GuardedMatrixCopy(am, n+r.IntN(4), r.IntN(8))
			snap := testutil.Snap(a.M.Data)
			d := testutil.NewAlignedGuardedMatrix[float64](n, m, (m+7)/8*8+8*r.IntN(2), 64)
			Transpose(view.General64(d.M), view.General64(a.M))
			testutil.EqualBits(t, name+"/Transpose", ref.Dense(d.M), ref.Dense(ref.Transpose(am)))
			d.Check(t, name+"/Transpose")
			if m%8 == 0 {
				v := testutil.NewAlignedGuardedMatrix[float64](1, m*n, m*n, 64)
				Vec(v.M.Data, view.General64(a.M))
				testutil.EqualBits(t, name+"/Vec", v.M.Data, ref.Vec(am))
				v.Check(t, name+"/Vec")
			}
			snap.Check(t, name+" a", a.M.Data)
		}
	})
}
