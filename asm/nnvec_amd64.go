//go:build !purego

package asm

import "math"

// Tanh at the vector levels: e^{−2|x|} by the level's exp assembly for a chunk, then the
// steps of Tanh64 (nn_generic.go) by tanhFinishF64AVX512 or …AVX2 (nn_gen.go: both
// branches for every lane, then a blend; the AVX2 remainder of len%4 in Go). The exp code returns the same
// bits at every level, and the finish performs the same IEEE operations, so these do too.

// TanhF64AVX512 is TanhF64Generic with the AVX-512 exp; the same bits.
// Requires: AVX512F, AVX512DQ.
func TanhF64AVX512(dst, x []float64) {
	needAVX512("TanhF64AVX512")
	tanhF64(dst, x, true)
}

// TanhF64AVX2 is TanhF64Generic with the AVX2 exp; the same bits. Requires: AVX2, FMA3.
func TanhF64AVX2(dst, x []float64) {
	needAVX2("TanhF64AVX2")
	tanhF64(dst, x, false)
}

// TanhF32AVX512 is TanhF32Generic with the AVX-512 float64 exp; the same bits.
// Requires: AVX512F, AVX512DQ.
func TanhF32AVX512(dst, x []float32) {
	needAVX512("TanhF32AVX512")
	tanhF32(dst, x, true)
}

// TanhF32AVX2 is TanhF32Generic with the AVX2 float64 exp; the same bits.
// Requires: AVX2, FMA3.
func TanhF32AVX2(dst, x []float32) {
	needAVX2("TanhF32AVX2")
	tanhF32(dst, x, false)
}

func tanhF64(dst, x []float64, avx512 bool) {
	x = x[:len(dst)]
	var eb [geluChunk]float64
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		e := eb[:n]
		for i, xi := range x[:n] {
			e[i] = -2 * math.Abs(xi)
		}
		if avx512 {
			ExpF64AVX512(e, e)
			tanhFinishF64AVX512(dst[:n], x[:n], e)
			dst, x = dst[n:], x[n:]
			continue
		}
		ExpF64AVX2(e, e)
		m := n &^ 3
		tanhFinishF64AVX2(dst[:m], x[:m], e)
		for i := m; i < n; i++ {
			dst[i] = tanhFinish64(x[i], e[i])
		}
		dst, x = dst[n:], x[n:]
	}
}

func tanhF32(dst, x []float32, avx512 bool) {
	x = x[:len(dst)]
	var eb, xb [geluChunk]float64
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		e := eb[:n]
		for i, xi := range x[:n] {
			e[i] = -2 * math.Abs(float64(xi))
		}
		if avx512 {
			x64 := xb[:n]
			for i, xi := range x[:n] {
				x64[i] = float64(xi)
			}
			ExpF64AVX512(e, e)
			tanhFinishF64AVX512(e, x64, e)
			for i, t := range e {
				dst[i] = float32(t)
			}
			dst, x = dst[n:], x[n:]
			continue
		}
		x64 := xb[:n]
		for i, xi := range x[:n] {
			x64[i] = float64(xi)
		}
		ExpF64AVX2(e, e)
		m := n &^ 3
		tanhFinishF64AVX2(e[:m], x64[:m], e)
		for i := m; i < n; i++ {
			e[i] = tanhFinish64(x64[i], e[i])
		}
		for i, t := range e {
			dst[i] = float32(t)
		}
		dst, x = dst[n:], x[n:]
	}
}

// GELU and its derivative at the vector levels: the steps of the generic code (geluArg,
// geluOut, geluDeriv in nn_generic.go; at AVX-512 as generated assembly, nn_gen.go, in
// Go at AVX2) around the level's sigmoid assembly, which does the exponential and the
// division, in chunks of geluChunk elements held on the stack. (Generated AVX2 steps,
// constants from memory, were tried and did not pay: GELU at n = 1e5 ran 3.3–3.5 ns per
// element either way, thread CPU time; the AVX2 sigmoid dominates.) GELU(x) = x·σ(w) is the same bits as the generic code at AVX2 (whose
// sigmoid is) and within 3 ULP of it at AVX-512 (float32 4: the sigmoid's 2 and 3 ULP
// plus the product). The derivative takes σ′(w) = σ(w)·σ(−w), two sigmoid passes, in
// place of the generic code's (e·y)·y: as accurate, not the same bits, so it is compared
// with the generic code relative to the size of its terms, |σ(w)| + |x·w′·σ′(w)|.

// geluChunk is the elements per round: the arguments and sigmoids stay in L1.
const geluChunk = 256

// GELUF64AVX512 is GELUF64Generic around the AVX-512 sigmoid. Requires: AVX512F, AVX512DQ.
func GELUF64AVX512(dst, x []float64) {
	needAVX512("GELUF64AVX512")
	geluF64(dst, x, true)
}

// GELUF64AVX2 is GELUF64Generic around the AVX2 sigmoid; the same bits. Requires: AVX2, FMA3.
func GELUF64AVX2(dst, x []float64) {
	needAVX2("GELUF64AVX2")
	geluF64(dst, x, false)
}

// GELUF32AVX512 is GELUF32Generic around the AVX-512 sigmoid. Requires: AVX512F, AVX512DQ.
func GELUF32AVX512(dst, x []float32) {
	needAVX512("GELUF32AVX512")
	geluF32(dst, x, true)
}

// GELUF32AVX2 is GELUF32Generic around the AVX2 sigmoid; the same bits. Requires: AVX2, FMA3.
func GELUF32AVX2(dst, x []float32) {
	needAVX2("GELUF32AVX2")
	geluF32(dst, x, false)
}

// GELUGradF64AVX512 is GELUGradF64Generic with σ′(w) = σ(w)·σ(−w) from the AVX-512
// sigmoid. Requires: AVX512F, AVX512DQ.
func GELUGradF64AVX512(dst, x, v []float64) {
	needAVX512("GELUGradF64AVX512")
	geluGradF64(dst, x, v, true)
}

// GELUGradF64AVX2 is GELUGradF64AVX512 with the AVX2 sigmoid. Requires: AVX2, FMA3.
func GELUGradF64AVX2(dst, x, v []float64) {
	needAVX2("GELUGradF64AVX2")
	geluGradF64(dst, x, v, false)
}

// GELUGradF32AVX512 is GELUGradF32Generic with σ′(w) = σ(w)·σ(−w) from the AVX-512
// sigmoid. Requires: AVX512F, AVX512DQ.
func GELUGradF32AVX512(dst, x, v []float32) {
	needAVX512("GELUGradF32AVX512")
	geluGradF32(dst, x, v, true)
}

// GELUGradF32AVX2 is GELUGradF32AVX512 with the AVX2 sigmoid. Requires: AVX2, FMA3.
func GELUGradF32AVX2(dst, x, v []float32) {
	needAVX2("GELUGradF32AVX2")
	geluGradF32(dst, x, v, false)
}

// sigmoidInPlace64 sets w = σ(w) with the AVX-512 or the AVX2 assembly (called
// directly: a function value would make the stack buffers escape).
func sigmoidInPlace64(w []float64, avx512 bool) {
	if avx512 {
		sigmoidF64AVX512(w, w)
		return
	}
	m := len(w) &^ 3
	sigmoidF64AVX2(w[:m], w[:m])
	SigmoidF64Generic(w[m:], w[m:])
}

func sigmoidInPlace32(w []float32, avx512 bool) {
	if avx512 {
		sigmoidF32AVX512(w, w)
		return
	}
	m := len(w) &^ 7
	sigmoidF32AVX2(w[:m], w[:m])
	SigmoidF32Generic(w[m:], w[m:])
}

func geluF64(dst, x []float64, avx512 bool) {
	x = x[:len(dst)]
	var wb [geluChunk]float64
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		w := wb[:n]
		if avx512 {
			geluArgF64AVX512(w, x[:n])
			sigmoidF64AVX512(w, w)
			geluOutF64AVX512(dst[:n], x[:n], w)
			dst, x = dst[n:], x[n:]
			continue
		}
		for i, xi := range x[:n] {
			w[i] = geluArg64(xi)
		}
		sigmoidInPlace64(w, avx512)
		for i, xi := range x[:n] {
			dst[i] = geluOut64(xi, w[i])
		}
		dst, x = dst[n:], x[n:]
	}
}

func geluF32(dst, x []float32, avx512 bool) {
	x = x[:len(dst)]
	var wb [geluChunk]float32
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		w := wb[:n]
		if avx512 {
			geluArgF32AVX512(w, x[:n])
			sigmoidF32AVX512(w, w)
			geluOutF32AVX512(dst[:n], x[:n], w)
			dst, x = dst[n:], x[n:]
			continue
		}
		for i, xi := range x[:n] {
			w[i] = geluArg32(xi)
		}
		sigmoidInPlace32(w, avx512)
		for i, xi := range x[:n] {
			dst[i] = geluOut32(xi, w[i])
		}
		dst, x = dst[n:], x[n:]
	}
}

func geluGradF64(dst, x, v []float64, avx512 bool) {
	x, v = x[:len(dst)], v[:len(dst)]
	var sb, nb [geluChunk]float64
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		s, sn := sb[:n], nb[:n]
		if avx512 {
			geluArgPairF64AVX512(s, sn, x[:n])
			sigmoidF64AVX512(s, s)
			sigmoidF64AVX512(sn, sn)
			geluDerivF64AVX512(dst[:n], x[:n], v[:n], s, sn)
			dst, x, v = dst[n:], x[n:], v[n:]
			continue
		}
		for i, xi := range x[:n] {
			w := geluArg64(xi)
			s[i], sn[i] = w, -w
		}
		sigmoidInPlace64(s, avx512)
		sigmoidInPlace64(sn, avx512)
		for i, xi := range x[:n] {
			dst[i] = geluDeriv64(xi, s[i], s[i]*sn[i]) * v[i]
		}
		dst, x, v = dst[n:], x[n:], v[n:]
	}
}

func geluGradF32(dst, x, v []float32, avx512 bool) {
	x, v = x[:len(dst)], v[:len(dst)]
	var sb, nb [geluChunk]float32
	for len(dst) > 0 {
		n := min(len(dst), geluChunk)
		s, sn := sb[:n], nb[:n]
		if avx512 {
			geluArgPairF32AVX512(s, sn, x[:n])
			sigmoidF32AVX512(s, s)
			sigmoidF32AVX512(sn, sn)
			geluDerivF32AVX512(dst[:n], x[:n], v[:n], s, sn)
			dst, x, v = dst[n:], x[n:], v[n:]
			continue
		}
		for i, xi := range x[:n] {
			w := geluArg32(xi)
			s[i], sn[i] = w, -w
		}
		sigmoidInPlace32(s, avx512)
		sigmoidInPlace32(sn, avx512)
		for i, xi := range x[:n] {
			dst[i] = geluDeriv32(xi, s[i], s[i]*sn[i]) * v[i]
		}
		dst, x, v = dst[n:], x[n:], v[n:]
	}
}

// tanhFinish64 is one element of tanhFinishF64AVX512.
func tanhFinish64(x, e float64) float64 {
	if math.Abs(x) < tanhSmall {
		return tanhPoly64(x)
	}
	return tanhOut64(x, e)
}

// tanhFinishF64AVX2 is tanhFinishF64AVX512 with 256-bit vectors for a length that is a
// multiple of 4. Requires: AVX.
//
//go:noescape
func tanhFinishF64AVX2(dst, x, e []float64)

// tanhFinishF64AVX512 sets dst[i] = tanhPoly64(x[i]) where |x[i]| < tanhSmall, else
// tanhOut64(x[i], e[i]), for e[i] = e^{−2|x[i]|}. x and e must be at least as long as
// dst; dst may be exactly x or e. Requires: AVX512F.
//
//go:noescape
func tanhFinishF64AVX512(dst, x, e []float64)

// The GELU steps at AVX-512 (nn_gen.go): geluArg sets w = K·(x + C·((x·x)·x)) (and
// geluArgPair nw = −w too), geluOut dst = geluOut(x, s), geluDeriv dst =
// geluDeriv(x, s, s·sn)·v. Every slice at least as long as the first. Requires: AVX512F.

//go:noescape
func geluArgF64AVX512(w, x []float64)

//go:noescape
func geluArgF32AVX512(w, x []float32)

//go:noescape
func geluArgPairF64AVX512(w, nw, x []float64)

//go:noescape
func geluArgPairF32AVX512(w, nw, x []float32)

//go:noescape
func geluOutF64AVX512(dst, x, s []float64)

//go:noescape
func geluOutF32AVX512(dst, x, s []float32)

//go:noescape
func geluDerivF64AVX512(dst, x, v, s, sn []float64)

//go:noescape
func geluDerivF32AVX512(dst, x, v, s, sn []float32)
