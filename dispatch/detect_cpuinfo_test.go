package dispatch

import (
	"os"
	"strings"
	"testing"

	"github.com/matkern/matkern/internal/isa"
)

// TestDetectedMatchesCPUInfo compares Detected() with the level the CPU's flags in
// /proc/cpuinfo call for, read independently of cpuid (as the Makefile does for
// MATKERN_REQUIRE_LEVEL), so that plain go test catches a detection regression that
// silently falls back to a lower level (or claims a higher one). Linux lists a feature
// only if it also saves its register state, so the flags already include OS support.
// Builds without assembly (purego, not amd64) must detect Generic; elsewhere the test
// is skipped where /proc/cpuinfo cannot be read (not Linux).
func TestDetectedMatchesCPUInfo(t *testing.T) {
	if !isa.Assembly {
		if Detected() != Generic {
			t.Errorf("Detected() = %v in a build without assembly, want generic", Detected())
		}
		return
	}
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("cannot read the CPU's flags independently of cpuid: %v", err)
	}
	want, flags, ok := cpuInfoLevel(string(data))
	if !ok {
		t.Skip("/proc/cpuinfo has no flags line")
	}
	if got := Detected(); got != want {
		t.Errorf("Detected() = %v, but /proc/cpuinfo's flags call for %v (%s); detection: %s",
			got, want, strings.Join(flags, " "), facts.why)
	}
}

// cpuInfoLevel returns the level that the first flags line of a /proc/cpuinfo text
// calls for (avx2+fma: AVX2; avx512f+dq+bw+vl as well: AVX512), the relevant flags
// found, and false if there is no flags line.
func cpuInfoLevel(cpuinfo string) (Level, []string, bool) {
	for _, line := range strings.Split(cpuinfo, "\n") {
		key, val, found := strings.Cut(line, ":")
		if !found || strings.TrimSpace(key) != "flags" {
			continue
		}
		has := map[string]bool{}
		var relevant []string
		for _, f := range strings.Fields(val) {
			has[f] = true
			switch f {
			case "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl":
				relevant = append(relevant, f)
			}
		}
		switch {
		case has["avx2"] && has["fma"] && has["avx512f"] && has["avx512dq"] && has["avx512bw"] && has["avx512vl"]:
			return AVX512, relevant, true
		case has["avx2"] && has["fma"]:
			return AVX2, relevant, true
		}
		return Generic, relevant, true
	}
	return Generic, nil, false
}

func TestCPUInfoLevel(t *testing.T) {
	for _, c := range []struct {
		text string
		want Level
		ok   bool
	}{
		{"processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl\n", AVX512, true},
		{"flags\t\t: fpu avx avx2 fma avx512f avx512dq avx512bw\n", AVX2, true},
		{"flags\t\t: fpu avx avx2 avx512fp16 avx512f avx512dq avx512bw avx512vl\n", Generic, true}, // no fma
		{"flags\t\t: fpu avx2 fma\nflags\t\t: fpu\n", AVX2, true},                                  // the first CPU's
		{"vmx flags\t: ept\nflags\t\t: sse2\n", Generic, true},
		{"Features\t: fp asimd\n", Generic, false},
	} {
		if got, _, ok := cpuInfoLevel(c.text); got != c.want || ok != c.ok {
			t.Errorf("cpuInfoLevel(%q) = %v, %v; want %v, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}
