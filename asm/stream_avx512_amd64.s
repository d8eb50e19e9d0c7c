//go:build !purego

#include "textflag.h"

// Streaming float64 loops: copy, add, fill and non-temporal fill, unrolled four vectors
// deep. The assembly trusts its Go wrappers (stream_amd64.go) for slice lengths.
// Tails of fewer than 8 elements use the mask K1 = (1<<CX)-1, so nothing past the
// slice is read or written.

// func copyF64AVX512(dst, src []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI; CX counts what remains.
TEXT ·copyF64AVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	VMOVUPD Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $8, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVB AX, K1
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD   Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func addF64AVX512(dst, a, b []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: every element before DI holds a+b; each element is loaded before it is
// stored, so dst may be exactly a or b.
TEXT ·addF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VADDPD 0(DX), Z0, Z0
	VADDPD 64(DX), Z1, Z1
	VADDPD 128(DX), Z2, Z2
	VADDPD 192(DX), Z3, Z3
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z1, 64(DI)
	VMOVUPD Z2, 128(DI)
	VMOVUPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD (SI), Z0
	VADDPD  (DX), Z0, Z0
	VMOVUPD Z0, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, DI
	SUBQ    $8, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVB AX, K1
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD.Z (DX), K1, Z1
	VADDPD    Z1, Z0, Z0
	VMOVUPD   Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func fillF64AVX512(dst []float64, v float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, CX = elements left, Z0 = v in every lane; ordinary stores.
// Invariant: every element before DI holds v.
TEXT ·fillF64AVX512(SB), NOSPLIT, $0-32
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD v+24(FP), Z0

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD Z0, 0(DI)
	VMOVUPD Z0, 64(DI)
	VMOVUPD Z0, 128(DI)
	VMOVUPD Z0, 192(DI)
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD Z0, (DI)
	ADDQ    $64, DI
	SUBQ    $8, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVB AX, K1
	VMOVUPD Z0, K1, (DI)

done:
	VZEROUPPER
	RET

// func fillNTF64AVX512(dst []float64, v float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, CX = elements left, Z0 = v in every lane; non-temporal stores on the aligned middle.
// Invariant: every element before DI holds v.
TEXT ·fillNTF64AVX512(SB), NOSPLIT, $0-32
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD v+24(FP), Z0

	// Ordinary stores until DI is 64-byte aligned, as non-temporal stores require.
head:
	TESTQ $63, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD X0, (DI)
	ADDQ   $8, DI
	DECQ   CX
	JMP    head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVNTPD Z0, 0(DI)
	VMOVNTPD Z0, 64(DI)
	VMOVNTPD Z0, 128(DI)
	VMOVNTPD Z0, 192(DI)
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVNTPD Z0, (DI)
	ADDQ    $64, DI
	SUBQ    $8, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVB AX, K1
	VMOVUPD Z0, K1, (DI)

done:
	SFENCE
	VZEROUPPER
	RET

// func addNTF64AVX512(dst, a, b []float64)
// Requires: AVX512F, AVX512DQ
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Scalar adds until DI is 64-byte aligned, then non-temporal stores of whole vectors,
// then ordinary stores for the tail, and a store fence.
// Invariant: every element before DI holds a+b; each element is loaded before it is
// stored, so dst may be exactly a or b.
TEXT ·addNTF64AVX512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

head:
	TESTQ $63, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VADDSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ   $8, SI
	ADDQ   $8, DX
	ADDQ   $8, DI
	DECQ   CX
	JMP    head

loop4:
	CMPQ CX, $32
	JB   loop1
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VADDPD 0(DX), Z0, Z0
	VADDPD 64(DX), Z1, Z1
	VADDPD 128(DX), Z2, Z2
	VADDPD 192(DX), Z3, Z3
	VMOVNTPD Z0, 0(DI)
	VMOVNTPD Z1, 64(DI)
	VMOVNTPD Z2, 128(DI)
	VMOVNTPD Z3, 192(DI)
	ADDQ $256, SI
	ADDQ $256, DX
	ADDQ $256, DI
	SUBQ $32, CX
	JMP  loop4

loop1:
	CMPQ CX, $8
	JB   tail
	VMOVUPD  (SI), Z0
	VADDPD   (DX), Z0, Z0
	VMOVNTPD Z0, (DI)
	ADDQ     $64, SI
	ADDQ     $64, DX
	ADDQ     $64, DI
	SUBQ     $8, CX
	JMP      loop1

tail:
	TESTQ CX, CX
	JZ    done
	MOVL $1, AX
	SHLL CX, AX
	SUBL $1, AX
	KMOVB AX, K1
	VMOVUPD.Z (SI), K1, Z0
	VMOVUPD.Z (DX), K1, Z1
	VADDPD    Z1, Z0, Z0
	VMOVUPD   Z0, K1, (DI)

done:
	SFENCE
	VZEROUPPER
	RET
