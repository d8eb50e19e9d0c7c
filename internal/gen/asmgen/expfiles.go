package main

// The exp family: dst[i] = e^x[i] over slices.

func expFiles() []*file {
	return []*file{expAVX2(), expAVX512()}
}

func expAVX2() *file {
	f := newFile("exp_avx2_amd64.s", `
Vectorized e^x over slices; the algorithm and its error bound are in exp_generic.go,
the instructions in internal/gen/asmgen/exp.go. The assembly trusts its Go wrappers
(exp_amd64.go) for slice lengths.`+"\n"+expPlanY)
	for k, p := range []prec{f64, f32} {
		n := p.lanesY()
		doc := `Register plan: DI = dst cursor, SI = x cursor, CX = elements left (a multiple of
4); Y0-Y1 = two vectors in flight, Y2-Y6 and Y7-Y11 their scratch; Y14, Y15, R8-R13
and AX as in the file header. loop2: two vectors at a time, loop1: one.
Invariant: every element before DI holds e^x of the element at the same place before
SI; each vector is loaded before the same place is stored, so dst may be exactly x.`
		if p.es == 4 {
			doc = `Register plan: as expF64AVX2 (CX a multiple of 8; R8, R9, R12, R13 unused).
Invariant: as expF64AVX2 (dst may be exactly x).`
		}
		f.text("exp"+p.name+"AVX2", "dst, x []"+p.typ, "AVX, AVX2, FMA3", "$0-48", doc)
		argLoads(f, "x")
		expSetupY(f, p)
		loopHead(f, "loop2", 2*n, "loop1")
		f.i("%s 0(SI), Y0", p.mov)
		f.i("%s 32(SI), Y1", p.mov)
		expY(f, p, "Y0", "Y2", "Y3", "Y4", "Y5", "Y6")
		expY(f, p, "Y1", "Y7", "Y8", "Y9", "Y10", "Y11")
		f.i("%s Y0, 0(DI)", p.mov)
		f.i("%s Y1, 32(DI)", p.mov)
		next(f, 64, 2*n, "loop2", "SI", "DI")
		loopHead(f, "loop1", n, "done")
		f.i("%s (SI), Y0", p.mov)
		expY(f, p, "Y0", "Y2", "Y3", "Y4", "Y5", "Y6")
		f.i("%s Y0, (DI)", p.mov)
		next(f, 32, n, "loop1", "SI", "DI")
		f.label("done")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}

func expAVX512() *file {
	f := newFile("exp_avx512_amd64.s", `
Vectorized e^x over slices; the algorithm and its error bound are in exp_generic.go,
the instructions in internal/gen/asmgen/exp.go. The assembly trusts its Go wrappers
(exp_amd64.go) for slice lengths.`+"\n"+expPlanZ)
	docs := []string{`Register plan: DI = dst cursor, SI = x cursor, CX = elements left; Z25-Z31 and AX as
in the file header. loop6: six vectors at a time, Z0-Z5 in flight, Z6-Z11,
Z12-Z17, Z18-Z23 their scratch (kd, kq, Th), the six chains interleaved (first halves
of all six, then second halves, so the FMA latency overlaps); loop1: one vector at a
time (scratch Z4, Z8, Z12, Z16); tail: the rest under the mask K1 = (1<<CX)−1 (BX
scratch).
Port count per vector of 8 lanes: 17 ops on the two 512-bit ports p0/p5 (clamp 2,
kd/kq 2, r 2, polynomial 6, permutes 2, Th·q + Tl, + Th, VSCALEFPD), so at best 8.5
cycles per vector, 2.7 Gelem/s at 2.9 GHz; measured on L1-resident data about 1.6
(60%). Six chains instead of four measured the same within the noise: out-of-order
execution already overlaps consecutive iterations, the loop is not latency-bound.
Invariant: every element before DI holds e^x of the element at the same place before
SI; each vector is loaded before the same place is stored, so dst may be exactly x.`,
		`Register plan: as expF64AVX512.
Port count per vector of 16 lanes: 14 ops on p0/p5 (clamp 2, kd/kq 2, r 2, polynomial
3, permutes 2, Th·q + Tl, + Th, VSCALEFPS), so at best 7 cycles per vector, 6.6
Gelem/s at 2.9 GHz; measured on L1-resident data about 4.5 (68%).
Invariant: as expF64AVX512 (dst may be exactly x).`}
	for k, p := range []prec{f64, f32} {
		n := p.lanesZ()
		f.text("exp"+p.name+"AVX512", "dst, x []"+p.typ, "AVX512F, AVX512DQ", "$0-48", docs[k])
		argLoads(f, "x")
		expSetupZ(f, p)
		loopHead(f, "loop6", 6*n, "loop1")
		for c := 0; c < 6; c++ {
			f.i("%s %d(SI), %s", p.mov, 64*c, reg("Z", c))
		}
		f.c("six chains: clamp and first halves of e^x (r, kd, kq)")
		for c := 0; c < 6; c++ {
			clampZ(f, p, reg("Z", c))
			expY1NC(f, p, reg("Z", c), reg("Z", 6+c), reg("Z", 12+c))
		}
		f.c("second halves: e^x into Z0–Z5")
		for c := 0; c < 6; c++ {
			expY2(f, p, reg("Z", c), reg("Z", 6+c), reg("Z", 12+c), reg("Z", 18+c))
		}
		for c := 0; c < 6; c++ {
			f.i("%s %s, %d(DI)", p.mov, reg("Z", c), 64*c)
		}
		next(f, 384, 6*n, "loop6", "SI", "DI")
		loopHead(f, "loop1", n, "tail")
		f.i("%s (SI), Z0", p.mov)
		expZ(f, p, "Z0", "Z4", "Z8", "Z12", "Z16")
		f.i("%s Z0, (DI)", p.mov)
		next(f, 64, n, "loop1", "SI", "DI")
		maskTail(f, p, "BX")
		f.i("%s.Z (SI), K1, Z0", p.mov)
		expZ(f, p, "Z0", "Z4", "Z8", "Z12", "Z16")
		f.i("%s Z0, K1, (DI)", p.mov)
		f.label("done")
		ret(f)
		if k == 0 {
			f.raw("")
		}
	}
	return f
}
