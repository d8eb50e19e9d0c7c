package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// binCase is one public three-operand function, in a precision-neutral form.
type binCase[T view.Float] struct {
	name string
	flat func(dst, a, b []T)
	mat  func(dst, a, b view.Matrix[T])
	ref  func(d, a, b []T) []T
}

func binCases64() []binCase[float64] {
	g := view.General64
	return []binCase[float64]{
		{"Hadamard", Hadamard, func(d, a, b view.Matrix[float64]) { HadamardMat(g(d), g(a), g(b)) },
			func(_, a, b []float64) []float64 { return ref.Mul(a, b) }},
		{"HadamardAdd", HadamardAdd, func(d, a, b view.Matrix[float64]) { HadamardAddMat(g(d), g(a), g(b)) }, ref.MulAdd[float64]},
		{"Add", Add, func(d, a, b view.Matrix[float64]) { AddMat(g(d), g(a), g(b)) },
			func(_, a, b []float64) []float64 { return ref.Add(a, b) }},
		{"Sub", Sub, func(d, a, b view.Matrix[float64]) { SubMat(g(d), g(a), g(b)) },
			func(_, a, b []float64) []float64 { return ref.Sub(a, b) }},
	}
}

func binCases32() []binCase[float32] {
	g := view.General32
	return []binCase[float32]{
		{"Hadamard32", Hadamard32, func(d, a, b view.Matrix[float32]) { HadamardMat32(g(d), g(a), g(b)) },
			func(_, a, b []float32) []float32 { return ref.Mul(a, b) }},
		{"HadamardAdd32", HadamardAdd32, func(d, a, b view.Matrix[float32]) { HadamardAddMat32(g(d), g(a), g(b)) }, ref.MulAdd[float32]},
		{"Add32", Add32, func(d, a, b view.Matrix[float32]) { AddMat32(g(d), g(a), g(b)) },
			func(_, a, b []float32) []float32 { return ref.Add(a, b) }},
		{"Sub32", Sub32, func(d, a, b view.Matrix[float32]) { SubMat32(g(d), g(a), g(b)) },
			func(_, a, b []float32) []float32 { return ref.Sub(a, b) }},
	}
}

// scaCase is one public scalar-times-vector function.
type scaCase[T view.Float] struct {
	name string
	flat func(dst []T, alpha T, x []T)
	mat  func(dst view.Matrix[T], alpha T, x view.Matrix[T])
	ref  func(d []T, alpha T, x []T) []T
}

func scaCases64() []scaCase[float64] {
	g := view.General64
	return []scaCase[float64]{
		{"Scale", Scale, func(d view.Matrix[float64], al float64, x view.Matrix[float64]) { ScaleMat(g(d), al, g(x)) },
			func(_ []float64, al float64, x []float64) []float64 { return ref.Scale(al, x) }},
		{"Axpy", Axpy, func(d view.Matrix[float64], al float64, x view.Matrix[float64]) { AxpyMat(g(d), al, g(x)) }, ref.Axpy[float64]},
	}
}

func scaCases32() []scaCase[float32] {
	g := view.General32
	return []scaCase[float32]{
		{"Scale32", Scale32, func(d view.Matrix[float32], al float32, x view.Matrix[float32]) { ScaleMat32(g(d), al, g(x)) },
			func(_ []float32, al float32, x []float32) []float32 { return ref.Scale(al, x) }},
		{"Axpy32", Axpy32, func(d view.Matrix[float32], al float32, x view.Matrix[float32]) { AxpyMat32(g(d), al, g(x)) }, ref.Axpy[float32]},
	}
}

// flatSizes: 0, short lengths around the generic cut-off and the vector widths, and
// lengths around the strip size elemChunk.
func flatSizes() []int {
	s := []int{}
	for n := 0; n <= 40; n++ {
		s = append(s, n)
	}
	s = append(s, 63, 64, 65, 1000)
	if testutil.Long() {
		s = append(s, elemChunk-1, elemChunk, elemChunk+1, 2*elemChunk+37, 100003)
	} else {
		s = append(s, elemChunk+1, 2*elemChunk+37)
	}
	return s
}

// sameVals: bit for bit, any NaN matching any NaN, zeros' signs included.
func sameVals[T view.Float](t *testing.T, name string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !testutil.SameBits(got[i], want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
			t.Errorf("%s: element %d is %v, want %v (bit-exact)", name, i, got[i], want[i])
			return
		}
	}
}

func specials[T view.Float](r *rand.Rand, s []T) {
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1)}
	for k := 0; k < len(s)/20; k++ {
		s[r.IntN(len(s))] = T(sp[r.IntN(len(sp))])
	}
}

func testBinFlat[T view.Float](t *testing.T, cs []binCase[T]) {
	r := testutil.Rand(t)
	for _, c := range cs {
		for _, n := range flatSizes() {
			off := r.IntN(8)
			name := fmt.Sprintf("%s/n=%d/off=%d", c.name, n, off)
			av, bv, dv := testutil.Slice[T](r, n), testutil.Slice[T](r, n), testutil.Slice[T](r, n)
			specials(r, av)
			specials(r, bv)
			a, b := testutil.GuardedCopy(av, off), testutil.GuardedCopy(bv, (off+1)%8)
			sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())
			d := testutil.GuardedCopy(dv, (off+2)%8)
			c.flat(d.S(), a.S(), b.S())
			sameVals(t, name, d.S(), c.ref(dv, av, bv))
			d.Check(t, name)
			sa.Check(t, name+" a", a.S())
			sb.Check(t, name+" b", b.S())
			// In place: dst is a, then b, then both.
			x := testutil.GuardedCopy(av, off)
			c.flat(x.S(), x.S(), b.S())
			sameVals(t, name+"/dst=a", x.S(), c.ref(av, av, bv))
			x.Check(t, name+"/dst=a")
			x = testutil.GuardedCopy(bv, off)
			c.flat(x.S(), a.S(), x.S())
			sameVals(t, name+"/dst=b", x.S(), c.ref(bv, av, bv))
			x = testutil.GuardedCopy(av, off)
			c.flat(x.S(), x.S(), x.S())
			sameVals(t, name+"/dst=a=b", x.S(), c.ref(av, av, av))
		}
	}
}

func testScaFlat[T view.Float](t *testing.T, cs []scaCase[T]) {
	r := testutil.Rand(t)
	for _, c := range cs {
		for _, n := range flatSizes() {
			off := r.IntN(8)
			alpha := T(4*r.Float64() - 2)
			name := fmt.Sprintf("%s/n=%d/off=%d", c.name, n, off)
			xv, dv := testutil.Slice[T](r, n), testutil.Slice[T](r, n)
			specials(r, xv)
			x := testutil.GuardedCopy(xv, off)
			sx := testutil.Snap(x.S())
			d := testutil.GuardedCopy(dv, (off+3)%8)
			c.flat(d.S(), alpha, x.S())
			sameVals(t, name, d.S(), c.ref(dv, alpha, xv))
			d.Check(t, name)
			sx.Check(t, name+" x", x.S())
			c.flat(x.S(), alpha, x.S())
			sameVals(t, name+"/dst=x", x.S(), c.ref(xv, alpha, xv))
			x.Check(t, name+"/dst=x")
		}
	}
}

// randShape returns a random matrix shape including empty and single-row/column ones,
// and a stride at least cols (often larger).
func randShape(r *rand.Rand) (rows, cols, stride int) {
	rows, cols = r.IntN(9), r.IntN(40)
	if r.IntN(8) == 0 {
		rows = 0
	}
	if r.IntN(8) == 0 {
		cols = 0
	}
	stride = max(cols, 1)
	if r.IntN(2) == 0 {
		stride += r.IntN(5)
	}
	return
}

func testBinMat[T view.Float](t *testing.T, cs []binCase[T]) {
	r := testutil.Rand(t)
	for _, c := range cs {
		for trial := 0; trial < 60; trial++ {
			rows, cols, stride := randShape(r)
			off := r.IntN(8)
			name := fmt.Sprintf("%s/%d×%d/stride=%d/off=%d", c.name, rows, cols, stride, off)
			am, bm, dm := testutil.Matrix[T](r, rows, cols), testutil.Matrix[T](r, rows, cols), testutil.Matrix[T](r, rows, cols)
			specials(r, am.Data)
			a := testutil.GuardedMatrixCopy(am, stride, off)
			b := testutil.GuardedMatrixCopy(bm, max(cols, 1)+r.IntN(3), (off+1)%8)
			sa, sb := testutil.Snap(a.M.Data), testutil.Snap(b.M.Data)
			d := testutil.GuardedMatrixCopy(dm, max(cols, 1)+r.IntN(3), (off+2)%8)
			want := c.ref(ref.Dense(dm), ref.Dense(am), ref.Dense(bm))
			c.mat(d.M, a.M, b.M)
			sameVals(t, name, ref.Dense(d.M), want)
			d.Check(t, name)
			sa.Check(t, name+" a", a.M.Data)
			sb.Check(t, name+" b", b.M.Data)
			// In place: dst is the very view a.
			c.mat(a.M, a.M, b.M)
			sameVals(t, name+"/dst=a", ref.Dense(a.M), c.ref(ref.Dense(am), ref.Dense(am), ref.Dense(bm)))
			a.Check(t, name+"/dst=a")
		}
	}
}

func testScaMat[T view.Float](t *testing.T, cs []scaCase[T]) {
	r := testutil.Rand(t)
	for _, c := range cs {
		for trial := 0; trial < 60; trial++ {
			rows, cols, stride := randShape(r)
			off := r.IntN(8)
			alpha := T(4*r.Float64() - 2)
			name := fmt.Sprintf("%s/%d×%d/stride=%d/off=%d", c.name, rows, cols, stride, off)
			xm, dm := testutil.Matrix[T](r, rows, cols), testutil.Matrix[T](r, rows, cols)
			x := testutil.GuardedMatrixCopy(xm, stride, off)
			sx := testutil.Snap(x.M.Data)
			d := testutil.GuardedMatrixCopy(dm, max(cols, 1)+r.IntN(3), (off+2)%8)
			c.mat(d.M, alpha, x.M)
			sameVals(t, name, ref.Dense(d.M), c.ref(ref.Dense(dm), alpha, ref.Dense(xm)))
			d.Check(t, name)
			sx.Check(t, name+" x", x.M.Data)
			c.mat(x.M, alpha, x.M)
			sameVals(t, name+"/dst=x", ref.Dense(x.M), c.ref(ref.Dense(xm), alpha, ref.Dense(xm)))
			x.Check(t, name+"/dst=x")
		}
	}
}

func TestHadamardFamily(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("flat64", func(t *testing.T) { testBinFlat(t, binCases64()); testScaFlat(t, scaCases64()) })
		t.Run("flat32", func(t *testing.T) { testBinFlat(t, binCases32()); testScaFlat(t, scaCases32()) })
		t.Run("mat64", func(t *testing.T) { testBinMat(t, binCases64()); testScaMat(t, scaCases64()) })
		t.Run("mat32", func(t *testing.T) { testBinMat(t, binCases32()); testScaMat(t, scaCases32()) })
	})
}

// TestHadamardNonTemporal runs the non-temporal path on small outputs by lowering its
// threshold, so its head, body and tail are checked without a huge allocation.
func TestHadamardNonTemporal(t *testing.T) {
	saved := tune.NTMinBytes
	tune.NTMinBytes = 0
	defer func() { tune.NTMinBytes = saved }()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		testBinFlat(t, binCases64()[:1])
		testBinFlat(t, binCases32()[:1])
		testBinMat(t, binCases64()[:1])
	})
}

// mustPanic runs testutil.MustPanic as a subtest called name.
func mustPanic(t *testing.T, name string, f func(), want ...string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { testutil.MustPanic(t, f, want...) })
}

func TestHadamardPanics(t *testing.T) {
	a, b := make([]float64, 5), make([]float64, 6)
	mustPanic(t, "length", func() { Hadamard(a, a, b) }, "kernels.Hadamard", "5", "6")
	mustPanic(t, "length32", func() { Sub32(make([]float32, 2), make([]float32, 3), make([]float32, 2)) }, "kernels.Sub32")
	buf := make([]float64, 10)
	mustPanic(t, "overlap", func() { Add(buf[1:6], buf[0:5], buf[5:10]) }, "kernels.Add", "overlap")
	mustPanic(t, "scale overlap", func() { Scale(buf[1:6], 2, buf[0:5]) }, "kernels.Scale", "overlap")
	m := func(r, c, s int, d []float64) blas64.General {
		return blas64.General{Rows: r, Cols: c, Stride: s, Data: d}
	}
	mustPanic(t, "shape", func() {
		HadamardMat(m(2, 3, 3, make([]float64, 6)), m(3, 2, 2, make([]float64, 6)), m(2, 3, 3, make([]float64, 6)))
	},
		"kernels.HadamardMat", "2×3", "3×2")
	mustPanic(t, "stride", func() {
		AddMat(m(2, 3, 2, make([]float64, 6)), m(2, 3, 3, make([]float64, 6)), m(2, 3, 3, make([]float64, 6)))
	},
		"kernels.AddMat", "stride")
	big := make([]float64, 40)
	// Same stride, shifted by one element: shares elements.
	mustPanic(t, "mat overlap", func() { AddMat(m(3, 4, 8, big[1:]), m(3, 4, 8, big), m(3, 4, 8, big[20:])) }, "kernels.AddMat", "overlap")
	// Interleaved column blocks of one buffer: no shared element, allowed.
	AddMat(m(3, 4, 8, big[4:]), m(3, 4, 8, big), m(3, 4, 8, big))
	mustPanic(t, "mat32 shape", func() {
		HadamardAddMat32(blas32.General{Rows: 1, Cols: 2, Stride: 2, Data: make([]float32, 2)},
			blas32.General{Rows: 1, Cols: 3, Stride: 3, Data: make([]float32, 3)},
			blas32.General{Rows: 1, Cols: 2, Stride: 2, Data: make([]float32, 2)})
	}, "kernels.HadamardAddMat32", "1×2", "1×3")
}

// TestIntersect checks the element-sharing test of strided views against brute force.
func TestIntersect(t *testing.T) {
	r := testutil.Rand(t)
	buf := make([]float64, 200)
	for trial := 0; trial < 3000; trial++ {
		rows, cols := 1+r.IntN(5), 1+r.IntN(6)
		s := cols + r.IntN(4)
		n := (rows-1)*s + cols
		o1, o2 := r.IntN(200-n+1), r.IntN(200-n+1)
		d := view.Matrix[float64]{Rows: rows, Cols: cols, Stride: s, Data: buf[o1:]}
		x := view.Matrix[float64]{Rows: rows, Cols: cols, Stride: s, Data: buf[o2:]}
		want := false
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				p := o2 + i*s + j
				di, dj := (p-o1)/s, (p-o1)%s
				if p >= o1 && di < rows && dj < cols {
					want = true
				}
			}
		}
		if got := intersect(d, x); got != want {
			t.Fatalf("%d×%d stride %d at %d and %d: intersect = %v, want %v", rows, cols, s, o1, o2, got, want)
		}
	}
}

// TestHadamardIdentities checks the Hadamard identities of docs/conventions.md numerically.
func TestHadamardIdentities(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		const m, n = 13, 21
		g := func() blas64.General { return view.General64(testutil.Matrix[float64](r, m, n)) }
		A, B, C := g(), g(), g()
		AB, BA := g(), g()
		HadamardMat(AB, A, B)
		HadamardMat(BA, B, A)
		// Commutativity is exact: one rounded product either way.
		sameVals(t, "A⊙B = B⊙A", AB.Data, BA.Data)

		// c(A⊙B) = (cA)⊙B: each side is two roundings of c·a·b, so they differ by at
		// most 2 ulp relative (bound 4ε).
		c := 1.7
		left, cA, right := g(), g(), g()
		ScaleMat(left, c, AB)
		ScaleMat(cA, c, A)
		HadamardMat(right, cA, B)
		testutil.WithinRel(t, "c(A⊙B) = (cA)⊙B", left.Data, right.Data, 4*testutil.Eps[float64](), 1e-300)

		// tr(Aᵀ(B⊙C)) = tr((A⊙B)ᵀC) = Σ aij bij cij: compare the two traces, each a sum
		// of mn products rounded twice; bound mn·4ε·Σ|aij bij cij|.
		BC, AB2 := g(), g()
		HadamardMat(BC, B, C)
		HadamardMat(AB2, A, B)
		var t1, t2, abs float64
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				t1 += A.Data[i*n+j] * BC.Data[i*n+j] // (Aᵀ(B⊙C))jj summed over j
				t2 += AB2.Data[i*n+j] * C.Data[i*n+j]
				abs += math.Abs(A.Data[i*n+j] * B.Data[i*n+j] * C.Data[i*n+j])
			}
		}
		if d := math.Abs(t1 - t2); d > float64(m*n)*4*testutil.Eps[float64]()*abs {
			t.Errorf("tr(Aᵀ(B⊙C)) = %v, tr((A⊙B)ᵀC) = %v", t1, t2)
		}

		// Schur product theorem: the Hadamard product of two positive semidefinite
		// matrices is positive semidefinite. Build P = XXᵀ, Q = YYᵀ (rank-deficient, so
		// zero eigenvalues occur) and check the eigenvalues of P⊙Q are ≥ −tol.
		const k = 9
		X := mat.NewDense(k, 4, testutil.Slice[float64](r, k*4))
		Y := mat.NewDense(k, 3, testutil.Slice[float64](r, k*3))
		var P, Q mat.Dense
		P.Mul(X, X.T())
		Q.Mul(Y, Y.T())
		PQ := mat.NewDense(k, k, nil)
		HadamardMat(PQ.RawMatrix(), P.RawMatrix(), Q.RawMatrix())
		var eig mat.EigenSym
		if !eig.Factorize(mat.NewSymDense(k, PQ.RawMatrix().Data), false) {
			t.Fatal("eigendecomposition failed")
		}
		for _, v := range eig.Values(nil) {
			if v < -1e-12 {
				t.Errorf("P⊙Q has eigenvalue %v < 0", v)
			}
		}
	})
}

// TestPartlyShared checks the flat kernels' inline overlap test against view.Overlap,
// which the panic path uses, for every pair of equal-length windows of one buffer.
func TestPartlyShared(t *testing.T) {
	buf := make([]float32, 24)
	other := make([]float32, 24)
	for n := 0; n <= 8; n++ {
		for i := 0; i+n <= len(buf); i++ {
			for j := 0; j+n <= len(buf); j++ {
				d, x := buf[i:i+n], buf[j:j+n]
				_, want := view.Overlap(d, x)
				if got := partlyShared(d, x); got != want {
					t.Errorf("n=%d, dst at %d, x at %d: partlyShared = %v, view.Overlap says %v", n, i, j, got, want)
				}
				if partlyShared(d, other[j:j+n]) {
					t.Errorf("n=%d: windows of two buffers reported as shared", n)
				}
			}
		}
	}
	// Both inputs are checked, in both precisions.
	b64 := make([]float64, 12)
	mustPanic(t, "overlap b", func() { Hadamard(b64[0:4], b64[4:8], b64[2:6]) }, "kernels.Hadamard", "dst", "b", "overlap")
	mustPanic(t, "overlap32", func() { HadamardAdd32(buf[3:9], buf[2:8], buf[10:16]) }, "kernels.HadamardAdd32", "dst", "a", "overlap")
	mustPanic(t, "axpy overlap", func() { Axpy(b64[5:9], 1, b64[8:12]) }, "kernels.Axpy", "dst", "x", "overlap")
	// Lengths the exported functions hand straight to the primitive (smallBin, smallSca)
	// are refused alike, and so are unequal lengths there.
	big64, big32 := make([]float64, 100), make([]float32, 100)
	mustPanic(t, "fast overlap a", func() { Sub(big64[1:33], big64[0:32], big64[50:82]) }, "kernels.Sub", "dst", "a", "overlap")
	mustPanic(t, "fast overlap b", func() { Hadamard32(big32[0:32], big32[40:72], big32[31:63]) }, "kernels.Hadamard32", "dst", "b", "overlap")
	mustPanic(t, "fast scale overlap", func() { Scale32(big32[8:24], 2, big32[0:16]) }, "kernels.Scale32", "dst", "x", "overlap")
	mustPanic(t, "fast length", func() { Add(big64[0:16], big64[16:32], big64[32:47]) }, "kernels.Add", "dst", "b")
	mustPanic(t, "fast axpy length", func() { Axpy(big64[0:16], 1, big64[16:33]) }, "kernels.Axpy", "dst", "x")
}
