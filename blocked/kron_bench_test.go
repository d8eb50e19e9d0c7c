package blocked

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/tune"
	"github.com/matkern/matkern/internal/view"
)

// BenchmarkKron times the Kronecker driver on the shapes with plain and with
// non-temporal stores, for tuning tune.KronNTMinBytes (the suite is in package bench), next
// to the non-temporal fill of the same output (the write ceiling).
func BenchmarkKron(b *testing.B) {
	defer SetThreads(SetThreads(1)) // one core, like the fill it is compared with
	for _, s := range [][4]int{{64, 64, 64, 64}, {8, 8, 256, 256}, {200, 200, 20, 20}, {512, 512, 8, 8}} {
		m, n, p, q := s[0], s[1], s[2], s[3]
		a, bb, d := kronBenchOperands(m, n, p, q)
		b.Run(fmt.Sprintf("%dx%d(x)%dx%d/fillNT", m, n, p, q), func(b *testing.B) {
			fill := dispatch.Current().Probe.FillNT // the write ceiling's probe, for comparison
			b.SetBytes(int64(8 * len(d.Data)))
			for b.Loop() {
				fill(d.Data, 1)
			}
		})
		for _, nt := range []bool{false, true} {
			b.Run(fmt.Sprintf("%dx%d(x)%dx%d/nt=%v", m, n, p, q, nt), func(b *testing.B) {
				saved := tune.KronNTMinBytes
				defer func() { tune.KronNTMinBytes = saved }()
				tune.KronNTMinBytes = math.MaxInt
				if nt {
					tune.KronNTMinBytes = 0
				}
				b.SetBytes(int64(8 * len(d.Data)))
				for b.Loop() {
					Kron(d, a, bb, 1, false)
				}
			})
		}
	}
}

// BenchmarkKronVsFill times the non-temporal Kronecker driver and the non-temporal fill
// of the same output alternately (on a shared, noisy machine a rate measured minutes
// apart from its ceiling says little) and reports the median over pairs of the
// Kronecker rate as a fraction of the fill rate ("of-fill"), with its quartiles.
func BenchmarkKronVsFill(b *testing.B) {
	defer SetThreads(SetThreads(1)) // one core, like the fill
	for _, s := range [][4]int{{64, 64, 64, 64}, {8, 8, 256, 256}, {200, 200, 20, 20}, {512, 512, 8, 8}, {200, 200, 20, 12}} {
		m, n, p, q := s[0], s[1], s[2], s[3]
		a, bb, d := kronBenchOperands(m, n, p, q)
		fill := dispatch.Current().Probe.FillNT
		fill(d.Data, 1)
		b.Run(fmt.Sprintf("%dx%d(x)%dx%d", m, n, p, q), func(b *testing.B) {
			saved := tune.KronNTMinBytes
			defer func() { tune.KronNTMinBytes = saved }()
			tune.KronNTMinBytes = 0
			since := func(f func()) float64 { t0 := time.Now(); f(); return float64(time.Since(t0)) }
			var r []float64
			b.SetBytes(int64(8 * len(d.Data)))
			for b.Loop() {
				tf := since(func() { fill(d.Data, 1) })
				r = append(r, tf/since(func() { Kron(d, a, bb, 1, false) }))
			}
			slices.Sort(r)
			b.ReportMetric(r[len(r)/2], "of-fill")
			b.ReportMetric(r[len(r)/4], "of-fill-q1")
			b.ReportMetric(r[3*len(r)/4], "of-fill-q3")
		})
	}
}

// kronBenchOperands returns A (m×n), B (p×q) filled with small integers and a zero dst.
func kronBenchOperands(m, n, p, q int) (a, b, d view.Matrix[float64]) {
	a = view.Matrix[float64]{Rows: m, Cols: n, Stride: n, Data: make([]float64, m*n)}
	b = view.Matrix[float64]{Rows: p, Cols: q, Stride: q, Data: make([]float64, p*q)}
	for i := range a.Data {
		a.Data[i] = float64(i % 7)
	}
	for i := range b.Data {
		b.Data[i] = float64(i % 5)
	}
	d = view.Matrix[float64]{Rows: m * p, Cols: n * q, Stride: n * q, Data: make([]float64, m*n*p*q)}
	return a, b, d
}
