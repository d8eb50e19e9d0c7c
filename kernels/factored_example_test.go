package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/kernels"
)

func general(r, c int, v ...float64) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: v}
}

// Apply (A ⊗ B) to a vector without forming the 4×4 Kronecker matrix.
func ExampleKronMatVec() {
	a := general(2, 2, 1, 2, 3, 4)
	b := general(2, 2, 0, 1, 1, 0) // swaps the two halves of each block
	x := []float64{1, 0, 0, 0}
	y := make([]float64, 4)
	kernels.KronMatVec(y, x, a, b, false, nil)
	fmt.Println(y) // the first column of A ⊗ B
	// Output:
	// [0 1 0 3]
}

// vec(AXB) = (Bᵀ ⊗ A)·vec(X), computed as two small products.
func ExampleVecAXB() {
	a := general(2, 2, 1, 0, 0, 2)
	x := general(2, 2, 1, 2, 3, 4)
	b := general(2, 1, 1, 1)
	y := make([]float64, 2) // vec of the 2×1 result
	order := kernels.VecAXB(y, a, x, b, nil)
	fmt.Println(y, order)
	// Output:
	// [3 14] A(XB)
}

// A·X·B as two GEMMs in the cheaper order (here A·(X·B): 24 + 16 flops, against 24 + 24
// for (A·X)·B); the workspace sized by ChooseAXB once makes
// repeated calls allocate nothing.
func ExampleMulAXB() {
	a := general(2, 2, 1, 0, 0, 2)              // 2×2
	x := general(2, 3, 1, 2, 3, 4, 5, 6)        // 2×3
	b := general(3, 2, 1, 0, 0, 1, 1, 1)        // 3×2
	dst := general(2, 2, make([]float64, 4)...) // 2×2
	_, flops, w := kernels.ChooseAXB(2, 2, 3, 2)
	work := make([]float64, w)
	order := kernels.MulAXB(dst, a, x, b, work)
	fmt.Println(dst.Data, order, flops, "flops")
	// Output:
	// [4 5 20 22] A(XB) 40 flops
}

// A plan applies F1 ⊗ F2 ⊗ F3 to many rows; repeated products allocate nothing.
func ExampleKronPlan() {
	f := general(2, 2, 1, 1, 1, -1) // a 2×2 Hadamard matrix: F⊗F⊗F is the 8×8 one
	plan, err := kernels.NewKronPlan(false, f, f, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	x := general(2, 8,
		1, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 1)
	y := general(2, 8, make([]float64, 16)...)
	plan.Apply(1, x, 0, y)
	fmt.Println(y.Data[:8])
	fmt.Println(y.Data[8:])
	in, out := plan.Dims()
	fmt.Println(in, out, plan.Flops(), "flops per row")
	// Output:
	// [1 1 1 1 1 1 1 1]
	// [1 -1 -1 1 -1 1 1 -1]
	// 8 8 96 flops per row
}
