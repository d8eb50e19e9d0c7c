package grad_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/grad"
)

// ExampleCholesky evaluates the Gaussian negative log-likelihood in the covariance,
// L(Σ) = log det Σ + tr(Σ⁻¹S) for a sample covariance S, and its gradient
// ∂L/∂Σ = Σ⁻¹ − Σ⁻¹SΣ⁻¹ (MATH.md), with the products on blocked.Gemm; the gradient
// vanishes at Σ = S, the maximum-likelihood estimate.
func ExampleCholesky() {
	const n = 3
	gen := func(v ...float64) blas64.General { return blas64.General{Rows: n, Cols: n, Stride: n, Data: v} }
	s := gen(2, 0.5, 0.2,
		0.5, 1, 0.3,
		0.2, 0.3, 1.5)
	nll := func(sigma blas64.General) (float64, blas64.General) {
		var ch grad.Cholesky
		if err := ch.Factorize(sigma); err != nil {
			panic(err)
		}
		inv := gen(make([]float64, n*n)...)
		ch.Inverse(inv)
		// tr(Σ⁻¹S) = Σᵢⱼ (Σ⁻¹)ᵢⱼ Sᵢⱼ (both symmetric): a JVP of log det along S.
		tr, _ := ch.JVP(s)
		// G = Σ⁻¹ − Σ⁻¹·S·Σ⁻¹.
		t, g := gen(make([]float64, n*n)...), gen(make([]float64, n*n)...)
		blocked.Gemm(blas.NoTrans, blas.NoTrans, 1, inv, s, 0, t)
		copy(g.Data, inv.Data)
		blocked.Gemm(blas.NoTrans, blas.NoTrans, -1, t, inv, 1, g)
		return ch.LogDet() + tr, g
	}
	round := func(v []float64) []float64 { // 4 decimals, and no "-0.0000"
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = math.Round(x*1e4)/1e4 + 0
		}
		return out
	}
	for _, sigma := range []blas64.General{gen(1, 0, 0, 0, 1, 0, 0, 0, 1), s} {
		l, g := nll(sigma)
		fmt.Printf("L = %.4f, ∂L/∂Σ =\n", l)
		for i := 0; i < n; i++ {
			fmt.Printf("  %7.4f\n", round(g.Data[i*n:i*n+n]))
		}
	}
	// The gradient against central differences, Σ symmetrized inside the function.
	sigma := gen(1.5, 0.2, 0, 0.2, 1, 0.1, 0, 0.1, 2)
	_, g := nll(sigma)
	f := func(x []float64) float64 {
		y := gen(make([]float64, n*n)...)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				y.Data[i*n+j] = (x[i*n+j] + x[j*n+i]) / 2
			}
		}
		l, _ := nll(y)
		return l
	}
	_, err := grad.Check(f, sigma.Data, g.Data, grad.CheckOptions{})
	fmt.Println("gradient ok:", err == nil)
	// Output:
	// L = 4.5000, ∂L/∂Σ =
	//   [-1.0000 -0.5000 -0.2000]
	//   [-0.5000  0.0000 -0.3000]
	//   [-0.2000 -0.3000 -0.5000]
	// L = 3.9022, ∂L/∂Σ =
	//   [ 0.0000  0.0000  0.0000]
	//   [ 0.0000  0.0000  0.0000]
	//   [ 0.0000  0.0000  0.0000]
	// gradient ok: true
}

// ExampleLU computes log|det X|, the sign, the gradient X⁻ᵀ and a directional
// derivative for a 2×2 X with det X = −2.
func ExampleLU() {
	x := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: []float64{1, 2, 2, 2}}
	var lu grad.LU
	if err := lu.Factorize(x); err != nil {
		panic(err)
	}
	fmt.Printf("det = %v·exp(%.4f), RCond %.4f\n", lu.Sign(), lu.LogAbsDet(), lu.RCond())
	g := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float64, 4)}
	lu.Grad(g, 1)
	fmt.Println("X⁻ᵀ =", g.Data)
	dx := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: []float64{1, 0, 0, 0}}
	d, _ := lu.JVP(dx)
	fmt.Println("d log|det X| along E₁₁ =", d)
	// Output:
	// det = -1·exp(0.6931), RCond 0.1250
	// X⁻ᵀ = [-1 1 1 -0.5]
	// d log|det X| along E₁₁ = -1
}

// ExampleLogDetBatch computes log|det| and the sign of three 2×2 matrices at once.
func ExampleLogDetBatch() {
	xs := []float64{
		2, 0, 0, 3, // det 6
		0, 1, 1, 0, // det −1
		1, 2, 2, 4, // det 0
	}
	logdets, signs := make([]float64, 3), make([]float64, 3)
	err := grad.LogDetBatch(logdets, signs, nil, xs, 2)
	for p := range logdets {
		fmt.Printf("%.4f %v\n", logdets[p], signs[p])
	}
	fmt.Println(err)
	// Output:
	// 1.7918 1
	// 0.0000 -1
	// -Inf 0
	// grad.LogDetBatch: grad: matrix is singular: 1 of 3 matrices (the first at index 2) have determinant 0
}
