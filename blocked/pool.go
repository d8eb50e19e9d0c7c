package blocked

import (
	"sync"

	"github.com/matkern/matkern/internal/view"
)

// Packing buffers come from pools so that repeated products allocate nothing once the
// pools hold buffers of the sizes in use. A blocks and B panels have separate pools (their
// sizes differ by orders of magnitude, and a buffer too small for a request is dropped).
// The pools hold pointers to slices (putting a slice itself into a sync.Pool would
// allocate). The garbage collector may empty them, which costs one allocation per buffer
// on the next call.
var pools [2][2]sync.Pool // [bufA/bufB][float64/float32] of *[]T

const (
	bufA = 0 // a packed mc×kc A block (one per worker)
	bufB = 1 // a packed kc×nc B panel (one per worker)
)

// getBuf returns a buffer of at least n elements (contents undefined) from T's pool of
// that kind.
func getBuf[T view.Float](kind, n int) *[]T {
	p := poolOf[T](kind)
	if v, ok := p.Get().(*[]T); ok {
		if cap(*v) >= n {
			*v = (*v)[:n]
			return v
		}
		// Too small: drop it and allocate one that fits.
	}
	s := make([]T, n)
	return &s
}

// putBuf returns a buffer to T's pool of that kind.
func putBuf[T view.Float](kind int, b *[]T) { poolOf[T](kind).Put(b) }

func poolOf[T view.Float](kind int) *sync.Pool {
	var z T
	if _, ok := any(z).(float32); ok {
		return &pools[kind][1]
	}
	return &pools[kind][0]
}

// intPool holds index buffers (permutations) for the factorizations.
var intPool sync.Pool // of *[]int

// getInts returns an index buffer of at least n elements (contents undefined).
func getInts(n int) *[]int {
	if v, ok := intPool.Get().(*[]int); ok && cap(*v) >= n {
		*v = (*v)[:n]
		return v
	}
	s := make([]int, n)
	return &s
}

// putInts returns an index buffer to its pool.
func putInts(b *[]int) { intPool.Put(b) }
