package blocked_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/blocked"
)

func ExampleGemm() {
	// C = 1·A·Bᵀ + 0·C for a 2×3 A and a 2×3 B (so Bᵀ is 3×2).
	a := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{
		1, 2, 3,
		4, 5, 6,
	}}
	b := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{
		1, 0, -1,
		2, 1, 0,
	}}
	c := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: make([]float64, 4)}
	blocked.Gemm(blas.NoTrans, blas.Trans, 1, a, b, 0, c)
	fmt.Println(c.Data)
	// Output: [-2 4 -2 13]
}

func ExampleImplementation() {
	// One line puts gonum's matrix products (mat.Dense.Mul, the blocked LU and Cholesky
	// updates, …) on matkern's engine. Restore the previous implementation when done.
	prev := blas64.Implementation()
	blas64.Use(blocked.Implementation{})
	defer blas64.Use(prev)

	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(2, 2, []float64{5, 6, 7, 8})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Println(mat.Formatted(&c))
	// Output:
	// ⎡19  22⎤
	// ⎣43  50⎦
}
