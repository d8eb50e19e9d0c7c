package kernels_test

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/matkern/matkern/internal/testutil"
	"github.com/matkern/matkern/kernels"
)

func TestJacobiansRefuseOverlap(t *testing.T) {
	d := blas64.General{Rows: 2, Cols: 2, Stride: 2, Data: []float64{0.25, 0.75, 0, 0}}
	testutil.MustPanic(t, func() { kernels.SoftmaxJacobian(d, d.Data[:2]) }, "kernels.SoftmaxJacobian: dst and s share memory")
	testutil.MustPanic(t, func() { kernels.SigmoidJacobian(d, d.Data[2:]) }, "kernels.SigmoidJacobian: dst and s share memory")
}
