// Macros shared by the softmax assembly (softmax_avx2_amd64.s and the
// softmax*_avx512_amd64.s files): one copy of each pass (row max, dot product) and of each
// loop step that several kernels repeat, with the instructions that differ between
// float64 and float32 as parameters: movu = VMOVUPD/VMOVUPS, vmax, add, sub, mul, fma =
// the PD/PS forms, kmov = KMOVB/KMOVW (8 or 16 lanes in the tail mask), n4/n1 = elements
// in four vectors and in one ($32/$8 for float64 with 512-bit vectors, $64/$16 for
// float32).
//
// Fixed register plan of these macros (the kernels' comments name the same registers):
//   CX      = elements left in the pass; R8 (and R9 in SM_NEGINF*) scratch; K1 = tail mask.
//   Z0-Z3   = four vectors in flight or four column accumulators (Y0-Y3 at AVX2), Z0/X0
//             also the result of a reduction, X1/Y1 its scratch.
//   Z24     = the broadcast operand of the exp passes (m) and of the row scale pass.
//   Z12-Z15 = the four partial sums of the exp passes.
// Macros that contain labels (SM_MAX*Z, SM_ROWMAX, SM_DOT*Z) can be expanded once per TEXT
// function.

// SM_TAILMASK(kmov, skip): jumps to skip when CX = 0; else K1 = (1<<CX)−1 (R8 scratch).
#define SM_TAILMASK(kmov, skip) \
	TESTQ CX, CX; \
	JZ    skip; \
	MOVL  $1, R8; \
	SHLL  CX, R8; \
	SUBL  $1, R8; \
	kmov  R8, K1

// SM_COMBINE4(op, a, b, c, d, t, dst): dst = (a op b) op (c op d), in that order; t is
// scratch (it may be c).
#define SM_COMBINE4(op, a, b, c, d, t, dst) \
	op b, a, dst; \
	op d, c, t; \
	op t, dst, dst

// SM_HRED64Y(op, ops) / SM_HRED32Y: X0's low lane = op over the lanes of Y0, halving the
// width each step (the last step scalar: ops = VADDSD/VMAXSD, VADDSS/VMAXSS); X1 scratch.
// SM_HRED64Z / SM_HRED32Z do the same for Z0 (Y1 scratch). SM_HALVE256(op) / SM_HALVE128
// are the first steps: Y0 = op of Z0's halves, X0 = op of Y0's halves.
#define SM_HALVE256(op) \
	VEXTRACTF64X4 $1, Z0, Y1; \
	op Y1, Y0, Y0

#define SM_HALVE128(op) \
	VEXTRACTF128 $1, Y0, X1; \
	op X1, X0, X0

#define SM_HRED64Y(op, ops) \
	SM_HALVE128(op); \
	VPERMILPD $1, X0, X1; \
	ops X1, X0, X0

#define SM_HRED32Y(op, ops) \
	SM_HALVE128(op); \
	VPERMILPS $0x4E, X0, X1; \
	op X1, X0, X0; \
	VPERMILPS $0xB1, X0, X1; \
	ops X1, X0, X0

#define SM_HRED64Z(op, ops) \
	SM_HALVE256(op); \
	SM_HRED64Y(op, ops)

#define SM_HRED32Z(op, ops) \
	SM_HALVE256(op); \
	SM_HRED32Y(op, ops)

// SM_NEGINF64(r) / SM_NEGINF32(r): −Inf in every lane of r (R9, X0 scratch).
#define SM_NEGINF64(r) \
	MOVQ $0xFFF0000000000000, R9; \
	MOVQ R9, X0; \
	VBROADCASTSD X0, r

#define SM_NEGINF32(r) \
	MOVQ $0xFF800000, R9; \
	MOVL R9, X0; \
	VBROADCASTSS X0, r

// SM_MAXZ(p, vmax, mova, movu, kmov, n4, n1): the max pass with 512-bit vectors over the
// CX elements at p (p and CX are consumed), labels max4, max1, maxtail, maxred. On entry
// Z0 = −Inf; Z0-Z3 are running maxima of four vector columns, Z4 = −Inf is what the
// masked-off tail lanes read as (Z5 holds the tail). On exit Z0 = the lane-wise maximum.
// Invariant: Z0-Z3 hold, lane by lane, the maximum of the elements before p.
#define SM_MAXZ(p, vmax, mova, movu, kmov, n4, n1) \
	mova Z0, Z1; \
	mova Z0, Z2; \
	mova Z0, Z3; \
	mova Z0, Z4; \
max4: \
	CMPQ CX, n4; \
	JB   max1; \
	vmax 0(p), Z0, Z0; \
	vmax 64(p), Z1, Z1; \
	vmax 128(p), Z2, Z2; \
	vmax 192(p), Z3, Z3; \
	ADDQ $256, p; \
	SUBQ n4, CX; \
	JMP  max4; \
max1: \
	CMPQ CX, n1; \
	JB   maxtail; \
	vmax (p), Z0, Z0; \
	ADDQ $64, p; \
	SUBQ n1, CX; \
	JMP  max1; \
maxtail: \
	SM_TAILMASK(kmov, maxred); \
	mova Z4, Z5; \
	movu (p), K1, Z5; \
	vmax Z5, Z0, Z0; \
maxred: \
	SM_COMBINE4(vmax, Z0, Z1, Z2, Z3, Z2, Z0)

// SM_MAX64Z(p) / SM_MAX32Z(p): X0 = max of the CX float64 (float32) elements at p (−Inf
// when CX = 0).
#define SM_MAX64Z(p) \
	SM_NEGINF64(Z0); \
	SM_MAXZ(p, VMAXPD, VMOVAPD, VMOVUPD, KMOVB, $32, $8); \
	SM_HRED64Z(VMAXPD, VMAXSD)

#define SM_MAX32Z(p) \
	SM_NEGINF32(Z0); \
	SM_MAXZ(p, VMAXPS, VMOVAPS, VMOVUPS, KMOVW, $64, $16); \
	SM_HRED32Z(VMAXPS, VMAXSS)

// SM_ROWMAX(maxpass): the first pass of the fused row kernels (softmaxRow, softmaxLSE),
// with SI = x, BX = len(x), DX = next and R10 = len(next) on entry: DX becomes the
// prefetch cursor (next, or x when next is empty), then maxpass = SM_MAX64Z or SM_MAX32Z
// runs over the row with R11 = x cursor, CX = BX. Label max (once per function).
#define SM_ROWMAX(maxpass) \
	TESTQ R10, R10; \
	JNZ  max; \
	MOVQ SI, DX; \
max: \
	MOVQ SI, R11; \
	MOVQ BX, CX; \
	maxpass(R11)

// SM_DOTZ(a, b, movu, fma, kmov, n4, n1): the dot-product pass with 512-bit vectors over
// the CX elements at a and b (both cursors and CX consumed), labels dot4, dot1, dottail,
// dotred (at the end). Z0-Z3 = FMA accumulators of four vector columns (zeroed here),
// Z4-Z7 loads.
// Invariant: the partial sums add up to Σ a·b over the elements before a.
#define SM_DOTZ(a, b, movu, fma, kmov, n4, n1) \
	VXORPD Z0, Z0, Z0; \
	VXORPD Z1, Z1, Z1; \
	VXORPD Z2, Z2, Z2; \
	VXORPD Z3, Z3, Z3; \
dot4: \
	CMPQ CX, n4; \
	JB   dot1; \
	movu 0(a), Z4; \
	fma  0(b), Z4, Z0; \
	movu 64(a), Z5; \
	fma  64(b), Z5, Z1; \
	movu 128(a), Z6; \
	fma  128(b), Z6, Z2; \
	movu 192(a), Z7; \
	fma  192(b), Z7, Z3; \
	ADDQ $256, a; \
	ADDQ $256, b; \
	SUBQ n4, CX; \
	JMP  dot4; \
dot1: \
	CMPQ CX, n1; \
	JB   dottail; \
	movu (a), Z4; \
	fma  (b), Z4, Z0; \
	ADDQ $64, a; \
	ADDQ $64, b; \
	SUBQ n1, CX; \
	JMP  dot1; \
dottail: \
	SM_TAILMASK(kmov, dotred); \
	movu.Z (a), K1, Z4; \
	movu.Z (b), K1, Z5; \
	fma  Z5, Z4, Z0; \
dotred:

// SM_DOT64Z(a, b) / SM_DOT32Z(a, b): X0 = Σ a·b over CX float64 (float32) elements.
#define SM_DOT64Z(a, b) \
	SM_DOTZ(a, b, VMOVUPD, VFMADD231PD, KMOVB, $32, $8); \
	SM_COMBINE4(VADDPD, Z0, Z1, Z2, Z3, Z2, Z0); \
	SM_HRED64Z(VADDPD, VADDSD)

#define SM_DOT32Z(a, b) \
	SM_DOTZ(a, b, VMOVUPS, VFMADD231PS, KMOVW, $64, $16); \
	SM_COMBINE4(VADDPS, Z0, Z1, Z2, Z3, Z2, Z0); \
	SM_HRED32Z(VADDPS, VADDSS)

// Steps of the exp passes (exp(x − m) with its sum: softmaxExpSum, softmaxRow, softmaxLSE).

// SM_SUMINIT: the four partial sums Z12-Z15 = 0.
#define SM_SUMINIT \
	VPXORQ Z12, Z12, Z12; \
	VPXORQ Z13, Z13, Z13; \
	VPXORQ Z14, Z14, Z14; \
	VPXORQ Z15, Z15, Z15

// SM_PREFETCH4(p): the four cache lines at p into L1.
#define SM_PREFETCH4(p) \
	PREFETCHT0 0(p); \
	PREFETCHT0 64(p); \
	PREFETCHT0 128(p); \
	PREFETCHT0 192(p)

// SM_LOADSUB4Z(p, movu, sub): Z0-Z3 = the four vectors at p minus Z24.
#define SM_LOADSUB4Z(p, movu, sub) \
	movu 0(p), Z0; \
	sub  Z24, Z0, Z0; \
	movu 64(p), Z1; \
	sub  Z24, Z1, Z1; \
	movu 128(p), Z2; \
	sub  Z24, Z2, Z2; \
	movu 192(p), Z3; \
	sub  Z24, Z3, Z3

// SM_EXPL4Z(e1, e2): Z0-Z3 = their exponentials for arguments ≤ 0 or NaN, the four chains
// interleaved (first halves e1 = EXP64L_1/EXP32L_1, then second halves e2 =
// EXP64Z_2/EXP32Z_2); scratch Z4-Z11 and Z16-Z23.
#define SM_EXPL4Z(e1, e2) \
	e1(Z0, Z4, Z8, Z16); \
	e1(Z1, Z5, Z9, Z17); \
	e1(Z2, Z6, Z10, Z18); \
	e1(Z3, Z7, Z11, Z19); \
	e2(Z0, Z4, Z8, Z16, Z20); \
	e2(Z1, Z5, Z9, Z17, Z21); \
	e2(Z2, Z6, Z10, Z18, Z22); \
	e2(Z3, Z7, Z11, Z19, Z23)

// SM_EXPL1Z(e1, e2): Z0 = its exponential (one chain of SM_EXPL4Z).
#define SM_EXPL1Z(e1, e2) \
	e1(Z0, Z4, Z8, Z16); \
	e2(Z0, Z4, Z8, Z16, Z20)

// SM_STORESUM4Z(p, movu, add): store Z0-Z3 at p and add them to the partial sums Z12-Z15.
#define SM_STORESUM4Z(p, movu, add) \
	movu Z0, 0(p); \
	add  Z0, Z12, Z12; \
	movu Z1, 64(p); \
	add  Z1, Z13, Z13; \
	movu Z2, 128(p); \
	add  Z2, Z14, Z14; \
	movu Z3, 192(p); \
	add  Z3, Z15, Z15

// SM_SUMRED64Z / SM_SUMRED32Z: X0 = the sum of the partial sums Z12-Z15 (Z1 scratch).
#define SM_SUMRED64Z \
	SM_COMBINE4(VADDPD, Z12, Z13, Z14, Z15, Z1, Z0); \
	SM_HRED64Z(VADDPD, VADDSD)

#define SM_SUMRED32Z \
	SM_COMBINE4(VADDPS, Z12, Z13, Z14, Z15, Z1, Z0); \
	SM_HRED32Z(VADDPS, VADDSS)

// Steps of the scale passes: dst = Z(a)·src (softmaxScale; the third pass of softmaxRow,
// in place). Z0-Z3 the products; the tail uses the mask K1.
#define SM_SCALE4Z(src, dst, a, mul, movu) \
	mul  0(src), a, Z0; \
	mul  64(src), a, Z1; \
	mul  128(src), a, Z2; \
	mul  192(src), a, Z3; \
	movu Z0, 0(dst); \
	movu Z1, 64(dst); \
	movu Z2, 128(dst); \
	movu Z3, 192(dst)

#define SM_SCALE1Z(src, dst, a, mul, movu) \
	mul  (src), a, Z0; \
	movu Z0, (dst)

#define SM_SCALETZ(src, dst, a, mul, movu) \
	movu.Z (src), K1, Z0; \
	mul  Z0, a, Z0; \
	movu Z0, K1, (dst)

// Steps of the Jacobian-product passes: dst = s·(v − Z8) (softmaxJVP, softmaxJVPRow).
// Z0-Z3 the results, Z1 also the masked tail of s.
#define SM_JVP4Z(dst, s, v, movu, sub, mul) \
	movu 0(v), Z0; \
	sub  Z8, Z0, Z0; \
	mul  0(s), Z0, Z0; \
	movu 64(v), Z1; \
	sub  Z8, Z1, Z1; \
	mul  64(s), Z1, Z1; \
	movu 128(v), Z2; \
	sub  Z8, Z2, Z2; \
	mul  128(s), Z2, Z2; \
	movu 192(v), Z3; \
	sub  Z8, Z3, Z3; \
	mul  192(s), Z3, Z3; \
	movu Z0, 0(dst); \
	movu Z1, 64(dst); \
	movu Z2, 128(dst); \
	movu Z3, 192(dst)

#define SM_JVP1Z(dst, s, v, movu, sub, mul) \
	movu (v), Z0; \
	sub  Z8, Z0, Z0; \
	mul  (s), Z0, Z0; \
	movu Z0, (dst)

#define SM_JVPTZ(dst, s, v, movu, sub, mul) \
	movu.Z (v), K1, Z0; \
	movu.Z (s), K1, Z1; \
	sub  Z8, Z0, Z0; \
	mul  Z1, Z0, Z0; \
	movu Z0, K1, (dst)
