package main

// The exponential e^x as building blocks, step for step the algorithm of Exp64/Exp32 in
// asm/exp_generic.go (see there for the error analysis). Each block writes one chain of
// instructions for one vector; the loops of the exp, sigmoid and softmax families
// interleave several chains.

// prec is one precision's instruction names and table layout.
type prec struct {
	name  string // F64, F32
	typ   string // float64, float32
	es    int    // element bytes
	p     string // packed suffix: PD, PS
	mov   string // VMOVUPD, VMOVUPS
	bcst  string // VBROADCASTSD, VBROADCASTSS
	kmov  string // KMOVB, KMOVW: one mask bit per lane of a 512-bit vector
	m2m   string // VPMOVQ2M, VPMOVD2M: the sign bits as a mask
	por   string // VPORQ, VPORD
	ipfx  string // integer lane suffix: Q, D
	npoly int    // AVX-512 polynomial coefficients, c₂ … (5 for float64, 2 for float32)
}

var (
	f64 = prec{"F64", "float64", 8, "PD", "VMOVUPD", "VBROADCASTSD", "KMOVB", "VPMOVQ2M", "VPORQ", "Q", 5}
	f32 = prec{"F32", "float32", 4, "PS", "VMOVUPS", "VBROADCASTSS", "KMOVW", "VPMOVD2M", "VPORD", "D", 2}
)

// op is the packed instruction base+suffix (op("VMUL") = VMULPD).
func (p prec) op(base string) string { return base + p.p }

// lanesY and lanesZ are the elements of a 256-bit and a 512-bit vector.
func (p prec) lanesY() int { return 32 / p.es }
func (p prec) lanesZ() int { return 64 / p.es }

// ---- AVX2 (256-bit) ----
//
// Register plan while the blocks are in use: AX = &expTab64x4 (&expTab32x8), every
// constant as a full 32-byte vector at offset 32·index (see asm/exp_amd64.go); R10/R11 =
// &expTabHi64/&expTabLo64 (the float32 tables): 2^(j/16) as hi + lo; Y15/Y14 = the
// upper/lower clamp (registers, so that VMINPD/VMAXPD return x when x is NaN). float64
// reads the table with scalar loads at four indices moved to R8, R9, R12, R13
// (VGATHERQPD is far slower on this class of CPU: ~30 cycles with the
// gather-data-sampling mitigation); float32 picks from the two 8-entry halves with
// VPERMPS and blends by bit 3 of j.

// expPlanY and expPlanZ are the register plans above, for the headers of the files
// that use the blocks.
const expPlanY = `
The exponential (step for step Exp64/Exp32 of exp_generic.go) keeps, while in use:
  AX      = &expTab64x4 (or &expTab32x8): every constant as a full 32-byte vector,
            used as a memory operand at offset 32·index (see exp_amd64.go).
  R10/R11 = &expTabHi64/&expTabLo64 (or the float32 tables): 2^(j/16) as hi + lo.
            float64 reads it with scalar loads at four indices moved to R8, R9, R12,
            R13 (VGATHERQPD is far slower on this class of CPU: ~30 cycles with the
            gather-data-sampling mitigation); float32 picks from the two 8-entry
            halves with VPERMPS and blends by bit 3 of j.
  Y15/Y14 = upper/lower clamp (registers, so that VMINPD/VMAXPD return x when x is NaN).
One e^x chain: clamp; kd = x·log2e + shift; kq = kd − shift; j = kd & 15; Th[j], Tl[j];
r = x − kq·ln2hi − kq·ln2lo; q = r·(1 + r·P(r)); Th + (Th·q + Tl); times 2^k1·2^k2.`

const expPlanZ = `
The exponential (step for step Exp64/Exp32 of exp_generic.go) keeps, while in use:
  AX      = &expTab64 (or &expTab32): constants are broadcast from it (.BCST).
  Z31/Z30 = 2^(j/16) rounded (Th), j = 0…7 / 8…15; Z29/Z28 = the remainders (Tl).
            float32: Z31 = Th, Z29 = Tl, j = 0…15 (Z30, Z28 unused).
  Z27     = 1; Z26/Z25 = the clamp bounds B/−B (registers, not memory, so that
            VMINPD/VMAXPD return the second source, x, when it is NaN; VRANGEPD would
            be one instruction but returns the other operand for a quiet NaN).
One e^x chain: x ← min(max(x, −B), B) (NaN stays NaN; only the lower bound for x ≤ 0);
kd = x·log2e + shift; kq = kd − shift; Th[kd mod 16], Tl[kd mod 16] (VPERMI2PD/VPERMPS
read the low bits of kd's lanes); r = x − kq·ln2hi − kq·ln2lo; q = r·(1 + r·(c₂ + …));
Th + (Th·q + Tl); VSCALEF by floor(kq). Several chains are interleaved: first halves
(up to r), then second halves.`

// expSetupY loads the AVX2 exponential's registers.
func expSetupY(f *file, p prec) {
	f.c("e^x constants: AX = the table, R10/R11 = 2^(j/16) hi/lo, Y15/Y14 = clamp")
	f.i("LEAQ ·expTab%sx%d(SB), AX", p.typ[5:], p.lanesY())
	f.i("LEAQ ·expTabHi%s(SB), R10", p.typ[5:])
	f.i("LEAQ ·expTabLo%s(SB), R11", p.typ[5:])
	f.i("%s 0(AX), Y15", p.mov)
	f.i("%s 32(AX), Y14", p.mov)
}

// expY replaces the lanes of x by e^x, with a … e as scratch (AVX2). Step by step: clamp;
// a = kd = x·log2e + shift; b = kq = kd − shift; a = j = kd & 15; c = Th[j], d = Tl[j];
// x = r; e = q = r·(1 + r·P(r)); d = Th·q + Tl; c = Th + d; b = floor(kq);
// x = c·2^k1·2^k2.
func expY(f *file, p prec, x, a, b, c, d, e string) {
	if p.es == 4 {
		expY32(f, x, a, b, c, d, e)
		return
	}
	f.c("e^%s (scratch %s %s %s %s %s): clamp, kd, kq, j = kd & 15", x, a, b, c, d, e)
	f.i("VMINPD %s, Y15, %s", x, x)
	f.i("VMAXPD %s, Y14, %s", x, x)
	f.i("VMOVUPD 96(AX), %s", a)
	f.i("VFMADD231PD 64(AX), %s, %s", x, a)
	f.i("VSUBPD 96(AX), %s, %s", a, b)
	f.i("VPAND 352(AX), %s, %s", a, a)
	f.c("Th[j] into %s, Tl[j] into %s: four scalar loads each", c, d)
	aX, cX, dX, eX := lowX(a), lowX(c), lowX(d), lowX(e)
	f.i("VMOVQ %s, R8", aX)
	f.i("VPEXTRQ $1, %s, R9", aX)
	f.i("VEXTRACTI128 $1, %s, %s", a, eX)
	f.i("VMOVQ %s, R12", eX)
	f.i("VPEXTRQ $1, %s, R13", eX)
	f.i("VMOVSD (R10)(R8*8), %s", cX)
	f.i("VMOVHPD (R10)(R9*8), %s, %s", cX, cX)
	f.i("VMOVSD (R10)(R12*8), %s", eX)
	f.i("VMOVHPD (R10)(R13*8), %s, %s", eX, eX)
	f.i("VINSERTF128 $1, %s, %s, %s", eX, c, c)
	f.i("VMOVSD (R11)(R8*8), %s", dX)
	f.i("VMOVHPD (R11)(R9*8), %s, %s", dX, dX)
	f.i("VMOVSD (R11)(R12*8), %s", eX)
	f.i("VMOVHPD (R11)(R13*8), %s, %s", eX, eX)
	f.i("VINSERTF128 $1, %s, %s, %s", eX, d, d)
	f.c("r = x − kq·ln2hi − kq·ln2lo; q = r·(1 + r·P(r))")
	f.i("VFMADD231PD 128(AX), %s, %s", b, x)
	f.i("VFMADD231PD 160(AX), %s, %s", b, x)
	f.i("VMOVUPD 384(AX), %s", e)
	f.i("VFMADD213PD 416(AX), %s, %s", x, e)
	f.i("VFMADD213PD 448(AX), %s, %s", x, e)
	f.i("VFMADD213PD 480(AX), %s, %s", x, e)
	f.i("VFMADD213PD 512(AX), %s, %s", x, e)
	f.i("VFMADD213PD 192(AX), %s, %s", x, e)
	f.i("VMULPD %s, %s, %s", x, e, e)
	f.c("Th + (Th·q + Tl), times 2^k1·2^k2 (k1 + k2 = floor(kq))")
	f.i("VFMADD231PD %s, %s, %s", e, c, d)
	f.i("VADDPD %s, %s, %s", d, c, c)
	f.i("VROUNDPD $1, %s, %s", b, b)
	f.i("VMOVUPD 256(AX), %s", x)
	f.i("VFMADD231PD 224(AX), %s, %s", b, x)
	f.i("VSUBPD %s, %s, %s", x, b, b)
	f.i("VADDPD 288(AX), %s, %s", b, b)
	f.i("VPADDQ 320(AX), %s, %s", x, x)
	f.i("VPSLLQ $52, %s, %s", x, x)
	f.i("VPADDQ 320(AX), %s, %s", b, b)
	f.i("VPSLLQ $52, %s, %s", b, b)
	f.i("VMULPD %s, %s, %s", x, c, c)
	f.i("VMULPD %s, %s, %s", b, c, x)
}

func expY32(f *file, x, a, b, c, d, e string) {
	f.c("e^%s (scratch %s %s %s %s %s): clamp, kd, kq", x, a, b, c, d, e)
	f.i("VMINPS %s, Y15, %s", x, x)
	f.i("VMAXPS %s, Y14, %s", x, x)
	f.i("VMOVUPS 96(AX), %s", a)
	f.i("VFMADD231PS 64(AX), %s, %s", x, a)
	f.i("VSUBPS 96(AX), %s, %s", a, b)
	f.c("Th[j] into %s, Tl[j] into %s: permutes of both halves, blended by bit 3 of j", c, d)
	f.i("VPSLLD $28, %s, %s", a, e)
	f.i("VPERMPS 0(R10), %s, %s", a, c)
	f.i("VPERMPS 32(R10), %s, %s", a, d)
	f.i("VBLENDVPS %s, %s, %s, %s", e, d, c, c)
	f.i("VPERMPS 0(R11), %s, %s", a, d)
	f.i("VPERMPS 32(R11), %s, %s", a, a)
	f.i("VBLENDVPS %s, %s, %s, %s", e, a, d, d)
	f.c("r = x − kq·ln2hi − kq·ln2lo; q = r·(1 + r·P(r))")
	f.i("VFMADD231PS 128(AX), %s, %s", b, x)
	f.i("VFMADD231PS 160(AX), %s, %s", b, x)
	f.i("VMOVUPS 384(AX), %s", e)
	f.i("VFMADD213PS 416(AX), %s, %s", x, e)
	f.i("VFMADD213PS 192(AX), %s, %s", x, e)
	f.i("VMULPS %s, %s, %s", x, e, e)
	f.c("Th + (Th·q + Tl), times 2^k1·2^k2 (k1 + k2 = floor(kq))")
	f.i("VFMADD231PS %s, %s, %s", e, c, d)
	f.i("VADDPS %s, %s, %s", d, c, c)
	f.i("VROUNDPS $1, %s, %s", b, b)
	f.i("VMOVUPS 256(AX), %s", x)
	f.i("VFMADD231PS 224(AX), %s, %s", b, x)
	f.i("VSUBPS %s, %s, %s", x, b, b)
	f.i("VADDPS 288(AX), %s, %s", b, b)
	f.i("VPADDD 320(AX), %s, %s", x, x)
	f.i("VPSLLD $23, %s, %s", x, x)
	f.i("VPADDD 320(AX), %s, %s", b, b)
	f.i("VPSLLD $23, %s, %s", b, b)
	f.i("VMULPS %s, %s, %s", x, c, c)
	f.i("VMULPS %s, %s, %s", b, c, x)
}

// ---- AVX-512 ----
//
// Register plan while the blocks are in use: AX = &expTab64 (&expTab32), constants
// broadcast from it (.BCST) at offset es·index: 0 B, 1 −B, 2 log2e, 3 shift, 4 ln2hi,
// 5 ln2lo, 6 one, 12… the polynomial; Z31/Z30 = 2^(j/16) rounded (Th), j = 0…7 / 8…15,
// Z29/Z28 = the remainders (Tl) (float32: Z31 = Th, Z29 = Tl, j = 0…15); Z27 = 1;
// Z26/Z25 = the clamp bounds B/−B (registers, not memory, so that VMINPD/VMAXPD return
// the second source, x, when it is NaN; VRANGEPD would be one instruction but returns
// the other operand for a quiet NaN).

// tab is the AX-relative offset of table entry i.
func (p prec) tab(i int) int { return i * p.es }

// expSetupZ loads the AVX-512 exponential's registers.
func expSetupZ(f *file, p prec) {
	w := p.typ[5:]
	f.c("e^x constants: AX = the table, Z31…Z28 = 2^(j/16) hi/lo, Z27 = 1, Z26/Z25 = ±B")
	f.i("LEAQ ·expTab%s(SB), AX", w)
	f.i("%s ·expTabHi%s+0(SB), Z31", p.mov, w)
	if p.es == 8 {
		f.i("%s ·expTabHi%s+64(SB), Z30", p.mov, w)
	}
	f.i("%s ·expTabLo%s+0(SB), Z29", p.mov, w)
	if p.es == 8 {
		f.i("%s ·expTabLo%s+64(SB), Z28", p.mov, w)
	}
	f.i("%s %d(AX), Z27", p.bcst, p.tab(6))
	f.i("%s %d(AX), Z26", p.bcst, p.tab(0))
	f.i("%s %d(AX), Z25", p.bcst, p.tab(1))
}

// clampZ clamps x to [−B, B] (NaN stays NaN); clampLowZ only from below, for arguments
// known to be ≤ 0 or NaN (e^−|x| in the sigmoid, x − max in softmax): the same bits.
func clampZ(f *file, p prec, x string) {
	f.i("%s %s, Z26, %s", p.op("VMIN"), x, x)
	clampLowZ(f, p, x)
}

func clampLowZ(f *file, p prec, x string) { f.i("%s %s, Z25, %s", p.op("VMAX"), x, x) }

// reduceZ: a = kd = x·log2e + shift, b = kq = kd − shift, x = r = x − kq·ln2hi −
// kq·ln2lo; with table, c = Th[j] and a = Tl[j] (j = kd mod 16: VPERMI2PD/VPERMPS read
// the low bits of kd's lanes) between the two.
func reduceZ(f *file, p prec, x, a, b, c string, table bool) {
	f.i("%s %d(AX), %s", p.bcst, p.tab(3), a)
	f.i("%s.BCST %d(AX), %s, %s", p.op("VFMADD231"), p.tab(2), x, a)
	f.i("%s.BCST %d(AX), %s, %s", p.op("VSUB"), p.tab(3), a, b)
	if table {
		lookupZ(f, p, a, c)
	}
	f.i("%s.BCST %d(AX), %s, %s", p.op("VFMADD231"), p.tab(4), b, x)
	f.i("%s.BCST %d(AX), %s, %s", p.op("VFMADD231"), p.tab(5), b, x)
}

// lookupZ: th = Th[j], j = Tl[j] for the indices in j.
func lookupZ(f *file, p prec, j, th string) {
	if p.es == 8 {
		f.i("VMOVAPD %s, %s", j, th)
		f.i("VPERMI2PD Z30, Z31, %s", th)
		f.i("VPERMI2PD Z28, Z29, %s", j)
		return
	}
	f.i("VPERMPS Z31, %s, %s", j, th)
	f.i("VPERMPS Z29, %s, %s", j, j)
}

// polyZ: d = 1 + r·(c₂ + … ) evaluated by Horner in r = x; one is the operand of the
// last step (Z27, or the table's 1 broadcast from memory to keep Z27 free).
func polyZ(f *file, p prec, x, d string, oneFromMemory bool) {
	f.i("%s %d(AX), %s", p.bcst, p.tab(12), d)
	for k := 1; k < p.npoly; k++ {
		f.i("%s.BCST %d(AX), %s, %s", p.op("VFMADD213"), p.tab(12+k), x, d)
	}
	if oneFromMemory {
		f.i("%s.BCST %d(AX), %s, %s", p.op("VFMADD213"), p.tab(6), x, d)
	} else {
		f.i("%s Z27, %s, %s", p.op("VFMADD213"), x, d)
	}
}

// expZ1NC is the first half of e^x without the clamp (after it: x = r, a = Tl[j] (kd
// before the lookup), b = kq, c = Th[j]); expZ2 the second half (d scratch).
func expZ1NC(f *file, p prec, x, a, b, c string) { reduceZ(f, p, x, a, b, c, true) }

func expZ2(f *file, p prec, x, a, b, c, d string) {
	polyZ(f, p, x, d, false)
	f.i("%s %s, %s, %s", p.op("VMUL"), x, d, d)
	f.i("%s %s, %s, %s", p.op("VFMADD231"), d, c, a)
	f.i("%s %s, %s, %s", p.op("VADD"), a, c, c)
	f.i("%s %s, %s, %s", p.op("VSCALEF"), b, c, x)
}

// expZ replaces the lanes of x by e^x with a, b, c, d as scratch: one dependency chain of
// 17 arithmetic instructions (float64; two of them permutes) and ~55 cycles of latency.
func expZ(f *file, p prec, x, a, b, c, d string) {
	f.c("e^%s (scratch %s %s %s %s)", x, a, b, c, d)
	clampZ(f, p, x)
	expZ1NC(f, p, x, a, b, c)
	expZ2(f, p, x, a, b, c, d)
}

// expL is expZ with the lower clamp only, for arguments known to be ≤ 0 or NaN: one
// VMINPD fewer, the same bits.
func expL(f *file, p prec, x, a, b, c, d string) {
	f.c("e^%s for %s ≤ 0 (scratch %s %s %s %s)", x, x, a, b, c, d)
	clampLowZ(f, p, x)
	expZ1NC(f, p, x, a, b, c)
	expZ2(f, p, x, a, b, c, d)
}

// Four-register forms for loops that keep six or more chains in flight (the same
// instructions, so the same bits): the 2^(j/16) permutes move to the second half, where
// d, dead once q = r·p is formed, takes Th, so a chain needs only x, a, b, d; the 1 of
// the polynomial is broadcast from memory, so Z27 is free as scratch.
// expY1NC: x = r, a = kd, b = kq (no clamp); expY2: x = e^x.
func expY1NC(f *file, p prec, x, a, b string) { reduceZ(f, p, x, a, b, "", false) }

func expY2(f *file, p prec, x, a, b, d string) {
	polyZ(f, p, x, d, true)
	f.i("%s %s, %s, %s", p.op("VMUL"), d, x, x)
	lookupZ(f, p, a, d)
	f.i("%s %s, %s, %s", p.op("VFMADD231"), x, d, a)
	f.i("%s %s, %s, %s", p.op("VADD"), a, d, d)
	f.i("%s %s, %s, %s", p.op("VSCALEF"), b, d, x)
}
