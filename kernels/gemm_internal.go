package kernels

import (
	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
)

// gemm is blocked.Gemm or blocked.Gemm32 on views: C = α·op(A)·op(B) + β·C.
func gemm[T view.Float](tA, tB bool, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T]) {
	switch al := any(alpha).(type) {
	case float64:
		blocked.Gemm(transOf(tA), transOf(tB), al, view.General64(any(a).(view.Matrix[float64])),
			view.General64(any(b).(view.Matrix[float64])), any(beta).(float64), view.General64(any(c).(view.Matrix[float64])))
	case float32:
		blocked.Gemm32(transOf(tA), transOf(tB), al, view.General32(any(a).(view.Matrix[float32])),
			view.General32(any(b).(view.Matrix[float32])), any(beta).(float32), view.General32(any(c).(view.Matrix[float32])))
	}
}

func transOf(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}
