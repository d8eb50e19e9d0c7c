// Command expfit computes the constants of matkern's vectorized exponential (asm/exp_coef.go):
// the 16-entry tables of 2^(j/16) as hi + lo pairs (from math/big at 300 bits) and the
// minimax polynomials of e^r − 1 on |r| ≤ ln2/32, fitted by the Remez exchange algorithm.
//
// Usage (from the asm directory, see the go:generate line in asm/exp_generic.go):
//
//	go run ../internal/gen/expfit -o exp_coef.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"math"
	"math/big"
	"os"
	"strconv"
)

const prec = 300

// halfWidth is the interval the polynomials are fitted on, [−halfWidth, halfWidth]: the
// reduced argument satisfies |r| ≤ ln2/32 plus a rounding error far below 1e-12.
var halfWidth = math.Ln2 / 32 * (1 + 1e-9)

// expm1MinusR returns e^r − 1 − r = Σ_{n≥2} rⁿ/n!, summed in float64 without
// cancellation for |r| < 0.1 (relative error ~1e-16).
func expm1MinusR(r float64) float64 {
	term, sum := r*r/2, 0.0
	for n := 3; n < 30; n++ {
		sum += term
		term *= r / float64(n)
	}
	return sum
}

// remez returns the coefficients c₂ … c_{deg} of the polynomial Σ cₙ rⁿ that minimizes
// max |Σ cₙ rⁿ − (e^r − 1 − r)| over |r| ≤ a, and that maximum error.
func remez(deg int, a float64) ([]float64, float64) {
	nb := deg - 1 // basis (r/a)², …, (r/a)^deg
	basis := func(i int, r float64) float64 { return math.Pow(r/a, float64(i+2)) }
	// Initial reference: n+1 Chebyshev extrema, nudged off 0 (every basis function vanishes there).
	ref := make([]float64, nb+1)
	for k := range ref {
		ref[k] = -a * math.Cos(math.Pi*float64(k)/float64(nb))
		if math.Abs(ref[k]) < 1e-3*a {
			ref[k] = 0.3 * a
		}
	}
	const grid = 40000
	var d []float64
	var maxErr float64
	for iter := 0; iter < 40; iter++ {
		// Solve Σ dᵢ φᵢ(xₖ) + (−1)ᵏ E = g(xₖ).
		n := nb + 1
		m := make([][]float64, n)
		for k, x := range ref {
			row := make([]float64, n+1)
			for i := range nb {
				row[i] = basis(i, x)
			}
			row[nb] = math.Pow(-1, float64(k))
			row[n] = expm1MinusR(x)
			m[k] = row
		}
		sol := solve(m)
		d = sol[:nb]
		errAt := func(x float64) float64 {
			s := 0.0
			for i := range nb {
				s += d[i] * basis(i, x)
			}
			return s - expm1MinusR(x)
		}
		// Extrema of the error: the largest |err| in each run of one sign; a run is also
		// cut at r = 0, where every basis function and the target vanish (the weighted
		// error touches 0 there, so the two sides may need points of opposite sign).
		var ext []float64
		var sgn []float64
		runBest, runSign := 0.0, 0.0
		for g := 0; g <= grid; g++ {
			x := -a + 2*a*float64(g)/grid
			if x == 0 {
				continue
			}
			e := errAt(x)
			s := math.Copysign(1, e)
			if s != runSign || (x > 0 && runBest < 0) {
				if runSign != 0 {
					ext, sgn = append(ext, runBest), append(sgn, runSign)
				}
				runSign, runBest = s, x
			} else if math.Abs(e) > math.Abs(errAt(runBest)) {
				runBest = x
			}
		}
		ext, sgn = append(ext, runBest), append(sgn, runSign)
		for len(ext) > n {
			merged := false
			for i := 0; i+1 < len(ext); i++ {
				if sgn[i] == sgn[i+1] {
					if math.Abs(errAt(ext[i])) < math.Abs(errAt(ext[i+1])) {
						ext[i] = ext[i+1]
					}
					ext = append(ext[:i+1], ext[i+2:]...)
					sgn = append(sgn[:i+1], sgn[i+2:]...)
					merged = true
					break
				}
			}
			if merged {
				continue
			}
			if len(ext)-n >= 2 { // drop the smallest extremum; its neighbours then merge
				w := 0
				for i := range ext {
					if math.Abs(errAt(ext[i])) < math.Abs(errAt(ext[w])) {
						w = i
					}
				}
				ext = append(ext[:w], ext[w+1:]...)
				sgn = append(sgn[:w], sgn[w+1:]...)
				continue
			}
			if math.Abs(errAt(ext[0])) < math.Abs(errAt(ext[len(ext)-1])) {
				ext, sgn = ext[1:], sgn[1:]
			} else {
				ext, sgn = ext[:len(ext)-1], sgn[:len(sgn)-1]
			}
		}
		lo, hi := math.Inf(1), 0.0
		for _, x := range ext {
			lo, hi = min(lo, math.Abs(errAt(x))), max(hi, math.Abs(errAt(x)))
		}
		maxErr = hi
		if os.Getenv("EXPFIT_DEBUG") != "" {
			fmt.Fprintln(os.Stderr, deg, iter, len(ext), lo, hi, ext)
		}
		if len(ext) == n {
			ref = ext
		}
		if hi-lo < 1e-2*hi { // equioscillation to 1%: the grid and float64 noise limit it
			break
		}
	}
	c := make([]float64, nb)
	for i := range c {
		c[i] = d[i] / math.Pow(a, float64(i+2))
	}
	return c, maxErr
}

// solve solves the augmented system m (n×(n+1)) by Gaussian elimination with partial pivoting.
func solve(m [][]float64) []float64 {
	n := len(m)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x
}

// maxPolyErr evaluates the rounded coefficients against e^r − 1 − r on a fine grid.
func maxPolyErr(c []float64, a float64) float64 {
	w := 0.0
	for g := -100000; g <= 100000; g++ {
		r := a * float64(g) / 100000
		s := 0.0
		for i := len(c) - 1; i >= 0; i-- {
			s = s*r + c[i]
		}
		w = max(w, math.Abs(s*r*r-expm1MinusR(r)))
	}
	return w
}

func hex64(v float64) string { return strconv.FormatFloat(v, 'x', -1, 64) }
func hex32(v float32) string { return strconv.FormatFloat(float64(v), 'x', -1, 32) }

func main() {
	out := flag.String("o", "exp_coef.go", "output file")
	flag.Parse()

	// 2^(j/16) = (2^(1/16))^j, 2^(1/16) by four square roots.
	s := new(big.Float).SetPrec(prec).SetInt64(2)
	for range 4 {
		s.Sqrt(s)
	}
	var hi64, lo64 [16]float64
	var hi32, lo32 [16]float32
	t := new(big.Float).SetPrec(prec).SetInt64(1)
	for j := range 16 {
		hi64[j], _ = t.Float64()
		lo64[j], _ = new(big.Float).SetPrec(prec).Sub(t, new(big.Float).SetFloat64(hi64[j])).Float64()
		hi32[j], _ = t.Float32()
		lo32[j], _ = new(big.Float).SetPrec(prec).Sub(t, new(big.Float).SetFloat64(float64(hi32[j]))).Float32()
		t.Mul(t, s)
	}

	c64, e64 := remez(6, halfWidth)
	c32, e32 := remez(3, halfWidth)
	r64 := make([]float64, len(c64))
	for i, v := range c64 {
		r64[i] = v
	}
	r32 := make([]float64, len(c32))
	var f32 []float32
	for i, v := range c32 {
		f32 = append(f32, float32(v))
		r32[i] = float64(float32(v))
	}

	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("// Code generated by go run ../internal/gen/expfit -o exp_coef.go; DO NOT EDIT.\n\n")
	p("package asm\n\n")
	p("// expC64 holds c₂ … c₆ of the minimax polynomial q(r) = r + c₂r² + … + c₆r⁶ ≈ e^r − 1 on\n")
	p("// |r| ≤ ln2/32 (Remez exchange on the absolute error, coefficients rounded to float64):\n")
	p("// max |q(r) − (e^r − 1)| = %.3g = 2^%.2f (before rounding the coefficients %.3g).\n", maxPolyErr(r64, halfWidth), math.Log2(maxPolyErr(r64, halfWidth)), e64)
	p("var expC64 = [%d]float64{\n", len(c64))
	for i, v := range c64 {
		p("\t%s, // c%d ≈ %.17g (Taylor 1/%d! = %.17g)\n", hex64(v), i+2, v, i+2, 1/fact(i+2))
	}
	p("}\n\n")
	p("// expC32 holds c₂, c₃ of the minimax q(r) = r + c₂r² + c₃r³ ≈ e^r − 1 on |r| ≤ ln2/32,\n")
	p("// rounded to float32: max |q(r) − (e^r − 1)| = %.3g = 2^%.2f (before rounding %.3g).\n", maxPolyErr(r32, halfWidth), math.Log2(maxPolyErr(r32, halfWidth)), e32)
	p("var expC32 = [%d]float32{\n", len(f32))
	for i, v := range f32 {
		p("\t%s, // c%d ≈ %.9g\n", hex32(v), i+2, v)
	}
	p("}\n\n")
	p("// expTabHi64[j] + expTabLo64[j] = 2^(j/16) to about 106 bits (hi is 2^(j/16) rounded to\n")
	p("// float64, lo the rounded remainder); likewise the float32 pair to about 48 bits.\n")
	p("var (\n")
	p("\texpTabHi64 = [16]float64{")
	for _, v := range hi64 {
		p("%s, ", hex64(v))
	}
	p("}\n\texpTabLo64 = [16]float64{")
	for _, v := range lo64 {
		p("%s, ", hex64(v))
	}
	p("}\n\texpTabHi32 = [16]float32{")
	for _, v := range hi32 {
		p("%s, ", hex32(v))
	}
	p("}\n\texpTabLo32 = [16]float32{")
	for _, v := range lo32 {
		p("%s, ", hex32(v))
	}
	p("}\n)\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatalf("format: %v\n%s", err, b.Bytes())
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

func fact(n int) float64 {
	f := 1.0
	for i := 2; i <= n; i++ {
		f *= float64(i)
	}
	return f
}
