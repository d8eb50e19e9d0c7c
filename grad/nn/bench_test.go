package nn

import (
	"testing"

	"github.com/matkern/matkern/kernels"
)

// BenchmarkTrainStep times one TrainStep of 784–512–256–10 (ReLU, cross-entropy, Adam)
// on a batch of 256, on blocked.Threads() cores; the comparison suite (bench, ops
// mlp-step-f32/f64) times it against its GEMMs alone and unfused forms.
func BenchmarkTrainStep(b *testing.B) {
	b.Run("f32", benchStep[float32])
	b.Run("f64", benchStep[float64])
}

func benchStep[T Float](b *testing.B) {
	m := New[T](SoftmaxCrossEntropy, []int{784, 512, 256, 10}, kernels.ActReLU, kernels.ActReLU, kernels.ActIdentity)
	m.Optimizer = NewAdam[T](1e-3)
	x := randMatrix[T](256, 784, 0, 1)
	c := randClasses(256, 10, 2)
	m.TrainStep(x, c)
	flops := 6.0 * 256 * (784*512 + 512*256 + 256*10)
	b.ReportAllocs()
	for b.Loop() {
		m.TrainStep(x, c)
	}
	b.ReportMetric(flops*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "GFLOP/s")
}
