package main

import "fmt"

// The small-unpacked ("sup") GEMM micro-kernels: the tiles of the packed kernels, but A
// and B read in place with their strides (blocked/sup.go drives them for products small
// enough that packing would cost more than it saves).

const gemmSupZDoc = `Small-unpacked strip: ⌈m/8⌉ 8×NR tiles of C = α·A·B + β·C with A and B read in place,
A(i, p) at a[i*rsa + p*csa], B(p, j) at b[p*ldb + j] (strides in elements; rsa = 1,
csa = 8 is a packed A panel; the wrapper checks every length, the rows up to ⌈m/8⌉·8
must exist). Columns j ≥ n are masked in the B loads (not read: no fault past the end
of B) and in the stores, so per k step: 3 masked vector loads, 8 broadcasts, 24 FMAs;
a strip of n ≤ 2V or n ≤ V columns runs a tile of two or one vectors per row (16 or 8
FMAs a step, the accumulators Z(3i), Z(3i+1)).
Register plan: SI = A cursor of rows 0–3 and R10 = of rows 4–7 (SI + 4·rsa), both
advancing csa per k step, addressed (SI), (SI)(AX*1), (SI)(AX*2), (SI)(R12*1) with
AX = rsa and R12 = 3·rsa in bytes; R13 = csa in bytes; R15 = the tile's A rows (8·rsa
further per tile); DI = B cursor (restarts at R9 for every tile), R14 = ldb in bytes;
CX = k steps left, then scratch; DX = C row cursor, BX = ldc in bytes; R8 = rows of the
tile to store, R11 = rows of the strip after this tile; Z0–Z23 = accumulators, row i
in Z(3i+h) for columns hV…hV+V−1; Z24–Z26 = the B row, Z27/Z28 = broadcast A element
(alternating); Z29 = α, Z30 = β; K1–K3 = the column masks.
Loop invariant: after p steps Z(3i+h) holds Σ_{q<p} A(i, q)·B(q, hV…) with one
rounding per fused multiply-add, in q order (the bits of the packed kernel for the
same k). Store as in the packed kernel: β = ±0 does not read C.`

// gemmSupStepZ is one k step of the in-place 8×nv tile.
func gemmSupStepZ(f *file, p prec, nv int) {
	f.c("k step: B row p (masked), A column p of the 8 rows")
	for h := 0; h < nv; h++ {
		f.i("%s.Z %d(DI), K%d, %s", p.mov, 64*h, h+1, reg("Z", 24+h))
	}
	rows := []string{"(SI)", "(SI)(AX*1)", "(SI)(AX*2)", "(SI)(R12*1)", "(R10)", "(R10)(AX*1)", "(R10)(AX*2)", "(R10)(R12*1)"}
	for i, addr := range rows {
		bc := []string{"Z27", "Z28"}[i%2]
		f.i("%s %s, %s", p.bcst, addr, bc)
		for h := 0; h < nv; h++ {
			f.i("%s   %s, %s, %s", p.op("VFMADD231"), bc, reg("Z", 24+h), reg("Z", 3*i+h))
		}
	}
	f.i("ADDQ R13, SI")
	f.i("ADDQ R13, R10")
	f.i("ADDQ R14, DI")
}

// gemmSupZ writes gemmSup{F64,F32}AVX512 into f.
func gemmSupZ(f *file) {
	for _, p := range []prec{f64, f32} {
		v := p.lanesZ()
		sh := p.pick("3", "2")
		// a, b, c: 72 bytes; k, rsa, csa, ldb, ldc: 72…111; α, β; m, n.
		alpha, beta := "alpha+112(FP)", p.pick("beta+120(FP)", "beta+116(FP)")
		mArg, nArg := p.pick("m+128(FP)", "m+120(FP)"), p.pick("n+136(FP)", "n+128(FP)")
		f.text("gemmSup"+p.name+"AVX512",
			fmt.Sprintf("a, b, c []%[1]s, k, rsa, csa, ldb, ldc int, alpha, beta %[1]s, m, n int", p.typ),
			"AVX512F", p.frame(144, 136), gemmSupZDoc)
		f.i("MOVQ         %s, R11", nArg)
		for _, k := range []string{"K1", "K2", "K3"} {
			gemmMask(f, v, k)
		}
		f.i("MOVQ         a_base+0(FP), R15")
		f.i("MOVQ         b_base+24(FP), R9")
		f.i("MOVQ         c_base+48(FP), DX")
		f.i("MOVQ         rsa+80(FP), AX")
		f.i("SHLQ         $%s, AX", sh)
		f.i("LEAQ         (AX)(AX*2), R12")
		f.i("MOVQ         csa+88(FP), R13")
		f.i("SHLQ         $%s, R13", sh)
		f.i("MOVQ         ldb+96(FP), R14")
		f.i("SHLQ         $%s, R14", sh)
		f.i("MOVQ         ldc+104(FP), BX")
		f.i("SHLQ         $%s, BX", sh)
		f.i("MOVQ         %s, R11", mArg)
		f.i("%s %s, Z29", p.bcst, alpha)
		f.i("%s %s, Z30", p.bcst, beta)
		f.c("n ≤ V: one vector per row; n ≤ 2V: two; else three (the strip never changes width)")
		f.i("MOVQ         %s, CX", nArg)
		f.i("CMPQ         CX, $%d", v)
		f.i("JLE          tile1")
		f.i("CMPQ         CX, $%d", 2*v)
		f.i("JLE          tile2")
		for nv := 3; nv >= 1; nv-- {
			sfx := fmt.Sprint(nv)
			f.raw("")
			f.label("tile" + sfx)
			f.i("MOVQ R15, SI")
			f.i("LEAQ (R15)(AX*4), R10")
			f.i("LEAQ (R15)(AX*8), R15")
			f.i("MOVQ R9, DI")
			f.i("MOVQ k+72(FP), CX")
			for i := 0; i < 8; i++ {
				for h := 0; h < nv; h++ {
					r := reg("Z", 3*i+h)
					f.i("VPXORQ %s, %s, %s", r, r, r)
				}
			}
			f.i("TESTQ CX, CX")
			f.i("JZ    store%s", sfx)
			f.label("loop" + sfx)
			gemmSupStepZ(f, p, nv)
			f.i("DECQ CX")
			f.i("JNZ  loop%s", sfx)
			gemmStoreZ(f, p, beta, "CX", sfx, nv)
			f.label("next" + sfx)
			f.i("TESTQ R11, R11")
			f.i("JNZ   tile%s", sfx)
			if nv > 1 {
				ret(f)
			}
		}
		ret(f)
		f.raw("")
	}
}
