// Exponential macros for the AVX-512 assembly (included by exp_avx512_amd64.s and by
// the sigmoid and softmax files). The algorithm, step for step, is Exp64/Exp32 in
// exp_generic.go; see there for the error analysis.
//
// Register plan, fixed while the macros are in use:
//   AX      = &expTab64 (or &expTab32): constants are broadcast from it (.BCST).
//   Z31/Z30 = 2^(j/16) rounded (Th), j = 0…7 / 8…15; Z29/Z28 = the remainders (Tl).
//             float32: Z31 = Th, Z29 = Tl, j = 0…15 (Z30, Z28 unused).
//   Z27     = 1; Z26/Z25 = the clamp bounds B/−B (registers, not memory, so that
//             VMINPD/VMAXPD return the second source, x, when it is NaN; VRANGEPD would
//             be one instruction but returns the other operand for a quiet NaN).
// EXP64Z(x, a, b, c, d) replaces the 8 float64 lanes of x by e^x, using a, b, c, d as
// scratch; EXP32Z does the same for 16 float32 lanes. Each is one dependency chain of
// 17 arithmetic instructions (two of them permutes) and ~55 cycles of latency:
// callers put several in flight. The …_1 and …_2 halves let a caller interleave
// several chains in the instruction stream (after _1: x = r, a = kd, b = kq = K/16,
// c = Th[j], a = Tl[j]).
//
// Step by step (float64): x ← min(max(x, −746), 746) (NaN stays NaN);
// a = kd = x·log2e + shift; b = kq = kd − shift; c = Th[kd mod 16], a = Tl[kd mod 16]
// (VPERMI2PD reads the low four bits of kd's lanes); x = r = x − kq·ln2hi − kq·ln2lo;
// d = q = r·(1 + r·(c₂ + … + c₆r⁴)); a = Th·q + Tl; c = Th + a; x = c·2^floor(kq).

#define EXP64Z_SETUP \
	LEAQ ·expTab64(SB), AX; \
	VMOVUPD ·expTabHi64+0(SB), Z31; \
	VMOVUPD ·expTabHi64+64(SB), Z30; \
	VMOVUPD ·expTabLo64+0(SB), Z29; \
	VMOVUPD ·expTabLo64+64(SB), Z28; \
	VBROADCASTSD 48(AX), Z27; \
	VBROADCASTSD 0(AX), Z26; \
	VBROADCASTSD 8(AX), Z25

#define EXP64Z_1(x, a, b, c) \
	VMINPD x, Z26, x; \
	VMAXPD x, Z25, x; \
	EXP64Z_1NC(x, a, b, c)

// EXP64Z_1NC is EXP64Z_1 without the clamp; EXP64L (EXP32L) is EXP64Z (EXP32Z) with the
// lower clamp only, for arguments known to be ≤ 0 or NaN (e^−|x| in the sigmoid, x − max
// in softmax): one VMINPD fewer, the same bits.
#define EXP64Z_1NC(x, a, b, c) \
	VBROADCASTSD 24(AX), a; \
	VFMADD231PD.BCST 16(AX), x, a; \
	VSUBPD.BCST 24(AX), a, b; \
	VMOVAPD a, c; \
	VPERMI2PD Z30, Z31, c; \
	VPERMI2PD Z28, Z29, a; \
	VFMADD231PD.BCST 32(AX), b, x; \
	VFMADD231PD.BCST 40(AX), b, x

#define EXP64Z_2(x, a, b, c, d) \
	VBROADCASTSD 96(AX), d; \
	VFMADD213PD.BCST 104(AX), x, d; \
	VFMADD213PD.BCST 112(AX), x, d; \
	VFMADD213PD.BCST 120(AX), x, d; \
	VFMADD213PD.BCST 128(AX), x, d; \
	VFMADD213PD Z27, x, d; \
	VMULPD x, d, d; \
	VFMADD231PD d, c, a; \
	VADDPD a, c, c; \
	VSCALEFPD b, c, x

#define EXP64Z(x, a, b, c, d) \
	EXP64Z_1(x, a, b, c); \
	EXP64Z_2(x, a, b, c, d)

#define EXP64L(x, a, b, c, d) \
	VMAXPD x, Z25, x; \
	EXP64Z_1NC(x, a, b, c); \
	EXP64Z_2(x, a, b, c, d)

#define EXP32Z_SETUP \
	LEAQ ·expTab32(SB), AX; \
	VMOVUPS ·expTabHi32+0(SB), Z31; \
	VMOVUPS ·expTabLo32+0(SB), Z29; \
	VBROADCASTSS 24(AX), Z27; \
	VBROADCASTSS 0(AX), Z26; \
	VBROADCASTSS 4(AX), Z25

#define EXP32Z_1(x, a, b, c) \
	VMINPS x, Z26, x; \
	VMAXPS x, Z25, x; \
	EXP32Z_1NC(x, a, b, c)

#define EXP32Z_1NC(x, a, b, c) \
	VBROADCASTSS 12(AX), a; \
	VFMADD231PS.BCST 8(AX), x, a; \
	VSUBPS.BCST 12(AX), a, b; \
	VPERMPS Z31, a, c; \
	VPERMPS Z29, a, a; \
	VFMADD231PS.BCST 16(AX), b, x; \
	VFMADD231PS.BCST 20(AX), b, x

#define EXP32Z_2(x, a, b, c, d) \
	VBROADCASTSS 48(AX), d; \
	VFMADD213PS.BCST 52(AX), x, d; \
	VFMADD213PS Z27, x, d; \
	VMULPS x, d, d; \
	VFMADD231PS d, c, a; \
	VADDPS a, c, c; \
	VSCALEFPS b, c, x

#define EXP32Z(x, a, b, c, d) \
	EXP32Z_1(x, a, b, c); \
	EXP32Z_2(x, a, b, c, d)

#define EXP32L(x, a, b, c, d) \
	VMAXPS x, Z25, x; \
	EXP32Z_1NC(x, a, b, c); \
	EXP32Z_2(x, a, b, c, d)

// Four-register forms for loops that keep six or more chains in flight (the same
// instructions, so the same bits): the 2^(j/16) permutes move to the second half, where
// d, dead once q = r·p is formed, takes Th, so a chain needs only x, a, b, d; the 1 of
// the polynomial is broadcast from memory, so Z27 is free as scratch. After …Y_1:
// x = r, a = kd, b = kq. (For float32, Z28 and Z30 are free too.)
#define EXP64Y_1(x, a, b) \
	VMINPD x, Z26, x; \
	VMAXPD x, Z25, x; \
	EXP64Y_1NC(x, a, b)

// EXP64Y_1NC is EXP64Y_1 without the clamp, for callers that clamp themselves (an
// argument known to be ≤ 0 or NaN needs only the lower bound).
#define EXP64Y_1NC(x, a, b) \
	VBROADCASTSD 24(AX), a; \
	VFMADD231PD.BCST 16(AX), x, a; \
	VSUBPD.BCST 24(AX), a, b; \
	VFMADD231PD.BCST 32(AX), b, x; \
	VFMADD231PD.BCST 40(AX), b, x

#define EXP64Y_2(x, a, b, d) \
	VBROADCASTSD 96(AX), d; \
	VFMADD213PD.BCST 104(AX), x, d; \
	VFMADD213PD.BCST 112(AX), x, d; \
	VFMADD213PD.BCST 120(AX), x, d; \
	VFMADD213PD.BCST 128(AX), x, d; \
	VFMADD213PD.BCST 48(AX), x, d; \
	VMULPD d, x, x; \
	VMOVAPD a, d; \
	VPERMI2PD Z30, Z31, d; \
	VPERMI2PD Z28, Z29, a; \
	VFMADD231PD x, d, a; \
	VADDPD a, d, d; \
	VSCALEFPD b, d, x

#define EXP32Y_1(x, a, b) \
	VMINPS x, Z26, x; \
	VMAXPS x, Z25, x; \
	EXP32Y_1NC(x, a, b)

#define EXP32Y_1NC(x, a, b) \
	VBROADCASTSS 12(AX), a; \
	VFMADD231PS.BCST 8(AX), x, a; \
	VSUBPS.BCST 12(AX), a, b; \
	VFMADD231PS.BCST 16(AX), b, x; \
	VFMADD231PS.BCST 20(AX), b, x

#define EXP32Y_2(x, a, b, d) \
	VBROADCASTSS 48(AX), d; \
	VFMADD213PS.BCST 52(AX), x, d; \
	VFMADD213PS.BCST 24(AX), x, d; \
	VMULPS d, x, x; \
	VPERMPS Z31, a, d; \
	VPERMPS Z29, a, a; \
	VFMADD231PS x, d, a; \
	VADDPS a, d, d; \
	VSCALEFPS b, d, x

// EXP64L_1 (EXP32L_1) is the first half of EXP64L (EXP32L): EXP64Z_1 with the lower clamp
// only, for arguments known to be ≤ 0 or NaN, in loops that interleave several chains.
#define EXP64L_1(x, a, b, c) \
	VMAXPD x, Z25, x; \
	EXP64Z_1NC(x, a, b, c)

#define EXP32L_1(x, a, b, c) \
	VMAXPS x, Z25, x; \
	EXP32Z_1NC(x, a, b, c)
