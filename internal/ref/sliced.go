package ref

import (
	"math"

	"github.com/matkern/matkern/internal/view"
)

// Sliced computes, for b < nb, i < r, j < q, with A_b = a[b*sa:] and C_b = c[b*sc:],
//
//	C_b[i*ldc+j] = α·Σ_{t<p} A_b[t*lda+i]·F[t*ldf+j] + β·C_b[i*ldc+j]
//
// with the sum accumulated in float64 in t order (β = 0: C is not read), and returns,
// for each written element in the same positions of a slice as long as c, the bound
// scale |α|·Σ_t |A_b[t*lda+i]·F[t*ldf+j]| + |β·C_b[i*ldc+j]| (so a test can hold a kernel
// to (p+2)·ε times it). Elements not written keep their values in c and get scale 0.
func Sliced[T view.Float](nb, r, p, q int, a []T, lda, sa int, f []T, ldf int, c []T, ldc, sc int, alpha, beta T) (scale []float64) {
	scale = make([]float64, len(c))
	for b := 0; b < nb; b++ {
		for i := 0; i < r; i++ {
			for j := 0; j < q; j++ {
				var s, abs float64
				for t := 0; t < p; t++ {
					x := float64(a[b*sa+t*lda+i]) * float64(f[t*ldf+j])
					s += x
					abs += math.Abs(x)
				}
				o := b*sc + i*ldc + j
				v := float64(alpha) * s
				sc := math.Abs(float64(alpha)) * abs
				if beta != 0 {
					v += float64(beta) * float64(c[o])
					sc += math.Abs(float64(beta) * float64(c[o]))
				}
				c[o] = T(v)
				scale[o] = sc
			}
		}
	}
	return scale
}
