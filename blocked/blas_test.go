package blocked

import (
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/testblas"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
)

// sgemmAsDgemm runs gonum's Dgemm test cases through Sgemm: the cases' values (small
// integers and halves) are exact in float32, and so are their products.
type sgemmAsDgemm struct{ Implementation }

func (s sgemmAsDgemm) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	f32 := func(x []float64) []float32 {
		y := make([]float32, len(x))
		for i, v := range x {
			y[i] = float32(v)
		}
		return y
	}
	c32 := f32(c)
	s.Sgemm(tA, tB, m, n, k, float32(alpha), f32(a), lda, f32(b), ldb, float32(beta), c32, ldc)
	for i, v := range c32 {
		c[i] = float64(v)
	}
}

func TestTestblas(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, Implementation{}) })
		t.Run("Sgemm", func(t *testing.T) { testblas.TestDgemm(t, sgemmAsDgemm{}) })
	})
}

// TestTestlapack runs gonum's native LAPACK on top of the drop-in BLAS: its blocked LU
// and Cholesky do their trailing updates with Dgemm.
func TestTestlapack(t *testing.T) {
	prev64, prev32 := blas64.Implementation(), blas32.Implementation()
	blas64.Use(Implementation{})
	blas32.Use(Implementation{})
	defer func() {
		blas64.Use(prev64)
		blas32.Use(prev32)
	}()
	testutil.ForEachLevel(t, func(t *testing.T, l dispatch.Level) {
		t.Run("Dgetrf", func(t *testing.T) { testlapack.DgetrfTest(t, lapackgonum.Implementation{}) })
		t.Run("Dpotrf", func(t *testing.T) { testlapack.DpotrfTest(t, lapackgonum.Implementation{}) })
	})
}

// TestDgemmArgs checks that bad arguments panic with gonum's own messages and that
// quick returns behave as gonum's.
func TestDgemmArgs(t *testing.T) {
	var impl Implementation
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"lda", func() {
			impl.Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 1, make([]float64, 6), 2, make([]float64, 6), 2, 0, make([]float64, 4), 2)
		}},
		{"shortC", func() {
			impl.Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 2, 1, make([]float64, 4), 2, make([]float64, 4), 2, 0, make([]float64, 3), 2)
		}},
		{"m<0", func() { impl.Sgemm(blas.NoTrans, blas.NoTrans, -1, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) }},
	} {
		var mine, theirs any
		func() { defer func() { mine = recover() }(); c.f() }()
		func() {
			defer func() { theirs = recover() }()
			switch c.name {
			case "lda":
				impl.Implementation.Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 1, make([]float64, 6), 2, make([]float64, 6), 2, 0, make([]float64, 4), 2)
			case "shortC":
				impl.Implementation.Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 2, 1, make([]float64, 4), 2, make([]float64, 4), 2, 0, make([]float64, 3), 2)
			case "m<0":
				impl.Implementation.Sgemm(blas.NoTrans, blas.NoTrans, -1, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2)
			}
		}()
		if mine == nil || mine != theirs {
			t.Errorf("%s: panic %v, gonum panics %v", c.name, mine, theirs)
		}
	}
}
