// Exponential macros for the AVX2 assembly (included by exp_avx2_amd64.s and by the
// sigmoid and softmax files). The algorithm, step for step, is Exp64/Exp32 in
// exp_generic.go, including the 2^k scaling as two multiplications by 2^k1 and 2^k2.
//
// Register plan, fixed while the macros are in use:
//   AX      = &expTab64x4 (or &expTab32x8): every constant as a full 32-byte vector,
//             used as a memory operand at offset 32·index.
//   Y15/Y14 = upper/lower clamp (registers, so that VMINPD/VMAXPD return x when x is NaN).
// EXP64Y(x, k, p) replaces the 4 float64 lanes of x by e^x using k and p as scratch;
// EXP32Y does the same for 8 float32 lanes.

#define EXP64Y_SETUP \
	LEAQ ·expTab64x4(SB), AX; \
	VMOVUPD 0(AX), Y15; \
	VMOVUPD 32(AX), Y14

#define EXP64Y(x, k, p) \
	VMINPD x, Y15, x; \
	VMAXPD x, Y14, x; \
	VMOVUPD 96(AX), k; \
	VFMADD231PD 64(AX), x, k; \
	VSUBPD 96(AX), k, k; \
	VFMADD231PD 128(AX), k, x; \
	VFMADD231PD 160(AX), k, x; \
	VMOVUPD 320(AX), p; \
	VFMADD213PD 352(AX), x, p; \
	VFMADD213PD 384(AX), x, p; \
	VFMADD213PD 416(AX), x, p; \
	VFMADD213PD 448(AX), x, p; \
	VFMADD213PD 480(AX), x, p; \
	VFMADD213PD 512(AX), x, p; \
	VFMADD213PD 544(AX), x, p; \
	VFMADD213PD 576(AX), x, p; \
	VFMADD213PD 608(AX), x, p; \
	VFMADD213PD 640(AX), x, p; \
	VFMADD213PD 672(AX), x, p; \
	VFMADD213PD 192(AX), x, p; \
	VFMADD213PD 192(AX), x, p; \
	VMOVUPD 96(AX), x; \
	VFMADD231PD 224(AX), k, x; \
	VSUBPD x, k, k; \
	VADDPD 256(AX), k, k; \
	VPADDQ 288(AX), x, x; \
	VPSLLQ $52, x, x; \
	VPADDQ 288(AX), k, k; \
	VPSLLQ $52, k, k; \
	VMULPD x, p, p; \
	VMULPD k, p, x

#define EXP32Y_SETUP \
	LEAQ ·expTab32x8(SB), AX; \
	VMOVUPD 0(AX), Y15; \
	VMOVUPD 32(AX), Y14

#define EXP32Y(x, k, p) \
	VMINPS x, Y15, x; \
	VMAXPS x, Y14, x; \
	VMOVUPD 96(AX), k; \
	VFMADD231PS 64(AX), x, k; \
	VSUBPS 96(AX), k, k; \
	VFMADD231PS 128(AX), k, x; \
	VFMADD231PS 160(AX), k, x; \
	VMOVUPD 320(AX), p; \
	VFMADD213PS 352(AX), x, p; \
	VFMADD213PS 384(AX), x, p; \
	VFMADD213PS 416(AX), x, p; \
	VFMADD213PS 448(AX), x, p; \
	VFMADD213PS 480(AX), x, p; \
	VFMADD213PS 192(AX), x, p; \
	VFMADD213PS 192(AX), x, p; \
	VMOVUPD 96(AX), x; \
	VFMADD231PS 224(AX), k, x; \
	VSUBPS x, k, k; \
	VADDPS 256(AX), k, k; \
	VPADDD 288(AX), x, x; \
	VPSLLD $23, x, x; \
	VPADDD 288(AX), k, k; \
	VPSLLD $23, k, k; \
	VMULPS x, p, p; \
	VMULPS k, p, x
