package blocked_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/blocked"
)

func ExampleLU() {
	// log|det A| and A⁻¹ from one factorization, P·A = L·U.
	a := blas64.General{Rows: 3, Cols: 3, Stride: 3, Data: []float64{
		0, 2, 1,
		4, 1, 0,
		2, 0, 3,
	}}
	ipiv := make([]int, 3)
	if !blocked.LU(a, ipiv) {
		fmt.Println("singular")
		return
	}
	logAbsDet, sign := 0.0, 1.0
	for i := 0; i < 3; i++ {
		u := a.Data[i*a.Stride+i]
		logAbsDet += math.Log(math.Abs(u))
		if u < 0 {
			sign = -sign
		}
		if ipiv[i] != i {
			sign = -sign // each interchange flips the sign of the determinant
		}
	}
	fmt.Printf("det = %.6g\n", sign*math.Exp(logAbsDet))
	blocked.LUInverse(a, ipiv, nil)
	fmt.Printf("A⁻¹ row 0 = %.4f\n", a.Data[:3])
	// Output:
	// det = -26
	// A⁻¹ row 0 = [-0.1154 0.2308 0.0385]
}

func ExampleCholesky() {
	// A = L·Lᵀ for a symmetric positive definite A (only its lower triangle is read),
	// then A⁻¹ in both triangles.
	a := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: []float64{
		4, math.NaN(), // the strict upper triangle is neither read nor written
		2, 5,
	}}
	if failed := blocked.Cholesky(a); failed >= 0 {
		fmt.Println("not positive definite at", failed)
		return
	}
	fmt.Println("L:", a.Data[0], a.Data[2], a.Data[3])
	blocked.CholeskyInverse(a)
	fmt.Printf("A⁻¹ = %.4f\n", a.Data)
	// Output:
	// L: 2 1 2
	// A⁻¹ = [0.3125 -0.1250 -0.1250 0.2500]
}
