//go:build !purego

package asm

//go:generate go run nn_gen.go

// Wrappers of the network kernels' assembly (nn_gen.go writes it). Each exported
// function is its …Generic counterpart (nn_generic.go, optim_generic.go) with vectors,
// the same bits: it checks that every input is at least as long as the first slice, runs
// the assembly on the whole slice (AVX-512: a masked tail) or on its largest multiple
// of the vector width (AVX2), and finishes the AVX2 remainder with the generic code.
// The first slice may be exactly another one where the generic code allows it.

// ReLUF64AVX512 is ReLUF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUF64AVX512(dst, x []float64) {
	x = x[:len(dst)]
	reluF64AVX512(dst, x)
}

// ReLUF64AVX2 is ReLUF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUF64AVX2(dst, x []float64) {
	x = x[:len(dst)]
	n := len(dst) / 4 * 4
	reluF64AVX2(dst[:n], x[:n])
	ReLUF64Generic(dst[n:], x[n:])
}

// ReLUF32AVX512 is ReLUF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUF32AVX512(dst, x []float32) {
	x = x[:len(dst)]
	reluF32AVX512(dst, x)
}

// ReLUF32AVX2 is ReLUF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUF32AVX2(dst, x []float32) {
	x = x[:len(dst)]
	n := len(dst) / 8 * 8
	reluF32AVX2(dst[:n], x[:n])
	ReLUF32Generic(dst[n:], x[n:])
}

// ReLUGradF64AVX512 is ReLUGradF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUGradF64AVX512(dst, y, v []float64) {
	y = y[:len(dst)]
	v = v[:len(dst)]
	reluGradF64AVX512(dst, y, v)
}

// ReLUGradF64AVX2 is ReLUGradF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUGradF64AVX2(dst, y, v []float64) {
	y = y[:len(dst)]
	v = v[:len(dst)]
	n := len(dst) / 4 * 4
	reluGradF64AVX2(dst[:n], y[:n], v[:n])
	ReLUGradF64Generic(dst[n:], y[n:], v[n:])
}

// ReLUGradF32AVX512 is ReLUGradF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func ReLUGradF32AVX512(dst, y, v []float32) {
	y = y[:len(dst)]
	v = v[:len(dst)]
	reluGradF32AVX512(dst, y, v)
}

// ReLUGradF32AVX2 is ReLUGradF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func ReLUGradF32AVX2(dst, y, v []float32) {
	y = y[:len(dst)]
	v = v[:len(dst)]
	n := len(dst) / 8 * 8
	reluGradF32AVX2(dst[:n], y[:n], v[:n])
	ReLUGradF32Generic(dst[n:], y[n:], v[n:])
}

// TanhGradF64AVX512 is TanhGradF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func TanhGradF64AVX512(dst, t, v []float64) {
	t = t[:len(dst)]
	v = v[:len(dst)]
	tanhGradF64AVX512(dst, t, v)
}

// TanhGradF64AVX2 is TanhGradF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func TanhGradF64AVX2(dst, t, v []float64) {
	t = t[:len(dst)]
	v = v[:len(dst)]
	n := len(dst) / 4 * 4
	tanhGradF64AVX2(dst[:n], t[:n], v[:n])
	TanhGradF64Generic(dst[n:], t[n:], v[n:])
}

// TanhGradF32AVX512 is TanhGradF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func TanhGradF32AVX512(dst, t, v []float32) {
	t = t[:len(dst)]
	v = v[:len(dst)]
	tanhGradF32AVX512(dst, t, v)
}

// TanhGradF32AVX2 is TanhGradF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func TanhGradF32AVX2(dst, t, v []float32) {
	t = t[:len(dst)]
	v = v[:len(dst)]
	n := len(dst) / 8 * 8
	tanhGradF32AVX2(dst[:n], t[:n], v[:n])
	TanhGradF32Generic(dst[n:], t[n:], v[n:])
}

// BiasF64AVX512 is BiasF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasF64AVX512(y, z, b []float64) {
	z = z[:len(y)]
	b = b[:len(y)]
	biasF64AVX512(y, z, b)
}

// BiasF64AVX2 is BiasF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasF64AVX2(y, z, b []float64) {
	z = z[:len(y)]
	b = b[:len(y)]
	n := len(y) / 4 * 4
	biasF64AVX2(y[:n], z[:n], b[:n])
	BiasF64Generic(y[n:], z[n:], b[n:])
}

// BiasF32AVX512 is BiasF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasF32AVX512(y, z, b []float32) {
	z = z[:len(y)]
	b = b[:len(y)]
	biasF32AVX512(y, z, b)
}

// BiasF32AVX2 is BiasF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasF32AVX2(y, z, b []float32) {
	z = z[:len(y)]
	b = b[:len(y)]
	n := len(y) / 8 * 8
	biasF32AVX2(y[:n], z[:n], b[:n])
	BiasF32Generic(y[n:], z[n:], b[n:])
}

// BiasReLUF64AVX512 is BiasReLUF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasReLUF64AVX512(y, z, b []float64) {
	z = z[:len(y)]
	b = b[:len(y)]
	biasReLUF64AVX512(y, z, b)
}

// BiasReLUF64AVX2 is BiasReLUF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasReLUF64AVX2(y, z, b []float64) {
	z = z[:len(y)]
	b = b[:len(y)]
	n := len(y) / 4 * 4
	biasReLUF64AVX2(y[:n], z[:n], b[:n])
	BiasReLUF64Generic(y[n:], z[n:], b[n:])
}

// BiasReLUF32AVX512 is BiasReLUF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func BiasReLUF32AVX512(y, z, b []float32) {
	z = z[:len(y)]
	b = b[:len(y)]
	biasReLUF32AVX512(y, z, b)
}

// BiasReLUF32AVX2 is BiasReLUF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func BiasReLUF32AVX2(y, z, b []float32) {
	z = z[:len(y)]
	b = b[:len(y)]
	n := len(y) / 8 * 8
	biasReLUF32AVX2(y[:n], z[:n], b[:n])
	BiasReLUF32Generic(y[n:], z[n:], b[n:])
}

// SGDF64AVX512 is SGDF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDF64AVX512(w, g []float64, c [SGDCoefs]float64) {
	g = g[:len(w)]
	sgdF64AVX512(w, g, c)
}

// SGDF64AVX2 is SGDF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDF64AVX2(w, g []float64, c [SGDCoefs]float64) {
	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdF64AVX2(w[:n], g[:n], c)
	SGDF64Generic(w[n:], g[n:], c)
}

// SGDF32AVX512 is SGDF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDF32AVX512(w, g []float32, c [SGDCoefs]float32) {
	g = g[:len(w)]
	sgdF32AVX512(w, g, c)
}

// SGDF32AVX2 is SGDF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDF32AVX2(w, g []float32, c [SGDCoefs]float32) {
	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdF32AVX2(w[:n], g[:n], c)
	SGDF32Generic(w[n:], g[n:], c)
}

// SGDMomF64AVX512 is SGDMomF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDMomF64AVX512(w, vel, g []float64, c [SGDCoefs]float64) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdMomF64AVX512(w, vel, g, c)
}

// SGDMomF64AVX2 is SGDMomF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDMomF64AVX2(w, vel, g []float64, c [SGDCoefs]float64) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdMomF64AVX2(w[:n], vel[:n], g[:n], c)
	SGDMomF64Generic(w[n:], vel[n:], g[n:], c)
}

// SGDMomF32AVX512 is SGDMomF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDMomF32AVX512(w, vel, g []float32, c [SGDCoefs]float32) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdMomF32AVX512(w, vel, g, c)
}

// SGDMomF32AVX2 is SGDMomF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDMomF32AVX2(w, vel, g []float32, c [SGDCoefs]float32) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdMomF32AVX2(w[:n], vel[:n], g[:n], c)
	SGDMomF32Generic(w[n:], vel[n:], g[n:], c)
}

// SGDNesterovF64AVX512 is SGDNesterovF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDNesterovF64AVX512(w, vel, g []float64, c [SGDCoefs]float64) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdNesterovF64AVX512(w, vel, g, c)
}

// SGDNesterovF64AVX2 is SGDNesterovF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDNesterovF64AVX2(w, vel, g []float64, c [SGDCoefs]float64) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 4 * 4
	sgdNesterovF64AVX2(w[:n], vel[:n], g[:n], c)
	SGDNesterovF64Generic(w[n:], vel[n:], g[n:], c)
}

// SGDNesterovF32AVX512 is SGDNesterovF32Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func SGDNesterovF32AVX512(w, vel, g []float32, c [SGDCoefs]float32) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	sgdNesterovF32AVX512(w, vel, g, c)
}

// SGDNesterovF32AVX2 is SGDNesterovF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func SGDNesterovF32AVX2(w, vel, g []float32, c [SGDCoefs]float32) {
	vel = vel[:len(w)]
	g = g[:len(w)]
	n := len(w) / 8 * 8
	sgdNesterovF32AVX2(w[:n], vel[:n], g[:n], c)
	SGDNesterovF32Generic(w[n:], vel[n:], g[n:], c)
}

// AdamF64AVX512 is AdamF64Generic with 512-bit vectors; the same bits.
// Requires: AVX512F.
func AdamF64AVX512(w, m, v, g []float64, c [AdamCoefs]float64) {
	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	adamF64AVX512(w, m, v, g, c)
}

// AdamF64AVX2 is AdamF64Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func AdamF64AVX2(w, m, v, g []float64, c [AdamCoefs]float64) {
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
	m = m[:len(w)]
	v = v[:len(w)]
	g = g[:len(w)]
	adamF32AVX512(w, m, v, g, c)
}

// AdamF32AVX2 is AdamF32Generic with 256-bit vectors; the same bits.
// Requires: AVX2.
func AdamF32AVX2(w, m, v, g []float32, c [AdamCoefs]float32) {
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
