package main

import "fmt"

// The Kronecker family: row kernels that write len(a) blocks of len(b) elements, block j
// being a[j]·b (or accumulating alpha·a[j]·b into it), one output row of A⊗B; and the
// non-temporal copies that write large outputs. Both widths lay out a kernel the same
// way: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base, R8 = len(b),
// R11 = b cursor, CX = elements of b left in this block; the copies use SI as the source
// cursor and CX as the elements left. Labels: block (one block of dst per element of
// a), loop4 (four vectors a step), loop1 (one vector), tail (the last partial vector),
// next (the next element of a), done (return).

// kw is one vector width of the Kronecker kernels.
type kw struct {
	v      string // vector register kind: Y, Z
	vb     int    // bytes per vector
	ks     string // the block's scale a[j] or alpha·a[j] in every lane
	xalpha string // the low lane of alpha broadcast
	xt     string // scratch
}

var (
	kwY = kw{"Y", 32, "Y15", "X14", "X13"}
	kwZ = kw{"Z", 64, "Z31", "X30", "X29"}
)

func (w kw) kv(i int) string { return reg(w.v, i) }

func (w kw) lanes(p prec) int { return w.vb / p.es }

// kronNonEmpty jumps to done when a (BX) or b (R8) is empty.
func kronNonEmpty(f *file) {
	f.i("TESTQ BX, BX")
	f.i("JZ    done")
	f.i("TESTQ R8, R8")
	f.i("JZ    done")
}

// kronAlphaScale: KS = alpha·a[j] in every lane; clobbers xt.
func kronAlphaScale(f *file, p prec, w kw) {
	f.i("VMUL%s  (SI), %s, %s", p.sfx(), w.xalpha, w.xt)
	f.i("%s %s, %s", p.bcst, w.xt, w.ks)
}

// kronBlockStart rewinds b for the next block: R11 = b, CX = len(b).
func kronBlockStart(f *file) {
	f.i("MOVQ DX, R11")
	f.i("MOVQ R8, CX")
}

// kronStore4 ends a loop4 step: stores the four vectors at DI with st, advances src and
// DI by four vectors and CX by 4n elements, and loops; kronStore1 the same for loop1.
func kronStore4(f *file, p prec, w kw, st, src string) {
	for c := 0; c < 4; c++ {
		f.i("%s   %s, %d(DI)", st, w.kv(c), c*w.vb)
	}
	f.i("ADDQ $%d, %s", 4*w.vb, src)
	f.i("ADDQ $%d, DI", 4*w.vb)
	f.i("SUBQ $%d, CX", 4*w.lanes(p))
	f.i("JMP  loop4")
}

func kronStore1(f *file, p prec, w kw, st, src string) {
	f.i("%s   %s, (DI)", st, w.kv(0))
	f.i("ADDQ $%d, %s", w.vb, src)
	f.i("ADDQ $%d, DI", w.vb)
	f.i("SUBQ $%d, CX", w.lanes(p))
	f.i("JMP  loop1")
}

// kronMul: loop4 and loop1 of dst = KS·b.
func kronMul(f *file, p prec, w kw, st string) {
	n := w.lanes(p)
	loopHead(f, "loop4", 4*n, "loop1")
	for c := 0; c < 4; c++ {
		f.i("%s  %d(R11), %s, %s", p.op("VMUL"), c*w.vb, w.ks, w.kv(c))
	}
	kronStore4(f, p, w, st, "R11")
	loopHead(f, "loop1", n, "tail")
	f.i("%s  0(R11), %s, %s", p.op("VMUL"), w.ks, w.kv(0))
	kronStore1(f, p, w, st, "R11")
}

// kronFMA: loop4 and loop1 of dst = fma(KS, b, dst).
func kronFMA(f *file, p prec, w kw) {
	n := w.lanes(p)
	loopHead(f, "loop4", 4*n, "loop1")
	for c := 0; c < 4; c++ {
		f.i("%s  %d(DI), %s", p.mov, c*w.vb, w.kv(c))
		f.i("%s  %d(R11), %s, %s", p.op("VFMADD231"), c*w.vb, w.ks, w.kv(c))
	}
	kronStore4(f, p, w, p.mov, "R11")
	loopHead(f, "loop1", n, "tail")
	f.i("%s  0(DI), %s", p.mov, w.kv(0))
	f.i("%s  0(R11), %s, %s", p.op("VFMADD231"), w.ks, w.kv(0))
	kronStore1(f, p, w, p.mov, "R11")
}

// kronNext ends a block: on to the next element of a while BX > 0, then returns.
func kronNext(f *file, p prec) {
	f.label("next")
	f.i("ADDQ $%d, SI", p.es)
	f.i("DECQ BX")
	f.i("JNZ  block")
	f.label("done")
	ret(f)
}

// kronCopyOne copies one element through X0 and advances SI, DI and CX.
func kronCopyOne(f *file, p prec) {
	smov := "VMOV" + p.sfx()
	f.i("%s (SI), X0", smov)
	f.i("%s X0, (DI)", smov)
	f.i("ADDQ $%d, SI", p.es)
	f.i("ADDQ $%d, DI", p.es)
	f.i("DECQ CX")
}

// kronCopyHeadLoops: head, one element at a time until DI is vector-aligned, or done when
// CX runs out; then loop4 and loop1 of the copy, non-temporal stores; on to tail when
// fewer than one vector's elements are left.
func kronCopyHeadLoops(f *file, p prec, w kw) {
	n, nt := w.lanes(p), "VMOVNT"+p.p
	f.label("head")
	f.i("TESTQ $%d, DI", w.vb-1)
	f.i("JZ    loop4")
	f.i("TESTQ CX, CX")
	f.i("JZ    done")
	kronCopyOne(f, p)
	f.i("JMP   head")
	loopHead(f, "loop4", 4*n, "loop1")
	for c := 0; c < 4; c++ {
		f.i("%s  %d(SI), %s", p.mov, c*w.vb, w.kv(c))
	}
	kronStore4(f, p, w, nt, "SI")
	loopHead(f, "loop1", n, "tail")
	f.i("%s  (SI), %s", p.mov, w.kv(0))
	kronStore1(f, p, w, nt, "SI")
}

// kronRowArgs loads dst, a and b (kronRow, kronRowNT); kronRowAddArgs also alpha.
func kronRowArgs(f *file) {
	f.i("MOVQ dst_base+0(FP), DI")
	f.i("MOVQ a_base+24(FP), SI")
	f.i("MOVQ a_len+32(FP), BX")
	f.i("MOVQ b_base+48(FP), DX")
	f.i("MOVQ b_len+56(FP), R8")
}

func kronRowAddArgs(f *file, p prec, alpha string) {
	f.i("MOVQ dst_base+0(FP), DI")
	f.i("%s alpha+24(FP), %s", p.bcst, alpha)
	f.i("MOVQ a_base+32(FP), SI")
	f.i("MOVQ a_len+40(FP), BX")
	f.i("MOVQ b_base+56(FP), DX")
	f.i("MOVQ b_len+64(FP), R8")
}

func kronCopyArgs(f *file) {
	f.i("MOVQ dst_base+0(FP), DI")
	f.i("MOVQ dst_len+8(FP), CX")
	f.i("MOVQ src_base+24(FP), SI")
}

func kronFiles() []*file { return []*file{kronAVX2(), kronAVX512()} }

const kronDoc = `
Kronecker-product row kernels and the non-temporal copy that writes large outputs.
A Kronecker row kernel writes len(a) blocks of len(b) elements, block j being a[j]·b
(or accumulating alpha·a[j]·b into it): one output row of A⊗B. The assembly trusts
its Go wrappers (kron_amd64.go) for slice lengths.
`

func kronAVX2() *file {
	f := newFile("kron_avx2_amd64.s", kronDoc+`Partial vectors are done one scalar at a time.
Registers: Y0–Y3 = the four products or sums of a loop4 step (Y0 alone in loop1),
Y15 = the block's scale a[j] or alpha·a[j] in every lane (X15 its low lane), X14 =
alpha, X13 scratch; X0 in the scalar tails.`)
	w := kwY
	row := func(p prec, nt bool) {
		st, name := p.mov, "kronRow"+p.name+"AVX2"
		doc := `Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
Y15 = a[j] in every lane.
Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].`
		if p.es == 4 {
			doc = `Register plan and invariant as in kronRowF64AVX2.`
		}
		if nt {
			st, name = "VMOVNT"+p.p, "kronRowNT"+p.name+"AVX2"
			doc = fmt.Sprintf(`Register plan and invariant as in kronRowF64AVX2.
Non-temporal stores: the caller guarantees dst is 32-byte aligned and len(b) is a
multiple of %d, so every store is a whole aligned vector (the short path has q = %d,
the tail never runs); no fence (the caller runs storeFence after the output).`, w.lanes(p), w.lanes(p))
		}
		f.text(name, "dst, a, b []"+p.typ, "AVX2", "$0-72", doc)
		kronRowArgs(f)
		kronNonEmpty(f)
		f.label("block")
		f.i("%s (SI), %s", p.bcst, w.ks)
		kronBlockStart(f)
		kronMul(f, p, w, st)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    next")
		f.label("scalar")
		f.i("VMUL%s (R11), X15, X0", p.sfx())
		f.i("VMOV%s X0, (DI)", p.sfx())
		f.i("ADDQ $%d, R11", p.es)
		f.i("ADDQ $%d, DI", p.es)
		f.i("DECQ CX")
		f.i("JNZ  scalar")
		kronNext(f, p)
		f.raw("")
	}
	rowAdd := func(p prec) {
		doc := `Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
Y14 = alpha, Y15 = alpha·a[j] in every lane.
Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).`
		if p.es == 4 {
			doc = `Register plan and invariant as in kronRowAddF64AVX2.`
		}
		f.text("kronRowAdd"+p.name+"AVX2", "dst []"+p.typ+", alpha "+p.typ+", a, b []"+p.typ, "AVX2, FMA3", "$0-80", doc)
		kronRowAddArgs(f, p, "Y14")
		kronNonEmpty(f)
		f.label("block")
		kronAlphaScale(f, p, w)
		kronBlockStart(f)
		kronFMA(f, p, w)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    next")
		f.label("scalar")
		f.i("VMOV%s (DI), X0", p.sfx())
		f.i("VFMADD231%s (R11), X15, X0", p.sfx())
		f.i("VMOV%s X0, (DI)", p.sfx())
		f.i("ADDQ $%d, R11", p.es)
		f.i("ADDQ $%d, DI", p.es)
		f.i("DECQ CX")
		f.i("JNZ  scalar")
		kronNext(f, p)
		f.raw("")
	}
	copyNT := func(p prec) {
		doc := `Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
32-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
the caller runs storeFence after its last non-temporal copy.`
		if p.es == 4 {
			doc = `Register plan and invariant as in copyNTF64AVX2.`
		}
		f.text("copyNT"+p.name+"AVX2", "dst, src []"+p.typ, "AVX", "$0-48", doc)
		kronCopyArgs(f)
		kronCopyHeadLoops(f, p, w)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    done")
		kronCopyOne(f, p)
		f.i("JMP   tail")
		f.label("done")
		ret(f)
		f.raw("")
	}
	row(f64, false)
	row(f32, false)
	rowAdd(f64)
	rowAdd(f32)
	row(f64, true)
	row(f32, true)
	copyNT(f64)
	copyNT(f32)
	f.raw("// func storeFence()")
	f.raw("// Requires: SSE")
	f.raw("// Orders every earlier store, non-temporal ones included, before any later one: run it")
	f.raw("// after the last copyNT of an output.")
	f.raw("TEXT ·storeFence(SB), NOSPLIT, $0-0")
	f.i("SFENCE")
	f.i("RET")
	return f
}

// laneMask: k = (1<<CX) − 1, a mask of the low CX lanes; clobbers AX.
func laneMask(f *file, k string) {
	f.i("MOVL  $1, AX")
	f.i("SHLL  CX, AX")
	f.i("SUBL  $1, AX")
	f.i("KMOVW AX, %s", k)
}

// kronMasksZ: K1 = the last len(b) mod n lanes, then on to block when len(b) > n. Rows of
// B of at most one vector (q ≤ n) fall through to short: b stays in Z28, K2 masks its q
// lanes, R10 = q·es, and each block is one (masked) store. Clobbers AX, CX.
func kronMasksZ(f *file, p prec) {
	n := kwZ.lanes(p)
	f.i("MOVQ  R8, CX")
	f.i("ANDQ  $%d, CX", n-1)
	laneMask(f, "K1")
	f.i("CMPQ  R8, $%d", n)
	f.i("JA    block")
	f.i("MOVQ  R8, CX")
	laneMask(f, "K2")
	f.i("%s.Z (DX), K2, Z28", p.mov)
	f.i("LEAQ  0(R8*%d), R10", p.es)
}

// kronShortNext ends a short-path block: DI past its q elements, on to the next element
// of a while BX > 0, then done.
func kronShortNext(f *file, p prec) {
	f.i("ADDQ R10, DI")
	f.i("ADDQ $%d, SI", p.es)
	f.i("DECQ BX")
	f.i("JNZ  short")
	f.i("JMP  done")
}

func kronAVX512() *file {
	f := newFile("kron_avx512_amd64.s", kronDoc+`Partial vectors use the mask K1, so nothing past a slice is read or written.
Registers: Z0–Z3 = the four products or sums of a loop4 step (Z0 alone in loop1),
Z31 = the block's scale a[j] or alpha·a[j] in every lane, X30 = alpha, X29 scratch;
Z0 and Z1 in the masked tails.`)
	w := kwZ
	row := func(p prec, nt bool) {
		n := w.lanes(p)
		st, name := p.mov, "kronRow"+p.name+"AVX512"
		doc := `Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
Z31 = a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes; for q ≤ 8,
Z28 = b, K2 = its lanes, R10 = 8q.
Invariant: the blocks before DI hold dst[j·q+l] = a[j]·b[l].`
		if p.es == 4 {
			doc = `Register plan and invariant as in kronRowF64AVX512, with 16 lanes.`
		}
		if nt {
			st, name = "VMOVNT"+p.p, "kronRowNT"+p.name+"AVX512"
			doc = fmt.Sprintf(`Register plan and invariant as in kronRowF64AVX512%s.
Non-temporal stores: the caller guarantees dst is 64-byte aligned and len(b) is a
multiple of %d, so every store is a whole aligned vector (the short path has q = %d,
the tail never runs); no fence (the caller runs storeFence after the output).`, p.pick("", ", with 16 lanes"), n, n)
		}
		f.text(name, "dst, a, b []"+p.typ, "AVX512F", "$0-72", doc)
		kronRowArgs(f)
		kronNonEmpty(f)
		kronMasksZ(f, p)
		f.label("short")
		f.i("%s (SI), %s", p.bcst, w.ks)
		f.i("%s   Z28, %s, Z0", p.op("VMUL"), w.ks)
		if nt {
			f.i("%s Z0, (DI)", st)
		} else {
			f.i("%s Z0, K2, (DI)", p.mov)
		}
		kronShortNext(f, p)
		f.label("block")
		f.i("%s (SI), %s", p.bcst, w.ks)
		kronBlockStart(f)
		kronMul(f, p, w, st)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    next")
		f.i("%s.Z (R11), K1, Z1", p.mov)
		f.i("%s   Z1, %s, Z0", p.op("VMUL"), w.ks)
		f.i("%s   Z0, K1, (DI)", p.mov)
		f.i("LEAQ  (DI)(CX*%d), DI", p.es)
		kronNext(f, p)
		f.raw("")
	}
	rowAdd := func(p prec) {
		doc := `Register plan: DI = dst cursor, SI = a cursor, BX = elements of a left, DX = b base,
R8 = len(b), R11 = b cursor, CX = elements of b left in this block;
Z30 = alpha, Z31 = alpha·a[j] in every lane, K1 = mask of the last len(b) mod 8 lanes;
for q ≤ 8, Z28 = b, K2 = its lanes, R10 = 8q.
Invariant: the blocks before DI hold dst[j·q+l] = fma(alpha·a[j], b[l], dst[j·q+l]).`
		if p.es == 4 {
			doc = `Register plan and invariant as in kronRowAddF64AVX512, with 16 lanes.`
		}
		fma := p.op("VFMADD231")
		f.text("kronRowAdd"+p.name+"AVX512", "dst []"+p.typ+", alpha "+p.typ+", a, b []"+p.typ, "AVX512F", "$0-80", doc)
		kronRowAddArgs(f, p, "Z30")
		kronNonEmpty(f)
		kronMasksZ(f, p)
		f.label("short")
		kronAlphaScale(f, p, w)
		f.i("%s.Z (DI), K2, Z0", p.mov)
		f.i("%s   Z28, %s, Z0", fma, w.ks)
		f.i("%s   Z0, K2, (DI)", p.mov)
		kronShortNext(f, p)
		f.label("block")
		kronAlphaScale(f, p, w)
		kronBlockStart(f)
		kronFMA(f, p, w)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    next")
		f.i("%s.Z (R11), K1, Z1", p.mov)
		f.i("%s.Z (DI), K1, Z0", p.mov)
		f.i("%s   Z1, %s, Z0", fma, w.ks)
		f.i("%s   Z0, K1, (DI)", p.mov)
		f.i("LEAQ  (DI)(CX*%d), DI", p.es)
		kronNext(f, p)
		f.raw("")
	}
	copyNT := func(p prec) {
		doc := `Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
Invariant: the elements before DI equal those before SI. Ordinary stores until DI is
64-byte aligned, non-temporal ones for whole vectors, an ordinary tail. No fence:
the caller runs storeFence after its last non-temporal copy.`
		if p.es == 4 {
			doc = `Register plan and invariant as in copyNTF64AVX512.`
		}
		f.text("copyNT"+p.name+"AVX512", "dst, src []"+p.typ, "AVX512F", "$0-48", doc)
		kronCopyArgs(f)
		kronCopyHeadLoops(f, p, w)
		f.label("tail")
		f.i("TESTQ CX, CX")
		f.i("JZ    done")
		laneMask(f, "K1")
		f.i("%s.Z (SI), K1, Z0", p.mov)
		f.i("%s   Z0, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		f.raw("")
	}
	row(f64, false)
	row(f32, false)
	rowAdd(f64)
	rowAdd(f32)
	row(f64, true)
	row(f32, true)
	copyNT(f64)
	copyNT(f32)
	kronPhased(f)
	return f
}

// kronPhased writes kronRowNTPhasedF64AVX512 and its mask table.
func kronPhased(f *file) {
	f.raw("// Masks for kronRowNTPhasedF64AVX512: entry r (r < 8) selects lanes r…7, the lanes of a")
	f.raw("// vector that belong to the next block when only r lanes are left in the current one.")
	for r := 0; r < 8; r++ {
		f.raw(fmt.Sprintf("DATA kronPhaseMask<>+%d(SB)/2, $%#x", 2*r, 0xff<<r&0xff))
	}
	f.raw("GLOBL kronPhaseMask<>(SB), RODATA|NOPTR, $16")
	f.raw("")
	f.text("kronRowNTPhasedF64AVX512", "dst, a, b []float64", "AVX512F", "$0-72",
		`dst = a ⊗ b for q = len(b) > 8 not a multiple of 8, written as whole aligned vectors
with non-temporal stores however the blocks fall (the wrapper checks that dst is
64-byte aligned and len(dst) = len(a)·q; a last partial vector gets an ordinary masked
store, inside the last block). Output vector v holds elements 8v … 8v+7; with φ = 8v
mod q (the phase) and j the block of element 8v, its lanes t < r = q−φ are a[j]·b[φ+t]
and the others (at most 7, since q > 8) a[j+1]·b[φ+t−q]. When r ≥ 8 that is one load
of b at φ against a[j] broadcast; else two masked loads of b (lanes < r at φ, lanes ≥ r
at φ−q: the masked-off lanes, outside b, are not read) and a[j+1] merge-broadcast into
lanes ≥ r.
Register plan: DI = dst cursor, SI = &a[j], DX = b base, R12 = DX − 8q, R8 = q,
R9 = φ, CX = whole vectors left, R10 = elements in the last partial vector,
R11 = mask table, AX = r, Z1 = the lane scales, Z2 = the lanes of b, K1 = lanes ≥ r,
K3 = lanes < r, K2 = the lanes of the partial vector.
Invariant: every vector before DI holds its elements; φ < q.`)
	f.i("MOVQ dst_base+0(FP), DI")
	f.i("MOVQ dst_len+8(FP), CX")
	f.i("MOVQ a_base+24(FP), SI")
	f.i("MOVQ b_base+48(FP), DX")
	f.i("MOVQ b_len+56(FP), R8")
	f.i("LEAQ (R8*8), R12")
	f.i("NEGQ R12")
	f.i("ADDQ DX, R12")
	f.i("XORQ R9, R9")
	f.i("LEAQ kronPhaseMask<>(SB), R11")
	f.i("MOVQ CX, R10")
	f.i("ANDQ $7, R10")
	f.i("SHRQ $3, CX")
	f.i("JZ   phtail")
	f.raw("")
	f.label("phloop")
	f.i("VBROADCASTSD (SI), Z1")
	f.i("MOVQ         R8, AX")
	f.i("SUBQ         R9, AX")
	f.i("CMPQ         AX, $8")
	f.i("JB           phsplit")
	f.i("VMULPD       (DX)(R9*8), Z1, Z0")
	f.raw("")
	f.label("phstore")
	f.i("VMOVNTPD Z0, (DI)")
	f.i("ADDQ     $64, DI")
	f.i("ADDQ     $8, R9")
	f.i("CMPQ     R9, R8")
	f.i("JB       phnext")
	f.i("SUBQ     R8, R9")
	f.i("ADDQ     $8, SI")
	f.raw("")
	f.label("phnext")
	f.i("DECQ CX")
	f.i("JNZ  phloop")
	f.i("JMP  phtail")
	f.raw("")
	f.label("phsplit")
	f.i("KMOVW        (R11)(AX*2), K1")
	f.i("KNOTW        K1, K3")
	f.i("VBROADCASTSD 8(SI), K1, Z1 // lanes past block j: a[j+1] (inside a: those elements exist)")
	f.i("VMOVUPD.Z    (DX)(R9*8), K3, Z2")
	f.i("VMOVUPD      (R12)(R9*8), K1, Z2")
	f.i("VMULPD       Z2, Z1, Z0")
	f.i("JMP          phstore")
	f.raw("")
	f.label("phtail")
	f.c("The last partial vector lies inside the last block (a lane in block j+1 would need that block to end within this vector, but it has q > 8 elements): φ + R10 = q.")
	f.i("TESTQ R10, R10")
	f.i("JZ    phdone")
	f.i("MOVQ  R10, CX")
	laneMask(f, "K2")
	f.i("VBROADCASTSD (SI), Z1")
	f.i("VMOVUPD.Z    (DX)(R9*8), K2, Z2")
	f.i("VMULPD       Z2, Z1, Z0")
	f.i("VMOVUPD      Z0, K2, (DI)")
	f.raw("")
	f.label("phdone")
	ret(f)
}
