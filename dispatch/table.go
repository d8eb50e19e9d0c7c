package dispatch

import (
	"fmt"
	"os"
	"sync/atomic"
)

// Table holds the implementation of every primitive for one level, grouped by family.
// Each family's struct is declared in its own file of this package, together with the
// registrations that fill it; a level inherits every entry it does not override from the
// levels below it, so a table is always complete.
type Table struct {
	Level Level // the level this table was built for
	Probe Probe // machine-ceiling probes (probe.go)
	Elem  Elem  // elementwise, Kronecker and transpose primitives (elem.go)
	GEMM  GEMM  // matrix-multiply micro-kernels and their geometry (gemm.go)
	Act   Act   // exp and activation primitives (act.go)
	Opt   Opt   // fused optimizer updates (opt.go)

	Factored Factored // sliced-multiply kernels of the Kronecker-free products (factored.go)
}

// filler installs one family's implementations for one level into a table.
type filler func(t *Table)

// fillers[l] lists, in registration order, what level l adds over the level below it.
var fillers [numLevels][]filler

// register adds f to the fillers of level l. Families call it from package-level
// variable declarations (var _ = register(...)), which all run before init builds the tables.
func register(l Level, f filler) bool {
	fillers[l] = append(fillers[l], f)
	return true
}

var (
	facts   cpuFacts              // what detection found
	ceiling Level                 // the highest level Set accepts: detected, lowered by MATKERN_SIMD
	envNote string                // what became of MATKERN_SIMD
	tables  [numLevels]*Table     // tables[l] for every l <= ceiling
	active  atomic.Pointer[Table] // the table in force
)

// EnvVar is the environment variable that lowers the level at start-up.
const EnvVar = "MATKERN_SIMD"

func init() {
	facts = detect()
	ceiling, envNote = applyEnv(facts.level, os.Getenv(EnvVar), os.LookupEnv)
	for l := Generic; l <= ceiling; l++ {
		tables[l] = build(l)
	}
	active.Store(tables[ceiling])
}

// applyEnv returns the ceiling that the value of MATKERN_SIMD leaves, and a note saying so.
// An unknown level, or one above what was detected, is ignored and reported.
func applyEnv(detected Level, value string, lookup func(string) (string, bool)) (Level, string) {
	if _, set := lookup(EnvVar); !set {
		return detected, ""
	}
	l, err := ParseLevel(value)
	switch {
	case err != nil:
		return detected, fmt.Sprintf("%s=%q ignored: unknown level", EnvVar, value)
	case l > detected:
		return detected, fmt.Sprintf("%s=%q ignored: this CPU supports at most %s", EnvVar, value, detected)
	}
	return l, fmt.Sprintf("%s=%s lowered the level from %s", EnvVar, l, detected)
}

// build makes the table for level l by applying the fillers of every level up to l.
func build(l Level) *Table {
	t := &Table{Level: l}
	for lv := Generic; lv <= l; lv++ {
		for _, f := range fillers[lv] {
			f(t)
		}
	}
	return t
}

// Current returns the table in force. Kernels call it once per operation; the result
// must not be modified.
func Current() *Table { return active.Load() }

// Detected returns the highest level this CPU, its OS and this build support.
func Detected() Level { return facts.level }

// Active returns the level in force.
func Active() Level { return active.Load().Level }

// Available returns every level that Set accepts, lowest first: the levels up to the
// detected one, or up to the one MATKERN_SIMD asked for.
func Available() []Level {
	out := make([]Level, 0, numLevels)
	for l := Generic; l <= ceiling; l++ {
		out = append(out, l)
	}
	return out
}

// Supported reports whether Set(l) would succeed.
func Supported(l Level) bool { return l >= Generic && l <= ceiling }

// Set puts level l in force for the whole process and returns a function that restores
// the previous level. It refuses a level the CPU (or MATKERN_SIMD) does not allow.
// Switching is race-free: an operation runs entirely on the table it started with.
// Tests and benchmarks use it; concurrent callers of Set see each other's choices.
func Set(l Level) (restore func(), err error) {
	if !Supported(l) {
		return func() {}, fmt.Errorf("dispatch: level %s not available (highest here: %s)", l, ceiling)
	}
	prev := active.Swap(tables[l])
	return func() { active.Store(prev) }, nil
}

// TableFor returns the table for level l without putting it in force, for benchmarks
// and tests that compare levels side by side. It returns nil for a level Set would refuse.
func TableFor(l Level) *Table {
	if !Supported(l) {
		return nil
	}
	return tables[l]
}
