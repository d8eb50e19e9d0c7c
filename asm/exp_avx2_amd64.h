// Exponential macros for the AVX2 assembly (included by exp_avx2_amd64.s and by the
// sigmoid and softmax files). The algorithm, step for step, is Exp64/Exp32 in
// exp_generic.go, including the 2^k scaling as two multiplications by 2^k1 and 2^k2.
//
// Register plan, fixed while the macros are in use:
//   AX      = &expTab64x4 (or &expTab32x8): every constant as a full 32-byte vector,
//             used as a memory operand at offset 32·index (see exp_amd64.go).
//   R10/R11 = &expTabHi64/&expTabLo64 (or the float32 tables): the 2^(j/16) table.
//             float64 reads it with scalar loads at four indices moved to R8, R9, R12,
//             R13 (VGATHERQPD is far slower on this class of CPU: ~30 cycles with the
//             gather-data-sampling mitigation); float32 picks from the two 8-entry halves
//             with VPERMPS and blends by bit 3 of j.
//   Y15/Y14 = upper/lower clamp (registers, so that VMINPD/VMAXPD return x when x is NaN).
// EXP64Y(x, a, b, c, d, e, aX, cX, dX, eX) replaces the 4 float64 lanes of x by e^x
// using a … e as scratch (aX … eX name the low halves of a, c, d, e: the scalar loads
// work on X registers); EXP32Y(x, a, b, c, d, e) does the same for 8 float32 lanes.
// Step by step: clamp; a = kd = x·log2e + shift; b = kq = kd − shift; a = j = kd & 15;
// c = Th[j], d = Tl[j]; x = r; e = q = r·(1 + r·P(r)); d = Th·q + Tl; c = Th + d;
// b = floor(kq); x = c·2^k1·2^k2.

#define EXP64Y_SETUP \
	LEAQ ·expTab64x4(SB), AX; \
	LEAQ ·expTabHi64(SB), R10; \
	LEAQ ·expTabLo64(SB), R11; \
	VMOVUPD 0(AX), Y15; \
	VMOVUPD 32(AX), Y14

#define EXP64Y(x, a, b, c, d, e, aX, cX, dX, eX) \
	VMINPD x, Y15, x; \
	VMAXPD x, Y14, x; \
	VMOVUPD 96(AX), a; \
	VFMADD231PD 64(AX), x, a; \
	VSUBPD 96(AX), a, b; \
	VPAND 352(AX), a, a; \
	VMOVQ aX, R8; \
	VPEXTRQ $1, aX, R9; \
	VEXTRACTI128 $1, a, eX; \
	VMOVQ eX, R12; \
	VPEXTRQ $1, eX, R13; \
	VMOVSD (R10)(R8*8), cX; \
	VMOVHPD (R10)(R9*8), cX, cX; \
	VMOVSD (R10)(R12*8), eX; \
	VMOVHPD (R10)(R13*8), eX, eX; \
	VINSERTF128 $1, eX, c, c; \
	VMOVSD (R11)(R8*8), dX; \
	VMOVHPD (R11)(R9*8), dX, dX; \
	VMOVSD (R11)(R12*8), eX; \
	VMOVHPD (R11)(R13*8), eX, eX; \
	VINSERTF128 $1, eX, d, d; \
	VFMADD231PD 128(AX), b, x; \
	VFMADD231PD 160(AX), b, x; \
	VMOVUPD 384(AX), e; \
	VFMADD213PD 416(AX), x, e; \
	VFMADD213PD 448(AX), x, e; \
	VFMADD213PD 480(AX), x, e; \
	VFMADD213PD 512(AX), x, e; \
	VFMADD213PD 192(AX), x, e; \
	VMULPD x, e, e; \
	VFMADD231PD e, c, d; \
	VADDPD d, c, c; \
	VROUNDPD $1, b, b; \
	VMOVUPD 256(AX), x; \
	VFMADD231PD 224(AX), b, x; \
	VSUBPD x, b, b; \
	VADDPD 288(AX), b, b; \
	VPADDQ 320(AX), x, x; \
	VPSLLQ $52, x, x; \
	VPADDQ 320(AX), b, b; \
	VPSLLQ $52, b, b; \
	VMULPD x, c, c; \
	VMULPD b, c, x

#define EXP32Y_SETUP \
	LEAQ ·expTab32x8(SB), AX; \
	LEAQ ·expTabHi32(SB), R10; \
	LEAQ ·expTabLo32(SB), R11; \
	VMOVUPS 0(AX), Y15; \
	VMOVUPS 32(AX), Y14

#define EXP32Y(x, a, b, c, d, e) \
	VMINPS x, Y15, x; \
	VMAXPS x, Y14, x; \
	VMOVUPS 96(AX), a; \
	VFMADD231PS 64(AX), x, a; \
	VSUBPS 96(AX), a, b; \
	VPSLLD $28, a, e; \
	VPERMPS 0(R10), a, c; \
	VPERMPS 32(R10), a, d; \
	VBLENDVPS e, d, c, c; \
	VPERMPS 0(R11), a, d; \
	VPERMPS 32(R11), a, a; \
	VBLENDVPS e, a, d, d; \
	VFMADD231PS 128(AX), b, x; \
	VFMADD231PS 160(AX), b, x; \
	VMOVUPS 384(AX), e; \
	VFMADD213PS 416(AX), x, e; \
	VFMADD213PS 192(AX), x, e; \
	VMULPS x, e, e; \
	VFMADD231PS e, c, d; \
	VADDPS d, c, c; \
	VROUNDPS $1, b, b; \
	VMOVUPS 256(AX), x; \
	VFMADD231PS 224(AX), b, x; \
	VSUBPS x, b, b; \
	VADDPS 288(AX), b, b; \
	VPADDD 320(AX), x, x; \
	VPSLLD $23, x, x; \
	VPADDD 320(AX), b, b; \
	VPSLLD $23, b, b; \
	VMULPS x, c, c; \
	VMULPS b, c, x
