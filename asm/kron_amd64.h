// Loop macros shared by the Kronecker row kernels and the non-temporal copies of
// kron_avx2_amd64.s and kron_avx512_amd64.s. The two files lay out a kernel the same way
// and differ in the vector width, the tails and the instruction names, which the macros
// take as arguments (mov = VMOVUPD/VMOVUPS, st = mov or VMOVNTPD/VMOVNTPS, mul = VMULPD/
// VMULPS, fma = VFMADD231PD/PS; n = elements per vector, esz = bytes per element).
//
// The including file defines, before the #include, the registers of its width:
//   KV0…KV3 = the four products or sums of a loop4 step (Y0–Y3 / Z0–Z3; KV0 alone in
//             loop1), KS = the block's scale a[j] or alpha·a[j] in every lane (Y15 / Z31),
//   KXALPHA = the low lane of alpha broadcast (X14 / X30), KXT = scratch (X13 / X29),
//   KVB     = bytes per vector (32 / 64).
// Register plan of a row kernel: DI = dst cursor, SI = a cursor, BX = elements of a left,
// DX = b base, R8 = len(b), R11 = b cursor, CX = elements of b left in this block. The
// copies use SI as the source cursor and CX as the elements left.
// Labels (each macro that places one is expanded once per function): block (one block
// of dst per element of a), loop4 (four vectors a step), loop1 (one vector), tail (the
// last partial vector), next (the next element of a), done (return).

// KRON_NONEMPTY jumps to done when a (BX) or b (R8) is empty.
#define KRON_NONEMPTY \
	TESTQ BX, BX \
	JZ    done \
	TESTQ R8, R8 \
	JZ    done

// KRON_ALPHA_SCALE(smul, bcast): KS = alpha·a[j] in every lane (smul = VMULSD/VMULSS,
// bcast = VBROADCASTSD/SS); clobbers KXT.
#define KRON_ALPHA_SCALE(smul, bcast) \
	smul  (SI), KXALPHA, KXT \
	bcast KXT, KS

// KRON_BLOCK_START rewinds b for the next block: R11 = b, CX = len(b).
#define KRON_BLOCK_START \
	MOVQ DX, R11 \
	MOVQ R8, CX

// KRON_LOOP4(n) and KRON_LOOP1(n) open loop4 (four vectors a step, on to loop1 when
// CX < 4n) and loop1 (one vector a step, on to tail when CX < n).
#define KRON_LOOP4(n) \
loop4: \
	CMPQ CX, $(4*n) \
	JB   loop1

#define KRON_LOOP1(n) \
loop1: \
	CMPQ CX, $n \
	JB   tail

// KRON_STORE4(st, src, n) ends a loop4 step: stores KV0–KV3 at DI with st, advances src
// and DI by four vectors and CX by 4·n elements, and loops.
#define KRON_STORE4(st, src, n) \
	st   KV0, 0(DI) \
	st   KV1, KVB(DI) \
	st   KV2, (2*KVB)(DI) \
	st   KV3, (3*KVB)(DI) \
	ADDQ $(4*KVB), src \
	ADDQ $(4*KVB), DI \
	SUBQ $(4*n), CX \
	JMP  loop4

// KRON_STORE1(st, src, n) ends a loop1 step: stores KV0 at DI with st, advances src and
// DI by one vector and CX by n elements, and loops.
#define KRON_STORE1(st, src, n) \
	st   KV0, (DI) \
	ADDQ $KVB, src \
	ADDQ $KVB, DI \
	SUBQ $n, CX \
	JMP  loop1

// KRON_MUL4(mul, st, n): loop4 of dst = KS·b, four vectors a step while CX ≥ 4n.
#define KRON_MUL4(mul, st, n) \
	KRON_LOOP4(n) \
	mul  0(R11), KS, KV0 \
	mul  KVB(R11), KS, KV1 \
	mul  (2*KVB)(R11), KS, KV2 \
	mul  (3*KVB)(R11), KS, KV3 \
	KRON_STORE4(st, R11, n)

// KRON_MUL1(mul, st, n): loop1 of dst = KS·b, one vector a step while CX ≥ n.
#define KRON_MUL1(mul, st, n) \
	KRON_LOOP1(n) \
	mul  0(R11), KS, KV0 \
	KRON_STORE1(st, R11, n)

// KRON_FMA4(mov, fma, n): loop4 of dst = fma(KS, b, dst), four vectors a step.
#define KRON_FMA4(mov, fma, n) \
	KRON_LOOP4(n) \
	mov  0(DI), KV0 \
	fma  0(R11), KS, KV0 \
	mov  KVB(DI), KV1 \
	fma  KVB(R11), KS, KV1 \
	mov  (2*KVB)(DI), KV2 \
	fma  (2*KVB)(R11), KS, KV2 \
	mov  (3*KVB)(DI), KV3 \
	fma  (3*KVB)(R11), KS, KV3 \
	KRON_STORE4(mov, R11, n)

// KRON_FMA1(mov, fma, n): loop1 of dst = fma(KS, b, dst), one vector a step.
#define KRON_FMA1(mov, fma, n) \
	KRON_LOOP1(n) \
	mov  0(DI), KV0 \
	fma  0(R11), KS, KV0 \
	KRON_STORE1(mov, R11, n)

// KRON_NEXT(esz) ends a block: on to the next element of a while BX > 0, then returns.
#define KRON_NEXT(esz) \
next: \
	ADDQ $esz, SI \
	DECQ BX \
	JNZ  block \
done: \
	VZEROUPPER \
	RET

// KRON_COPY_ONE(smov, esz) copies one element (smov = VMOVSD/VMOVSS) through X0 and
// advances SI, DI and CX.
#define KRON_COPY_ONE(smov, esz) \
	smov (SI), X0 \
	smov X0, (DI) \
	ADDQ $esz, SI \
	ADDQ $esz, DI \
	DECQ CX

// KRON_COPY_HEAD(smov, esz): head: one element at a time until DI is KVB-aligned (then
// on to loop4), or done when CX runs out.
#define KRON_COPY_HEAD(smov, esz) \
head: \
	TESTQ $(KVB-1), DI \
	JZ    loop4 \
	TESTQ CX, CX \
	JZ    done \
	KRON_COPY_ONE(smov, esz) \
	JMP   head

// KRON_COPY_LOOPS(mov, nt, n): loop4 and loop1 of the copy, loads with mov, stores
// with nt; on to tail when fewer than n elements are left.
#define KRON_COPY_LOOPS(mov, nt, n) \
	KRON_LOOP4(n) \
	mov  0(SI), KV0 \
	mov  KVB(SI), KV1 \
	mov  (2*KVB)(SI), KV2 \
	mov  (3*KVB)(SI), KV3 \
	KRON_STORE4(nt, SI, n) \
	KRON_LOOP1(n) \
	mov  (SI), KV0 \
	KRON_STORE1(nt, SI, n)
