// Package isa says which of matkern's instruction-set levels this CPU and operating system
// can run, decided once at start-up. It is the one place that reads the CPU's features:
// package dispatch builds its level detection on it, and package asm refuses to run a
// routine whose level is missing here (a panic instead of a SIGILL).
//
// The levels are dispatch's: AVX2 means AVX, AVX2 and FMA3 with the YMM state saved by
// the OS; AVX512 means AVX2 and AVX-512 F, DQ, BW and VL with the ZMM and mask state
// saved by the OS. Two sources must agree: klauspost/cpuid/v2 (which checks XGETBV) and,
// where the build has it, golang.org/x/sys/cpu.
package isa

import "github.com/klauspost/cpuid/v2"

// Assembly reports whether this build contains matkern's amd64 assembly (amd64 without
// the purego tag).
const Assembly = assemblyBuilt

var (
	// AVX2 reports whether the CPU and OS run the AVX2 level (AVX, AVX2, FMA3). It is
	// false in builds without the assembly.
	AVX2 = assemblyBuilt && cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.OSXSAVE) && sysHasAVX2()

	// AVX512 reports whether the CPU and OS run the AVX-512 level (AVX2 and AVX-512 F,
	// DQ, BW, VL). It is false in builds without the assembly.
	AVX512 = AVX2 && cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL) && sysHasAVX512()
)
