package main

import "fmt"

const sigAVX512Doc = `
The sigmoid family with 512-bit vectors (see sigmoid_generic.go for the math). The
assembly trusts its Go wrappers (sigmoid_amd64.go) for slice lengths; tails use the
mask K1 = (1<<CX)-1 on every load and store, so nothing past a slice is touched.
Besides the registers of the exponential (AX, Z25–Z31: see the file header):
BX = &sigTab64 (or &sigTab32), whose entry 0 is the sign bit.
Labels: loop6/loop4 (several vectors a step), loop1 (one vector), tail (the masked
rest), done.`

// newton is one Newton step p ← p + p(1 − kp) towards 1/k; t is scratch.
func newton(f *file, p prec, k, pp, t string) {
	f.i("VMOVAPD Z27, %s", t)
	f.i("%s %s, %s, %s", p.op("VFNMADD231"), k, pp, t)
	f.i("%s %s, %s, %s", p.op("VFMADD231"), t, pp, pp)
}

// newtons is the number of Newton steps after VRCP14 (14 bits): two for float64, one
// for float32.
func (p prec) newtons() int {
	if p.es == 8 {
		return 2
	}
	return 1
}

// rcp: k = 1 + a, p ≈ 1/k.
func rcp(f *file, p prec, a, k, pp string) {
	f.i("%s Z27, %s, %s", p.op("VADD"), a, k)
	f.i("%s %s, %s", p.op("VRCP14"), k, pp)
}

// sigYZ: a = e = e^−|x|, k = 1 + e, p = 1/(1 + e) by VRCP14 and Newton steps; t and u
// are scratch (u may be x).
func sigYZ(f *file, p prec, x, a, k, pp, t, u string) {
	f.c("%s = −|%s|, then e = e^−|x| in %s", a, x, a)
	f.i("%s.BCST (BX), %s, %s", p.por, x, a)
	expL(f, p, a, k, pp, t, u)
	f.c("%s = 1 + e, %s = 1/(1 + e): VRCP14 and %d Newton step(s)", k, pp, p.newtons())
	rcp(f, p, a, k, pp)
	for s := 0; s < p.newtons(); s++ {
		newton(f, p, k, pp, t)
	}
}

// core6 is the six-chain core of the loop6 loops, interleaved stage by stage: chain c
// (0…5) enters with its clamped −|x| in Z(c) and leaves with e = e^−|x| in Z(c), 1 + e in
// Z(6+c) and 1/(1 + e) in Z(12+c), Z(18+c) scratch.
func core6(f *file, p prec) {
	f.c("six chains: first halves of e^x (r, kd, kq)")
	for c := 0; c < 6; c++ {
		expY1NC(f, p, reg("Z", c), reg("Z", 6+c), reg("Z", 12+c))
	}
	f.c("second halves: e = e^x into Z0–Z5")
	for c := 0; c < 6; c++ {
		expY2(f, p, reg("Z", c), reg("Z", 6+c), reg("Z", 12+c), reg("Z", 18+c))
	}
	f.c("Z6–Z11 = 1 + e, Z12–Z17 ≈ 1/(1 + e)")
	for c := 0; c < 6; c++ {
		rcp(f, p, reg("Z", c), reg("Z", 6+c), reg("Z", 12+c))
	}
	for s := 0; s < p.newtons(); s++ {
		f.c("Newton step %d of %d: Z12–Z17 ← p + p(1 − kp)", s+1, p.newtons())
		for c := 0; c < 6; c++ {
			newton(f, p, reg("Z", 6+c), reg("Z", 12+c), reg("Z", 18+c))
		}
	}
}

// negAbs: z = max(−|z|, −B) (Z25 = −B; NaN stays NaN).
func negAbs(f *file, p prec, z string) {
	f.i("%s.BCST (BX), %s, %s", p.por, z, z)
	f.i("%s %s, Z25, %s", p.op("VMAX"), z, z)
}

// load6: chain c loads x from SI+64c into Z(c) (with signs, K(2+c) = its lanes where
// x < 0), then Z(c) = clamped −|x|.
func load6(f *file, p prec, signs bool) {
	f.c("Z0–Z5 = max(−|x|, −B) of six vectors")
	for c := 0; c < 6; c++ {
		z := reg("Z", c)
		f.i("%s %d(SI), %s", p.mov, 64*c, z)
		if signs {
			f.i("%s %s, K%d", p.m2m, z, 2+c)
		}
		negAbs(f, p, z)
	}
}

// maskTail: at label tail, on to done when CX = 0, else K1 = its CX lanes (r
// clobbered).
func maskTail(f *file, p prec, r string) {
	f.label("tail")
	tailMask(f, p, r, "done")
}

// tailMask jumps to skip when CX = 0; else K1 = (1<<CX)−1, one bit per lane left (r
// clobbered).
func tailMask(f *file, p prec, r, skip string) {
	f.i("TESTQ CX, CX")
	f.i("JZ    %s", skip)
	f.i("MOVL  $1, %s", r)
	f.i("SHLL  CX, %s", r)
	f.i("SUBL  $1, %s", r)
	f.i("%s  %s, K1", p.kmov, r)
}

func sigmoidAVX512() *file {
	f := newFile("sigmoid_avx512_amd64.s", sigAVX512Doc+"\n"+expPlanZ)
	const req = "AVX512F, AVX512DQ"
	dsText := func(p prec, nt bool) {
		n := p.lanesZ()
		name := "sigmoidGrad" + p.name + "AVX512"
		doc := `Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1; loop4:
s in Z0–Z3, v in Z8–Z11, results in Z4–Z7.
Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.`
		st := p.mov
		if nt {
			name = "sigmoidGrad" + p.name + "NTAVX512"
			st = "VMOVNT" + p.p
			doc = fmt.Sprintf(`Register plan: DI = dst, SI = s, DX = v cursors, CX = elements left; Z27 = 1; loop4:
s in Z0–Z3, v in Z8–Z11, results in Z4–Z7.
dst must be 64-byte aligned (the Go wrapper peels the head): the full vectors are
stored with %s (non-temporal, past the caches), the masked tail normally; SFENCE
orders the non-temporal stores before return.
Invariant: every element before DI holds (s·(1 − s))·v of the elements at the same place.`, st)
		}
		f.text(name, "dst, s, v []"+p.typ, req, "$0-72", doc)
		argLoads(f, "s", "v")
		f.i("LEAQ ·expTab%s(SB), AX", p.typ[5:])
		f.i("%s %d(AX), Z27", p.bcst, p.tab(6))
		ds := func(s, v, d string) {
			f.i("%s %s, Z27, %s", p.op("VSUB"), s, d)
			f.i("%s %s, %s, %s", p.op("VMUL"), d, s, d)
			f.i("%s %s, %s, %s", p.op("VMUL"), v, d, d)
		}
		loopHead(f, "loop4", 4*n, "loop1")
		for c := 0; c < 4; c++ {
			f.i("%s %d(SI), %s", p.mov, 64*c, reg("Z", c))
			f.i("%s %d(DX), %s", p.mov, 64*c, reg("Z", 8+c))
			ds(reg("Z", c), reg("Z", 8+c), reg("Z", 4+c))
		}
		for c := 0; c < 4; c++ {
			f.i("%s %s, %d(DI)", st, reg("Z", 4+c), 64*c)
		}
		next(f, 256, 4*n, "loop4", "DI", "SI", "DX")
		loopHead(f, "loop1", n, "tail")
		f.i("%s 0(SI), Z0", p.mov)
		f.i("%s 0(DX), Z8", p.mov)
		ds("Z0", "Z8", "Z4")
		f.i("%s Z4, (DI)", st)
		next(f, 64, n, "loop1", "DI", "SI", "DX")
		maskTail(f, p, "R8")
		f.i("%s.Z 0(SI), K1, Z0", p.mov)
		f.i("%s.Z 0(DX), K1, Z8", p.mov)
		ds("Z0", "Z8", "Z4")
		f.i("%s Z4, K1, (DI)", p.mov)
		f.raw("")
		f.label("done")
		if nt {
			f.i("SFENCE")
		}
		ret(f)
	}
	for _, p := range []prec{f64, f32} {
		n := p.lanesZ()
		port := map[int][2]string{
			8: {`Port count per vector of 8 lanes (VPMOVQ2M, VPOR, VMAX, 15 of the exponential,
add, VRCP14 counted as one, two Newton steps of 2 FMAs, masked multiply): 25 ops on
the two 512-bit ports p0/p5, so at best 12.5 cycles per vector, 1.86 Gelem/s at 2.9 GHz.`,
				`Port count: 26 ops per 8 lanes (no mask; three
multiplies), at best 13 cycles per vector, 1.78 Gelem/s at 2.9 GHz.`},
			4: {`Port count per vector of 16 lanes (VPMOVD2M, VPOR, VMAX, 12 of the exponential,
add, VRCP14 counted as one, one Newton step of 2 FMAs, masked multiply): 20 ops on the
two 512-bit ports p0/p5, so at best 10 cycles per vector, 4.6 Gelem/s at 2.9 GHz.`,
				`Port count: 21 ops per 16 lanes (no mask; three
multiplies), at best 10.5 cycles per vector, 4.4 Gelem/s at 2.9 GHz.`},
		}[p.es]
		tab := fmt.Sprintf("·sigTab%s(SB)", p.typ[5:])

		// σ
		name := "sigmoid" + p.name + "AVX512"
		f.text(name, "dst, x []"+p.typ, req, "$0-48",
			`Register plan: DI = dst, SI = x cursors, CX = elements left; loop6: six vectors in
flight, vector c (0…5) in Z(c) (x, then −|x|, then its exponential), Z(6+c), Z(12+c),
Z(18+c) its scratch (kd, kq, Th; then 1 + e, 1/(1 + e), the Newton residual), K(2+c)
= its lanes where x < 0; the six chains are interleaved stage by stage. loop1 and the
tail: one vector, Z0, Z4-Z20, K2.
`+port[0]+`
Invariant: every element before DI holds σ of the element at the same place before SI.`)
		argLoads(f, "x")
		expSetupZ(f, p)
		f.i("LEAQ %s, BX", tab)
		loopHead(f, "loop6", 6*n, "loop1")
		load6(f, p, true)
		core6(f, p)
		f.c("σ = (x < 0 ? e : 1)·1/(1 + e), stored")
		for c := 0; c < 6; c++ {
			f.i("%s %s, %s, K%d, %s", p.op("VMUL"), reg("Z", c), reg("Z", 12+c), 2+c, reg("Z", 12+c))
			f.i("%s %s, %d(DI)", p.mov, reg("Z", 12+c), 64*c)
		}
		next(f, 384, 6*n, "loop6", "DI", "SI")
		s1 := func() {
			sigYZ(f, p, "Z0", "Z4", "Z8", "Z12", "Z16", "Z20")
			f.i("%s Z0, K2", p.m2m)
			f.i("%s Z4, Z12, K2, Z12", p.op("VMUL"))
		}
		loopHead(f, "loop1", n, "tail")
		f.i("%s 0(SI), Z0", p.mov)
		s1()
		f.i("%s Z12, (DI)", p.mov)
		next(f, 64, n, "loop1", "DI", "SI")
		maskTail(f, p, "R8")
		f.i("%s.Z 0(SI), K1, Z0", p.mov)
		s1()
		f.i("%s Z12, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		f.raw("")

		// σ'(x)·v
		f.text("sigmoidGradX"+p.name+"AVX512", "dst, x, v []"+p.typ, req, "$0-72",
			`Register plan: DI = dst, SI = x, DX = v cursors, CX = elements left; loop6: six
vectors in flight, vector c in Z(c) (−|x|, e, then e·p·p·v), Z(6+c), Z(12+c), Z(18+c) its
scratch as in `+name+` (v is read as a memory operand); loop1 and the tail:
one vector, Z0, Z4-Z20, v in Z20. `+port[1]+`
Invariant: every element before DI holds σ'(x)·v of the elements at the same place.`)
		argLoads(f, "x", "v")
		expSetupZ(f, p)
		f.i("LEAQ %s, BX", tab)
		loopHead(f, "loop6", 6*n, "loop1")
		load6(f, p, false)
		core6(f, p)
		f.c("e·p·p·v, stored")
		for c := 0; c < 6; c++ {
			z, q := reg("Z", c), reg("Z", 12+c)
			f.i("%s %s, %s, %s", p.op("VMUL"), q, z, z)
			f.i("%s %s, %s, %s", p.op("VMUL"), q, z, z)
			f.i("%s %d(DX), %s, %s", p.op("VMUL"), 64*c, z, z)
			f.i("%s %s, %d(DI)", p.mov, z, 64*c)
		}
		next(f, 384, 6*n, "loop6", "DI", "SI", "DX")
		dx1 := func() {
			sigYZ(f, p, "Z0", "Z4", "Z8", "Z12", "Z16", "Z0")
			f.c("Z4 = e·p·p·v")
			f.i("%s Z12, Z4, Z4", p.op("VMUL"))
			f.i("%s Z12, Z4, Z4", p.op("VMUL"))
			f.i("%s Z20, Z4, Z4", p.op("VMUL"))
		}
		loopHead(f, "loop1", n, "tail")
		f.i("%s 0(SI), Z0", p.mov)
		f.i("%s 0(DX), Z20", p.mov)
		dx1()
		f.i("%s Z4, (DI)", p.mov)
		next(f, 64, n, "loop1", "DI", "SI", "DX")
		maskTail(f, p, "R8")
		f.i("%s.Z 0(SI), K1, Z0", p.mov)
		f.i("%s.Z 0(DX), K1, Z20", p.mov)
		dx1()
		f.i("%s Z4, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		f.raw("")

		dsText(p, false)
		f.raw("")
	}
	dsText(f64, true)
	f.raw("")
	dsText(f32, true)
	return f
}
