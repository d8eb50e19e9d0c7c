package main

import "fmt"

const req512 = "AVX512F, AVX512DQ"

// pick returns a for float64, b for float32.
func (p prec) pick(a, b string) string {
	if p.es == 8 {
		return a
	}
	return b
}

func (p prec) frame(f64frame, f32frame int) string {
	if p.es == 8 {
		return fmt.Sprintf("$0-%d", f64frame)
	}
	return fmt.Sprintf("$0-%d", f32frame)
}

func softmaxAVX512() *file {
	f := newFile("softmax_avx512_amd64.s", `
Softmax row primitives with 512-bit vectors: max, exp(x − m) with its sum, scale,
dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
lengths; tails use the mask K1 = (1<<CX)-1 on loads and stores (and on the accumulation
of reductions), so nothing past a slice is touched. Each loops over CX elements (labels
loop4, loop1, tail, reduce), four vectors at a time, then one, then a masked tail.`+"\n"+expPlanZ)
	for k, p := range []prec{f64, f32} {
		n, t := p.lanesZ(), p.typ
		sub, add := p.op("VSUB"), p.op("VADD")

		f.text("softmaxMax"+p.name+"AVX512", "x []"+t+") (m "+t, req512, p.frame(32, 28), p.pick(
			`Register plan: SI = x cursor, CX = elements left; Z0-Z3 = running maxima of four
vector columns, Z4 = −Inf (the masked-off tail lanes), Z5 the tail; R8, R9 scratch;
K1 the tail mask.
Invariant: Z0-Z3 hold, lane by lane, the maximum of the elements before SI.`,
			`Register plan and invariant: as softmaxMaxF64AVX512.`))
		f.i("MOVQ x_base+0(FP), SI")
		f.i("MOVQ x_len+8(FP), CX")
		maxZ(f, p, "SI")
		storeScalar(f, p, "m+24(FP)")
		ret(f)
		f.raw("")

		f.text("softmaxExpSum"+p.name+"AVX512", "dst, x []"+t+", m "+t+") (sum "+t, req512, p.frame(64, 60), p.pick(
			`Register plan: DI = dst, SI = x cursors, CX = elements left; Z0-Z3 = four vectors in
flight, each a full e^x chain in turn, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four
partial sums, Z24 = m; Z25-Z31 and AX as in the file header.
Invariant: every element before DI holds exp(x − m) of the element at the same place
before SI, and the partial sums add up to their sum.`,
			`Register plan and invariant: as softmaxExpSumF64AVX512.`))
		argLoads(f, "x")
		expSetupZ(f, p)
		f.i("%s m+48(FP), Z24", p.bcst)
		sumInit(f)
		loopHead(f, "loop4", 4*n, "loop1")
		loadSub4Z(f, p, "SI")
		for c := 0; c < 4; c++ {
			expZ(f, p, reg("Z", c), reg("Z", 4+c), reg("Z", 8+c), reg("Z", 16+c), reg("Z", 20+c))
		}
		storeSum4Z(f, p, "DI")
		next(f, 256, 4*n, "loop4", "SI", "DI")
		loopHead(f, "loop1", n, "tail")
		f.i("%s (SI), Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expZ(f, p, "Z0", "Z4", "Z8", "Z16", "Z20")
		f.i("%s Z0, (DI)", p.mov)
		f.i("%s  Z0, Z12, Z12", add)
		next(f, 64, n, "loop1", "SI", "DI")
		f.label("tail")
		tailMask(f, p, "R8", "reduce")
		f.i("%s.Z (SI), K1, Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expZ(f, p, "Z0", "Z4", "Z8", "Z16", "Z20")
		f.i("%s Z0, K1, (DI)", p.mov)
		f.i("%s  Z0, Z12, K1, Z12", add)
		f.label("reduce")
		sumRedZ(f, p)
		storeScalar(f, p, "sum+56(FP)")
		ret(f)
		f.raw("")

		f.text("softmaxScale"+p.name+"AVX512", "dst, x []"+t+", a "+t, req512, p.frame(56, 52), p.pick(
			`Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = a in every lane;
Z0-Z3 the products.
Invariant: every element before DI holds a·x of the element at the same place before SI.`,
			`Register plan and invariant: as softmaxScaleF64AVX512.`))
		argLoads(f, "x")
		f.i("%s a+48(FP), Z8", p.bcst)
		loopHead(f, "loop4", 4*n, "loop1")
		scale4Z(f, p, "SI", "DI", "Z8")
		next(f, 256, 4*n, "loop4", "SI", "DI")
		loopHead(f, "loop1", n, "tail")
		scale1Z(f, p, "SI", "DI", "Z8")
		next(f, 64, n, "loop1", "SI", "DI")
		f.label("tail")
		tailMask(f, p, "R8", "reduce")
		scaleTZ(f, p, "SI", "DI", "Z8")
		f.label("reduce")
		ret(f)
		f.raw("")

		f.text("softmaxDot"+p.name+"AVX512", "a, b []"+t+") (d "+t, req512, p.frame(56, 52), p.pick(
			`Register plan: SI = a, DX = b cursors, CX = elements left; Z0-Z3 = partial sums of
four vector columns (FMA accumulators), Z4-Z7 loads; R8 scratch, K1 the tail mask.
Invariant: the partial sums add up to Σ a·b over the elements before SI.`,
			`Register plan and invariant: as softmaxDotF64AVX512.`))
		f.i("MOVQ a_base+0(FP), SI")
		f.i("MOVQ a_len+8(FP), CX")
		f.i("MOVQ b_base+24(FP), DX")
		dotZ(f, p, "SI", "DX")
		storeScalar(f, p, "d+48(FP)")
		ret(f)
		f.raw("")

		f.text("softmaxJVP"+p.name+"AVX512", "dst, s, v []"+t+", d "+t, req512, p.frame(80, 76), p.pick(
			`Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z8 = d in every
lane; Z0-Z3 the results (Z1 also the masked tail of s).
Invariant: every element before DI holds s·(v − d) of the elements at the same place.`,
			`Register plan and invariant: as softmaxJVPF64AVX512.`))
		argLoads(f, "s", "v")
		f.i("%s d+72(FP), Z8", p.bcst)
		loopHead(f, "loop4", 4*n, "loop1")
		jvp4Z(f, p, "DI", "SI", "DX")
		next(f, 256, 4*n, "loop4", "SI", "DX", "DI")
		loopHead(f, "loop1", n, "tail")
		jvp1Z(f, p, "DI", "SI", "DX")
		next(f, 64, n, "loop1", "SI", "DX", "DI")
		f.label("tail")
		tailMask(f, p, "R8", "reduce")
		jvpTZ(f, p, "DI", "SI", "DX")
		f.label("reduce")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}

func softmaxRowAVX512() *file {
	f := newFile("softmax_row_avx512_amd64.s", `
Fused softmax rows with 512-bit vectors: one call does the three passes over a row
(max; exp(x − m) stored in dst with its sum; dst scaled by 1/sum), with the same
arithmetic as the three primitives of softmax_avx512_amd64.s, so the same bits.
Differences that do not change a bit: the exponential skips the upper clamp (x − m is
≤ 0 or NaN, never above the bound), and the four chains are interleaved (first halves,
then second halves). While the exponentials of this row are computed, the next row
(if any) is prefetched into L1, one cache line per vector: the max pass of the next
call then finds its row in the cache instead of waiting on L2/L3. The Go wrappers
(softmax_row_amd64.go) guarantee len(x) = len(dst) ≥ 1 and len(next) = 0 or len(dst).

Ceilings. Port count per vector (p0/p5): max 1, x − m 1, clamp 1, exponential 15
(float32 12), sum 1, scale 1: 20 ops per 8 float64 lanes, 17 per 16 float32 lanes, so
at best 10 and 8.5 cycles per vector, 2.3 and 5.5 Gelem/s at 2.9 GHz. Bandwidth: a
1024×1000 matrix (x read, s written) lives in L3, where the copy ceiling measures about
30 GB/s: at most 1.9 (float64) and 3.8 (float32) Gelem/s. Measured: about 1.0 and 2.2.

Each pass starts at the row start and loops over its elements four vectors at a time,
then one, then a masked tail (labels max4 … maxred, exp4 … expred, scale4 … done).`+"\n"+expPlanZ)
	for k, p := range []prec{f64, f32} {
		n, t := p.lanesZ(), p.typ
		sub, add := p.op("VSUB"), p.op("VADD")
		f.text("softmaxRow"+p.name+"AVX512", "dst, x, next []"+t, req512, "$0-72", p.pick(
			`Register plan: DI = dst, SI = x (row starts), BX = len(dst); R11/R12 = x/dst cursors of
the pass, CX = elements left in it, DX = prefetch cursor (next, or x when next is
empty); pass 1 (max): Z0-Z3 = running maxima, Z4 = −Inf; pass 2 (exp): Z0-Z3 = four
vectors in flight, Z4-Z11 and Z16-Z23 their scratch, Z12-Z15 = four partial sums, Z24
= m, Z25-Z31 and AX as in the file header; pass 3 (scale): Z24 = 1/sum.
Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
pass 2, every element before R12 holds exp(x − m) of the element at the same place
before R11 and the partial sums add up to their sum (in the order of
softmaxExpSumF64AVX512, so the bits are those of the three-call path); pass 3, every
element before R12 holds its exponential times 1/sum.`,
			`Register plan and invariants: as softmaxRowF64AVX512, with the float32 passes.`))
		f.i("MOVQ dst_base+0(FP), DI")
		f.i("MOVQ dst_len+8(FP), BX")
		f.i("MOVQ x_base+24(FP), SI")
		f.i("MOVQ next_base+48(FP), DX")
		f.i("MOVQ next_len+56(FP), R10")
		f.c("pass 1: m = max x; DX = the prefetch cursor")
		rowMax(f, p)
		f.i("%s X0, Z24", p.bcst)
		expSetupZ(f, p)
		sumInit(f)
		f.c("pass 2: dst = exp(x − m), Z12-Z15 = partial sums; the next row into L1")
		f.i("MOVQ SI, R11")
		f.i("MOVQ DI, R12")
		f.i("MOVQ BX, CX")
		loopHead(f, "exp4", 4*n, "exp1")
		prefetch4(f, "DX")
		loadSub4Z(f, p, "R11")
		expL4Z(f, p)
		storeSum4Z(f, p, "R12")
		next(f, 256, 4*n, "exp4", "R11", "R12", "DX")
		loopHead(f, "exp1", n, "exptail")
		f.i("%s (R11), Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expL1Z(f, p)
		f.i("%s Z0, (R12)", p.mov)
		f.i("%s  Z0, Z12, Z12", add)
		next(f, 64, n, "exp1", "R11", "R12")
		f.label("exptail")
		tailMask(f, p, "R8", "expred")
		f.i("%s.Z (R11), K1, Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expL1Z(f, p)
		f.i("%s Z0, K1, (R12)", p.mov)
		f.i("%s  Z0, Z12, K1, Z12", add)
		f.label("expred")
		sumRedZ(f, p)
		f.c("pass 3: dst *= 1/sum, in place")
		one(f, p)
		f.i("VDIV%s X0, X1, X1", p.sfx())
		f.i("%s X1, Z24", p.bcst)
		f.i("MOVQ DI, R12")
		f.i("MOVQ BX, CX")
		loopHead(f, "scale4", 4*n, "scale1")
		scale4Z(f, p, "R12", "R12", "Z24")
		next(f, 256, 4*n, "scale4", "R12")
		loopHead(f, "scale1", n, "scaletail")
		scale1Z(f, p, "R12", "R12", "Z24")
		next(f, 64, n, "scale1", "R12")
		f.label("scaletail")
		tailMask(f, p, "R8", "done")
		scaleTZ(f, p, "R12", "R12", "Z24")
		f.label("done")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}

func softmaxJVPRowAVX512() *file {
	f := newFile("softmax_jvprow_avx512_amd64.s", `
Fused softmax Jacobian products with 512-bit vectors: one call does both passes over
a row, d = ⟨s, v⟩ and dst = s ⊙ (v − d), with the arithmetic of softmaxDot and
softmaxJVP (softmax_avx512_amd64.s), so the same bits as those two calls; while the
product pass runs (the dot pass found s and v in the cache), the next rows of s and v
(if given) are prefetched into L1, one line of each per vector. The Go wrappers
(softmax_row_amd64.go) guarantee len(s) = len(v) = len(dst) ≥ 1 and len(ns) = len(nv)
= 0 or len(dst).

Ceiling: 3 arithmetic ops per vector (FMA, subtract, multiply), so this is a stream:
s and v read twice (the second time from L1), dst written once; for 1024×1000 rows in
L3 (about 30 GB/s copy ceiling) at most 2.5 Gelem/s float32, 1.25 float64.

Each pass starts at the row start and loops over its elements four vectors at a time,
then one, then a masked tail (labels dot4 … dotred, jvp4 … done).`)
	for k, p := range []prec{f64, f32} {
		n, t := p.lanesZ(), p.typ
		f.text("softmaxJVPRow"+p.name+"AVX512", "dst, s, v, ns, nv []"+t, req512, "$0-120", p.pick(
			`Register plan: DI = dst, SI = s, DX = v (row starts), BX = len(dst); R11/R12/R13 =
s/v/dst cursors of the pass, CX = elements left in it; R9/R10 = prefetch cursors (ns
and nv, or s and v when those are empty); pass 1 (dot): Z0-Z3 = partial dot products
(FMA accumulators, the order of softmaxDotF64AVX512), Z4-Z7 loads; pass 2 (product):
Z8 = d = ⟨s, v⟩, Z0-Z3 the results.
Invariants: pass 1, the partial sums add up to Σ s·v over the elements before R11;
pass 2, every element before R13 holds s·(v − d) of the elements at the same place.`,
			`Register plan and invariants: as softmaxJVPRowF64AVX512, with the float32 passes.`))
		f.i("MOVQ dst_base+0(FP), DI")
		f.i("MOVQ dst_len+8(FP), BX")
		f.i("MOVQ s_base+24(FP), SI")
		f.i("MOVQ v_base+48(FP), DX")
		f.i("MOVQ ns_base+72(FP), R9")
		f.i("MOVQ nv_base+96(FP), R10")
		f.i("MOVQ ns_len+80(FP), R8")
		f.c("pass 1: d = ⟨s, v⟩; R9/R10 = the prefetch cursors")
		f.i("TESTQ R8, R8")
		f.i("JNZ  dot")
		f.i("MOVQ SI, R9")
		f.i("MOVQ DX, R10")
		f.label("dot")
		f.i("MOVQ SI, R11")
		f.i("MOVQ DX, R12")
		f.i("MOVQ BX, CX")
		dotZ(f, p, "R11", "R12")
		f.i("%s X0, Z8", p.bcst)
		f.c("pass 2: dst = s·(v − d); the next rows into L1")
		f.i("MOVQ SI, R11")
		f.i("MOVQ DX, R12")
		f.i("MOVQ DI, R13")
		f.i("MOVQ BX, CX")
		loopHead(f, "jvp4", 4*n, "jvp1")
		prefetch4(f, "R9")
		prefetch4(f, "R10")
		jvp4Z(f, p, "R13", "R11", "R12")
		next(f, 256, 4*n, "jvp4", "R11", "R12", "R13", "R9", "R10")
		loopHead(f, "jvp1", n, "jvptail")
		jvp1Z(f, p, "R13", "R11", "R12")
		next(f, 64, n, "jvp1", "R11", "R12", "R13")
		f.label("jvptail")
		tailMask(f, p, "R8", "done")
		jvpTZ(f, p, "R13", "R11", "R12")
		f.label("done")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}

func softmaxLogAVX512() *file {
	f := newFile("softmax_log_avx512_amd64.s", `
Log-softmax primitives with 512-bit vectors: log Σ exp in one call without storing
the exponentials (max, then the sum, prefetching the next row), the shift
(x − m) − log Σ, and the log-softmax VJP v − exp(y)·Σv. See softmax_generic.go for what
each computes. The Go wrappers (softmax_log_amd64.go) guarantee the lengths
(len(x) ≥ 1 for softmaxLSE; every input at least as long as dst; len(next) = 0 or
len(x)). Each pass loops over CX elements four vectors at a time, then one, then a
masked tail.`+"\n"+expPlanZ)
	for k, p := range []prec{f64, f32} {
		n, t := p.lanesZ(), p.typ
		sub, add, mul := p.op("VSUB"), p.op("VADD"), p.op("VMUL")

		f.text("softmaxLSE"+p.name+"AVX512", "x, next []"+t+") (m, sum "+t, req512, p.frame(64, 56), p.pick(
			`Register plan: SI = x, BX = len(x); R11 = x cursor, CX = elements left in the pass,
DX = prefetch cursor (next, or x when next is empty); pass 1 (max): Z0-Z3 = running
maxima, Z4 = −Inf; pass 2 (sum): Z0-Z3 = four vectors in flight, Z4-Z11 and Z16-Z23
their scratch, Z12-Z15 = four partial sums (in the order of softmaxExpSumF64AVX512),
Z24 = m, Z25-Z31 and AX as in the file header; the exponentials are not
stored.
Invariants: pass 1, Z0-Z3 hold lane by lane the maximum of the elements before R11;
pass 2, the partial sums add up to Σ exp(x − m) over the elements before R11.`,
			`Register plan and invariants: as softmaxLSEF64AVX512, with the float32 passes.`))
		f.i("MOVQ x_base+0(FP), SI")
		f.i("MOVQ x_len+8(FP), BX")
		f.i("MOVQ next_base+24(FP), DX")
		f.i("MOVQ next_len+32(FP), R10")
		f.c("pass 1: m = max x; DX = the prefetch cursor")
		rowMax(f, p)
		storeScalar(f, p, "m+48(FP)")
		f.i("%s X0, Z24", p.bcst)
		expSetupZ(f, p)
		sumInit(f)
		f.c("pass 2: Z12-Z15 = partial sums of exp(x − m); the next row into L1")
		f.i("MOVQ SI, R11")
		f.i("MOVQ BX, CX")
		loopHead(f, "exp4", 4*n, "exp1")
		prefetch4(f, "DX")
		loadSub4Z(f, p, "R11")
		expL4Z(f, p)
		for c := 0; c < 4; c++ {
			f.i("%s  %s, %s, %s", add, reg("Z", c), reg("Z", 12+c), reg("Z", 12+c))
		}
		next(f, 256, 4*n, "exp4", "R11", "DX")
		loopHead(f, "exp1", n, "exptail")
		f.i("%s (R11), Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expL1Z(f, p)
		f.i("%s  Z0, Z12, Z12", add)
		next(f, 64, n, "exp1", "R11")
		f.label("exptail")
		tailMask(f, p, "R8", "expred")
		f.i("%s.Z (R11), K1, Z0", p.mov)
		f.i("%s  Z24, Z0, Z0", sub)
		expL1Z(f, p)
		f.i("%s  Z0, Z12, K1, Z12", add)
		f.label("expred")
		sumRedZ(f, p)
		storeScalar(f, p, p.pick("sum+56(FP)", "sum+52(FP)"))
		ret(f)
		f.raw("")

		f.text("softmaxShift"+p.name+"AVX512", "dst, x []"+t+", m, c "+t, "AVX512F", p.frame(64, 56), p.pick(
			`Register plan: DI = dst, SI = x cursors, CX = elements left; Z8 = m, Z9 = c; Z0-Z3 =
four vectors in flight.
Invariant: every element before DI holds (x − m) − c of the element at the same place
before SI; each vector is loaded before the same place is stored (dst may be x).`,
			`Register plan and invariant: as softmaxShiftF64AVX512.`))
		argLoads(f, "x")
		f.i("%s m+48(FP), Z8", p.bcst)
		f.i("%s %s, Z9", p.bcst, p.pick("c+56(FP)", "c+52(FP)"))
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s %d(SI), %s", p.mov, 64*c, reg("Z", c))
		}
		for _, s := range []string{"Z8", "Z9"} {
			for c := 0; c < 4; c++ {
				f.i("%s  %s, %s, %s", sub, s, reg("Z", c), reg("Z", c))
			}
		}
		for c := 0; c < 4; c++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Z", c), 64*c)
		}
		next(f, 256, 4*n, "loop4", "SI", "DI")
		loopHead(f, "loop1", n, "tail")
		f.i("%s (SI), Z0", p.mov)
		f.i("%s  Z8, Z0, Z0", sub)
		f.i("%s  Z9, Z0, Z0", sub)
		f.i("%s Z0, (DI)", p.mov)
		next(f, 64, n, "loop1", "SI", "DI")
		f.label("tail")
		tailMask(f, p, "R8", "done")
		f.i("%s.Z (SI), K1, Z0", p.mov)
		f.i("%s  Z8, Z0, Z0", sub)
		f.i("%s  Z9, Z0, Z0", sub)
		f.i("%s Z0, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		f.raw("")

		f.text("softmaxLogVJP"+p.name+"AVX512", "dst, y, v []"+t+", sv "+t, req512, p.frame(80, 76), p.pick(
			`Register plan: DI = dst, SI = y, DX = v cursors, CX = elements left; Z0-Z3 = four
vectors in flight (the full exponential, both clamps, the chains interleaved), Z4-Z7,
Z8-Z11, Z12-Z15, Z16-Z19 their scratch, Z4-Z7 then v; Z24 = sv; Z25-Z31 and AX as in
the file header.
Invariant: every element before DI holds v − exp(y)·sv of the elements at the same
place (the product rounded, then the difference: no fusion, the bits of the generic
code); each place is read before it is written (dst may be y or v).`,
			`Register plan and invariant: as softmaxLogVJPF64AVX512.`))
		argLoads(f, "y", "v")
		expSetupZ(f, p)
		f.i("%s sv+72(FP), Z24", p.bcst)
		e1 := func(c int) {
			clampZ(f, p, reg("Z", c))
			expZ1NC(f, p, reg("Z", c), reg("Z", 4+c), reg("Z", 8+c), reg("Z", 12+c))
		}
		e2 := func(c int) {
			expZ2(f, p, reg("Z", c), reg("Z", 4+c), reg("Z", 8+c), reg("Z", 12+c), reg("Z", 16+c))
		}
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s %d(SI), %s", p.mov, 64*c, reg("Z", c))
		}
		f.c("four chains e^y: clamp and first halves")
		for c := 0; c < 4; c++ {
			e1(c)
		}
		f.c("second halves")
		for c := 0; c < 4; c++ {
			e2(c)
		}
		f.c("v − exp(y)·sv")
		for c := 0; c < 4; c++ {
			f.i("%s  Z24, %s, %s", mul, reg("Z", c), reg("Z", c))
		}
		for c := 0; c < 4; c++ {
			f.i("%s %d(DX), %s", p.mov, 64*c, reg("Z", 4+c))
		}
		for c := 0; c < 4; c++ {
			f.i("%s  %s, %s, %s", sub, reg("Z", c), reg("Z", 4+c), reg("Z", 4+c))
		}
		for c := 0; c < 4; c++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Z", 4+c), 64*c)
		}
		next(f, 256, 4*n, "loop4", "SI", "DX", "DI")
		loopHead(f, "loop1", n, "tail")
		f.i("%s (SI), Z0", p.mov)
		e1(0)
		e2(0)
		f.i("%s  Z24, Z0, Z0", mul)
		f.i("%s (DX), Z4", p.mov)
		f.i("%s  Z0, Z4, Z4", sub)
		f.i("%s Z4, (DI)", p.mov)
		next(f, 64, n, "loop1", "SI", "DX", "DI")
		f.label("tail")
		tailMask(f, p, "R8", "done")
		f.i("%s.Z (SI), K1, Z0", p.mov)
		e1(0)
		e2(0)
		f.i("%s  Z24, Z0, Z0", mul)
		f.i("%s.Z (DX), K1, Z4", p.mov)
		f.i("%s  Z0, Z4, Z4", sub)
		f.i("%s Z4, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}
