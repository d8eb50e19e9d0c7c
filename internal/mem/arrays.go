// Package mem allocates the arrays that benchmarks stream over, placed so that runs are
// comparable: aligned, staggered against 4 KiB aliasing, and every page written.
package mem

import (
	"unsafe"

	"github.com/matkern/matkern/internal/view"
)

// Arrays returns k arrays of n elements for a streaming case, the last one meant as the
// destination. They are carved from one 64-byte-aligned allocation so their relative
// placement is the same in every run, and staggered so that no two start at the same
// offset modulo 4 KiB (else the CPU sees false dependencies between the loads of one
// array and the stores of another: 4K aliasing): array j starts (k−1−j)·320 bytes past
// a page multiple, so the destination sits a little *behind* every input modulo 4 KiB
// and a load never waits on a recent store to a matching address. Every element is
// written (with 1 + (i mod 7)/8, a harmless value), so no page is an unbacked zero page
// that reads faster than real memory.
func Arrays[T view.Float](k, n int) [][]T {
	const page, step, align = 4096, 320, 64
	size := view.SizeOf[T]()
	span := (n*size + page - 1) / page * page // bytes from one array's page base to the next
	total := k*(span+page) + align
	buf := make([]T, total/size)
	start := int(uintptr(unsafe.Pointer(unsafe.SliceData(buf))) % align)
	start = (align - start) % align / size // elements to the first aligned one
	out := make([][]T, k)
	for j := range out {
		off := start + (j*(span+page)+(k-1-j)*step)/size
		out[j] = buf[off : off+n : off+n]
		for i := range out[j] {
			out[j][i] = T(1 + float64(i%7)/8)
		}
	}
	return out
}
