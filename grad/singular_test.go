package grad_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
)

// rankDeficient returns an n×n matrix of small integers (−9…9) made exactly singular
// by construction: kind "zero-row" or "zero-col" zeroes row or column k; "sum-row"
// ("sum-col") makes row (column) k the sum of two others; "dup-row" a copy of another.
func rankDeficient(r *rand.Rand, n int, kind string) []float64 {
	x := make([]float64, n*n)
	for i := range x {
		x[i] = float64(r.IntN(19) - 9)
	}
	k := r.IntN(n)
	i, j := (k+1+r.IntN(n-1))%n, 0
	for j = r.IntN(n); j == k || j == i; j = r.IntN(n) {
	}
	for c := 0; c < n; c++ {
		switch kind {
		case "zero-row":
			x[k*n+c] = 0
		case "zero-col":
			x[c*n+k] = 0
		case "sum-row":
			x[k*n+c] = x[i*n+c] + x[j*n+c]
		case "sum-col":
			x[c*n+k] = x[c*n+i] + x[c*n+j]
		case "dup-row":
			x[k*n+c] = x[i*n+c]
		}
	}
	return x
}

// logDetter is what TestSingularDetection needs of LU and LU32 after one of their
// factorizations.
type logDetter interface {
	LogAbsDet() float64
	Sign() float64
	RCond() float64
}

// TestSingularDetection checks the documented contract for exactly singular input
// (see LU): at every level, float64 and float32, n = 3…64, matrices of small integers
// whose rank is n−1 by construction (the reference). A zero row or column gives
// ErrSingular from both LU.Factorize and LU.FactorizeGrad, with LogAbsDet −Inf, Sign 0,
// RCond 0 and Grad refusing (dst untouched). Any other rank deficiency gives, from each
// path on its own, either that, or no error with a finite LogAbsDet, Sign ±1 and RCond
// at most n·ε: whether a pivot rounds to exactly zero is not the same in the two (their
// disagreements are logged, not failed).
func TestSingularDetection(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		r := testutil.Rand(t)
		for _, kind := range []string{"zero-row", "zero-col", "sum-row", "sum-col", "dup-row"} {
			differ, singular := 0, [2]int{}
			for n := 3; n <= 64; n++ {
				x := rankDeficient(r, n, kind)
				for _, prec := range []string{"float64", "float32"} {
					name := fmt.Sprintf("%s/n=%d/%s", kind, n, prec)
					eps := 0x1p-52
					if prec == "float32" {
						eps = 0x1p-23
					}
					var errs [2]error
					for p, path := range []string{"Factorize", "FactorizeGrad"} {
						var f logDetter
						var err, gerr error
						var dst []float64
						switch prec {
						case "float64":
							var lu grad.LU
							dst = make([]float64, n*n)
							if path == "Factorize" {
								err = lu.Factorize(gen64(append([]float64(nil), x...), n))
							} else {
								err = lu.FactorizeGrad(gen64(append([]float64(nil), x...), n), gen64(dst, n), 1)
							}
							gerr = lu.Grad(gen64(dst, n), 1)
							f = &lu
						case "float32":
							var lu grad.LU32
							d32 := make([]float32, n*n)
							if path == "Factorize" {
								err = lu.Factorize(gen32(to32(x), n))
							} else {
								err = lu.FactorizeGrad(gen32(to32(x), n), gen32(d32, n), 1)
							}
							gerr = lu.Grad(gen32(d32, n), 1)
							dst = make([]float64, n*n)
							for i, v := range d32 {
								dst[i] = float64(v)
							}
							f = &lu
						}
						errs[p] = err
						la, sg, rc := f.LogAbsDet(), f.Sign(), f.RCond()
						switch {
						case err != nil && !errors.Is(err, grad.ErrSingular):
							t.Fatalf("%s: %s: %v", name, path, err)
						case err != nil:
							singular[p]++
							touched := false
							for _, v := range dst {
								touched = touched || v != 0
							}
							if !math.IsInf(la, -1) || sg != 0 || rc != 0 || !errors.Is(gerr, grad.ErrSingular) || touched {
								t.Fatalf("%s: %s: ErrSingular with LogAbsDet %v, Sign %v, RCond %v, Grad %v, dst touched %v; want −Inf, 0, 0, ErrSingular, false",
									name, path, la, sg, rc, gerr, touched)
							}
						case kind == "zero-row" || kind == "zero-col":
							t.Fatalf("%s: %s: no error (LogAbsDet %v, RCond %v); a zero row or column must give ErrSingular", name, path, la, rc)
						case math.IsInf(la, 0) || math.IsNaN(la) || math.Abs(sg) != 1 || !(rc <= float64(n)*eps) || gerr != nil:
							t.Fatalf("%s: %s: no error, LogAbsDet %v, Sign %v, RCond %v (want ≤ n·ε = %.3g), Grad %v",
								name, path, la, sg, rc, float64(n)*eps, gerr)
						}
					}
					if (errs[0] == nil) != (errs[1] == nil) {
						differ++
					}
				}
			}
			t.Logf("%s, n = 3…64, both precisions (124 matrices): ErrSingular from Factorize %d, from FactorizeGrad %d, disagreeing %d",
				kind, singular[0], singular[1], differ)
		}
	})
}
