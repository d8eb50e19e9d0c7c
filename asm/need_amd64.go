//go:build !purego

package asm

import "github.com/matkern/matkern/internal/isa"

// Every exported …AVX2 and …AVX512 function begins with needAVX2 or needAVX512, so that
// on a CPU (or OS) without the level it panics with its name instead of faulting with
// SIGILL. The check is one load of a flag set at start-up and a branch that is never
// taken; the tables package dispatch builds only hold a level's functions when the
// level runs, so the panic is for direct callers of this package. TestEveryRoutineChecks
// (need_test.go) reads this package's source and fails if an exported routine lacks
// the check of its level.

// needAVX2 panics unless the CPU and OS run the AVX2 level (AVX, AVX2, FMA3).
func needAVX2(name string) {
	if !isa.AVX2 {
		missingLevel(name, "AVX2 and FMA3")
	}
}

// needAVX512 panics unless the CPU and OS run the AVX-512 level (AVX-512 F, DQ, BW, VL).
func needAVX512(name string) {
	if !isa.AVX512 {
		missingLevel(name, "AVX-512 F, DQ, BW and VL")
	}
}

//go:noinline
func missingLevel(name, level string) {
	panic("asm." + name + " needs " + level + ", which this CPU or operating system lacks (package dispatch picks a level that runs)")
}
