//go:build !purego

#include "textflag.h"

// Fused softmax Jacobian products with 512-bit vectors: one call does both passes over
// a row, d = ⟨s, v⟩ and dst = s ⊙ (v − d), with the arithmetic of softmaxDot and
// softmaxJVP (softmax_avx512_amd64.s), so the same bits as those two calls; while the
// product pass runs (the dot pass found s and v in the cache), the next rows of s and v
// (if given) are prefetched into L1, one line of each per vector. The Go wrappers
// (softmax_row_amd64.go) guarantee len(s) = len(v) = len(dst) ≥ 1 and len(ns) = len(nv)
// = 0 or len(dst).
//
// Ceiling: 3 arithmetic ops per vector (FMA, subtract, multiply), so this is a stream:
// s and v read twice (the second time from L1), dst written once; for 1024×1000 rows in
// L3 (about 30 GB/s copy ceiling) at most 2.5 Gelem/s float32, 1.25 float64.

// func softmaxJVPRowF64AVX512(dst, s, v, ns, nv []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v (row starts), BX = len(dst); R11/R12/R13 =
// s/v/dst cursors of the pass, CX = elements left in it; R9/R10 = prefetch cursors (ns
// and nv, or s and v when those are empty); pass 1: Z0-Z3 = partial dot products (FMA
// accumulators, the order of softmaxDotF64AVX512), Z4-Z7 loads; pass 2: Z8 = d = ⟨s, v⟩.
// Invariants: pass 1, the partial sums add up to Σ s·v over the elements before R11;
// pass 2, every element before R13 holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPRowF64AVX512(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	MOVQ ns_base+72(FP), R9
	MOVQ nv_base+96(FP), R10
	MOVQ ns_len+80(FP), R8
	TESTQ R8, R8
	JNZ  dot
	MOVQ SI, R9
	MOVQ DX, R10

dot:
	MOVQ SI, R11
	MOVQ DX, R12
	MOVQ BX, CX
	VXORPD Z0, Z0, Z0
	VXORPD Z1, Z1, Z1
	VXORPD Z2, Z2, Z2
	VXORPD Z3, Z3, Z3

dot4:
	CMPQ CX, $32
	JB   dot1
	VMOVUPD 0(R11), Z4
	VFMADD231PD 0(R12), Z4, Z0
	VMOVUPD 64(R11), Z5
	VFMADD231PD 64(R12), Z5, Z1
	VMOVUPD 128(R11), Z6
	VFMADD231PD 128(R12), Z6, Z2
	VMOVUPD 192(R11), Z7
	VFMADD231PD 192(R12), Z7, Z3
	ADDQ $256, R11
	ADDQ $256, R12
	SUBQ $32, CX
	JMP  dot4

dot1:
	CMPQ CX, $8
	JB   dottail
	VMOVUPD (R11), Z4
	VFMADD231PD (R12), Z4, Z0
	ADDQ $64, R11
	ADDQ $64, R12
	SUBQ $8, CX
	JMP  dot1

dottail:
	TESTQ CX, CX
	JZ    dotred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (R11), K1, Z4
	VMOVUPD.Z (R12), K1, Z5
	VFMADD231PD Z5, Z4, Z0

dotred:
	VADDPD Z1, Z0, Z0
	VADDPD Z3, Z2, Z2
	VADDPD Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VBROADCASTSD X0, Z8
	MOVQ SI, R11
	MOVQ DX, R12
	MOVQ DI, R13
	MOVQ BX, CX

jvp4:
	CMPQ CX, $32
	JB   jvp1
	PREFETCHT0 0(R9)
	PREFETCHT0 64(R9)
	PREFETCHT0 128(R9)
	PREFETCHT0 192(R9)
	PREFETCHT0 0(R10)
	PREFETCHT0 64(R10)
	PREFETCHT0 128(R10)
	PREFETCHT0 192(R10)
	VMOVUPD 0(R12), Z0
	VSUBPD Z8, Z0, Z0
	VMULPD 0(R11), Z0, Z0
	VMOVUPD 64(R12), Z1
	VSUBPD Z8, Z1, Z1
	VMULPD 64(R11), Z1, Z1
	VMOVUPD 128(R12), Z2
	VSUBPD Z8, Z2, Z2
	VMULPD 128(R11), Z2, Z2
	VMOVUPD 192(R12), Z3
	VSUBPD Z8, Z3, Z3
	VMULPD 192(R11), Z3, Z3
	VMOVUPD Z0, 0(R13)
	VMOVUPD Z1, 64(R13)
	VMOVUPD Z2, 128(R13)
	VMOVUPD Z3, 192(R13)
	ADDQ $256, R11
	ADDQ $256, R12
	ADDQ $256, R13
	ADDQ $256, R9
	ADDQ $256, R10
	SUBQ $32, CX
	JMP  jvp4

jvp1:
	CMPQ CX, $8
	JB   jvptail
	VMOVUPD (R12), Z0
	VSUBPD Z8, Z0, Z0
	VMULPD (R11), Z0, Z0
	VMOVUPD Z0, (R13)
	ADDQ $64, R11
	ADDQ $64, R12
	ADDQ $64, R13
	SUBQ $8, CX
	JMP  jvp1

jvptail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVB R8, K1
	VMOVUPD.Z (R12), K1, Z0
	VMOVUPD.Z (R11), K1, Z1
	VSUBPD Z8, Z0, Z0
	VMULPD Z1, Z0, Z0
	VMOVUPD Z0, K1, (R13)

done:
	VZEROUPPER
	RET

// func softmaxJVPRowF32AVX512(dst, s, v, ns, nv []float32)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst, SI = s, DX = v (row starts), BX = len(dst); R11/R12/R13 =
// s/v/dst cursors of the pass, CX = elements left in it; R9/R10 = prefetch cursors (ns
// and nv, or s and v when those are empty); pass 1: Z0-Z3 = partial dot products (FMA
// accumulators, the order of softmaxDotF32AVX512), Z4-Z7 loads; pass 2: Z8 = d = ⟨s, v⟩.
// Invariants: pass 1, the partial sums add up to Σ s·v over the elements before R11;
// pass 2, every element before R13 holds s·(v − d) of the elements at the same place.
TEXT ·softmaxJVPRowF32AVX512(SB), NOSPLIT, $0-120
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), BX
	MOVQ s_base+24(FP), SI
	MOVQ v_base+48(FP), DX
	MOVQ ns_base+72(FP), R9
	MOVQ nv_base+96(FP), R10
	MOVQ ns_len+80(FP), R8
	TESTQ R8, R8
	JNZ  dot
	MOVQ SI, R9
	MOVQ DX, R10

dot:
	MOVQ SI, R11
	MOVQ DX, R12
	MOVQ BX, CX
	VXORPD Z0, Z0, Z0
	VXORPD Z1, Z1, Z1
	VXORPD Z2, Z2, Z2
	VXORPD Z3, Z3, Z3

dot4:
	CMPQ CX, $64
	JB   dot1
	VMOVUPS 0(R11), Z4
	VFMADD231PS 0(R12), Z4, Z0
	VMOVUPS 64(R11), Z5
	VFMADD231PS 64(R12), Z5, Z1
	VMOVUPS 128(R11), Z6
	VFMADD231PS 128(R12), Z6, Z2
	VMOVUPS 192(R11), Z7
	VFMADD231PS 192(R12), Z7, Z3
	ADDQ $256, R11
	ADDQ $256, R12
	SUBQ $64, CX
	JMP  dot4

dot1:
	CMPQ CX, $16
	JB   dottail
	VMOVUPS (R11), Z4
	VFMADD231PS (R12), Z4, Z0
	ADDQ $64, R11
	ADDQ $64, R12
	SUBQ $16, CX
	JMP  dot1

dottail:
	TESTQ CX, CX
	JZ    dotred
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (R11), K1, Z4
	VMOVUPS.Z (R12), K1, Z5
	VFMADD231PS Z5, Z4, Z0

dotred:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0x4E, X0, X1
	VADDPS X1, X0, X0
	VPERMILPS $0xB1, X0, X1
	VADDSS X1, X0, X0
	VBROADCASTSS X0, Z8
	MOVQ SI, R11
	MOVQ DX, R12
	MOVQ DI, R13
	MOVQ BX, CX

jvp4:
	CMPQ CX, $64
	JB   jvp1
	PREFETCHT0 0(R9)
	PREFETCHT0 64(R9)
	PREFETCHT0 128(R9)
	PREFETCHT0 192(R9)
	PREFETCHT0 0(R10)
	PREFETCHT0 64(R10)
	PREFETCHT0 128(R10)
	PREFETCHT0 192(R10)
	VMOVUPS 0(R12), Z0
	VSUBPS Z8, Z0, Z0
	VMULPS 0(R11), Z0, Z0
	VMOVUPS 64(R12), Z1
	VSUBPS Z8, Z1, Z1
	VMULPS 64(R11), Z1, Z1
	VMOVUPS 128(R12), Z2
	VSUBPS Z8, Z2, Z2
	VMULPS 128(R11), Z2, Z2
	VMOVUPS 192(R12), Z3
	VSUBPS Z8, Z3, Z3
	VMULPS 192(R11), Z3, Z3
	VMOVUPS Z0, 0(R13)
	VMOVUPS Z1, 64(R13)
	VMOVUPS Z2, 128(R13)
	VMOVUPS Z3, 192(R13)
	ADDQ $256, R11
	ADDQ $256, R12
	ADDQ $256, R13
	ADDQ $256, R9
	ADDQ $256, R10
	SUBQ $64, CX
	JMP  jvp4

jvp1:
	CMPQ CX, $16
	JB   jvptail
	VMOVUPS (R12), Z0
	VSUBPS Z8, Z0, Z0
	VMULPS (R11), Z0, Z0
	VMOVUPS Z0, (R13)
	ADDQ $64, R11
	ADDQ $64, R12
	ADDQ $64, R13
	SUBQ $16, CX
	JMP  jvp1

jvptail:
	TESTQ CX, CX
	JZ    done
	MOVL  $1, R8
	SHLL  CX, R8
	SUBL  $1, R8
	KMOVW R8, K1
	VMOVUPS.Z (R12), K1, Z0
	VMOVUPS.Z (R11), K1, Z1
	VSUBPS Z8, Z0, Z0
	VMULPS Z1, Z0, Z0
	VMOVUPS Z0, K1, (R13)

done:
	VZEROUPPER
	RET
