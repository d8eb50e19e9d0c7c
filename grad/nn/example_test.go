package nn_test

import (
	"bytes"
	"fmt"

	"github.com/matkern/matkern/grad/nn"
	"github.com/matkern/matkern/kernels"
)

// A 2–8–2 network learns XOR: four points, softmax cross-entropy, Adam.
func Example() {
	x := nn.Matrix[float64]{Rows: 4, Cols: 2, Stride: 2, Data: []float64{0, 0, 0, 1, 1, 0, 1, 1}}
	classes := []int{0, 1, 1, 0}
	m := nn.New[float64](nn.SoftmaxCrossEntropy, []int{2, 8, 2}, kernels.ActTanh, kernels.ActIdentity)
	m.Init(nn.InitXavier, 1)
	m.Optimizer = nn.NewAdam[float64](0.05)
	for range 300 {
		m.TrainStep(x, classes)
	}
	y := m.Forward(x) // logits, 4×2
	predicted := make([]int, y.Rows)
	for i := range y.Rows {
		if y.At(i, 1) > y.At(i, 0) {
			predicted[i] = 1
		}
	}
	fmt.Println(predicted)

	var file bytes.Buffer
	if err := m.Save(&file); err != nil {
		panic(err)
	}
	copyOf, err := nn.Read[float64](&file)
	fmt.Println(err, copyOf.Sizes())
	// Output:
	// [0 1 1 0]
	// <nil> [2 8 2]
}
