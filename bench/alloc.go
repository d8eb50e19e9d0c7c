package bench

import (
	"github.com/matkern/matkern/internal/mem"
	"github.com/matkern/matkern/internal/view"
)

// Arrays returns k arrays of n elements for a streaming case, the last one meant as the
// destination: carved from one 64-byte-aligned allocation, staggered so that no two
// start at the same offset modulo 4 KiB (the destination a little behind every input),
// every element written. See mem.Arrays.
func Arrays[T view.Float](k, n int) [][]T { return mem.Arrays[T](k, n) }
