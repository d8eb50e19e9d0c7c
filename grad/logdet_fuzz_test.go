package grad_test

import (
	"encoding/binary"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/grad"
)

// FuzzLogDet compares LU (on the blocked engine, at the level in force) with
// LogDetBatch (plain loops) on arbitrary small matrices: the same sign, log|det| within
// 100·n·ε/RCond of each other, and X⁻ᵀ likewise, for matrices that are not numerically
// singular (RCond > 1e-8); a singular or non-finite matrix must be reported the same way
// by both.
func FuzzLogDet(f *testing.F) {
	f.Add(uint8(3), []byte("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdef"))
	f.Add(uint8(1), []byte{0, 0, 0, 0, 0, 0, 0, 0})
	f.Add(uint8(2), []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, nb uint8, data []byte) {
		n := int(nb%6) + 1
		x := make([]float64, n*n)
		for i := range x {
			if len(data) >= 8 {
				x[i] = math.Float64frombits(binary.LittleEndian.Uint64(data))
				data = data[8:]
			} else if len(data) > 0 {
				x[i] = float64(int8(data[0])) / 16
				data = data[1:]
			}
			if v := x[i]; math.Abs(v) > 1e100 && !math.IsInf(v, 0) {
				x[i] = math.Mod(v, 7) // keep magnitudes moderate: overflow is not the point here
			}
		}
		var lu grad.LU
		lerr := lu.Factorize(blas64.General{Rows: n, Cols: n, Stride: n, Data: x})
		ld, sg, g := make([]float64, 1), make([]float64, 1), make([]float64, n*n)
		berr := grad.LogDetBatch(ld, sg, g, x, n)
		la := lu.LogAbsDet()
		switch {
		case math.IsNaN(la):
			if !math.IsNaN(ld[0]) || !math.IsNaN(sg[0]) || lerr != nil || berr != nil {
				t.Fatalf("non-finite input: LU %v, batch %v %v %v", lerr, ld[0], sg[0], berr)
			}
			return
		case lerr != nil || berr != nil:
			// An exact zero pivot can depend on the order of the roundings: only a
			// numerically singular matrix may be singular to one and not the other.
			if lerr != nil && berr != nil {
				return
			}
			if lerr == nil && lu.RCond() > 1e-8 || berr == nil && sg[0] != 0 && lu.RCond() > 1e-8 {
				t.Fatalf("singular to one only: LU %v (RCond %v), batch %v", lerr, lu.RCond(), berr)
			}
			return
		}
		rc := lu.RCond()
		if !(rc > 1e-8) {
			return
		}
		tol := 100 * float64(n) * 0x1p-52 / rc
		if sg[0] != lu.Sign() || math.Abs(ld[0]-la) > tol*max(1, math.Abs(la)) {
			t.Fatalf("n=%d: batch %v·exp(%v), LU %v·exp(%v), RCond %v", n, sg[0], ld[0], lu.Sign(), la, rc)
		}
		want := make([]float64, n*n)
		lu.Grad(blas64.General{Rows: n, Cols: n, Stride: n, Data: want}, 1)
		if e := maxRel(g, want); e > tol {
			t.Fatalf("n=%d: gradients differ by %v relative (> %v)", n, e, tol)
		}
	})
}
