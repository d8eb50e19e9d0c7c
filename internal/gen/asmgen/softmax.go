package main

import "fmt"

// The softmax family: the row primitives (max, exp(x − m) with its sum, scale, dot
// product, Jacobian product), the fused row kernels (softmaxRow, softmaxJVPRow) and the
// log-softmax primitives (softmaxLSE, shift, log-softmax VJP). Shared passes and steps
// are the functions below; each pass loops over CX elements four vectors at a time, then
// one, then (AVX-512) a masked tail under K1.

// sfx is the scalar suffix: SD, SS.
func (p prec) sfx() string { return "S" + p.p[1:] }

// mova is the aligned register move: VMOVAPD, VMOVAPS.
func (p prec) mova() string { return "VMOVA" + p.p }

// combine4: dst = (a op b) op (c op d), in that order; t is scratch (it may be c).
func combine4(f *file, op, a, b, c, d, t, dst string) {
	f.i("%s %s, %s, %s", op, b, a, dst)
	f.i("%s %s, %s, %s", op, d, c, t)
	f.i("%s %s, %s, %s", op, t, dst, dst)
}

// hredY: X0's low lane = op over the lanes of Y0, halving the width each step (the last
// step scalar); X1 scratch. hredZ does the same for Z0 (Y1 scratch).
func hredY(f *file, p prec, base string) {
	op, ops := p.op(base), base+p.sfx()
	f.c("X0 = %s over the lanes of Y0", base)
	f.i("VEXTRACTF128 $1, Y0, X1")
	f.i("%s X1, X0, X0", op)
	if p.es == 8 {
		f.i("VPERMILPD $1, X0, X1")
		f.i("%s X1, X0, X0", ops)
		return
	}
	f.i("VPERMILPS $0x4E, X0, X1")
	f.i("%s X1, X0, X0", op)
	f.i("VPERMILPS $0xB1, X0, X1")
	f.i("%s X1, X0, X0", ops)
}

func hredZ(f *file, p prec, base string) {
	f.c("Y0 = %s of Z0's halves", base)
	f.i("VEXTRACTF64X4 $1, Z0, Y1")
	f.i("%s Y1, Y0, Y0", p.op(base))
	hredY(f, p, base)
}

// negInf: −Inf in every lane of r (R9, X0 scratch).
func negInf(f *file, p prec, r string) {
	if p.es == 8 {
		f.i("MOVQ $0xFFF0000000000000, R9")
		f.i("MOVQ R9, X0")
	} else {
		f.i("MOVQ $0xFF800000, R9")
		f.i("MOVL R9, X0")
	}
	f.i("%s X0, %s", p.bcst, r)
}

// one: 1 in X1's low lane (R9 scratch).
func one(f *file, p prec) {
	if p.es == 8 {
		f.i("MOVQ $0x3FF0000000000000, R9")
		f.i("MOVQ R9, X1")
	} else {
		f.i("MOVQ $0x3F800000, R9")
		f.i("MOVL R9, X1")
	}
}

// maxZ: X0 = max of the CX elements at ptr (−Inf when CX = 0; ptr and CX are consumed),
// labels max4, max1, maxtail, maxred. Z0-Z3 are running maxima of four vector columns,
// Z4 = −Inf is what the masked-off tail lanes read as (Z5 holds the tail).
// Invariant: Z0-Z3 hold, lane by lane, the maximum of the elements before ptr.
func maxZ(f *file, p prec, ptr string) {
	n, vmax := p.lanesZ(), p.op("VMAX")
	f.c("max pass: Z0-Z3 = running maxima (−Inf at first), Z4 = −Inf")
	negInf(f, p, "Z0")
	for _, r := range []string{"Z1", "Z2", "Z3", "Z4"} {
		f.i("%s Z0, %s", p.mova(), r)
	}
	loopHead(f, "max4", 4*n, "max1")
	for c := 0; c < 4; c++ {
		f.i("%s %d(%s), %s, %s", vmax, 64*c, ptr, reg("Z", c), reg("Z", c))
	}
	next(f, 256, 4*n, "max4", ptr)
	loopHead(f, "max1", n, "maxtail")
	f.i("%s (%s), Z0, Z0", vmax, ptr)
	next(f, 64, n, "max1", ptr)
	f.label("maxtail")
	tailMask(f, p, "R8", "maxred")
	f.i("%s Z4, Z5", p.mova())
	f.i("%s (%s), K1, Z5", p.mov, ptr)
	f.i("%s Z5, Z0, Z0", vmax)
	f.label("maxred")
	combine4(f, vmax, "Z0", "Z1", "Z2", "Z3", "Z2", "Z0")
	hredZ(f, p, "VMAX")
}

// rowMax: the first pass of the fused row kernels, with SI = x, BX = len(x), DX = next
// and R10 = len(next) on entry: DX becomes the prefetch cursor (next, or x when next is
// empty), then maxZ runs over the row with R11 = x cursor, CX = BX. Label max.
func rowMax(f *file, p prec) {
	f.i("TESTQ R10, R10")
	f.i("JNZ  max")
	f.i("MOVQ SI, DX")
	f.label("max")
	f.i("MOVQ SI, R11")
	f.i("MOVQ BX, CX")
	maxZ(f, p, "R11")
}

// dotZ: X0 = Σ a·b over the CX elements at a and b (cursors and CX consumed), labels
// dot4, dot1, dottail, dotred. Z0-Z3 = FMA accumulators of four vector columns, Z4-Z7
// loads.
// Invariant: the partial sums add up to Σ a·b over the elements before a.
func dotZ(f *file, p prec, a, b string) {
	n, fma := p.lanesZ(), p.op("VFMADD231")
	f.c("dot pass: Z0-Z3 = four partial sums")
	for c := 0; c < 4; c++ {
		f.i("VXORPD %s, %s, %s", reg("Z", c), reg("Z", c), reg("Z", c))
	}
	loopHead(f, "dot4", 4*n, "dot1")
	for c := 0; c < 4; c++ {
		f.i("%s %d(%s), %s", p.mov, 64*c, a, reg("Z", 4+c))
		f.i("%s  %d(%s), %s, %s", fma, 64*c, b, reg("Z", 4+c), reg("Z", c))
	}
	next(f, 256, 4*n, "dot4", a, b)
	loopHead(f, "dot1", n, "dottail")
	f.i("%s (%s), Z4", p.mov, a)
	f.i("%s  (%s), Z4, Z0", fma, b)
	next(f, 64, n, "dot1", a, b)
	f.label("dottail")
	tailMask(f, p, "R8", "dotred")
	f.i("%s.Z (%s), K1, Z4", p.mov, a)
	f.i("%s.Z (%s), K1, Z5", p.mov, b)
	f.i("%s  Z5, Z4, Z0", fma)
	f.label("dotred")
	combine4(f, p.op("VADD"), "Z0", "Z1", "Z2", "Z3", "Z2", "Z0")
	hredZ(f, p, "VADD")
}

// sumInit: the four partial sums Z12-Z15 = 0.
func sumInit(f *file) {
	for c := 12; c < 16; c++ {
		f.i("VPXORQ %s, %s, %s", reg("Z", c), reg("Z", c), reg("Z", c))
	}
}

// prefetch4: the four cache lines at ptr into L1.
func prefetch4(f *file, ptr string) {
	for c := 0; c < 4; c++ {
		f.i("PREFETCHT0 %d(%s)", 64*c, ptr)
	}
}

// loadSub4Z: Z0-Z3 = the four vectors at ptr minus Z24.
func loadSub4Z(f *file, p prec, ptr string) {
	for c := 0; c < 4; c++ {
		f.i("%s %d(%s), %s", p.mov, 64*c, ptr, reg("Z", c))
		f.i("%s  Z24, %s, %s", p.op("VSUB"), reg("Z", c), reg("Z", c))
	}
}

// expL4Z: Z0-Z3 = their exponentials for arguments ≤ 0 or NaN, the four chains
// interleaved (first halves, then second halves); scratch Z4-Z11 and Z16-Z23. expL1Z:
// Z0 alone (one chain).
func expL4Z(f *file, p prec) {
	f.c("four chains e^x, x ≤ 0: first halves")
	for c := 0; c < 4; c++ {
		clampLowZ(f, p, reg("Z", c))
		expZ1NC(f, p, reg("Z", c), reg("Z", 4+c), reg("Z", 8+c), reg("Z", 16+c))
	}
	f.c("second halves")
	for c := 0; c < 4; c++ {
		expZ2(f, p, reg("Z", c), reg("Z", 4+c), reg("Z", 8+c), reg("Z", 16+c), reg("Z", 20+c))
	}
}

func expL1Z(f *file, p prec) {
	f.c("e^Z0, Z0 ≤ 0")
	clampLowZ(f, p, "Z0")
	expZ1NC(f, p, "Z0", "Z4", "Z8", "Z16")
	expZ2(f, p, "Z0", "Z4", "Z8", "Z16", "Z20")
}

// storeSum4Z: store Z0-Z3 at ptr and add them to the partial sums Z12-Z15.
func storeSum4Z(f *file, p prec, ptr string) {
	for c := 0; c < 4; c++ {
		f.i("%s %s, %d(%s)", p.mov, reg("Z", c), 64*c, ptr)
		f.i("%s  %s, %s, %s", p.op("VADD"), reg("Z", c), reg("Z", 12+c), reg("Z", 12+c))
	}
}

// sumRedZ: X0 = the sum of the partial sums Z12-Z15 (Z1 scratch).
func sumRedZ(f *file, p prec) {
	f.c("X0 = the sum of Z12-Z15")
	combine4(f, p.op("VADD"), "Z12", "Z13", "Z14", "Z15", "Z1", "Z0")
	hredZ(f, p, "VADD")
}

// The scale steps: dst = a·src, four vectors (Z0-Z3), one, and the masked tail.
func scale4Z(f *file, p prec, src, dst, a string) {
	for c := 0; c < 4; c++ {
		f.i("%s  %d(%s), %s, %s", p.op("VMUL"), 64*c, src, a, reg("Z", c))
	}
	for c := 0; c < 4; c++ {
		f.i("%s %s, %d(%s)", p.mov, reg("Z", c), 64*c, dst)
	}
}

func scale1Z(f *file, p prec, src, dst, a string) {
	f.i("%s  (%s), %s, Z0", p.op("VMUL"), src, a)
	f.i("%s Z0, (%s)", p.mov, dst)
}

func scaleTZ(f *file, p prec, src, dst, a string) {
	f.i("%s.Z (%s), K1, Z0", p.mov, src)
	f.i("%s  Z0, %s, Z0", p.op("VMUL"), a)
	f.i("%s Z0, K1, (%s)", p.mov, dst)
}

// The Jacobian-product steps: dst = s·(v − Z8), four vectors (Z0-Z3), one, and the
// masked tail (Z1 its s).
func jvp4Z(f *file, p prec, dst, s, v string) {
	for c := 0; c < 4; c++ {
		z := reg("Z", c)
		f.i("%s %d(%s), %s", p.mov, 64*c, v, z)
		f.i("%s  Z8, %s, %s", p.op("VSUB"), z, z)
		f.i("%s  %d(%s), %s, %s", p.op("VMUL"), 64*c, s, z, z)
	}
	for c := 0; c < 4; c++ {
		f.i("%s %s, %d(%s)", p.mov, reg("Z", c), 64*c, dst)
	}
}

func jvp1Z(f *file, p prec, dst, s, v string) {
	f.i("%s (%s), Z0", p.mov, v)
	f.i("%s  Z8, Z0, Z0", p.op("VSUB"))
	f.i("%s  (%s), Z0, Z0", p.op("VMUL"), s)
	f.i("%s Z0, (%s)", p.mov, dst)
}

func jvpTZ(f *file, p prec, dst, s, v string) {
	f.i("%s.Z (%s), K1, Z0", p.mov, v)
	f.i("%s.Z (%s), K1, Z1", p.mov, s)
	f.i("%s  Z8, Z0, Z0", p.op("VSUB"))
	f.i("%s  Z1, Z0, Z0", p.op("VMUL"))
	f.i("%s Z0, K1, (%s)", p.mov, dst)
}

// storeScalar writes X0's low lane to the named result.
func storeScalar(f *file, p prec, at string) { f.i("VMOV%s X0, %s", p.sfx(), at) }

func softmaxFiles() []*file {
	return []*file{softmaxAVX2(), softmaxAVX512(), softmaxRowAVX512(), softmaxJVPRowAVX512(), softmaxLogAVX512()}
}

// ---- AVX2 ----

func softmaxAVX2() *file {
	f := newFile("softmax_avx2_amd64.s", `
Softmax row primitives with 256-bit vectors: max, exp(x − m) with its sum, scale,
dot product, and the softmax Jacobian product s ⊙ (v − d). See softmax_generic.go for
what each computes. The assembly trusts its Go wrappers (softmax_amd64.go) for slice
lengths, which also hand over a multiple of the vector width and do the rest with the
generic code. Each kernel loops over CX elements, four (or two) vectors at a time, then
one (labels loop4 or loop2, loop1, reduce); no tail, the wrappers hand over whole
vectors.`+"\n"+expPlanY)
	const req = "AVX, AVX2, FMA3"
	for k, p := range []prec{f64, f32} {
		n := p.lanesY()
		fr := func(f64frame, f32frame int) string {
			if p.es == 8 {
				return fmt.Sprintf("$0-%d", f64frame)
			}
			return fmt.Sprintf("$0-%d", f32frame)
		}
		as := func(doc64, doc32 string) string {
			if p.es == 8 {
				return doc64
			}
			return doc32
		}
		t := p.typ

		// max
		f.text("softmaxMax"+p.name+"AVX2", "x []"+t+") (m "+t, req, fr(32, 28), as(
			`Register plan: SI = x cursor, CX = elements left; Y0-Y3 = running maxima of four
vector columns (−Inf at first), combined into Y0 at the end.
Invariant: Y0-Y3 hold, lane by lane, the maximum of the elements before SI.`,
			`Register plan and invariant: as softmaxMaxF64AVX2.`))
		f.i("MOVQ x_base+0(FP), SI")
		f.i("MOVQ x_len+8(FP), CX")
		negInf(f, p, "Y0")
		vmax := p.op("VMAX")
		for _, r := range []string{"Y1", "Y2", "Y3"} {
			f.i("%s Y0, %s", p.mova(), r)
		}
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s %d(SI), %s, %s", vmax, 32*c, reg("Y", c), reg("Y", c))
		}
		next(f, 128, 4*n, "loop4", "SI")
		loopHead(f, "loop1", n, "reduce")
		f.i("%s (SI), Y0, Y0", vmax)
		next(f, 32, n, "loop1", "SI")
		f.label("reduce")
		combine4(f, vmax, "Y0", "Y1", "Y2", "Y3", "Y2", "Y0")
		hredY(f, p, "VMAX")
		storeScalar(f, p, "m+24(FP)")
		ret(f)
		f.raw("")

		// exp(x − m) and its sum
		f.text("softmaxExpSum"+p.name+"AVX2", "dst, x []"+t+", m "+t+") (sum "+t, req, fr(64, 60), as(
			`Register plan: DI = dst, SI = x cursors, CX = elements left; Y0-Y1 = two vectors in
flight, Y2, Y4, Y9-Y11 and Y3, Y5, Y12, Y13, Y9 their scratch, Y6-Y7 = partial sums
(added into Y0 at the end), Y8 = m; Y14, Y15, R8-R13 and AX as in
the file header.
Invariant: every element before DI holds exp(x − m) of the element at the same place
before SI, and the partial sums add up to their sum.`,
			`Register plan and invariant: as softmaxExpSumF64AVX2 (R8, R9, R12, R13 unused by the
float32 chain).`))
		argLoads(f, "x")
		expSetupY(f, p)
		f.i("%s m+48(FP), Y8", p.bcst)
		f.i("VXORPD Y6, Y6, Y6")
		f.i("VXORPD Y7, Y7, Y7")
		sub, add := p.op("VSUB"), p.op("VADD")
		loopHead(f, "loop2", 2*n, "loop1")
		f.i("%s 0(SI), Y0", p.mov)
		f.i("%s  Y8, Y0, Y0", sub)
		f.i("%s 32(SI), Y1", p.mov)
		f.i("%s  Y8, Y1, Y1", sub)
		expY(f, p, "Y0", "Y2", "Y4", "Y9", "Y10", "Y11")
		expY(f, p, "Y1", "Y3", "Y5", "Y12", "Y13", "Y9")
		f.i("%s Y0, 0(DI)", p.mov)
		f.i("%s  Y0, Y6, Y6", add)
		f.i("%s Y1, 32(DI)", p.mov)
		f.i("%s  Y1, Y7, Y7", add)
		next(f, 64, 2*n, "loop2", "SI", "DI")
		loopHead(f, "loop1", n, "reduce")
		f.i("%s (SI), Y0", p.mov)
		f.i("%s  Y8, Y0, Y0", sub)
		expY(f, p, "Y0", "Y2", "Y4", "Y9", "Y10", "Y11")
		f.i("%s Y0, (DI)", p.mov)
		f.i("%s  Y0, Y6, Y6", add)
		next(f, 32, n, "loop1", "SI", "DI")
		f.label("reduce")
		f.i("%s  Y7, Y6, Y0", add)
		hredY(f, p, "VADD")
		storeScalar(f, p, "sum+56(FP)")
		ret(f)
		f.raw("")

		// scale
		f.text("softmaxScale"+p.name+"AVX2", "dst, x []"+t+", a "+t, req, fr(56, 52), as(
			`Register plan: DI = dst, SI = x cursors, CX = elements left; Y8 = a in every lane;
Y0-Y3 the products.
Invariant: every element before DI holds a·x of the element at the same place before SI.`,
			`Register plan and invariant: as softmaxScaleF64AVX2.`))
		argLoads(f, "x")
		f.i("%s a+48(FP), Y8", p.bcst)
		mul := p.op("VMUL")
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s  %d(SI), Y8, %s", mul, 32*c, reg("Y", c))
		}
		for c := 0; c < 4; c++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Y", c), 32*c)
		}
		next(f, 128, 4*n, "loop4", "SI", "DI")
		loopHead(f, "loop1", n, "reduce")
		f.i("%s  (SI), Y8, Y0", mul)
		f.i("%s Y0, (DI)", p.mov)
		next(f, 32, n, "loop1", "SI", "DI")
		f.label("reduce")
		ret(f)
		f.raw("")

		// dot
		f.text("softmaxDot"+p.name+"AVX2", "a, b []"+t+") (d "+t, req, fr(56, 52), as(
			`Register plan: SI = a, DX = b cursors, CX = elements left; Y0-Y3 = FMA accumulators
of four vector columns, Y4-Y7 loads, combined into Y0 at the end.
Invariant: the partial sums add up to Σ a·b over the elements before SI.`,
			`Register plan and invariant: as softmaxDotF64AVX2.`))
		f.i("MOVQ a_base+0(FP), SI")
		f.i("MOVQ a_len+8(FP), CX")
		f.i("MOVQ b_base+24(FP), DX")
		fma := p.op("VFMADD231")
		for c := 0; c < 4; c++ {
			f.i("VXORPD %s, %s, %s", reg("Y", c), reg("Y", c), reg("Y", c))
		}
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s %d(SI), %s", p.mov, 32*c, reg("Y", 4+c))
			f.i("%s  %d(DX), %s, %s", fma, 32*c, reg("Y", 4+c), reg("Y", c))
		}
		next(f, 128, 4*n, "loop4", "SI", "DX")
		loopHead(f, "loop1", n, "reduce")
		f.i("%s (SI), Y4", p.mov)
		f.i("%s  (DX), Y4, Y0", fma)
		next(f, 32, n, "loop1", "SI", "DX")
		f.label("reduce")
		combine4(f, add, "Y0", "Y1", "Y2", "Y3", "Y2", "Y0")
		hredY(f, p, "VADD")
		storeScalar(f, p, "d+48(FP)")
		ret(f)
		f.raw("")

		// s ⊙ (v − d)
		f.text("softmaxJVP"+p.name+"AVX2", "dst, s, v []"+t+", d "+t, req, fr(80, 76), as(
			`Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y8 = d in every
lane; Y0-Y3 the results.
Invariant: every element before DI holds s·(v − d) of the elements at the same place.`,
			`Register plan and invariant: as softmaxJVPF64AVX2.`))
		argLoads(f, "s", "v")
		f.i("%s d+72(FP), Y8", p.bcst)
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			y := reg("Y", c)
			f.i("%s %d(DX), %s", p.mov, 32*c, y)
			f.i("%s  Y8, %s, %s", sub, y, y)
			f.i("%s  %d(SI), %s, %s", mul, 32*c, y, y)
		}
		for c := 0; c < 4; c++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Y", c), 32*c)
		}
		next(f, 128, 4*n, "loop4", "SI", "DX", "DI")
		loopHead(f, "loop1", n, "reduce")
		f.i("%s (DX), Y0", p.mov)
		f.i("%s  Y8, Y0, Y0", sub)
		f.i("%s  (SI), Y0, Y0", mul)
		f.i("%s Y0, (DI)", p.mov)
		next(f, 32, n, "loop1", "SI", "DX", "DI")
		f.label("reduce")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}
