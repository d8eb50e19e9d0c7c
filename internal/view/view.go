// Package view is matkern's one matrix layout, shared by every layer: row-major with a
// stride, exactly gonum's blas64.General and blas32.General, which the public API takes
// and returns. Matrix is the generic form the implementation works on; converting
// between them copies no data. The shape checks here produce every shape panic message.
package view

import (
	"fmt"
	"math"
	"math/bits"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Float is the element type of every matkern kernel.
type Float interface{ ~float32 | ~float64 }

// Matrix is a Rows×Cols view of Data: element (i, j) is Data[i*Stride+j]. Its fields
// are gonum's blas64.General, in the same order, so that F64 and General64 are plain
// type conversions: building the view field by field made the compiler copy each
// argument through the stack, 16 bytes at a time over 8-byte spills (stalled store
// forwarding), about 5 ns a matrix in a small product's call. (blas32.General orders
// its fields differently, so F32 and General32 still copy field by field.)
type Matrix[T Float] struct {
	Rows, Cols int
	Data       []T
	Stride     int
}

// F64 views a gonum float64 matrix without copying.
func F64(g blas64.General) Matrix[float64] { return Matrix[float64](g) }

// F32 views a gonum float32 matrix without copying.
func F32(g blas32.General) Matrix[float32] {
	return Matrix[float32]{Rows: g.Rows, Cols: g.Cols, Stride: g.Stride, Data: g.Data}
}

// General64 returns m as a gonum float64 matrix without copying.
func General64(m Matrix[float64]) blas64.General { return blas64.General(m) }

// General32 returns m as a gonum float32 matrix without copying.
func General32(m Matrix[float32]) blas32.General {
	return blas32.General{Rows: m.Rows, Cols: m.Cols, Stride: m.Stride, Data: m.Data}
}

// Row returns row i, Cols elements long.
func (m Matrix[T]) Row(i int) []T { return m.Data[i*m.Stride : i*m.Stride+m.Cols] }

// At returns element (i, j).
func (m Matrix[T]) At(i, j int) T { return m.Data[i*m.Stride+j] }

// Set sets element (i, j) to v.
func (m Matrix[T]) Set(i, j int, v T) { m.Data[i*m.Stride+j] = v }

// Shape formats the shape as "r×c".
func (m Matrix[T]) Shape() string { return fmt.Sprintf("%d×%d", m.Rows, m.Cols) }

// Contiguous reports whether the rows follow each other with no gap, so that the
// matrix is one flat slice of Rows*Cols elements.
func (m Matrix[T]) Contiguous() bool { return m.Stride == m.Cols || m.Rows <= 1 }

// Span returns the part of Data the matrix covers: from element (0, 0) to element
// (Rows-1, Cols-1) inclusive; empty for an empty matrix.
func (m Matrix[T]) Span() []T {
	if m.Rows == 0 || m.Cols == 0 {
		return m.Data[:0]
	}
	return m.Data[:(m.Rows-1)*m.Stride+m.Cols]
}

// Check panics, naming the function fn and the argument arg, unless m is a valid view:
// non-negative dimensions, Stride ≥ max(1, Cols), and Data long enough for every element.
func Check[T Float](fn, arg string, m Matrix[T]) {
	switch {
	case m.Rows < 0 || m.Cols < 0:
		panic(fmt.Sprintf("%s: %s has negative shape %s", fn, arg, m.Shape()))
	case m.Stride < 1 || m.Stride < m.Cols:
		panic(fmt.Sprintf("%s: %s (%s) has stride %d, want at least max(1, cols)", fn, arg, m.Shape(), m.Stride))
	case m.Rows > 0 && m.Cols > 0 && !fits(m.Rows, m.Stride, m.Cols, len(m.Data)):
		panic(fmt.Sprintf("%s: %s (%s, stride %d) needs (rows−1)·stride+cols elements, has %d",
			fn, arg, m.Shape(), m.Stride, len(m.Data)))
	}
}

// fits reports whether (rows−1)·stride + cols ≤ n, computed without overflow (a huge
// stride must not wrap around to a small extent).
func fits(rows, stride, cols, n int) bool {
	hi, lo := bits.Mul64(uint64(rows-1), uint64(stride))
	return hi == 0 && lo <= uint64(n) && uint64(cols) <= uint64(n)-lo
}

// Mul returns a·b for non-negative a and b, and false if the product overflows an int
// (the extents of a result, such as the rows of a Kronecker product, are checked with it
// so that they cannot wrap around to a small number).
func Mul(a, b int) (int, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt {
		return 0, false
	}
	return int(lo), true
}

// TooLarge panics, naming fn, because the extent what = a·b overflows an int; what says
// which extent and of what shapes, such as "the rows of dst for a 4×0 and b 5×0".
func TooLarge(fn, what string, a, b int) {
	panic(fmt.Sprintf("%s: %s, %d·%d, overflow an int", fn, what, a, b))
}

// Dims panics, naming fn and arg, unless m is a valid view of shape rows×cols.
func Dims[T Float](fn, arg string, m Matrix[T], rows, cols int) {
	Check(fn, arg, m)
	if m.Rows != rows || m.Cols != cols {
		panic(fmt.Sprintf("%s: %s is %s, want %d×%d", fn, arg, m.Shape(), rows, cols))
	}
}

// SameShape panics, naming fn and both arguments, unless a and b are valid views of one shape.
func SameShape[T Float](fn, an string, a Matrix[T], bn string, b Matrix[T]) {
	Check(fn, an, a)
	Check(fn, bn, b)
	if a.Rows != b.Rows || a.Cols != b.Cols {
		panic(fmt.Sprintf("%s: shapes differ: %s is %s, %s is %s", fn, an, a.Shape(), bn, b.Shape()))
	}
}

// SameLen panics, naming fn and both arguments, unless len(a) == len(b).
func SameLen[T Float](fn, an string, a []T, bn string, b []T) {
	if len(a) != len(b) {
		panic(fmt.Sprintf("%s: lengths differ: len(%s) = %d, len(%s) = %d", fn, an, len(a), bn, len(b)))
	}
}

// Overlap tells how two slices share memory: exact when they start at the same element
// and have the same length, partial when they share any element otherwise.
func Overlap[T Float](a, b []T) (exact, partial bool) {
	if len(a) == 0 || len(b) == 0 {
		return false, false
	}
	size := uintptr(SizeOf[T]())
	a0, b0 := uintptr(unsafe.Pointer(&a[0])), uintptr(unsafe.Pointer(&b[0]))
	a1, b1 := a0+uintptr(len(a))*size, b0+uintptr(len(b))*size
	if a0 == b0 && len(a) == len(b) {
		return true, false
	}
	return false, a0 < b1 && b0 < a1
}

// NoPartialOverlap panics, naming fn and both arguments, if out and in share memory
// without being exactly the same slice. Exact aliasing is allowed: elementwise kernels
// read each element before they write it.
func NoPartialOverlap[T Float](fn, outName string, out []T, inName string, in []T) {
	if _, partial := Overlap(out, in); partial {
		panic(fmt.Sprintf("%s: %s and %s overlap partially (only exact aliasing is allowed)", fn, outName, inName))
	}
}

// NoOverlap panics, naming fn and both arguments, if out and in share any memory, even
// exactly: for kernels that cannot work in place.
func NoOverlap[T Float](fn, outName string, out []T, inName string, in []T) {
	if exact, partial := Overlap(out, in); exact || partial {
		panic(fmt.Sprintf("%s: %s and %s share memory (the output must not overlap this input)", fn, outName, inName))
	}
}

// WantLen panics, naming fn and the argument, unless len(s) == n; what says where n
// comes from, such as "the elements of a (3×4)".
func WantLen[T Float](fn, name string, s []T, n int, what string) {
	if len(s) != n {
		panic(fmt.Sprintf("%s: len(%s) = %d, want %d, %s", fn, name, len(s), n, what))
	}
}

// SizeOf is the size in bytes of one element of T: 8 for float64, 4 for float32.
func SizeOf[T Float]() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// Is32 reports whether T is float32.
func Is32[T Float]() bool { return SizeOf[T]() == 4 }
