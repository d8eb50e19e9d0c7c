package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/kernels"
)

func ExampleHadamard() {
	a := []float64{1, 2, 3, 4}
	b := []float64{10, 20, 30, 40}
	dst := make([]float64, 4)
	kernels.Hadamard(dst, a, b)
	fmt.Println(dst)
	// Output: [10 40 90 160]
}

// The backpropagation step δ = f'(z) ⊙ g accumulated into an existing gradient.
func ExampleHadamardAdd() {
	grad := []float64{1, 1, 1}
	fprime := []float64{0.5, 0, 2}
	g := []float64{2, 7, -1}
	kernels.HadamardAdd(grad, fprime, g)
	fmt.Println(grad)
	// Output: [2 1 -1]
}

func ExampleHadamardMat() {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(2, 2, []float64{5, 6, 7, 8})
	c := mat.NewDense(2, 2, nil)
	kernels.HadamardMat(c.RawMatrix(), a.RawMatrix(), b.RawMatrix())
	fmt.Println(mat.Formatted(c))
	// Output:
	// ⎡ 5  12⎤
	// ⎣21  32⎦
}

func ExampleAxpy() {
	y := []float64{1, 2, 3}
	kernels.Axpy(y, 2, []float64{10, 20, 30})
	fmt.Println(y)
	// Output: [21 42 63]
}
