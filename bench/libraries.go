package bench

import (
	"strings"

	"github.com/matkern/matkern/dispatch"
)

// Library describes a comparison library that the bench can be built with, such as
// OpenBLAS (build tag openblas): whether this binary has its column, what it loaded,
// and anything a reader of its figures should know.
type Library struct {
	Name      string // the Impl prefix of its cases, such as "openblas"
	Available bool   // its cases are registered in this binary
	Version   string `json:",omitempty"` // such as "OpenBLAS 0.3.21"
	Kernels   string `json:",omitempty"` // the kernel set it loaded (openblas_get_corename)
	Threads   int    `json:",omitempty"` // its default thread count; cases set their own
	Config    string `json:",omitempty"` // its build configuration string
	Warning   string `json:",omitempty"` // set when its figures understate the library
	Note      string `json:",omitempty"` // how to turn the column on, when it is off
}

// Libraries returns the comparison libraries this binary knows of, with their status.
func Libraries() []Library { return []Library{openBLAS()} }

// openBLASHowTo is what the bench says when the OpenBLAS column is off.
const openBLASHowTo = "OpenBLAS column off: install the library (apt-get install libopenblas-dev) and run make bench BENCHTAGS=openblas (go run -tags openblas ./bench/cmd/matbench; needs cgo)"

// kernelISA gives the widest vector instructions of OpenBLAS's x86 kernel sets, by
// core name in lower case (openblas_get_corename; the names OPENBLAS_CORETYPE takes).
var kernelISA = map[string]string{
	"prescott": "SSE3", "core2": "SSSE3", "penryn": "SSE4.1", "dunnington": "SSE4.1",
	"nehalem": "SSE4.2", "atom": "SSSE3", "barcelona": "SSE4a", "bobcat": "SSE4a",
	"sandybridge": "AVX", "bulldozer": "AVX", "piledriver": "AVX", "steamroller": "AVX",
	"excavator": "AVX2", "haswell": "AVX2", "zen": "AVX2", "skylakex": "AVX-512",
	"cooperlake": "AVX-512", "sapphirerapids": "AVX-512",
}

// kernelWarning says whether an OpenBLAS that loaded the kernels named core is held
// below this CPU's instruction set: an AVX-512 CPU running OpenBLAS's AVX2 (Haswell,
// Zen) or older kernels, as happens when OPENBLAS_CORETYPE forces them or when the
// library predates the CPU model and falls back (OpenBLAS 0.3.21 on Emerald Rapids
// loads Prescott, SSE3). coretype is the value of OPENBLAS_CORETYPE ("" if unset).
func kernelWarning(core, coretype string, detected dispatch.Level) string {
	if detected != dispatch.AVX512 || core == "" {
		return ""
	}
	isa, ok := kernelISA[strings.ToLower(core)]
	if isa == "AVX-512" {
		return ""
	}
	if !ok {
		isa = "not known to use AVX-512"
	}
	w := "this CPU has AVX-512 but OpenBLAS runs its " + core + " kernels (" + isa + ")"
	if coretype != "" {
		w += ", as OPENBLAS_CORETYPE=" + coretype + " asks"
	} else {
		w += "; OPENBLAS_CORETYPE=SkylakeX selects its AVX-512 ones"
	}
	return w + ": its column understates OpenBLAS on this CPU"
}
