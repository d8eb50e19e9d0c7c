package asm_test

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/view"
)

// testTranspose checks a transpose primitive on every shape up to 19×19 (all tile
// remainders of 4 and 8, several tiles) and a few larger ones, with strides larger than
// the rows, element offsets, and guards around and between the dst rows.
func testTranspose[T view.Float](t *testing.T, f func(dst []T, ldd int, src []T, lds int, rows, cols int)) {
	r := testutil.Rand(t)
	shapes := [][2]int{{33, 65}, {64, 64}, {72, 17}}
	for m := 0; m <= 19; m++ {
		for n := 0; n <= 19; n++ {
			shapes = append(shapes, [2]int{m, n})
		}
	}
	for _, sh := range shapes {
		m, n := sh[0], sh[1]
		off := r.IntN(8)
		lds, ldd := max(n, 1)+r.IntN(3), max(m, 1)+r.IntN(3)
		name := fmt.Sprintf("%d×%d/lds=%d/ldd=%d/off=%d", m, n, lds, ldd, off)
		am := testutil.Matrix[T](r, m, n)
		src := testutil.GuardedMatrixCopy(am, lds, off)
		snap := testutil.Snap(src.M.Data)
		dst := testutil.NewGuardedMatrix[T](n, m, ldd, (off+3)%8)
		f(dst.M.Data, ldd, src.M.Data, lds, m, n)
		testutil.EqualBits(t, name, ref.Dense(dst.M), ref.Dense(ref.Transpose(am)))
		dst.Check(t, name)
		snap.Check(t, name+" src", src.M.Data)
	}
}

func TestTransposePrimitives(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		e := dispatch.Current().Elem
		t.Run("f64", func(t *testing.T) { testTranspose(t, e.TransposeF64) })
		t.Run("f32", func(t *testing.T) { testTranspose(t, e.TransposeF32) })
	})
}
