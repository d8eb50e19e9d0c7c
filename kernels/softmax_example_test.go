package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/kernels"
)

func ExampleExp() {
	x := []float64{0, 1, -1000, 710}
	kernels.Exp(x, x)
	fmt.Println(x)
	// Output: [1 2.718281828459045 0 +Inf]
}

func ExampleSigmoid() {
	x := []float64{0, 2, -2}
	s := make([]float64, len(x))
	kernels.Sigmoid(s, x)
	g := make([]float64, len(x))
	kernels.SigmoidJVP(g, s, []float64{1, 1, 1}) // σ'(x)
	fmt.Printf("%.4f\n%.4f\n", s, g)
	// Output:
	// [0.5000 0.8808 0.1192]
	// [0.2500 0.1050 0.1050]
}

func ExampleSoftmax() {
	x := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{1, 2, 3, 1000, 1000, -1000}}
	s := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	kernels.Softmax(s, x)
	fmt.Printf("%.4f\n", s.Data)
	// Output: [0.0900 0.2447 0.6652 0.5000 0.5000 0.0000]
}

func ExampleSoftmaxCrossEntropy() {
	x := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{2, 0, 0, 0, 0, 0}}
	grad := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	loss := kernels.SoftmaxCrossEntropy(grad, x, []int{0, 2}, kernels.Mean)
	fmt.Printf("loss %.4f\ngrad %.4f\n", loss, grad.Data)
	// Output:
	// loss 0.6691
	// grad [-0.1065 0.0533 0.0533 0.1667 0.1667 -0.3333]
}
