//go:build !purego

package asm

//go:generate go run nn_gen.go

// Wrappers of the network kernels' assembly (nn_gen.go writes it). Each exported
// function is its …Generic counterpart (nn_generic.go, optim_generic.go) with vectors,
// the same bits: it checks that every input is at least as long as the first slice and
// runs the assembly over the whole slice (AVX-512: a masked tail) or over its largest
// multiple of the vector width (AVX2, the remainder by the generic code). The
// activation routines go in strips of at most actStrip elements, so that the goroutine
// stays preemptible between calls; the optimizers' callers (package kernels) strip
// already. The first slice may be exactly another one where the generic code allows it.

// ReLUF64AVX512 is ReLUF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUF64AVX512(dst, x []float64) {
	needAVX512("ReLUF64AVX512")

	strips1(dst, x, 1, reluF64AVX512, nil)
}

// ReLUF64AVX2 is ReLUF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUF64AVX2(dst, x []float64) {
	needAVX2("ReLUF64AVX2")

	strips1(dst, x, 4, reluF64AVX2, ReLUF64Generic)
}

// ReLUF32AVX512 is ReLUF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUF32AVX512(dst, x []float32) {
	needAVX512("ReLUF32AVX512")

	strips1(dst, x, 1, reluF32AVX512, nil)
}

// ReLUF32AVX2 is ReLUF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUF32AVX2(dst, x []float32) {
	needAVX2("ReLUF32AVX2")

	strips1(dst, x, 8, reluF32AVX2, ReLUF32Generic)
}

// ReLUGradF64AVX512 is ReLUGradF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUGradF64AVX512(dst, y, v []float64) {
	needAVX512("ReLUGradF64AVX512")

	strips2(dst, y, v, 1, reluGradF64AVX512, nil)
}

// ReLUGradF64AVX2 is ReLUGradF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUGradF64AVX2(dst, y, v []float64) {
	needAVX2("ReLUGradF64AVX2")

	strips2(dst, y, v, 4, reluGradF64AVX2, ReLUGradF64Generic)
}

// ReLUGradF32AVX512 is ReLUGradF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUGradF32AVX512(dst, y, v []float32) {
	needAVX512("ReLUGradF32AVX512")

	strips2(dst, y, v, 1, reluGradF32AVX512, nil)
}

// ReLUGradF32AVX2 is ReLUGradF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUGradF32AVX2(dst, y, v []float32) {
	needAVX2("ReLUGradF32AVX2")

	strips2(dst, y, v, 8, reluGradF32AVX2, ReLUGradF32Generic)
}

// TanhGradF64AVX512 is TanhGradF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func TanhGradF64AVX512(dst, t, v []float64) {
	needAVX512("TanhGradF64AVX512")

	strips2(dst, t, v, 1, tanhGradF64AVX512, nil)
}

// TanhGradF64AVX2 is TanhGradF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func TanhGradF64AVX2(dst, t, v []float64) {
	needAVX2("TanhGradF64AVX2")

	strips2(dst, t, v, 4, tanhGradF64AVX2, TanhGradF64Generic)
}

// TanhGradF32AVX512 is TanhGradF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func TanhGradF32AVX512(dst, t, v []float32) {
	needAVX512("TanhGradF32AVX512")

	strips2(dst, t, v, 1, tanhGradF32AVX512, nil)
}

// TanhGradF32AVX2 is TanhGradF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func TanhGradF32AVX2(dst, t, v []float32) {
	needAVX2("TanhGradF32AVX2")

	strips2(dst, t, v, 8, tanhGradF32AVX2, TanhGradF32Generic)
}

// BiasF64AVX512 is BiasF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasF64AVX512(y, z, b []float64) {
	needAVX512("BiasF64AVX512")

	strips2(y, z, b, 1, biasF64AVX512, nil)
}

// BiasF64AVX2 is BiasF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasF64AVX2(y, z, b []float64) {
	needAVX2("BiasF64AVX2")

	strips2(y, z, b, 4, biasF64AVX2, BiasF64Generic)
}

// BiasF32AVX512 is BiasF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasF32AVX512(y, z, b []float32) {
	needAVX512("BiasF32AVX512")

	strips2(y, z, b, 1, biasF32AVX512, nil)
}

// BiasF32AVX2 is BiasF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasF32AVX2(y, z, b []float32) {
	needAVX2("BiasF32AVX2")

	strips2(y, z, b, 8, biasF32AVX2, BiasF32Generic)
}

// BiasReLUF64AVX512 is BiasReLUF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasReLUF64AVX512(y, z, b []float64) {
	needAVX512("BiasReLUF64AVX512")

	strips2(y, z, b, 1, biasReLUF64AVX512, nil)
}

// BiasReLUF64AVX2 is BiasReLUF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasReLUF64AVX2(y, z, b []float64) {
	needAVX2("BiasReLUF64AVX2")

	strips2(y, z, b, 4, biasReLUF64AVX2, BiasReLUF64Generic)
}

// BiasReLUF32AVX512 is BiasReLUF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasReLUF32AVX512(y, z, b []float32) {
	needAVX512("BiasReLUF32AVX512")

	strips2(y, z, b, 1, biasReLUF32AVX512, nil)
}

// BiasReLUF32AVX2 is BiasReLUF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasReLUF32AVX2(y, z, b []float32) {
	needAVX2("BiasReLUF32AVX2")

	strips2(y, z, b, 8, biasReLUF32AVX2, BiasReLUF32Generic)
}

// SGDF64AVX512 is SGDF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDF64AVX512(w, g []float64, c [SGDCoefs]float64) {
	needAVX512("SGDF64AVX512")

	g = g[:len(w)]
	sgdF64AVX512(w, g, c)
}

// SGDF64AVX2 is SGDF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDF64AVX2(w, g []float64, c [SGDCoefs]float64) {
	needAVX2("SGDF64AVX2")

	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdF64AVX2(w[:n], g[:n], c)
	SGDF64Generic(w[n:], g[n:], c)
}

// SGDF32AVX512 is SGDF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDF32AVX512(w, g []float32, c [SGDCoefs]float32) {
	needAVX512("SGDF32AVX512")

	g = g[:len(w)]
	sgdF32AVX512(w, g, c)
}

// SGDF32AVX2 is SGDF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDF32AVX2(w, g []float32, c [SGDCoefs]float32) {
	needAVX2("SGDF32AVX2")

	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdF32AVX2(w[:n], g[:n], c)
	SGDF32Generic(w[n:], g[n:], c)
}

// SGDMomF64AVX512 is SGDMomF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDMomF64AVX512(w, vel, g []float64, c [SGDCoefs]float64) {
	needAVX512("SGDMomF64AVX512")

	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdMomF64AVX512(w, vel, g, c)
}

// SGDMomF64AVX2 is SGDMomF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDMomF64AVX2(w, vel, g []float64, c [SGDCoefs]float64) {
	needAVX2("SGDMomF64AVX2")

	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdMomF64AVX2(w[:n], vel[:n], g[:n], c)
	SGDMomF64Generic(w[n:], vel[n:], g[n:], c)
}

// SGDMomF32AVX512 is SGDMomF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDMomF32AVX512(w, vel, g []float32, c [SGDCoefs]float32) {
	needAVX512("SGDMomF32AVX512")

	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdMomF32AVX512(w, vel, g, c)
}

// SGDMomF32AVX2 is SGDMomF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDMomF32AVX2(w, vel, g []float32, c [SGDCoefs]float32) {
	needAVX2("SGDMomF32AVX2")

	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdMomF32AVX2(w[:n], vel[:n], g[:n], c)
	SGDMomF32Generic(w[n:], vel[n:], g[n:], c)
}

// SGDNesterovF64AVX512 is SGDNesterovF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDNesterovF64AVX512(w, vel, g []float64, c [SGDCoefs]float64) {
	needAVX512("SGDNesterovF64AVX512")

	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdNesterovF64AVX512(w, vel, g, c)
}

// SGDNesterovF64AVX2 is SGDNesterovF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDNesterovF64AVX2(w, vel, g []float64, c [SGDCoefs]float64) {
	needAVX2("SGDNesterovF64AVX2")

	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdNesterovF64AVX2(w[:n], vel[:n], g[:n], c)
	SGDNesterovF64Generic(w[n:], vel[n:], g[n:], c)
}

// SGDNesterovF32AVX512 is SGDNesterovF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDNesterovF32AVX512(w, vel, g []float32, c [SGDCoefs]float32) {
	needAVX512("SGDNesterovF32AVX512")

	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdNesterovF32AVX512(w, vel, g, c)
}

// SGDNesterovF32AVX2 is SGDNesterovF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDNesterovF32AVX2(w, vel, g []float32, c [SGDCoefs]float32) {
	needAVX2("SGDNesterovF32AVX2")

	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdNesterovF32AVX2(w[:n], vel[:n], g[:n], c)
	SGDNesterovF32Generic(w[n:], vel[n:], g[n:], c)
}

// AdamF64AVX512 is AdamF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func AdamF64AVX512(w, m, v, g []float64, c [AdamCoefs]float64) {
	needAVX512("AdamF64AVX512")

	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	adamF64AVX512(w, m, v, g, c)
}

// AdamF64AVX2 is AdamF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func AdamF64AVX2(w, m, v, g []float64, c [AdamCoefs]float64) {
	needAVX2("AdamF64AVX2")

	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	n := len(w) / 4 * 4
	adamF64AVX2(w[:n], m[:n], v[:n], g[:n], c)
	AdamF64Generic(w[n:], m[n:], v[n:], g[n:], c)
}

// AdamF32AVX512 is AdamF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func AdamF32AVX512(w, m, v, g []float32, c [AdamCoefs]float32) {
	needAVX512("AdamF32AVX512")

	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	adamF32AVX512(w, m, v, g, c)
}

// AdamF32AVX2 is AdamF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func AdamF32AVX2(w, m, v, g []float32, c [AdamCoefs]float32) {
	needAVX2("AdamF32AVX2")

	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	n := len(w) / 8 * 8
	adamF32AVX2(w[:n], m[:n], v[:n], g[:n], c)
	AdamF32Generic(w[n:], m[n:], v[n:], g[n:], c)
}

// The assembly assumes every slice is at least as long as the first (and, for AVX2, a
// length that is a multiple of the vector width); the wrappers ensure it.

//go:noescape
func reluF64AVX512(dst, x []float64)

//go:noescape
func reluF64AVX2(dst, x []float64)

//go:noescape
func reluF32AVX512(dst, x []float32)

//go:noescape
func reluF32AVX2(dst, x []float32)

//go:noescape
func reluGradF64AVX512(dst, y, v []float64)

//go:noescape
func reluGradF64AVX2(dst, y, v []float64)

//go:noescape
func reluGradF32AVX512(dst, y, v []float32)

//go:noescape
func reluGradF32AVX2(dst, y, v []float32)

//go:noescape
func tanhGradF64AVX512(dst, t, v []float64)

//go:noescape
func tanhGradF64AVX2(dst, t, v []float64)

//go:noescape
func tanhGradF32AVX512(dst, t, v []float32)

//go:noescape
func tanhGradF32AVX2(dst, t, v []float32)

//go:noescape
func biasF64AVX512(y, z, b []float64)

//go:noescape
func biasF64AVX2(y, z, b []float64)

//go:noescape
func biasF32AVX512(y, z, b []float32)

//go:noescape
func biasF32AVX2(y, z, b []float32)

//go:noescape
func biasReLUF64AVX512(y, z, b []float64)

//go:noescape
func biasReLUF64AVX2(y, z, b []float64)

//go:noescape
func biasReLUF32AVX512(y, z, b []float32)

//go:noescape
func biasReLUF32AVX2(y, z, b []float32)

//go:noescape
func sgdF64AVX512(w, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdF64AVX2(w, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdF32AVX512(w, g []float32, c [SGDCoefs]float32)

//go:noescape
func sgdF32AVX2(w, g []float32, c [SGDCoefs]float32)

//go:noescape
func sgdMomF64AVX512(w, vel, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdMomF64AVX2(w, vel, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdMomF32AVX512(w, vel, g []float32, c [SGDCoefs]float32)

//go:noescape
func sgdMomF32AVX2(w, vel, g []float32, c [SGDCoefs]float32)

//go:noescape
func sgdNesterovF64AVX512(w, vel, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdNesterovF64AVX2(w, vel, g []float64, c [SGDCoefs]float64)

//go:noescape
func sgdNesterovF32AVX512(w, vel, g []float32, c [SGDCoefs]float32)

//go:noescape
func sgdNesterovF32AVX2(w, vel, g []float32, c [SGDCoefs]float32)

//go:noescape
func adamF64AVX512(w, m, v, g []float64, c [AdamCoefs]float64)

//go:noescape
func adamF64AVX2(w, m, v, g []float64, c [AdamCoefs]float64)

//go:noescape
func adamF32AVX512(w, m, v, g []float32, c [AdamCoefs]float32)

//go:noescape
func adamF32AVX2(w, m, v, g []float32, c [AdamCoefs]float32)
