package main

import "fmt"

// The sigmoid family (see asm/sigmoid_generic.go for the math): σ(x), σ'(x)·v from x,
// and (s·(1 − s))·v from s = σ(x).

// next advances the cursors by bytes bytes, counts CX down by count elements and jumps
// back to loop.
func next(f *file, bytes, count int, loop string, cursors ...string) {
	for _, r := range cursors {
		f.i("ADDQ $%d, %s", bytes, r)
	}
	f.i("SUBQ $%d, CX", count)
	f.i("JMP  %s", loop)
}

// loopHead opens loop label: leave for exit when fewer than count elements are left.
func loopHead(f *file, label string, count int, exit string) {
	f.label(label)
	f.i("CMPQ CX, $%d", count)
	f.i("JB   %s", exit)
}

func ret(f *file) {
	f.i("VZEROUPPER")
	f.i("RET")
}

// argLoads loads the slice arguments: DI = dst, CX = len(dst), then SI and DX from the
// named slices after dst.
func argLoads(f *file, names ...string) {
	f.i("MOVQ dst_base+0(FP), DI")
	f.i("MOVQ dst_len+8(FP), CX")
	for k, n := range names {
		f.i("MOVQ %s_base+%d(FP), %s", n, 24*(k+1), []string{"SI", "DX"}[k])
	}
}

func sigmoidFiles() []*file {
	return []*file{sigmoidAVX2(), sigmoidAVX512()}
}

// ---- AVX2 ----

const sigAVX2Doc = `
The sigmoid family with 256-bit vectors (see sigmoid_generic.go for the math): the
same operations as the generic code, division included, so the same bits. The Go
wrappers (sigmoid_amd64.go) hand over a multiple of the vector width and do the rest
with the generic code. Besides the registers of the exponential (AX, R10, R11, Y14,
Y15; R8, R9, R12, R13 for the float64 table loads: see the file header):
BX = &sigTab64x4 (or &sigTab32x8), the sign bit in every lane.
Labels: loop3/loop4 (several vectors a step), loop1 (one vector), done.`

// sigEY: a = e = e^−|x|, k = 1 + e; p, s, Y12, Y13 scratch.
func sigEY(f *file, p prec, x, a, k, pp, s string) {
	f.c("σ of %s: %s = −|x|", x, a)
	f.i("%s 0(BX), %s, %s", p.op("VOR"), x, a)
	expY(f, p, a, k, pp, "Y12", "Y13", s)
	f.i("%s 192(AX), %s, %s", p.op("VADD"), a, k)
}

// sigSY: p = σ(x) = (x < 0 ? e : 1)/(1 + e).
func sigSY(f *file, p prec, x, a, k, pp, s string) {
	sigEY(f, p, x, a, k, pp, s)
	f.c("%s = (x < 0 ? e : 1)/(1 + e)", pp)
	f.i("%s 192(AX), %s", p.mov, pp)
	f.i("%s %s, %s, %s, %s", p.op("VBLENDV"), x, a, pp, pp)
	f.i("%s %s, %s, %s", p.op("VDIV"), k, pp, pp)
}

// sigDXY: a = σ'(x)·v = e/(1 + e)²·v, v at DX+off, p = 1/(1 + e).
func sigDXY(f *file, p prec, x, a, k, pp, s string, off int) {
	sigEY(f, p, x, a, k, pp, s)
	f.c("%s = e·p·p·v, p = 1/(1 + e)", a)
	f.i("%s 192(AX), %s", p.mov, pp)
	f.i("%s %s, %s, %s", p.op("VDIV"), k, pp, pp)
	f.i("%s %s, %s, %s", p.op("VMUL"), pp, a, a)
	f.i("%s %s, %s, %s", p.op("VMUL"), pp, a, a)
	f.i("%s %d(DX), %s, %s", p.op("VMUL"), off, a, a)
}

// The loop3 register plan: vector v of three (x at SI+32v) uses Y(v), Y(3+v), Y(6+v),
// Y(9+v) as x, a, k, p, with Y12, Y13 and Y8 (vector 2: Y6, free once vector 0 is done)
// as exp scratch; loop1 uses vector 0's registers.
var sigY3 = [3][5]string{
	{"Y0", "Y3", "Y6", "Y9", "Y8"},
	{"Y1", "Y4", "Y7", "Y10", "Y8"},
	{"Y2", "Y5", "Y8", "Y11", "Y6"},
}

func sigmoidAVX2() *file {
	f := newFile("sigmoid_avx2_amd64.s", sigAVX2Doc+"\n"+expPlanY)
	for _, p := range []prec{f64, f32} {
		n := p.lanesY()
		tab := fmt.Sprintf("·sigTab%sx%d(SB)", p.typ[5:], n)
		three := `; vector v of three in
flight uses Y(v), Y(3+v), Y(6+v), Y(9+v), with Y12, Y13 and Y8 (vector 2: Y6, free
once vector 0 is done) as exp scratch.`

		// σ
		f.text("sigmoid"+p.name+"AVX2", "dst, x []"+p.typ, "AVX, AVX2, FMA3", "$0-48",
			"Register plan: DI = dst, SI = x cursors, CX = elements left"+three+`
Invariant: every element before DI holds σ of the element at the same place before SI.`)
		argLoads(f, "x")
		expSetupY(f, p)
		f.i("LEAQ %s, BX", tab)
		loopHead(f, "loop3", 3*n, "loop1")
		for v, r := range sigY3 {
			f.i("%s %d(SI), %s", p.mov, 32*v, r[0])
			sigSY(f, p, r[0], r[1], r[2], r[3], r[4])
		}
		for v, r := range sigY3 {
			f.i("%s %s, %d(DI)", p.mov, r[3], 32*v)
		}
		next(f, 96, 3*n, "loop3", "DI", "SI")
		loopHead(f, "loop1", n, "done")
		r := sigY3[0]
		f.i("%s 0(SI), %s", p.mov, r[0])
		sigSY(f, p, r[0], r[1], r[2], r[3], r[4])
		f.i("%s %s, (DI)", p.mov, r[3])
		next(f, 32, n, "loop1", "DI", "SI")
		f.label("done")
		ret(f)
		f.raw("")

		// σ'(x)·v
		f.text("sigmoidGradX"+p.name+"AVX2", "dst, x, v []"+p.typ, "AVX, AVX2, FMA3", "$0-72",
			"Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left"+three+`
Invariant: every element before DI holds σ'(x)·v of the elements at the same place.`)
		argLoads(f, "x", "v")
		expSetupY(f, p)
		f.i("LEAQ %s, BX", tab)
		loopHead(f, "loop3", 3*n, "loop1")
		for v, r := range sigY3 {
			f.i("%s %d(SI), %s", p.mov, 32*v, r[0])
			sigDXY(f, p, r[0], r[1], r[2], r[3], r[4], 32*v)
		}
		for v, r := range sigY3 {
			f.i("%s %s, %d(DI)", p.mov, r[1], 32*v)
		}
		next(f, 96, 3*n, "loop3", "DI", "SI", "DX")
		loopHead(f, "loop1", n, "done")
		f.i("%s 0(SI), %s", p.mov, r[0])
		sigDXY(f, p, r[0], r[1], r[2], r[3], r[4], 0)
		f.i("%s %s, (DI)", p.mov, r[1])
		next(f, 32, n, "loop1", "DI", "SI", "DX")
		f.label("done")
		ret(f)
		f.raw("")

		// (s·(1 − s))·v
		f.text("sigmoidGrad"+p.name+"AVX2", "dst, s, v []"+p.typ, "AVX, AVX2, FMA3", "$0-72",
			`Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Y15 = 1; loop4:
s in Y0–Y3, results in Y4–Y7.
Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.`)
		argLoads(f, "s", "v")
		f.i("LEAQ ·expTab%sx%d(SB), AX", p.typ[5:], n)
		f.i("VMOVUPD 192(AX), Y15")
		ds := func(s, d string, off int) {
			f.i("%s %d(SI), %s", p.mov, off, s)
			f.i("%s %s, Y15, %s", p.op("VSUB"), s, d)
			f.i("%s %s, %s, %s", p.op("VMUL"), d, s, d)
			f.i("%s %d(DX), %s, %s", p.op("VMUL"), off, d, d)
		}
		loopHead(f, "loop4", 4*n, "loop1")
		for v := 0; v < 4; v++ {
			ds(reg("Y", v), reg("Y", 4+v), 32*v)
		}
		for v := 0; v < 4; v++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Y", 4+v), 32*v)
		}
		next(f, 128, 4*n, "loop4", "DI", "SI", "DX")
		loopHead(f, "loop1", n, "done")
		ds("Y0", "Y4", 0)
		f.i("%s Y4, (DI)", p.mov)
		next(f, 32, n, "loop1", "DI", "SI", "DX")
		f.label("done")
		ret(f)
		if p.es == 8 {
			f.raw("")
		}
	}
	return f
}
