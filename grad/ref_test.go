package grad_test

import (
	"math"
	"math/big"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/internal/view"
)

// The references for the log-determinant tests: exact determinants and inverses in
// big.Float for small n, and matrices of known spectrum.

const bigPrec = 1024 // bits: rounding in the big.Float elimination is far below float64's

// bigLU eliminates the n×n row-major x in big.Float with partial pivoting (on the
// magnitude) and returns det X and X⁻¹ (nil if det X = 0), both correct to about
// 2⁻¹⁰⁰⁰ relative: a reference exact for every float64 purpose.
func bigLU(x []float64, n int) (det *big.Float, inv [][]*big.Float) {
	a := make([][]*big.Float, n)
	e := make([][]*big.Float, n) // identity, transformed alongside into X⁻¹
	for i := range a {
		a[i] = make([]*big.Float, n)
		e[i] = make([]*big.Float, n)
		for j := range a[i] {
			a[i][j] = new(big.Float).SetPrec(bigPrec).SetFloat64(x[i*n+j])
			e[i][j] = new(big.Float).SetPrec(bigPrec)
		}
		e[i][i].SetInt64(1)
	}
	det = new(big.Float).SetPrec(bigPrec).SetInt64(1)
	for k := 0; k < n; k++ {
		p := k
		for i := k + 1; i < n; i++ {
			if new(big.Float).Abs(a[i][k]).Cmp(new(big.Float).Abs(a[p][k])) > 0 {
				p = i
			}
		}
		if a[p][k].Sign() == 0 {
			return new(big.Float), nil
		}
		if p != k {
			a[p], a[k] = a[k], a[p]
			e[p], e[k] = e[k], e[p]
			det.Neg(det)
		}
		piv := new(big.Float).Copy(a[k][k])
		det.Mul(det, piv)
		for j := 0; j < n; j++ { // scale row k so the pivot is 1
			a[k][j].Quo(a[k][j], piv)
			e[k][j].Quo(e[k][j], piv)
		}
		for i := 0; i < n; i++ { // Gauss–Jordan: clear column k in every other row
			if i == k || a[i][k].Sign() == 0 {
				continue
			}
			f := new(big.Float).Copy(a[i][k])
			t := new(big.Float).SetPrec(bigPrec)
			for j := 0; j < n; j++ {
				a[i][j].Sub(a[i][j], t.Mul(f, a[k][j]))
				e[i][j].Sub(e[i][j], t.Mul(f, e[k][j]))
			}
		}
	}
	return det, e
}

// bigLogAbs returns log|d| in float64 (d ≠ 0).
func bigLogAbs(d *big.Float) float64 {
	m := new(big.Float).Abs(d)
	exp := m.MantExp(m) // m in [0.5, 1)
	f, _ := m.Float64()
	return math.Log(f) + float64(exp)*math.Ln2
}

// toF64 rounds a big.Float matrix to float64, row-major.
func toF64(b [][]*big.Float) []float64 {
	n := len(b)
	out := make([]float64, n*n)
	for i := range b {
		for j := range b[i] {
			out[i*n+j], _ = b[i][j].Float64()
		}
	}
	return out
}

// norm1Of returns the 1-norm of the row-major n×n x.
func norm1Of(x []float64, n int) float64 {
	m := 0.0
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += math.Abs(x[i*n+j])
		}
		m = max(m, s)
	}
	return m
}

// randOrth returns a random n×n orthogonal matrix (Q of the QR factorization of a
// Gaussian matrix) and its determinant, ±1.
func randOrth(r *rand.Rand, n int) (*mat.Dense, float64) {
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			g.Set(i, j, r.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	return &q, math.Copysign(1, mat.Det(&q))
}

// conditioned returns X = U·diag(σ)·Vᵀ with random orthogonal U, V and singular values
// σ log-spaced from 1 down to 1/cond, with log|det X| = Σ log σᵢ and the sign of det X
// (as built in exact arithmetic; the float64 X differs by rounding, which the tests'
// bounds cover). It also returns X⁻¹ = V·diag(1/σ)·Uᵀ.
func conditioned(r *rand.Rand, n int, cond float64) (x, inv []float64, logAbs, sign float64) {
	if n == 0 {
		return nil, nil, 0, 1
	}
	u, su := randOrth(r, n)
	v, sv := randOrth(r, n)
	d := mat.NewDense(n, n, nil)
	di := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		s := 1.0
		if n > 1 {
			s = math.Pow(cond, -float64(i)/float64(n-1))
		}
		d.Set(i, i, s)
		di.Set(i, i, 1/s)
		logAbs += math.Log(s)
	}
	var t, xm, im mat.Dense
	t.Mul(u, d)
	xm.Mul(&t, v.T())
	t.Mul(v, di)
	im.Mul(&t, u.T())
	return xm.RawMatrix().Data, im.RawMatrix().Data, logAbs, su * sv
}

// randSPD returns a random well-conditioned SPD matrix A·Aᵀ/n + I/2.
func randSPD(r *rand.Rand, n int) []float64 {
	a := make([]float64, n*n)
	for i := range a {
		a[i] = 2*r.Float64() - 1
	}
	s := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			v := 0.0
			for k := 0; k < n; k++ {
				v += a[i*n+k] * a[j*n+k]
			}
			v /= float64(n)
			if i == j {
				v += 0.5
			}
			s[i*n+j], s[j*n+i] = v, v
		}
	}
	return s
}

// randGeneral returns a random n×n matrix with entries in [−1, 1) plus 2·I·sign
// (condition number a small multiple of n, determinant of either sign).
func randGeneral(r *rand.Rand, n int) []float64 {
	x := make([]float64, n*n)
	for i := range x {
		x[i] = 2*r.Float64() - 1
	}
	for i := 0; i < n; i++ {
		x[i*n+i] += 2 * math.Copysign(1, x[i*n+i])
	}
	return x
}

func gen64(x []float64, n int) blas64.General {
	return blas64.General{Rows: n, Cols: n, Stride: max(n, 1), Data: x}
}

func gen32(x []float32, n int) blas32.General {
	return blas32.General{Rows: n, Cols: n, Stride: max(n, 1), Data: x}
}

func to32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

func to64[T view.Float](x []T) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// maxRel returns max |got − want| / max |want| over the elements.
func maxRel[T view.Float](got []T, want []float64) float64 {
	num, den := 0.0, 0.0
	for i := range want {
		num = max(num, math.Abs(float64(got[i])-want[i]))
		den = max(den, math.Abs(want[i]))
	}
	if den == 0 {
		return num
	}
	return num / den
}
