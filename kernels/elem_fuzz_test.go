package kernels

import (
	bin "encoding/binary"
	"math"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Fuzz targets: each decodes arbitrary bytes into shapes and values (any bit pattern,
// so NaNs, infinities and subnormals occur), runs the kernel at every available level
// and compares the result with the generic level's, bit for bit (NaN matching NaN).
// Run one with, for example, go test ./kernels -run '^$' -fuzz FuzzHadamard -fuzztime 30s.

// floatsFrom decodes data into n float64 values (zeros once data runs out).
func floatsFrom(data []byte, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		if len(data) >= 8 {
			out[i] = math.Float64frombits(bin.LittleEndian.Uint64(data))
			data = data[8:]
		} else if len(data) > 0 {
			out[i] = float64(int8(data[0])) / 4
			data = data[1:]
		}
	}
	return out
}

func to32(s []float64) []float32 {
	out := make([]float32, len(s))
	for i, v := range s {
		out[i] = float32(v)
	}
	return out
}

// atLevels runs f at every available level, returning each level's output.
func atLevels[T view.Float](t *testing.T, f func() []T) [][]T {
	return actEachLevel(t, func(dispatch.Level) []T { return f() })
}

func agree[T view.Float](t *testing.T, name string, outs [][]T) {
	t.Helper()
	for k := 1; k < len(outs); k++ {
		sameVals(t, name+" at "+dispatch.Available()[k].String()+" vs generic", outs[k], outs[0])
	}
}

func fuzzSeeds(f *testing.F) {
	f.Add(uint8(0), uint8(5), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint8(3), uint8(37), []byte("\x00\x00\x00\x00\x00\x00\xf0\x7f some more bytes to spread around"))
	f.Add(uint8(7), uint8(200), make([]byte, 64))
}

func fuzzBinary(f *testing.F, name string, f64 func(d, a, b []float64), f32 func(d, a, b []float32)) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, off, n uint8, data []byte) {
		k := int(n)
		v := floatsFrom(data, 3*k+8)
		o := int(off % 8)
		agree(t, name, atLevels(t, func() []float64 {
			d := append([]float64(nil), v[2*k:]...)[o : o+k]
			f64(d, v[:k], v[k:2*k])
			return d
		}))
		w := to32(v)
		agree(t, name+"32", atLevels(t, func() []float32 {
			d := append([]float32(nil), w[2*k:]...)[o : o+k]
			f32(d, w[:k], w[k:2*k])
			return d
		}))
	})
}

func FuzzHadamard(f *testing.F)    { fuzzBinary(f, "Hadamard", Hadamard, Hadamard32) }
func FuzzHadamardAdd(f *testing.F) { fuzzBinary(f, "HadamardAdd", HadamardAdd, HadamardAdd32) }
func FuzzAdd(f *testing.F)         { fuzzBinary(f, "Add", Add, Add32) }
func FuzzSub(f *testing.F)         { fuzzBinary(f, "Sub", Sub, Sub32) }

func fuzzScalar(f *testing.F, name string, f64 func(d []float64, al float64, x []float64), f32 func(d []float32, al float32, x []float32)) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, off, n uint8, data []byte) {
		k := int(n)
		v := floatsFrom(data, 2*k+9)
		o := int(off % 8)
		alpha := v[2*k+8]
		agree(t, name, atLevels(t, func() []float64 {
			d := append([]float64(nil), v[k:2*k+8]...)[o : o+k]
			f64(d, alpha, v[:k])
			return d
		}))
		w := to32(v)
		agree(t, name+"32", atLevels(t, func() []float32 {
			d := append([]float32(nil), w[k:2*k+8]...)[o : o+k]
			f32(d, float32(alpha), w[:k])
			return d
		}))
	})
}

func FuzzScale(f *testing.F) { fuzzScalar(f, "Scale", Scale, Scale32) }
func FuzzAxpy(f *testing.F)  { fuzzScalar(f, "Axpy", Axpy, Axpy32) }

// FuzzKron covers Kron, KronLeft and KronAdd on shapes up to 7×7 ⊗ 7×31.
func FuzzKron(f *testing.F) {
	f.Add(uint16(0x1234), []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add(uint16(0xffff), []byte("\x00\x00\x00\x00\x00\x00\xf0\x7f\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, shape uint16, data []byte) {
		m, n, p, q := int(shape&7), int(shape>>3&7), int(shape>>6&7), int(shape>>9&31)
		v := floatsFrom(data, m*n+p*q+1)
		a := view.Matrix[float64]{Rows: m, Cols: n, Stride: max(n, 1), Data: v[:m*n]}
		b := view.Matrix[float64]{Rows: p, Cols: q, Stride: max(q, 1), Data: v[m*n : m*n+p*q]}
		g := view.General64
		for _, op := range []string{"Kron", "KronLeft", "KronAdd"} {
			agree(t, op, atLevels(t, func() []float64 {
				d := view.Matrix[float64]{Rows: m * p, Cols: n * q, Stride: max(n*q, 1), Data: make([]float64, m*p*max(n*q, 1))}
				for i := range d.Data {
					d.Data[i] = float64(i%5) - 2
				}
				switch op {
				case "Kron":
					Kron(g(d), g(a), g(b))
				case "KronLeft":
					KronLeft(g(d), g(b), g(a))
				default:
					KronAdd(g(d), v[len(v)-1], g(a), g(b))
				}
				return d.Data
			}))
		}
		w := to32(v)
		a32 := view.Matrix[float32]{Rows: m, Cols: n, Stride: max(n, 1), Data: w[:m*n]}
		b32 := view.Matrix[float32]{Rows: p, Cols: q, Stride: max(q, 1), Data: w[m*n : m*n+p*q]}
		agree(t, "KronAdd32", atLevels(t, func() []float32 {
			d := view.Matrix[float32]{Rows: m * p, Cols: n * q, Stride: max(n*q, 1), Data: make([]float32, m*p*max(n*q, 1))}
			KronAdd32(view.General32(d), w[len(w)-1], view.General32(a32), view.General32(b32))
			return d.Data
		}))
	})
}

// FuzzTranspose covers Transpose and Transpose32 on shapes up to 63×63 with strides.
func FuzzTranspose(f *testing.F) {
	f.Add(uint8(9), uint8(17), uint8(3), []byte{1, 2, 3})
	f.Add(uint8(64), uint8(8), uint8(0), []byte("transpose me"))
	f.Fuzz(func(t *testing.T, rows, cols, pad uint8, data []byte) {
		m, n, s := int(rows%64), int(cols%64), int(pad%4)
		v := floatsFrom(data, m*(n+s))
		a := view.Matrix[float64]{Rows: m, Cols: n, Stride: n + s, Data: v}
		if a.Stride == 0 {
			a.Stride = 1
		}
		if len(a.Data) < m*a.Stride {
			a.Data = append(a.Data, make([]float64, m*a.Stride-len(a.Data))...)
		}
		agree(t, "Transpose", atLevels(t, func() []float64 {
			d := view.Matrix[float64]{Rows: n, Cols: m, Stride: max(m, 1), Data: make([]float64, n*max(m, 1))}
			Transpose(view.General64(d), view.General64(a))
			return d.Data
		}))
		w := to32(a.Data)
		a32 := view.Matrix[float32]{Rows: m, Cols: n, Stride: a.Stride, Data: w}
		agree(t, "Transpose32", atLevels(t, func() []float32 {
			d := view.Matrix[float32]{Rows: n, Cols: m, Stride: max(m, 1), Data: make([]float32, n*max(m, 1))}
			Transpose32(view.General32(d), view.General32(a32))
			return d.Data
		}))
	})
}
