package dispatch

import (
	"fmt"
	"strings"
)

// Level is a code path: the instruction-set extensions an implementation may use.
// Levels are ordered; a CPU that supports a level supports every lower one.
type Level int

const (
	// Generic is pure Go, compiled for every architecture.
	Generic Level = iota
	// AVX2 is amd64 assembly using AVX2 and FMA3 on 256-bit YMM registers.
	AVX2
	// AVX512 is amd64 assembly using AVX-512 F, DQ, BW and VL: 512-bit ZMM registers and
	// mask registers (loops that measured faster with 256-bit vectors use those, with
	// AVX-512 masks for their edges).
	AVX512

	numLevels = int(AVX512) + 1
)

var levelNames = [numLevels]string{"generic", "avx2", "avx512"}

// String returns the level's lower-case name, as accepted by ParseLevel and MATKERN_SIMD.
func (l Level) String() string {
	if l < 0 || int(l) >= numLevels {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// ParseLevel returns the level named s ("generic", "avx2" or "avx512", any case).
func ParseLevel(s string) (Level, error) {
	for i, name := range levelNames {
		if strings.EqualFold(strings.TrimSpace(s), name) {
			return Level(i), nil
		}
	}
	return Generic, fmt.Errorf("dispatch: unknown level %q (want one of %s)", s, strings.Join(levelNames[:], ", "))
}
