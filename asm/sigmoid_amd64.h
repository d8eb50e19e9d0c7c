// Cursor steps shared by sigmoid_avx2_amd64.s and sigmoid_avx512_amd64.s. After a loop
// step over bytes bytes of each slice (count elements): SIG_NEXT2 advances the cursors
// DI and SI, SIG_NEXT3 DI, SI and DX; both count CX down by count and jump back to loop.
#define SIG_NEXT2(bytes, count, loop) \
	ADDQ $bytes, DI; \
	ADDQ $bytes, SI; \
	SUBQ $count, CX; \
	JMP  loop

#define SIG_NEXT3(bytes, count, loop) \
	ADDQ $bytes, DI; \
	ADDQ $bytes, SI; \
	ADDQ $bytes, DX; \
	SUBQ $count, CX; \
	JMP  loop
