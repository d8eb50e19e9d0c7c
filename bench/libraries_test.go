package bench

import (
	"strings"
	"testing"

	"github.com/matkern/matkern/dispatch"
)

func TestKernelWarning(t *testing.T) {
	for _, tc := range []struct {
		core, env string
		level     dispatch.Level
		warn      string // substring of the warning; "" for none
	}{
		{"SkylakeX", "", dispatch.AVX512, ""},
		{"Cooperlake", "", dispatch.AVX512, ""},
		{"Haswell", "", dispatch.AVX512, "Haswell kernels (AVX2)"},
		{"Haswell", "Haswell", dispatch.AVX512, "OPENBLAS_CORETYPE=Haswell"},
		{"Prescott", "", dispatch.AVX512, "(SSE3); OPENBLAS_CORETYPE=SkylakeX"},
		{"Futurelake", "", dispatch.AVX512, "not known to use AVX-512"},
		{"Haswell", "", dispatch.AVX2, ""},
		{"", "", dispatch.AVX512, ""},
	} {
		got := kernelWarning(tc.core, tc.env, tc.level)
		if (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
			t.Errorf("kernelWarning(%q, %q, %v) = %q, want one containing %q", tc.core, tc.env, tc.level, got, tc.warn)
		}
	}
}
