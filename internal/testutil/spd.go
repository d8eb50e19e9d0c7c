package testutil

import (
	"math"
	"math/rand/v2"
)

// SPDConditioned returns Σ = Q·diag(λ)·Qᵀ, n×n row-major and exactly symmetric, with Q
// orthogonal (Gram–Schmidt, twice, on Gaussian rows) and λ log-spaced from 1 down to
// 1/cond, together with Σ⁻¹ = Q·diag(1/λ)·Qᵀ (also exactly symmetric) and log det Σ =
// Σ log λᵢ, as built in exact arithmetic: the float64 Σ differs from it by rounding of
// order ε·‖Σ‖, which moves log det Σ by about n·cond·ε.
func SPDConditioned(r *rand.Rand, n int, cond float64) (s, inv []float64, logDet float64) {
	q := make([]float64, n*n)
	for i := range q {
		q[i] = r.NormFloat64()
	}
	for i := 0; i < n; i++ {
		row := q[i*n : i*n+n]
		for range 2 {
			for k := 0; k < i; k++ {
				prev := q[k*n : k*n+n]
				d := 0.0
				for j := range row {
					d += row[j] * prev[j]
				}
				for j := range row {
					row[j] -= d * prev[j]
				}
			}
		}
		nrm := 0.0
		for _, v := range row {
			nrm += v * v
		}
		nrm = math.Sqrt(nrm)
		for j := range row {
			row[j] /= nrm
		}
	}
	lam := make([]float64, n)
	for i := range lam {
		lam[i] = 1
		if n > 1 {
			lam[i] = math.Pow(cond, -float64(i)/float64(n-1))
		}
		logDet += math.Log(lam[i])
	}
	s, inv = make([]float64, n*n), make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var v, w float64
			for k := 0; k < n; k++ {
				p := q[k*n+i] * q[k*n+j]
				v += p * lam[k]
				w += p / lam[k]
			}
			s[i*n+j], s[j*n+i] = v, v
			inv[i*n+j], inv[j*n+i] = w, w
		}
	}
	return s, inv, logDet
}
