package blocked

import (
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// Packing copies a block of op(A) or op(B) into the panel layout the micro-kernel reads
// with unit stride, padded with zeros to whole panels so the kernel always computes full
// MR×NR tiles (the padding only ever meets accumulators that are not stored; zeros keep
// it free of NaNs and subnormals that could slow the arithmetic).
//
// A block (rows i0…i0+mb−1, columns p0…p0+kb−1 of op(A)) → ⌈mb/mr⌉ panels of mr·kb values,
// panel q at dst[q·mr·kb:], element (i, p) of the panel at p·mr + i.
// B block (rows p0…p0+kb−1, columns j0…j0+nb−1 of op(B)) → ⌈nb/nr⌉ panels of nr·kb values,
// panel q at dst[q·nr·kb:], element (p, j) of the panel at p·nr + j.
//
// Contiguous runs (op(A) transposed, op(B) not) are copied by the level's run packer;
// groups of 8 source rows to interleave (op(A) not transposed, op(B) transposed) by its
// 8-row gather, the remaining rows by the loops here.

// packers are the level's packing primitives for T.
type packers[T view.Float] struct {
	runs    func(d []T, w int, src []T, stride, kb, cols int)
	gather8 func(d []T, w int, src []T, stride, kb int)
}

func packersOf[T view.Float](t *dispatch.Table) packers[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(packers[float32]{t.GEMM.PackRunsF32, t.GEMM.PackGather8F32}).(packers[T])
	}
	return any(packers[float64]{t.GEMM.PackRunsF64, t.GEMM.PackGather8F64}).(packers[T])
}

// packA packs panels first…last−1 of the A block with the packers of the level in force.
func packA[T view.Float](dst []T, a view.Matrix[T], trans bool, i0, p0, mb, kb, mr, first, last int) {
	packAWith(packersOf[T](dispatch.Current()), dst, a, trans, i0, p0, mb, kb, mr, first, last)
}

// packB packs panels first…last−1 of the B block with the packers of the level in force.
func packB[T view.Float](dst []T, b view.Matrix[T], trans bool, p0, j0, kb, nb, nr, first, last int) {
	packBWith(packersOf[T](dispatch.Current()), dst, b, trans, p0, j0, kb, nb, nr, first, last)
}

// packAWith packs panels first…last−1 of the A block with pk.
func packAWith[T view.Float](pk packers[T], dst []T, a view.Matrix[T], trans bool, i0, p0, mb, kb, mr, first, last int) {
	for q := first; q < last; q++ {
		ir := q * mr
		rows := min(mr, mb-ir)
		d := dst[q*mr*kb : (q+1)*mr*kb]
		if trans {
			// op(A)(i, p) = a(p, i): each p is a contiguous run of rows elements.
			pk.runs(d, mr, a.Data[p0*a.Stride+i0+ir:], a.Stride, kb, rows)
			continue
		}
		// op(A)(i, p) = a(i, p): rows of a are interleaved with stride mr into the panel.
		gatherRows(pk, d, mr, a.Data[(i0+ir)*a.Stride+p0:], a.Stride, kb, rows)
	}
}

// packBWith packs panels first…last−1 of the B block with pk.
func packBWith[T view.Float](pk packers[T], dst []T, b view.Matrix[T], trans bool, p0, j0, kb, nb, nr, first, last int) {
	for q := first; q < last; q++ {
		jr := q * nr
		cols := min(nr, nb-jr)
		d := dst[q*nr*kb : (q+1)*nr*kb]
		if !trans {
			// op(B)(p, j) = b(p, j): each p is a contiguous run of cols elements.
			pk.runs(d, nr, b.Data[p0*b.Stride+j0+jr:], b.Stride, kb, cols)
			continue
		}
		// op(B)(p, j) = b(j, p): rows of b are interleaved with stride nr into the panel.
		gatherRows(pk, d, nr, b.Data[(j0+jr)*b.Stride+p0:], b.Stride, kb, cols)
	}
}

// gatherRows sets d[p*w + r] = src[r*stride + p] for r < rows, p < kb, and zeros the
// slots r = rows … w−1.
func gatherRows[T view.Float](pk packers[T], d []T, w int, src []T, stride, kb, rows int) {
	r := 0
	for ; r+8 <= rows; r += 8 {
		pk.gather8(d[r:], w, src[r*stride:], stride, kb)
	}
	for ; r+4 <= rows; r += 4 {
		base := r * stride
		r0 := src[base : base+kb]
		r1 := src[base+stride : base+stride+kb]
		r2 := src[base+2*stride : base+2*stride+kb]
		r3 := src[base+3*stride : base+3*stride+kb]
		for p := range r0 {
			dp := d[p*w+r : p*w+r+4]
			dp[0], dp[1], dp[2], dp[3] = r0[p], r1[p], r2[p], r3[p]
		}
	}
	for ; r < rows; r++ {
		for p, v := range src[r*stride : r*stride+kb] {
			d[p*w+r] = v
		}
	}
	if rows < w {
		for p := 0; p < kb; p++ {
			clear(d[p*w+rows : p*w+w])
		}
	}
}
