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

// gemmKernel is one micro-kernel with its tile geometry.
type gemmKernel[T view.Float] struct {
	f      func(k int, a, b, c []T, ldc int, alpha, beta T, m, n int)
	mr, nr int
}

func kernelsOf(g dispatch.GEMM) (gemmKernel[float64], gemmKernel[float32]) {
	return gemmKernel[float64]{g.KernelF64, g.MRF64, g.NRF64}, gemmKernel[float32]{g.KernelF32, g.MRF32, g.NRF32}
}

func TestGemmKernels(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		k64, k32 := kernelsOf(dispatch.Current().GEMM)
		// The float64 assembly fuses every multiply-add exactly as ref.MicroKernel does, in
		// the same order, so it must match bit for bit. The generic kernels use plain
		// multiply-adds and float32 emulates fused operations in float64, so those are held
		// to the rounding-error bound instead.
		t.Run("f64", func(t *testing.T) { testGemmKernel(t, k64, l != dispatch.Generic) })
		t.Run("f32", func(t *testing.T) { testGemmKernel(t, k32, false) })
	})
}

func testGemmKernel[T view.Float](t *testing.T, kern gemmKernel[T], exact bool) {
	r := testutil.Rand(t)
	mr, nr := kern.mr, kern.nr
	ks := []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 256}
	for _, k := range ks {
		for _, beta := range []T{0, 1, -0.75} {
			for m := 1; m <= 3*mr; m++ {
				for n := 1; n <= nr; n++ {
					// Every m×n corner for one k; a sample of corners (always the full
					// tile) for the others.
					if (k != 5 || m > mr+1) && !(m%mr == 0 && n == nr) && r.IntN(12) != 0 {
						continue
					}
					ldc := n + r.IntN(3)
					if r.IntN(2) == 0 {
						ldc = nr + r.IntN(9)
					}
					checkKernelTile(t, r, kern, exact, k, m, n, ldc, r.IntN(8), 1.25, beta)
				}
			}
		}
	}
	// alpha = 0 still reads A and B at this level (the blocked layer skips the kernel);
	// check the scaling paths with a few alphas, and a long strip.
	for _, alpha := range []T{0, -1, 3} {
		checkKernelTile(t, r, kern, exact, 7, mr, nr, nr, 0, alpha, 0.5)
		checkKernelTile(t, r, kern, exact, 9, 7*mr+3, nr-1, nr+5, 3, alpha, 0)
		// Full width: seven whole tiles down the strip in one assembly call, then an edge.
		checkKernelTile(t, r, kern, exact, 9, 7*mr+3, nr, nr+5, 2, alpha, 0)
		checkKernelTile(t, r, kern, exact, 6, 7*mr, nr, nr, 1, alpha, -0.5)
	}
}

func checkKernelTile[T view.Float](t *testing.T, r *rand.Rand, kern gemmKernel[T], exact bool, k, m, n, ldc, off int, alpha, beta T) {
	t.Helper()
	mr, nr := kern.mr, kern.nr
	name := fmt.Sprintf("%d×%d/k=%d/m=%d/n=%d/ldc=%d/off=%d/alpha=%v/beta=%v", mr, nr, k, m, n, ldc, off, alpha, beta)
	a := testutil.GuardedCopy(testutil.Slice[T](r, (m+mr-1)/mr*mr*k), (off+1)%8)
	b := testutil.GuardedCopy(testutil.Slice[T](r, k*nr), (off+2)%8)
	sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())
	var c *testutil.GuardedMatrix[T]
	if beta == 0 {
		// All sentinels (NaN): β = 0 must not read them, and every element must be written.
		c = testutil.NewGuardedMatrix[T](m, n, ldc, off)
	} else {
		c = testutil.GuardedMatrixCopy(testutil.Matrix[T](r, m, n), ldc, off)
	}
	cin := make([]T, len(c.M.Data))
	copy(cin, c.M.Data)
	want := make([]T, len(cin))
	copy(want, cin)
	ref.MicroKernel(mr, nr, k, a.S(), b.S(), want, ldc, alpha, beta, m, n)

	kern.f(k, a.S(), b.S(), c.M.Data, ldc, alpha, beta, m, n)

	c.Check(t, name)
	a.Check(t, name+" a")
	b.Check(t, name+" b")
	sa.Check(t, name+" a", a.S())
	sb.Check(t, name+" b", b.S())
	got := view.Matrix[T]{Rows: m, Cols: n, Stride: ldc, Data: c.M.Data}
	wantM := view.Matrix[T]{Rows: m, Cols: n, Stride: ldc, Data: want}
	for i := 0; i < m; i++ {
		if exact {
			testutil.EqualBits(t, name+fmt.Sprintf(" row %d", i), got.Row(i), wantM.Row(i))
			continue
		}
		for j := 0; j < n; j++ {
			// γ_{k+2} bound: |error| ≤ (k+2)·ε·(|α|·Σ|a||b| + |β|·|c|).
			var s float64
			for p := 0; p < k; p++ {
				s += math.Abs(float64(a.S()[i/mr*mr*k+p*mr+i%mr]) * float64(b.S()[p*nr+j]))
			}
			bound := math.Abs(float64(alpha))*s + math.Abs(float64(beta))*math.Abs(float64(cin[i*ldc+j]))*b2f(beta != 0)
			tol := float64(k+2) * testutil.Eps[T]() * bound
			g, w := float64(got.At(i, j)), float64(wantM.At(i, j))
			if math.IsNaN(g) || math.Abs(g-w) > tol {
				t.Errorf("%s: C(%d, %d) = %v, want %v ± %.3g", name, i, j, g, w, tol)
				return
			}
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestGemmPack checks every level's packing primitives against plain loops: all widths
// the kernels use, every run length up to the width, depths around the 8-step blocks of
// the gather, source offsets and strides, guard bands around the destination.
func TestGemmPack(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		g := dispatch.Current().GEMM
		t.Run("f64", func(t *testing.T) {
			testPack(t, g.PackRunsF64, g.PackGather8F64, []int{4, 6, 8, 16, 24, 30})
		})
		t.Run("f32", func(t *testing.T) {
			testPack(t, g.PackRunsF32, g.PackGather8F32, []int{4, 6, 8, 16, 24, 48, 50})
		})
	})
}

func testPack[T view.Float](t *testing.T, runs func(d []T, w int, src []T, stride, kb, cols int), gather8 func(d []T, w int, src []T, stride, kb int), widths []int) {
	r := testutil.Rand(t)
	for _, w := range widths {
		for kb := 0; kb <= 19; kb++ {
			for cols := 0; cols <= w; cols++ {
				stride := cols + r.IntN(3)
				if stride == 0 {
					stride = 1
				}
				name := fmt.Sprintf("runs/w=%d/kb=%d/cols=%d/stride=%d", w, kb, cols, stride)
				n := 0
				if kb > 0 {
					n = (kb-1)*stride + cols
				}
				src := testutil.GuardedCopy(testutil.Slice[T](r, n), r.IntN(8))
				snap := testutil.Snap(src.S())
				d := testutil.NewGuarded[T](kb*w, r.IntN(8))
				runs(d.S(), w, src.S(), stride, kb, cols)
				d.Check(t, name)
				snap.Check(t, name, src.S())
				want := make([]T, kb*w)
				for p := 0; p < kb; p++ {
					copy(want[p*w:], src.S()[p*stride:p*stride+cols])
				}
				testutil.EqualBits(t, name, d.S(), want)
			}
			if w < 8 {
				continue
			}
			stride := kb + r.IntN(4)
			name := fmt.Sprintf("gather8/w=%d/kb=%d/stride=%d", w, kb, stride)
			n := 0
			if kb > 0 {
				n = 7*stride + kb
			}
			src := testutil.GuardedCopy(testutil.Slice[T](r, n), r.IntN(8))
			dn := 0
			if kb > 0 {
				dn = (kb-1)*w + 8
			}
			d := testutil.NewGuarded[T](dn, r.IntN(8))
			want := make([]T, dn)
			copy(want, d.S())
			for p := 0; p < kb; p++ {
				for row := 0; row < 8; row++ {
					want[p*w+row] = src.S()[row*stride+p]
				}
			}
			gather8(d.S(), w, src.S(), stride, kb)
			d.Check(t, name)
			testutil.EqualBits(t, name, d.S(), want)
		}
	}
}

// FuzzGemmKernel compares every level's float64 and float32 micro-kernels with
// ref.MicroKernel on arbitrary depths, strip heights, widths, strides and scalars (bit for
// bit for the float64 assembly, within the rounding bound otherwise).
func FuzzGemmKernel(f *testing.F) {
	f.Add(uint16(5), uint8(9), uint8(7), uint8(2), int8(4), int8(-2), uint64(1))
	f.Add(uint16(0), uint8(1), uint8(1), uint8(0), int8(0), int8(0), uint64(2))
	f.Fuzz(func(t *testing.T, k16 uint16, m8, n8, pad uint8, alpha8, beta8 int8, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 0xF022))
		k := int(k16 % 600)
		for _, l := range dispatch.Available() {
			k64, k32 := kernelsOf(dispatch.TableFor(l).GEMM)
			m64, n64 := 1+int(m8)%(4*k64.mr), 1+int(n8)%k64.nr
			checkKernelTile(t, r, k64, l != dispatch.Generic, k, m64, n64, n64+int(pad%5), int(seed%8), float64(alpha8)/4, float64(beta8)/4)
			m32, n32 := 1+int(m8)%(4*k32.mr), 1+int(n8)%k32.nr
			checkKernelTile(t, r, k32, false, k, m32, n32, n32+int(pad%5), int(seed%8), float32(alpha8)/4, float32(beta8)/4)
		}
	})
}

// FuzzGemmPack compares every level's packing primitives with plain loops.
func FuzzGemmPack(f *testing.F) {
	f.Add(uint8(24), uint8(17), uint8(3), uint8(1), uint64(1))
	f.Fuzz(func(t *testing.T, w8, kb8, cols8, pad uint8, seed uint64) {
		w := 1 + int(w8)%48
		kb, cols := int(kb8)%70, int(cols8)%(w+1)
		for _, l := range dispatch.Available() {
			g := dispatch.TableFor(l).GEMM
			fuzzPack(t, g.PackRunsF64, g.PackGather8F64, w, kb, cols, int(pad%4), seed)
			fuzzPack(t, g.PackRunsF32, g.PackGather8F32, w, kb, cols, int(pad%4), seed)
		}
	})
}

func fuzzPack[T view.Float](t *testing.T, runs func(d []T, w int, src []T, stride, kb, cols int), gather8 func(d []T, w int, src []T, stride, kb int), w, kb, cols, pad int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0xBAC))
	stride := max(cols+pad, 1)
	n := 0
	if kb > 0 {
		n = (kb-1)*stride + cols
	}
	src := testutil.GuardedCopy(testutil.Slice[T](r, n), int(seed%8))
	d := testutil.NewGuarded[T](kb*w, int(seed/8%8))
	runs(d.S(), w, src.S(), stride, kb, cols)
	d.Check(t, "runs")
	want := make([]T, kb*w)
	for p := 0; p < kb; p++ {
		copy(want[p*w:], src.S()[p*stride:p*stride+cols])
	}
	testutil.EqualBits(t, "runs", d.S(), want)
	if w < 8 {
		return
	}
	stride = kb + pad
	if kb > 0 {
		n = 7*stride + kb
	}
	src = testutil.GuardedCopy(testutil.Slice[T](r, n), int(seed%8))
	dn := 0
	if kb > 0 {
		dn = (kb-1)*w + 8
	}
	d = testutil.NewGuarded[T](dn, int(seed/8%8))
	want = make([]T, dn)
	copy(want, d.S())
	for p := 0; p < kb; p++ {
		for row := 0; row < 8; row++ {
			want[p*w+row] = src.S()[row*stride+p]
		}
	}
	gather8(d.S(), w, src.S(), stride, kb)
	d.Check(t, "gather8")
	testutil.EqualBits(t, "gather8", d.S(), want)
}
