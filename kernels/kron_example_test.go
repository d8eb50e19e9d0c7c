package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/kernels"
)

func ExampleKron() {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(1, 2, []float64{1, 10})
	dst := mat.NewDense(2, 4, nil)
	kernels.Kron(dst.RawMatrix(), a.RawMatrix(), b.RawMatrix()) // [aij B]
	fmt.Println(mat.Formatted(dst))
	// Output:
	// ⎡ 1  10   2  20⎤
	// ⎣ 3  30   4  40⎦
}

func ExampleKronLeft() {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(1, 2, []float64{1, 10})
	dst := mat.NewDense(2, 4, nil)
	kernels.KronLeft(dst.RawMatrix(), a.RawMatrix(), b.RawMatrix()) // [bij A] = B⊗A
	fmt.Println(mat.Formatted(dst))
	// Output:
	// ⎡ 1   2  10  20⎤
	// ⎣ 3   4  30  40⎦
}

// A sum of Kronecker products, I⊗A + B⊗I, built in place.
func ExampleKronAdd() {
	id := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	a := mat.NewDense(2, 2, []float64{0, 1, 1, 0})
	dst := mat.NewDense(4, 4, nil)
	kernels.KronAdd(dst.RawMatrix(), 1, id.RawMatrix(), a.RawMatrix())
	kernels.KronAdd(dst.RawMatrix(), 2, a.RawMatrix(), id.RawMatrix())
	fmt.Println(mat.Formatted(dst))
	// Output:
	// ⎡0  1  2  0⎤
	// ⎢1  0  0  2⎥
	// ⎢2  0  0  1⎥
	// ⎣0  2  1  0⎦
}
