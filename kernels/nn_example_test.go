package kernels_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/kernels"
)

// A dense layer's epilogue and its backward step: Z = X·W (by GEMM) + b, Y = ReLU(Z);
// then, from the upstream gradient G = ∂L/∂Y, δ = G ⊙ ReLU′ and the bias gradient Σᵢ δ.
func ExampleBiasAct() {
	z := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{1, -2, 3, -4, 5, -6}} // X·W
	b := []float64{0.5, 0.5, 0.5}
	y := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: make([]float64, 6)}
	kernels.BiasAct(y, z, b, kernels.ActReLU) // z += b, y = ReLU(z)
	fmt.Println(z.Data, y.Data)

	g := blas64.General{Rows: 2, Cols: 3, Stride: 3, Data: []float64{1, 1, 1, 2, 2, 2}}
	kernels.ActVJP(g, blas64.General{}, y, g, kernels.ActReLU) // δ = g ⊙ [y > 0], in place
	db := make([]float64, 3)
	kernels.ColSums(db, g, 0)
	fmt.Println(g.Data, db)
	// Output:
	// [1.5 -1.5 3.5 -3.5 5.5 -5.5] [1.5 0 3.5 0 5.5 0]
	// [1 0 1 0 2 0] [1 2 1]
}

// Two Adam steps on f(w) = ½‖w‖², whose gradient is w: the first step moves each weight
// by lr against the sign of its gradient, the second by a little less.
func ExampleAdam() {
	w := []float64{1, -2}
	m, v, g := make([]float64, 2), make([]float64, 2), make([]float64, 2)
	p := kernels.AdamParams{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	for step := 1; step <= 2; step++ {
		copy(g, w) // ∇f(w) = w
		p.Step = step
		kernels.Adam(w, m, v, g, p)
		fmt.Printf("%.4f\n", w)
	}
	// Output:
	// [0.9000 -1.9000]
	// [0.8004 -1.8002]
}

func ExampleSGD() {
	w, vel := []float64{1}, []float64{0}
	for range 3 {
		g := []float64{1} // a constant gradient
		kernels.SGD(w, vel, g, kernels.SGDParams{LR: 0.1, Momentum: 0.5})
		fmt.Printf("w = %.3f vel = %.3f\n", w[0], vel[0])
	}
	// Output:
	// w = 0.900 vel = 1.000
	// w = 0.750 vel = 1.500
	// w = 0.575 vel = 1.750
}

// The activations of a layer, elementwise on a slice (dst may be x itself).
func ExampleTanh() {
	x := []float64{-2, -0.5, 0, 1}
	y := make([]float64, len(x))
	kernels.Tanh(y, x)
	fmt.Printf("%.4f\n", y)
	// Output:
	// [-0.9640 -0.4621 0.0000 0.7616]
}

func ExampleReLU() {
	x := []float64{-1.5, math.Copysign(0, -1), 0.25, 3}
	kernels.ReLU(x, x) // in place
	fmt.Println(x)
	// Output:
	// [0 -0 0.25 3]
}

// GELU in its tanh form, 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
func ExampleGELU() {
	x := []float64{-3, -1, 0, 1, 2}
	y := make([]float64, len(x))
	kernels.GELU(y, x)
	fmt.Printf("%.4f\n", y)
	// Output:
	// [-0.0036 -0.1588 0.0000 0.8412 1.9546]
}
