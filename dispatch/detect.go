package dispatch

import (
	"runtime"

	"github.com/klauspost/cpuid/v2"

	"github.com/matkern/matkern/internal/isa"
)

// cpuFacts is what detection found, kept for Info.
type cpuFacts struct {
	level    Level    // the highest level this CPU, OS and build support
	why      string   // how level was decided
	features []string // the features that matter to matkern, as the CPU reports them
}

// relevantFeatures are the cpuid features that decide a level, in the order Info lists them.
var relevantFeatures = []cpuid.FeatureID{
	cpuid.OSXSAVE, cpuid.AVX, cpuid.AVX2, cpuid.FMA3,
	cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX512VL,
}

// detect decides the highest usable level from internal/isa (cpuid/v2, which clears AVX
// and AVX-512 features whose register state the OS does not save, and a second opinion
// from golang.org/x/sys/cpu on amd64: both must agree).
func detect() cpuFacts {
	var f cpuFacts
	for _, id := range relevantFeatures {
		if cpuid.CPU.Supports(id) {
			f.features = append(f.features, id.String())
		}
	}
	if !isa.Assembly {
		f.level, f.why = Generic, "GOARCH="+runtime.GOARCH+" has no assembly: generic only"
		if runtime.GOARCH == "amd64" {
			f.why = "built with tag purego: generic only"
		}
		return f
	}
	switch {
	case isa.AVX512:
		f.level, f.why = AVX512, "CPU and OS support AVX-512 F+DQ+BW+VL"
	case isa.AVX2:
		f.level, f.why = AVX2, "CPU and OS support AVX2+FMA3; AVX-512 F+DQ+BW+VL incomplete or not saved by the OS"
	default:
		f.level, f.why = Generic, "CPU or OS lacks AVX2+FMA3"
	}
	return f
}
