//go:build !purego

package asm

// Each FMA peak probe keeps N independent vector accumulators in registers, enough to
// cover the FMA latency on both pipes (Zen 5: latency 4 cycles, 2 pipes, so 8 must be in
// flight), and runs iters rounds of one FMA into each. Equivalent Go:
//
//	for i := 0; i < iters; i++ { for j := range acc { acc[j] += x * y } }
//	return iters * N * lanes * 2

// FMAPeakF64AVX2 runs iters rounds of 12 VFMADD231PD on YMM registers and returns the flops done.
// Requires: AVX2, FMA3.
func FMAPeakF64AVX2(iters int) (flops int) {
	needAVX2("FMAPeakF64AVX2")
	return fmaPeakF64AVX2(iters)
}

//go:noescape
func fmaPeakF64AVX2(iters int) (flops int)

// FMAPeakF32AVX2 runs iters rounds of 12 VFMADD231PS on YMM registers and returns the flops done.
// Requires: AVX2, FMA3.
func FMAPeakF32AVX2(iters int) (flops int) {
	needAVX2("FMAPeakF32AVX2")
	return fmaPeakF32AVX2(iters)
}

//go:noescape
func fmaPeakF32AVX2(iters int) (flops int)

// FMAPeakF64AVX512 runs iters rounds of 16 VFMADD231PD on ZMM registers and returns the flops done.
// Requires: AVX512F.
func FMAPeakF64AVX512(iters int) (flops int) {
	needAVX512("FMAPeakF64AVX512")
	return fmaPeakF64AVX512(iters)
}

//go:noescape
func fmaPeakF64AVX512(iters int) (flops int)

// FMAPeakF32AVX512 runs iters rounds of 16 VFMADD231PS on ZMM registers and returns the flops done.
// Requires: AVX512F.
func FMAPeakF32AVX512(iters int) (flops int) {
	needAVX512("FMAPeakF32AVX512")
	return fmaPeakF32AVX512(iters)
}

//go:noescape
func fmaPeakF32AVX512(iters int) (flops int)
