package blocked

import (
	"fmt"
	"math"
	"testing"

	"github.com/matkern/matkern/internal/view"
)

// BenchmarkKron times the Kronecker driver on the shapes with plain and with
// non-temporal stores, for tuning KronNTMinBytes (the suite is in package bench).
func BenchmarkKron(b *testing.B) {
	for _, s := range [][4]int{{64, 64, 64, 64}, {8, 8, 256, 256}, {200, 200, 20, 20}, {512, 512, 8, 8}} {
		m, n, p, q := s[0], s[1], s[2], s[3]
		a := view.Matrix[float64]{Rows: m, Cols: n, Stride: n, Data: make([]float64, m*n)}
		bb := view.Matrix[float64]{Rows: p, Cols: q, Stride: q, Data: make([]float64, p*q)}
		for i := range a.Data {
			a.Data[i] = float64(i % 7)
		}
		for i := range bb.Data {
			bb.Data[i] = float64(i % 5)
		}
		d := view.Matrix[float64]{Rows: m * p, Cols: n * q, Stride: n * q, Data: make([]float64, m*n*p*q)}
		for _, nt := range []bool{false, true} {
			b.Run(fmt.Sprintf("%dx%d(x)%dx%d/nt=%v", m, n, p, q, nt), func(b *testing.B) {
				saved := KronNTMinBytes
				defer func() { KronNTMinBytes = saved }()
				KronNTMinBytes = math.MaxInt
				if nt {
					KronNTMinBytes = 0
				}
				b.SetBytes(int64(8 * len(d.Data)))
				for b.Loop() {
					Kron(d, a, bb, 1, false)
				}
			})
		}
	}
}
