//go:build !purego

#include "textflag.h"

// Streaming float64 loops: copy, add, fill and non-temporal fill, unrolled four vectors
// deep. The assembly trusts its Go wrappers (stream_amd64.go) for slice lengths.
// Tails of fewer than 4 elements are done one scalar at a time.

// func copyF64AVX2(dst, src []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = src cursor, CX = elements left.
// Invariant: the elements before DI equal those before SI; CX counts what remains.
TEXT ·copyF64AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD (SI), Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VMOVSD X0, (DI)
	ADDQ   $8, SI
	ADDQ   $8, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET

// func addF64AVX2(dst, a, b []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Invariant: every element before DI holds a+b; each element is loaded before it is
// stored, so dst may be exactly a or b.
TEXT ·addF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VADDPD 0(DX), Y0, Y0
	VADDPD 32(DX), Y1, Y1
	VADDPD 64(DX), Y2, Y2
	VADDPD 96(DX), Y3, Y3
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y1, 32(DI)
	VMOVUPD Y2, 64(DI)
	VMOVUPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD (SI), Y0
	VADDPD  (DX), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VADDSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ   $8, SI
	ADDQ   $8, DX
	ADDQ   $8, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET

// func fillF64AVX2(dst []float64, v float64)
// Requires: AVX
// Register plan: DI = dst cursor, CX = elements left, Y0 = v in every lane; ordinary stores.
// Invariant: every element before DI holds v.
TEXT ·fillF64AVX2(SB), NOSPLIT, $0-32
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD v+24(FP), Y0

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVUPD Y0, 0(DI)
	VMOVUPD Y0, 32(DI)
	VMOVUPD Y0, 64(DI)
	VMOVUPD Y0, 96(DI)
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD X0, (DI)
	ADDQ   $8, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET

// func fillNTF64AVX2(dst []float64, v float64)
// Requires: AVX
// Register plan: DI = dst cursor, CX = elements left, Y0 = v in every lane; non-temporal stores on the aligned middle.
// Invariant: every element before DI holds v.
TEXT ·fillNTF64AVX2(SB), NOSPLIT, $0-32
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	VBROADCASTSD v+24(FP), Y0

	// Ordinary stores until DI is 32-byte aligned, as non-temporal stores require.
head:
	TESTQ $31, DI
	JZ    loop4
	TESTQ CX, CX
	JZ    done
	VMOVSD X0, (DI)
	ADDQ   $8, DI
	DECQ   CX
	JMP    head

loop4:
	CMPQ CX, $16
	JB   loop1
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y0, 32(DI)
	VMOVNTPD Y0, 64(DI)
	VMOVNTPD Y0, 96(DI)
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVNTPD Y0, (DI)
	ADDQ    $32, DI
	SUBQ    $4, CX
	JMP     loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD X0, (DI)
	ADDQ   $8, DI
	DECQ   CX
	JMP    tail

done:
	SFENCE
	VZEROUPPER
	RET

// func addNTF64AVX2(dst, a, b []float64)
// Requires: AVX
// Register plan: DI = dst cursor, SI = a cursor, DX = b cursor, CX = elements left.
// Scalar adds until DI is 32-byte aligned, then non-temporal stores of whole vectors,
// then ordinary stores for the tail, and a store fence.
// Invariant: every element before DI holds a+b; each element is loaded before it is
// stored, so dst may be exactly a or b.
TEXT ·addNTF64AVX2(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX

head:
	TESTQ $31, DI
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
	CMPQ CX, $16
	JB   loop1
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VADDPD 0(DX), Y0, Y0
	VADDPD 32(DX), Y1, Y1
	VADDPD 64(DX), Y2, Y2
	VADDPD 96(DX), Y3, Y3
	VMOVNTPD Y0, 0(DI)
	VMOVNTPD Y1, 32(DI)
	VMOVNTPD Y2, 64(DI)
	VMOVNTPD Y3, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DX
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  loop4

loop1:
	CMPQ CX, $4
	JB   tail
	VMOVUPD  (SI), Y0
	VADDPD   (DX), Y0, Y0
	VMOVNTPD Y0, (DI)
	ADDQ     $32, SI
	ADDQ     $32, DX
	ADDQ     $32, DI
	SUBQ     $4, CX
	JMP      loop1

tail:
	TESTQ CX, CX
	JZ    done
	VMOVSD (SI), X0
	VADDSD (DX), X0, X0
	VMOVSD X0, (DI)
	ADDQ   $8, SI
	ADDQ   $8, DX
	ADDQ   $8, DI
	DECQ   CX
	JMP    tail

done:
	SFENCE
	VZEROUPPER
	RET
