package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/matkern/matkern/kernels"
)

func ExampleTranspose() {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	at := mat.NewDense(3, 2, nil)
	kernels.Transpose(at.RawMatrix(), a.RawMatrix())
	fmt.Println(mat.Formatted(at))
	// Output:
	// ⎡1  4⎤
	// ⎢2  5⎥
	// ⎣3  6⎦
}

// vec stacks columns; Unvec undoes it.
func ExampleVec() {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	v := make([]float64, 6)
	kernels.Vec(v, a.RawMatrix())
	fmt.Println(v)
	back := mat.NewDense(2, 3, nil)
	kernels.Unvec(back.RawMatrix(), v)
	fmt.Println(mat.Equal(a, back))
	// Output:
	// [1 4 2 5 3 6]
	// true
}
