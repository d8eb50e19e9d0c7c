// Exponential macros for the AVX-512 assembly (included by exp_avx512_amd64.s and by
// the sigmoid and softmax files). The algorithm, step for step, is Exp64/Exp32 in
// exp_generic.go; see there for the error analysis.
//
// Register plan, fixed while the macros are in use:
//   AX      = &expTab64 (or &expTab32): coefficients are broadcast from it (.BCST).
//   Z31/Z30 = upper/lower clamp (registers, not memory, so that VMINPD/VMAXPD return
//             the second source, x, when it is NaN), Z29/Z28 = −ln2hi/−ln2lo,
//   Z27     = 1, Z26 = log2 e, Z25 = shifter 1.5·2^52 (1.5·2^23).
// EXP64Z(x, k, p) replaces the 8 float64 lanes of x by e^x, using k and p as scratch;
// EXP32Z does the same for 16 float32 lanes. Each is one dependency chain of about 20
// instructions: callers put several in flight to hide the FMA latency.

#define EXP64Z_SETUP \
	LEAQ ·expTab64(SB), AX; \
	VBROADCASTSD 0(AX), Z31; \
	VBROADCASTSD 8(AX), Z30; \
	VBROADCASTSD 32(AX), Z29; \
	VBROADCASTSD 40(AX), Z28; \
	VBROADCASTSD 48(AX), Z27; \
	VBROADCASTSD 16(AX), Z26; \
	VBROADCASTSD 24(AX), Z25

#define EXP64Z(x, k, p) \
	VMINPD x, Z31, x; \
	VMAXPD x, Z30, x; \
	VMOVAPD Z25, k; \
	VFMADD231PD Z26, x, k; \
	VSUBPD Z25, k, k; \
	VFMADD231PD Z29, k, x; \
	VFMADD231PD Z28, k, x; \
	VBROADCASTSD 80(AX), p; \
	VFMADD213PD.BCST 88(AX), x, p; \
	VFMADD213PD.BCST 96(AX), x, p; \
	VFMADD213PD.BCST 104(AX), x, p; \
	VFMADD213PD.BCST 112(AX), x, p; \
	VFMADD213PD.BCST 120(AX), x, p; \
	VFMADD213PD.BCST 128(AX), x, p; \
	VFMADD213PD.BCST 136(AX), x, p; \
	VFMADD213PD.BCST 144(AX), x, p; \
	VFMADD213PD.BCST 152(AX), x, p; \
	VFMADD213PD.BCST 160(AX), x, p; \
	VFMADD213PD.BCST 168(AX), x, p; \
	VFMADD213PD Z27, x, p; \
	VFMADD213PD Z27, x, p; \
	VSCALEFPD k, p, x

#define EXP32Z_SETUP \
	LEAQ ·expTab32(SB), AX; \
	VBROADCASTSS 0(AX), Z31; \
	VBROADCASTSS 4(AX), Z30; \
	VBROADCASTSS 16(AX), Z29; \
	VBROADCASTSS 20(AX), Z28; \
	VBROADCASTSS 24(AX), Z27; \
	VBROADCASTSS 8(AX), Z26; \
	VBROADCASTSS 12(AX), Z25

#define EXP32Z(x, k, p) \
	VMINPS x, Z31, x; \
	VMAXPS x, Z30, x; \
	VMOVAPS Z25, k; \
	VFMADD231PS Z26, x, k; \
	VSUBPS Z25, k, k; \
	VFMADD231PS Z29, k, x; \
	VFMADD231PS Z28, k, x; \
	VBROADCASTSS 40(AX), p; \
	VFMADD213PS.BCST 44(AX), x, p; \
	VFMADD213PS.BCST 48(AX), x, p; \
	VFMADD213PS.BCST 52(AX), x, p; \
	VFMADD213PS.BCST 56(AX), x, p; \
	VFMADD213PS.BCST 60(AX), x, p; \
	VFMADD213PS Z27, x, p; \
	VFMADD213PS Z27, x, p; \
	VSCALEFPS k, p, x
