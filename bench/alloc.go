package bench

import "github.com/matkern/matkern/internal/view"

// Arrays returns k arrays of n elements for a streaming case. Large allocations come
// back page-aligned, so plain make() would put element i of every array at the same
// address modulo 4 KiB, and the CPU would see false dependencies between the loads of
// one array and the stores of another (4K aliasing). Arrays staggers them: array j
// starts j·(64+8) bytes past a page boundary, a different cache line and bank each.
func Arrays[T view.Float](k, n int) [][]T {
	var z T
	size := int(sizeOf(z))
	out := make([][]T, k)
	for j := range out {
		off := j * 320 / size
		out[j] = make([]T, n+off)[off:][:n:n]
	}
	return out
}

func sizeOf[T view.Float](T) uintptr {
	var z T
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}
