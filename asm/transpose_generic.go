package asm

import "fmt"

// The transpose primitives write dst = srcᵀ for a rows×cols block: src element (i, j) at
// src[i·lds+j] goes to dst[j·ldd+i]. Callers (package blocked) hand them cache-sized
// blocks; the assembly versions transpose whole register tiles and finish the ragged
// right and bottom edges with the generic loop.

// TransposeF64Generic sets dst[j·ldd+i] = src[i·lds+j] for i < rows, j < cols.
// It panics if lds < cols, ldd < rows or a slice is too short. dst must not overlap src.
func TransposeF64Generic(dst []float64, ldd int, src []float64, lds int, rows, cols int) {
	if !transposeArgs(len(dst), ldd, len(src), lds, rows, cols) {
		return
	}
	transposeRect(dst, ldd, src, lds, 0, rows, 0, cols)
}

// TransposeF32Generic is TransposeF64Generic for float32.
func TransposeF32Generic(dst []float32, ldd int, src []float32, lds int, rows, cols int) {
	if !transposeArgs(len(dst), ldd, len(src), lds, rows, cols) {
		return
	}
	transposeRect(dst, ldd, src, lds, 0, rows, 0, cols)
}

// transposeArgs panics on invalid arguments and reports whether there is work.
func transposeArgs(nd, ldd, ns, lds, rows, cols int) bool {
	if rows <= 0 || cols <= 0 {
		return false
	}
	if tooBig(ldd|lds|rows|cols) || lds < cols || ldd < rows || ns < (rows-1)*lds+cols || nd < (cols-1)*ldd+rows {
		panic(fmt.Sprintf("asm: transpose of %d×%d: lds %d, ldd %d, len(src) %d, len(dst) %d", rows, cols, lds, ldd, ns, nd))
	}
	return true
}

// transposeRect transposes the part rows [i0, i1) × columns [j0, j1) of src.
func transposeRect[T float32 | float64](dst []T, ldd int, src []T, lds int, i0, i1, j0, j1 int) {
	for i := i0; i < i1; i++ {
		row := src[i*lds+j0 : i*lds+j1]
		for j, v := range row {
			dst[(j0+j)*ldd+i] = v
		}
	}
}
