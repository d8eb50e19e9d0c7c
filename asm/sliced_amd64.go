//go:build !purego

package asm

import (
	"sync"
	"unsafe"
)

//go:generate go run sliced_gen.go

// slicedGroup returns the rows per broadcast of the AVX-512 kernels for q columns:
// groups of 2 rows while q ≤ 2 vectors (float32: of 4 while q ≤ 8), so a narrow factor
// still fills whole registers; 1 (the plain kernels) for wider factors. Groups of 4
// (float32, q ≤ 8) were chosen over pairs when both kernels existed (Ice Lake server,
// one core, r = 512, p = q = 8: 100 against 65 GFLOP/s, 14 against 25 loads per 24
// FMAs, once rows were stored from YMM halves). That comparison was a one-off run:
// BenchmarkSliced times the kernel chosen here, not the pairs.
func slicedGroup(v, q int, f32 bool) int {
	switch {
	case f32 && q <= v/2:
		return 4
	case q <= 2*v:
		return 2
	}
	return 1
}

// SlicedLDF64AVX512 is the shortest packed row of F for SlicedF64AVX512.
func SlicedLDF64AVX512(q int) int {
	needAVX512("SlicedLDF64AVX512")
	return slicedLD(q, 8, slicedGroup(8, q, false))
}

// SlicedLDF32AVX512 is the shortest packed row of F for SlicedF32AVX512.
func SlicedLDF32AVX512(q int) int {
	needAVX512("SlicedLDF32AVX512")
	return slicedLD(q, 16, slicedGroup(16, q, true))
}

// SlicedLDF64AVX2 is the shortest packed row of F for SlicedF64AVX2: q rounded up to 4.
func SlicedLDF64AVX2(q int) int {
	needAVX2("SlicedLDF64AVX2")
	return slicedLD(q, 4, 1)
}

// SlicedLDF32AVX2 is the shortest packed row of F for SlicedF32AVX2: q rounded up to 8.
func SlicedLDF32AVX2(q int) int {
	needAVX2("SlicedLDF32AVX2")
	return slicedLD(q, 8, 1)
}

// SlicedPackF64AVX512 packs F for SlicedF64AVX512: for q ≤ 16, vectors of 4 columns with
// every value twice (lanes 2c, 2c+1 = column c); wider, plain rows padded to 8.
func SlicedPackF64AVX512(dst []float64, ldf int, src []float64, rs, cs, p, q int) {
	needAVX512("SlicedPackF64AVX512")

	slicedPack(dst, ldf, src, rs, cs, p, q, 8, slicedGroup(8, q, false))
}

// SlicedPackF32AVX512 packs F for SlicedF32AVX512: for q ≤ 8, vectors of 4 columns with
// every value four times; for q ≤ 32, vectors of 8 columns, every value twice; wider,
// plain rows padded to 16.
func SlicedPackF32AVX512(dst []float32, ldf int, src []float32, rs, cs, p, q int) {
	needAVX512("SlicedPackF32AVX512")

	slicedPack(dst, ldf, src, rs, cs, p, q, 16, slicedGroup(16, q, true))
}

// SlicedPackF64AVX2 packs F for SlicedF64AVX2: plain rows padded to 4.
func SlicedPackF64AVX2(dst []float64, ldf int, src []float64, rs, cs, p, q int) {
	needAVX2("SlicedPackF64AVX2")

	slicedPack(dst, ldf, src, rs, cs, p, q, 4, 1)
}

// SlicedPackF32AVX2 packs F for SlicedF32AVX2: plain rows padded to 8.
func SlicedPackF32AVX2(dst []float32, ldf int, src []float32, rs, cs, p, q int) {
	needAVX2("SlicedPackF32AVX2")

	slicedPack(dst, ldf, src, rs, cs, p, q, 8, 1)
}

// SlicedF64AVX512 is SlicedF64Generic on ZMM registers. Wide factors (q > 16): register
// tiles of 6×32, 8×24, 12×16 or 24×8 (rows × columns, chosen by the columns left),
// masked column edges. Narrow factors (q ≤ 16): each broadcast covers two rows, tiles of
// 12×16, 16×12, 24×8 or 48×4, rows gathered with VPERMT2PD on store. F packed by
// SlicedPackF64AVX512. Rows short of a tile (r below its height) go through a padded
// buffer (slicedF64). Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF64AVX512(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	needAVX512("SlicedF64AVX512")

	g := slicedGroup(8, q, false)
	if !checkSliced(slicedLD(q, 8, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	k, mr := slicedK512, slicedRowsPlain(8, q, slicedRowsAVX512)
	if g == 2 {
		k, mr = slicedKG2, slicedRowsGrouped(8, g, q)
	}
	slicedF64(k, mr, nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
}

// SlicedF32AVX512 is SlicedF32Generic on ZMM registers: as SlicedF64AVX512 with 16
// lanes; narrow factors: two rows per broadcast for q ≤ 32, four for q ≤ 8. F packed by
// SlicedPackF32AVX512. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedF32AVX512(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	needAVX512("SlicedF32AVX512")

	g := slicedGroup(16, q, true)
	if !checkSliced(slicedLD(q, 16, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	k, mr := slicedK512, slicedRowsPlain(16, q, slicedRowsAVX512)
	switch g {
	case 4:
		k, mr = slicedKG4, slicedRowsGrouped(16, g, q)
	case 2:
		k, mr = slicedKG2, slicedRowsGrouped(16, g, q)
	}
	slicedF32(k, mr, nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
}

// SlicedNTF64AVX512 is SlicedF64AVX512 storing C with non-temporal stores (past the
// caches: for a final output larger than them). It runs only where every row is whole
// aligned cache lines: β = ±0, q = 8 or 16 (two rows per broadcast), r at least the
// tile height (24 rows for q = 8, 12 for 16), p ≥ 1, ldc and (for nb > 1) sc multiples
// of 8, C 64-byte aligned; otherwise it reports false
// having done nothing (with nothing to compute, such as nb = 0, it reports true). The
// caller runs StoreFence after the last call for an output. F packed by
// SlicedPackF64AVX512. Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedNTF64AVX512(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) bool {
	needAVX512("SlicedNTF64AVX512")

	g := slicedGroup(8, q, false)
	if !checkSliced(slicedLD(q, 8, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return true
	}
	if beta != 0 || g != 2 || p == 0 || r < slicedRowsGrouped(8, g, q) || !slicedNTAligned(8, q, ldc, nb, sc, unsafe.Pointer(&c[0])) {
		return false
	}
	var w [slicedSpillBytes / 8]float64
	slicedG2F64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, 1, w[:])
	return true
}

// SlicedNTF32AVX512 is SlicedNTF64AVX512 for float32: it runs where β = ±0, q = 16 or
// 32, r ≥ 24 (q = 16) or 12 (q = 32), p ≥ 1, ldc and (for nb > 1) sc multiples of 16,
// C 64-byte aligned, and reports false otherwise. F packed by SlicedPackF32AVX512.
// Requires: AVX512F, AVX512BW, AVX512DQ, AVX512VL.
func SlicedNTF32AVX512(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) bool {
	needAVX512("SlicedNTF32AVX512")

	g := slicedGroup(16, q, true)
	if !checkSliced(slicedLD(q, 16, g), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return true
	}
	if beta != 0 || g != 2 || p == 0 || r < slicedRowsGrouped(16, g, q) || !slicedNTAligned(16, q, ldc, nb, sc, unsafe.Pointer(&c[0])) {
		return false
	}
	var w [slicedSpillBytes / 4]float32
	slicedG2F32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, 1, w[:])
	return true
}

// slicedNTAligned reports whether every row of C (q columns of v lanes' vectors, row
// stride ldc, batch stride sc, first element at c) is whole 64-byte lines.
func slicedNTAligned(v, q, ldc, nb, sc int, c unsafe.Pointer) bool {
	return q%v == 0 && ldc%v == 0 && (nb == 1 || sc%v == 0) && uintptr(c)%64 == 0
}

// SlicedF64AVX2 is SlicedF64Generic with register tiles of 6×8 or 12×4 on YMM registers;
// the last vector of a row is loaded and stored with VMASKMOVPD. F packed by
// SlicedPackF64AVX2. Requires: AVX, AVX2, FMA3.
func SlicedF64AVX2(nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	needAVX2("SlicedF64AVX2")

	if !checkSliced(slicedLD(q, 4, 1), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF64Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF64(slicedK2, slicedRowsPlain(4, q, slicedRowsAVX2), nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
}

// SlicedF32AVX2 is SlicedF32Generic with register tiles of 6×16 or 12×8 on YMM registers,
// VMASKMOVPS on the last vector of a row. F packed by SlicedPackF32AVX2.
// Requires: AVX, AVX2, FMA3.
func SlicedF32AVX2(nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	needAVX2("SlicedF32AVX2")

	if !checkSliced(slicedLD(q, 8, 1), nb, r, p, q, len(a), lda, sa, len(f), ldf, len(c), ldc, sc) {
		return
	}
	if p == 0 {
		SlicedF32Generic(nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
		return
	}
	slicedF32(slicedK2, slicedRowsPlain(8, q, slicedRowsAVX2), nb, r, p, q, a, lda, sa, f, ldf, c, ldc, sc, alpha, beta)
}

// The assembly trusts its wrappers: checkSliced passed, nb, r, q ≥ 1, p ≥ 1, r at least
// the tile height (slicedRowsPlain, slicedRowsGrouped), q within the grouped kernels'
// range, w of slicedSpillBytes, nt ≠ 0 (non-temporal stores, grouped kernels of groups
// of 2 only) only where slicedNTAligned holds and β = 0.

// slicedSpillBytes is the spill area of the kernels' store loop (β ≠ 0, or the last
// tile with non-temporal stores): 24 ZMM accumulators.
const slicedSpillBytes = 24 * 64

// Tile heights of the plain kernels by the vectors of a column chunk (index nv−1), as
// in sliced_gen.go's shapes.
var (
	slicedRowsAVX512 = []int{24, 12, 8, 6}
	slicedRowsAVX2   = []int{12, 6}
)

// slicedRowsPlain is the tallest tile a plain kernel runs for q columns (vectors of v
// lanes): that of its last column chunk, ((q−1) mod (len(mrs)·v)) + 1 columns wide (the
// chunks before it are the widest shape, the shortest tile).
func slicedRowsPlain(v, q int, mrs []int) int {
	left := (q-1)%(len(mrs)*v) + 1
	return mrs[(left+v-1)/v-1]
}

// slicedRowsGrouped is the tile height of a grouped kernel (groups of g rows, vectors of
// v lanes) for q columns: 24/nv groups, nv = ⌈q/(v/g)⌉ vectors.
func slicedRowsGrouped(v, g, q int) int {
	w := v / g
	return 24 / ((q + w - 1) / w) * g
}

// The kernels in assembly, for slicedF64 and slicedF32.
const (
	slicedK512 = iota // sliced<P>AVX512
	slicedKG2         // slicedG2<P>AVX512
	slicedKG4         // slicedG4F32AVX512
	slicedK2          // sliced<P>AVX2
)

// slicedF64 runs float64 kernel k, whose tallest tile is mr rows: directly if r ≥ mr,
// else the way BLIS does edges: k computes mr×q tiles into a buffer with α = 1, β = 0
// (the exact sums, as every level computes them), reading A in place where its reads
// past column r stay inside a (slicedInPlace; those columns reach only rows past r,
// which are dropped), else from a p×mr copy of the batch's r columns; then α and β are
// applied here as the generic code applies them (slicedStore), so the bits are the same.
func slicedF64(k, mr, nb, r, p, q int, a []float64, lda, sa int, f []float64, ldf int, c []float64, ldc, sc int, alpha, beta float64) {
	var w [slicedSpillBytes / 8]float64
	if r >= mr {
		slicedRunF64(k, a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, 0, w[:])
		return
	}
	bp := slicedPoolF64.Get().(*[]float64)
	nc := slicedPadBatches(nb, p, q, mr)
	abuf, cbuf := slicedPadBufs(bp, nc*p*mr, nc*mr*q)
	// Batches whose tile reads of A (columns up to mr) stay inside a run on A in place.
	nin := slicedInPlace(nb, p, mr, len(a), lda, sa)
	for b := 0; b < nin; b += nc {
		n := min(nc, nin-b)
		slicedRunF64(k, a[b*sa:], f, cbuf, n, mr, p, q, lda, sa, ldf, q, mr*q, 1, 0, 0, w[:])
		for i := 0; i < n; i++ {
			slicedPadOut(c[(b+i)*sc:], ldc, cbuf[i*mr*q:], r, q, alpha, beta, fma64)
		}
	}
	for b := nin; b < nb; b += nc {
		n := min(nc, nb-b)
		for i := 0; i < n; i++ {
			slicedPadIn(abuf[i*p*mr:], a[(b+i)*sa:], lda, p, r, mr)
		}
		slicedRunF64(k, abuf, f, cbuf, n, mr, p, q, mr, p*mr, ldf, q, mr*q, 1, 0, 0, w[:])
		for i := 0; i < n; i++ {
			slicedPadOut(c[(b+i)*sc:], ldc, cbuf[i*mr*q:], r, q, alpha, beta, fma64)
		}
	}
	slicedPoolF64.Put(bp)
}

// slicedF32 is slicedF64 for float32.
func slicedF32(k, mr, nb, r, p, q int, a []float32, lda, sa int, f []float32, ldf int, c []float32, ldc, sc int, alpha, beta float32) {
	var w [slicedSpillBytes / 4]float32
	if r >= mr {
		slicedRunF32(k, a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, 0, w[:])
		return
	}
	bp := slicedPoolF32.Get().(*[]float32)
	nc := slicedPadBatches(nb, p, q, mr)
	abuf, cbuf := slicedPadBufs(bp, nc*p*mr, nc*mr*q)
	// Batches whose tile reads of A (columns up to mr) stay inside a run on A in place.
	nin := slicedInPlace(nb, p, mr, len(a), lda, sa)
	for b := 0; b < nin; b += nc {
		n := min(nc, nin-b)
		slicedRunF32(k, a[b*sa:], f, cbuf, n, mr, p, q, lda, sa, ldf, q, mr*q, 1, 0, 0, w[:])
		for i := 0; i < n; i++ {
			slicedPadOut(c[(b+i)*sc:], ldc, cbuf[i*mr*q:], r, q, alpha, beta, fma32)
		}
	}
	for b := nin; b < nb; b += nc {
		n := min(nc, nb-b)
		for i := 0; i < n; i++ {
			slicedPadIn(abuf[i*p*mr:], a[(b+i)*sa:], lda, p, r, mr)
		}
		slicedRunF32(k, abuf, f, cbuf, n, mr, p, q, mr, p*mr, ldf, q, mr*q, 1, 0, 0, w[:])
		for i := 0; i < n; i++ {
			slicedPadOut(c[(b+i)*sc:], ldc, cbuf[i*mr*q:], r, q, alpha, beta, fma32)
		}
	}
	slicedPoolF32.Put(bp)
}

// slicedRunF64 calls float64 kernel k (direct calls, so no argument escapes).
func slicedRunF64(k int, a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64, nt int, w []float64) {
	switch k {
	case slicedK512:
		slicedF64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	case slicedKG2:
		slicedG2F64AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	case slicedK2:
		slicedF64AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	}
}

// slicedRunF32 calls float32 kernel k.
func slicedRunF32(k int, a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32, nt int, w []float32) {
	switch k {
	case slicedK512:
		slicedF32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	case slicedKG2:
		slicedG2F32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	case slicedKG4:
		slicedG4F32AVX512(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	case slicedK2:
		slicedF32AVX2(a, f, c, nb, r, p, q, lda, sa, ldf, ldc, sc, alpha, beta, nt, w)
	}
}

// The edge buffers, reused (no allocation once grown).
var (
	slicedPoolF64 = sync.Pool{New: func() any { return new([]float64) }}
	slicedPoolF32 = sync.Pool{New: func() any { return new([]float32) }}
)

// slicedInPlace is how many leading batches a kernel with tiles of mr > r rows can
// read in place: those whose A reads, up to (p−1)·lda + mr − 1 past the batch's start,
// stay inside len(a) = la. The columns past r are other data (or padding), which only
// reach the tile's rows past r, and those are not stored.
func slicedInPlace(nb, p, mr, la, lda, sa int) int {
	end := (p-1)*lda + mr // elements read from a batch's start
	if end > la {
		return 0
	}
	if sa == 0 {
		return nb
	}
	return min(nb, (la-end)/sa+1)
}

// slicedPadBatches is how many batches of r < mr rows one padded call takes: as many
// as fit in about 64 KiB of buffers (at least one).
func slicedPadBatches(nb, p, q, mr int) int {
	return max(1, min(nb, (64<<10)/8/(p*mr+mr*q)))
}

// slicedPadBufs returns buffers of na and nc values from *bp, growing it.
func slicedPadBufs[T float32 | float64](bp *[]T, na, nc int) (abuf, cbuf []T) {
	if cap(*bp) < na+nc {
		*bp = make([]T, na+nc)
	}
	buf := (*bp)[:na+nc]
	return buf[:na:na], buf[na:]
}

// slicedPadIn copies the r < mr columns of A (p rows of lda) into abuf's rows of mr.
func slicedPadIn[T float32 | float64](abuf, a []T, lda, p, r, mr int) {
	for t := 0; t < p; t++ {
		dst, src := abuf[t*mr:t*mr+r], a[t*lda:][:r]
		for i := range dst { // r < mr: too short for copy's call
			dst[i] = src[i]
		}
	}
}

// slicedPadOut stores rows i < r of the tile (rows of q in cbuf) into C: α·x, or
// fma(β, C, α·x) when β ≠ 0, as slicedStore does.
func slicedPadOut[T float32 | float64](c []T, ldc int, cbuf []T, r, q int, alpha, beta T, fma func(x, y, z T) T) {
	if alpha == 1 && beta == 0 && ldc == q {
		copy(c[:r*q], cbuf) // α·x = x exactly; the rows adjacent in both
		return
	}
	for i := 0; i < r; i++ {
		row := c[i*ldc:][:q]
		if alpha == 1 && beta == 0 {
			copy(row, cbuf[i*q:(i+1)*q]) // α·x = x exactly
			continue
		}
		for j, x := range cbuf[i*q : (i+1)*q] {
			v := alpha * x
			if beta != 0 {
				v = fma(beta, row[j], v)
			}
			row[j] = v
		}
	}
}

//go:noescape
func slicedF64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64, nt int, w []float64)

//go:noescape
func slicedF32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32, nt int, w []float32)

//go:noescape
func slicedG2F64AVX512(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64, nt int, w []float64)

//go:noescape
func slicedG2F32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32, nt int, w []float32)

//go:noescape
func slicedG4F32AVX512(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32, nt int, w []float32)

//go:noescape
func slicedF64AVX2(a, f, c []float64, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float64, nt int, w []float64)

//go:noescape
func slicedF32AVX2(a, f, c []float32, nb, r, p, q, lda, sa, ldf, ldc, sc int, alpha, beta float32, nt int, w []float32)
