package blocked

import "github.com/matkern/matkern/internal/view"

// Packing copies a block of op(A) or op(B) into the panel layout the micro-kernel reads
// with unit stride, padded with zeros to whole panels so the kernel always computes full
// MR×NR tiles (the padding only ever meets accumulators that are not stored).
//
// A block (rows i0…i0+mb−1, columns p0…p0+kb−1 of op(A)) → ⌈mb/mr⌉ panels of mr·kb values,
// panel q at dst[q·mr·kb:], element (i, p) of the panel at p·mr + i.
// B block (rows p0…p0+kb−1, columns j0…j0+nb−1 of op(B)) → ⌈nb/nr⌉ panels of nr·kb values,
// panel q at dst[q·nr·kb:], element (p, j) of the panel at p·nr + j.

// packA packs panels first…last−1 of the A block.
func packA[T view.Float](dst []T, a view.Matrix[T], trans bool, i0, p0, mb, kb, mr, first, last int) {
	for q := first; q < last; q++ {
		ir := q * mr
		rows := min(mr, mb-ir)
		d := dst[q*mr*kb : (q+1)*mr*kb]
		if trans {
			// op(A)(i, p) = a(p, i): each p is a contiguous run of rows elements.
			for p := 0; p < kb; p++ {
				src := a.Data[(p0+p)*a.Stride+i0+ir:]
				dp := d[p*mr : p*mr+mr]
				copy(dp, src[:rows])
				clear(dp[rows:])
			}
			continue
		}
		// op(A)(i, p) = a(i, p): rows of a are scattered with stride mr into the panel.
		i := 0
		for ; i+4 <= rows; i += 4 {
			base := (i0+ir+i)*a.Stride + p0
			r0 := a.Data[base : base+kb]
			r1 := a.Data[base+a.Stride : base+a.Stride+kb]
			r2 := a.Data[base+2*a.Stride : base+2*a.Stride+kb]
			r3 := a.Data[base+3*a.Stride : base+3*a.Stride+kb]
			for p := range r0 {
				dp := d[p*mr+i : p*mr+i+4]
				dp[0], dp[1], dp[2], dp[3] = r0[p], r1[p], r2[p], r3[p]
			}
		}
		for ; i < rows; i++ {
			base := (i0+ir+i)*a.Stride + p0
			for p, v := range a.Data[base : base+kb] {
				d[p*mr+i] = v
			}
		}
		if rows < mr {
			for p := 0; p < kb; p++ {
				clear(d[p*mr+rows : p*mr+mr])
			}
		}
	}
}

// packB packs panels first…last−1 of the B block.
func packB[T view.Float](dst []T, b view.Matrix[T], trans bool, p0, j0, kb, nb, nr, first, last int) {
	for q := first; q < last; q++ {
		jr := q * nr
		cols := min(nr, nb-jr)
		d := dst[q*nr*kb : (q+1)*nr*kb]
		if !trans {
			// op(B)(p, j) = b(p, j): each p is a contiguous run of cols elements.
			for p := 0; p < kb; p++ {
				src := b.Data[(p0+p)*b.Stride+j0+jr:]
				dp := d[p*nr : p*nr+nr]
				copy(dp, src[:cols])
				clear(dp[cols:])
			}
			continue
		}
		// op(B)(p, j) = b(j, p): rows of b are scattered with stride nr into the panel.
		j := 0
		for ; j+4 <= cols; j += 4 {
			base := (j0+jr+j)*b.Stride + p0
			r0 := b.Data[base : base+kb]
			r1 := b.Data[base+b.Stride : base+b.Stride+kb]
			r2 := b.Data[base+2*b.Stride : base+2*b.Stride+kb]
			r3 := b.Data[base+3*b.Stride : base+3*b.Stride+kb]
			for p := range r0 {
				dp := d[p*nr+j : p*nr+j+4]
				dp[0], dp[1], dp[2], dp[3] = r0[p], r1[p], r2[p], r3[p]
			}
		}
		for ; j < cols; j++ {
			base := (j0+jr+j)*b.Stride + p0
			for p, v := range b.Data[base : base+kb] {
				d[p*nr+j] = v
			}
		}
		if cols < nr {
			for p := 0; p < kb; p++ {
				clear(d[p*nr+cols : p*nr+nr])
			}
		}
	}
}
