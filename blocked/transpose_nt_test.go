package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/ref"
	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/internal/tune"
)

// TestTransposeNTBlocked checks the driver's non-temporal path (forced from 0 bytes,
// small and odd block shapes, several prefetch distances) against the reference at every
// level, with 64-byte-aligned dst whose stride is a multiple of 8 (the path runs), and
// unaligned ones and strides that are not (it falls back to the plain driver), guards
// around and between the rows.
func TestTransposeNTBlocked(t *testing.T) {
	m0, r0, c0, p0 := tune.TransposeNTMinBytes, transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows
	defer func() {
		tune.TransposeNTMinBytes, transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows = m0, r0, c0, p0
	}()
	tune.TransposeNTMinBytes = 0
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, blk := range [][3]int{{24, 16, 8}, {13, 9, 16}, {256, 128, 16}, {8, 8, 0}} {
			transposeNTBlockRows, transposeNTBlockCols, transposePrefetchRows = blk[0], blk[1], blk[2]
			for _, sh := range [][2]int{{1, 1}, {24, 16}, {25, 17}, {100, 37}, {37, 100}, {64, 64}, {7, 200}, {300, 260}} {
				m, n := sh[0], sh[1]
				for _, aligned := range []bool{true, false} {
					a := testutil.Matrix[float64](r, m, n)
					src := testutil.GuardedMatrixCopy(a, n+r.IntN(3), r.IntN(8))
					var d *testutil.GuardedMatrix[float64]
					ldd := (m+7)/8*8 + 8*r.IntN(2)
					if aligned {
						d = testutil.NewAlignedGuardedMatrix[float64](n, m, ldd, 64)
					} else {
						ldd = m + r.IntN(3)
						d = testutil.NewGuardedMatrix[float64](n, m, ldd, r.IntN(8))
					}
					name := fmt.Sprintf("block=%v/%d×%d/ldd=%d/aligned=%v", blk, m, n, ldd, aligned)
					snap := testutil.Snap(src.M.Data)
					Transpose(d.M, src.M)
					testutil.EqualBits(t, name, ref.Dense(d.M), ref.Dense(ref.Transpose(a)))
					d.Check(t, name)
					snap.Check(t, name+" src", src.M.Data)
					if aligned {
						// The path itself: it must run (and be right) exactly where the level
						// has the kernel, so a fallback cannot hide a broken path.
						for _, w := range []int{1, 3} {
							d2 := testutil.NewAlignedGuardedMatrix[float64](n, m, ldd, 64)
							nm := fmt.Sprintf("%s/nt/workers=%d", name, w)
							if ran, want := transposeNTF64(d2.M, src.M, w), l == dispatch.AVX512; ran != want {
								t.Fatalf("%s: transposeNTF64 ran = %v, want %v", nm, ran, want)
							} else if ran {
								testutil.EqualBits(t, nm, ref.Dense(d2.M), ref.Dense(ref.Transpose(a)))
								d2.Check(t, nm)
							}
						}
					}
				}
			}
		}
	})
}
