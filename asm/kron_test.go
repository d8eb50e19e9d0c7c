package asm_test

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

type kronRowFns[T view.Float] struct {
	row    func(dst, a, b []T)
	rowNT  func(dst, a, b []T) bool
	rowAdd func(dst []T, alpha T, a, b []T)
	copyNT func(dst, src []T)
}

func rowMatrix[T view.Float](s []T) view.Matrix[T] {
	return view.Matrix[T]{Rows: 1, Cols: len(s), Stride: max(1, len(s)), Data: s}
}

func testKronRows[T view.Float](t *testing.T, f kronRowFns[T]) {
	r := testutil.Rand(t)
	for _, n := range []int{0, 1, 2, 3, 7, 33} {
		for q := 0; q <= 70; q++ {
			off := r.IntN(8)
			name := fmt.Sprintf("n=%d/q=%d/off=%d", n, q, off)
			av, bv := testutil.Slice[T](r, n), testutil.Slice[T](r, q)
			sprinkle(r, bv)
			if n > 2 {
				av[1] = 0 // 0·Inf must give NaN, not a skipped block
			}
			a, b := testutil.GuardedCopy(av, off), testutil.GuardedCopy(bv, (off+3)%8)
			sa, sb := testutil.Snap(a.S()), testutil.Snap(b.S())
			want := ref.Kron(rowMatrix(av), rowMatrix(bv))

			dst := testutil.NewGuarded[T](n*q, (off+5)%8)
			f.row(dst.S(), a.S(), b.S())
			sameValues(t, name+"/row", dst.S(), ref.Dense(want))
			dst.Check(t, name+"/row")

			// The non-temporal row kernel, on a 64-byte-aligned dst (it may decline: then
			// it must not write anything) and on a misaligned one (it must decline or be right).
			for _, shift := range []int{0, 1} {
				g := testutil.NewAlignedGuarded[T](n*q, 64, shift)
				d := g.S()
				if f.rowNT(d, a.S(), b.S()) {
					sameValues(t, name+"/rowNT", d, ref.Dense(want))
				} else {
					for i, v := range d {
						if !testutil.IsSentinel(v) {
							t.Errorf("%s/rowNT declined but wrote element %d", name, i)
							break
						}
					}
				}
				dispatch.Current().Elem.StoreFence()
				g.Check(t, name+"/rowNT")
			}

			dv := testutil.Slice[T](r, n*q)
			alpha := T(r.Float64()*2 - 1)
			wantAdd := ref.KronAdd(rowMatrix(dv), alpha, rowMatrix(av), rowMatrix(bv))
			dst = testutil.GuardedCopy(dv, (off+1)%8)
			f.rowAdd(dst.S(), alpha, a.S(), b.S())
			sameValues(t, name+"/rowAdd", dst.S(), ref.Dense(wantAdd))
			dst.Check(t, name+"/rowAdd")
			sa.Check(t, name+" a", a.S())
			sb.Check(t, name+" b", b.S())

			// The non-temporal copy, at every alignment of dst against the vector width.
			src := testutil.GuardedCopy(testutil.Slice[T](r, n*q+off), off)
			for doff := 0; doff < 8; doff++ {
				dst = testutil.NewGuarded[T](len(src.S()), doff)
				f.copyNT(dst.S(), src.S())
				dispatch.Current().Elem.StoreFence()
				testutil.EqualBits(t, name+"/copyNT", dst.S(), src.S())
				dst.Check(t, name+"/copyNT")
			}
		}
	}
}

func TestKronRowPrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		e := dispatch.Current().Elem
		t.Run("f64", func(t *testing.T) {
			testKronRows(t, kronRowFns[float64]{e.KronRowF64, e.KronRowNTF64, e.KronRowAddF64, e.CopyNTF64})
		})
		t.Run("f32", func(t *testing.T) {
			testKronRows(t, kronRowFns[float32]{e.KronRowF32, e.KronRowNTF32, e.KronRowAddF32, e.CopyNTF32})
		})
	})
}
