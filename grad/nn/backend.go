package nn

import (
	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// backend is the table of library calls the network makes, in one precision: every
// arithmetic loop of a training step is one of these kernels or a GEMM. The two tables
// are built once; backendOf picks one by T without allocating.
type backend[T Float] struct {
	gemm    func(tA, tB blas.Transpose, alpha T, a, b Matrix[T], beta T, c Matrix[T])
	biasAct func(y, z Matrix[T], b []T, act kernels.Activation)
	actVJP  func(dst, z, y, g Matrix[T], act kernels.Activation)
	colSums func(dst []T, a Matrix[T], beta T)
	ce      func(g, x Matrix[T], classes []int) float64
	subMat  func(dst, a, b Matrix[T])
	scale   func(dst []T, alpha T, x []T)
	sgd     func(w, vel, g []T, p kernels.SGDParams)
	adam    func(w, m, v, g []T, p kernels.AdamParams)
}

var be64 = backend[float64]{
	gemm: func(tA, tB blas.Transpose, alpha float64, a, b Matrix[float64], beta float64, c Matrix[float64]) {
		blocked.Gemm(tA, tB, alpha, view.General64(a), view.General64(b), beta, view.General64(c))
	},
	biasAct: func(y, z Matrix[float64], b []float64, act kernels.Activation) {
		kernels.BiasAct(view.General64(y), view.General64(z), b, act)
	},
	actVJP: func(dst, z, y, g Matrix[float64], act kernels.Activation) {
		kernels.ActVJP(view.General64(dst), view.General64(z), view.General64(y), view.General64(g), act)
	},
	colSums: func(dst []float64, a Matrix[float64], beta float64) {
		kernels.ColSums(dst, view.General64(a), beta)
	},
	ce: func(g, x Matrix[float64], classes []int) float64 {
		return kernels.SoftmaxCrossEntropy(view.General64(g), view.General64(x), classes, kernels.Mean)
	},
	subMat: func(dst, a, b Matrix[float64]) {
		kernels.SubMat(view.General64(dst), view.General64(a), view.General64(b))
	},
	scale: kernels.Scale,
	sgd:   kernels.SGD,
	adam:  kernels.Adam,
}

var be32 = backend[float32]{
	gemm: func(tA, tB blas.Transpose, alpha float32, a, b Matrix[float32], beta float32, c Matrix[float32]) {
		blocked.Gemm32(tA, tB, alpha, view.General32(a), view.General32(b), beta, view.General32(c))
	},
	biasAct: func(y, z Matrix[float32], b []float32, act kernels.Activation) {
		kernels.BiasAct32(view.General32(y), view.General32(z), b, act)
	},
	actVJP: func(dst, z, y, g Matrix[float32], act kernels.Activation) {
		kernels.ActVJP32(view.General32(dst), view.General32(z), view.General32(y), view.General32(g), act)
	},
	colSums: func(dst []float32, a Matrix[float32], beta float32) {
		kernels.ColSums32(dst, view.General32(a), beta)
	},
	ce: func(g, x Matrix[float32], classes []int) float64 {
		return kernels.SoftmaxCrossEntropy32(view.General32(g), view.General32(x), classes, kernels.Mean)
	},
	subMat: func(dst, a, b Matrix[float32]) {
		kernels.SubMat32(view.General32(dst), view.General32(a), view.General32(b))
	},
	scale: kernels.Scale32,
	sgd:   kernels.SGD32,
	adam:  kernels.Adam32,
}

// backendOf returns the table for T.
func backendOf[T Float]() *backend[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&be32).(*backend[T])
	}
	return any(&be64).(*backend[T])
}

// is32 reports whether T is float32.
func is32[T Float]() bool {
	var z T
	_, ok := any(z).(float32)
	return ok
}
