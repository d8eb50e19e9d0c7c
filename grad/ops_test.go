package grad_test

import (
	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/view"
)

// facOps adapts LU, LU32, Cholesky and Cholesky32 to one generic shape for the tests.
type facOps[T view.Float] struct {
	factor func(x view.Matrix[T]) error
	logDet func() float64 // LogAbsDet or LogDet
	sign   func() float64 // +1 for Cholesky
	rcond  func() float64
	grad   func(dst view.Matrix[T], g T) error
	inv    func(dst view.Matrix[T]) error
	jvp    func(dx view.Matrix[T]) (T, error)
	jvps   func(dst []T, dirs view.Matrix[T]) error
}

func luOps[T view.Float]() facOps[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		f := new(grad.LU32)
		return any(facOps[float32]{
			factor: func(x view.Matrix[float32]) error { return f.Factorize(view.General32(x)) },
			logDet: f.LogAbsDet, sign: f.Sign, rcond: f.RCond,
			grad: func(d view.Matrix[float32], g float32) error { return f.Grad(view.General32(d), g) },
			inv:  func(d view.Matrix[float32]) error { return f.Inverse(view.General32(d)) },
			jvp:  func(d view.Matrix[float32]) (float32, error) { return f.JVP(view.General32(d)) },
			jvps: func(d []float32, m view.Matrix[float32]) error { return f.JVPs(d, view.General32(m)) },
		}).(facOps[T])
	}
	f := new(grad.LU)
	return any(facOps[float64]{
		factor: func(x view.Matrix[float64]) error { return f.Factorize(view.General64(x)) },
		logDet: f.LogAbsDet, sign: f.Sign, rcond: f.RCond,
		grad: func(d view.Matrix[float64], g float64) error { return f.Grad(view.General64(d), g) },
		inv:  func(d view.Matrix[float64]) error { return f.Inverse(view.General64(d)) },
		jvp:  func(d view.Matrix[float64]) (float64, error) { return f.JVP(view.General64(d)) },
		jvps: func(d []float64, m view.Matrix[float64]) error { return f.JVPs(d, view.General64(m)) },
	}).(facOps[T])
}

func cholOps[T view.Float]() facOps[T] { return cholOpsVia[T](false) }

// cholGradOps is cholOps with Factorize replaced by FactorizeGrad (into a scratch
// dst, ḡ = 1): the SPD inverse computed directly (blocked.SPDInverse) instead of from
// the Cholesky factor.
func cholGradOps[T view.Float]() facOps[T] { return cholOpsVia[T](true) }

func cholOpsVia[T view.Float](viaGrad bool) facOps[T] {
	var z T
	one := func() float64 { return 1 }
	if _, ok := any(z).(float32); ok {
		f := new(grad.Cholesky32)
		return any(facOps[float32]{
			factor: func(x view.Matrix[float32]) error {
				if viaGrad {
					return f.FactorizeGrad(view.General32(x), view.General32(view.Matrix[float32]{Rows: x.Rows, Cols: x.Rows, Stride: max(x.Rows, 1), Data: make([]float32, x.Rows*x.Rows)}), 1)
				}
				return f.Factorize(view.General32(x))
			},
			logDet: f.LogDet, sign: one, rcond: f.RCond,
			grad: func(d view.Matrix[float32], g float32) error { return f.Grad(view.General32(d), g) },
			inv:  func(d view.Matrix[float32]) error { return f.Inverse(view.General32(d)) },
			jvp:  func(d view.Matrix[float32]) (float32, error) { return f.JVP(view.General32(d)) },
			jvps: func(d []float32, m view.Matrix[float32]) error { return f.JVPs(d, view.General32(m)) },
		}).(facOps[T])
	}
	f := new(grad.Cholesky)
	return any(facOps[float64]{
		factor: func(x view.Matrix[float64]) error {
			if viaGrad {
				return f.FactorizeGrad(view.General64(x), view.General64(view.Matrix[float64]{Rows: x.Rows, Cols: x.Rows, Stride: max(x.Rows, 1), Data: make([]float64, x.Rows*x.Rows)}), 1)
			}
			return f.Factorize(view.General64(x))
		},
		logDet: f.LogDet, sign: one, rcond: f.RCond,
		grad: func(d view.Matrix[float64], g float64) error { return f.Grad(view.General64(d), g) },
		inv:  func(d view.Matrix[float64]) error { return f.Inverse(view.General64(d)) },
		jvp:  func(d view.Matrix[float64]) (float64, error) { return f.JVP(view.General64(d)) },
		jvps: func(d []float64, m view.Matrix[float64]) error { return f.JVPs(d, view.General64(m)) },
	}).(facOps[T])
}

// cast converts float64 data to T.
func cast[T view.Float](x []float64) []T {
	out := make([]T, len(x))
	for i, v := range x {
		out[i] = T(v)
	}
	return out
}

// mat returns the contiguous n×n view of x.
func matOf[T view.Float](x []T, n int) view.Matrix[T] {
	return view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: x}
}
