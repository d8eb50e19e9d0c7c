package grad_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/grad"
	"github.com/matkern/matkern/internal/testutil"
)

// quadratic returns f(x) = xᵀAx for an n×n A and its gradient (A + Aᵀ)x.
func quadratic[T grad.Float](a []T, n int) (f func([]T) float64, g func([]T) []T) {
	f = func(x []T) float64 {
		s := 0.0
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				s += float64(x[i]) * float64(a[i*n+j]) * float64(x[j])
			}
		}
		return s
	}
	g = func(x []T) []T {
		out := make([]T, n)
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += (float64(a[i*n+j]) + float64(a[j*n+i])) * float64(x[j])
			}
			out[i] = T(s)
		}
		return out
	}
	return f, g
}

func TestCheckAcceptsRightGradient(t *testing.T) {
	r := testutil.Rand(t)
	for _, n := range []int{1, 2, 7, 40} {
		a := testutil.Slice[float64](r, n*n)
		x := testutil.Slice[float64](r, n)
		f, g := quadratic(a, n)
		if _, err := grad.Check(f, x, g(x), grad.CheckOptions{}); err != nil {
			t.Errorf("n=%d float64: %v", n, err)
		}
		a32 := testutil.Slice[float32](r, n*n)
		x32 := testutil.Slice[float32](r, n)
		f32, g32 := quadratic(a32, n)
		if _, err := grad.Check(f32, x32, g32(x32), grad.CheckOptions{}); err != nil {
			t.Errorf("n=%d float32: %v", n, err)
		}
	}
}

func TestCheckRejectsWrongGradient(t *testing.T) {
	r := testutil.Rand(t)
	const n = 12
	a := testutil.Slice[float64](r, n*n)
	x := testutil.Slice[float64](r, n)
	f, g := quadratic(a, n)
	for name, bad := range map[string]func([]float64) []float64{
		"Ax instead of (A+Aᵀ)x": func(x []float64) []float64 {
			out := make([]float64, n)
			for i := range out {
				for j := 0; j < n; j++ {
					out[i] += a[i*n+j] * x[j]
				}
			}
			return out
		},
		"one entry off by 1e-3": func(x []float64) []float64 { v := g(x); v[n/2] += 1e-3; return v },
		"a NaN":                 func(x []float64) []float64 { v := g(x); v[0] = math.NaN(); return v },
		"transposed layout (a permutation)": func(x []float64) []float64 {
			v := g(x)
			v[0], v[1] = v[1], v[0]
			return v
		},
	} {
		if _, err := grad.Check(f, x, bad(x), grad.CheckOptions{}); !errors.Is(err, grad.ErrGradient) {
			t.Errorf("%s: Check returned %v, want ErrGradient", name, err)
		}
	}
	nanF := func([]float64) float64 { return math.NaN() }
	if _, err := grad.Check(nanF, x, g(x), grad.CheckOptions{}); !errors.Is(err, grad.ErrGradient) {
		t.Errorf("f returning NaN: Check returned %v, want ErrGradient", err)
	}
}

func TestCheckLeavesInputsAndFlatFunctions(t *testing.T) {
	r := testutil.Rand(t)
	x := testutil.Slice[float64](r, 5)
	g := make([]float64, 5)
	xs, gs := testutil.Snap(x), testutil.Snap(g)
	constant := func(y []float64) float64 {
		if &y[0] == &x[0] {
			t.Fatal("f was given x itself")
		}
		return 3
	}
	if _, err := grad.Check(constant, x, g, grad.CheckOptions{}); err != nil {
		t.Errorf("constant f, zero gradient: %v", err)
	}
	xs.Check(t, "x", x)
	gs.Check(t, "g", g)
	testutil.MustPanic(t, func() { grad.Check(constant, x, g[:4], grad.CheckOptions{}) }, "grad.Check", "len(g) = 4")
}

// ExampleCheck checks the gradient of f(X) = Σ log(1 + Xᵢⱼ²), ∂f/∂X = 2X/(1+X²), for a 2×2 X.
func ExampleCheck() {
	x := []float64{0.5, -1, 2, 0.25} // row-major 2×2
	f := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += math.Log1p(v * v)
		}
		return s
	}
	g := make([]float64, len(x))
	for i, v := range x {
		g[i] = 2 * v / (1 + v*v)
	}
	_, err := grad.Check(f, x, g, grad.CheckOptions{})
	fmt.Println("gradient ok:", err == nil)
	g[3] *= 1.01 // a 1% error in one entry
	_, err = grad.Check(f, x, g, grad.CheckOptions{})
	fmt.Println("gradient ok:", err == nil)
	// Output:
	// gradient ok: true
	// gradient ok: false
}
