package asm

// maxDim bounds every size, count and stride the assembly wrappers accept (2³⁰
// elements, 8 GiB of float64 in one row or stride). With all of them at most maxDim, the
// extents the length checks compute, sums of a few products of two, stay far below the
// int range of amd64, so a huge stride cannot wrap a check around to a small number and
// let the assembly run outside its slices.
const maxDim = 1 << 30

// tooBig reports whether v is negative or above maxDim. Callers test several values at
// once by OR-ing them: a negative one sets the sign bit, a large one a high bit.
func tooBig(v int) bool { return uint(v) > maxDim }
