package testutil

import (
	"unsafe"

	"github.com/matkern/matkern/internal/view"
)

// NewAlignedGuardedMatrix is NewGuardedMatrix with the first element aligned to align
// bytes (a power of two up to 4096) instead of placed at a chosen element offset, for
// kernels that take a faster path on aligned data (non-temporal stores of whole lines).
// Every element is a sentinel; Check covers the guard bands and the gaps between rows.
func NewAlignedGuardedMatrix[T view.Float](rows, cols, stride, align int) *GuardedMatrix[T] {
	n := 0
	if rows > 0 {
		n = (rows-1)*stride + cols
	}
	g := NewAlignedGuarded[T](n, align, 0)
	return &GuardedMatrix[T]{buf: g, M: view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: g.S()}}
}

// NewAlignedGuarded is NewGuarded with the slice starting shift elements past an align-byte
// boundary (align a power of two up to 4096) instead of at a chosen element offset.
func NewAlignedGuarded[T view.Float](n, align, shift int) *Guarded[T] {
	size := view.SizeOf[T]()
	all := make([]T, GuardLen+align/size+shift+n+GuardLen)
	s := Sentinel[T]()
	for i := range all {
		all[i] = s
	}
	lo := GuardLen
	for uintptr(unsafe.Pointer(&all[lo]))%uintptr(align) != 0 {
		lo++
	}
	lo += shift
	return &Guarded[T]{all: all, lo: lo, hi: lo + n}
}
