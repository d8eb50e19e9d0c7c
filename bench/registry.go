package bench

import (
	"fmt"
	"sort"
	"strings"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
)

// Peak names the machine ceiling a case's rate is compared with.
type Peak int

const (
	PeakNone  Peak = iota
	PeakFMA64      // float64 FMA throughput at the case's level (GFLOP/s)
	PeakFMA32      // float32 FMA throughput at the case's level (GFLOP/s)
	PeakCopy       // copy bandwidth at the case's working-set size (GB/s)
	PeakAdd        // add (c = a + b) bandwidth at the case's working-set size, the better of plain and non-temporal stores (GB/s)
	PeakWrite      // write-only bandwidth, the better of plain and non-temporal stores (GB/s)
)

var peakNames = map[Peak]string{PeakFMA64: "fma64", PeakFMA32: "fma32", PeakCopy: "copy", PeakAdd: "add", PeakWrite: "write"}

func (p Peak) String() string { return peakNames[p] }

// Case is one timed operation.
type Case struct {
	Op   string // operation, such as "hadamard" or "gemm-f64"
	Size string // size label, such as "n=1e5" or "1024"
	Impl string // implementation: a dispatch level name for matkern, or "gonum", "go", …

	// Level is the dispatch level put in force while the case runs; ignored unless
	// Matkern is set.
	Level   dispatch.Level
	Matkern bool

	// Setup allocates and fills the inputs and returns the function that does one
	// operation. It is called once, outside the timing; the operands of all the cases of
	// one operation and size are alive together while their samples are taken in turns.
	Setup func() (run func())

	Flops float64 // floating-point operations per run (0 if not meaningful)
	Bytes float64 // bytes moved per run, counting each input read and output written once
	Elems float64 // elements produced per run, for element rates (0 if not reported)

	// Peak is the ceiling the rate is compared with; WorkingSet (bytes, default Bytes)
	// selects the size at which a bandwidth ceiling is measured.
	Peak       Peak
	WorkingSet float64

	// Threads is how many cores the case uses: the runner sets blocked.SetThreads to it
	// (zero means one) while the case runs; an FMA ceiling is multiplied by it, and a
	// bandwidth ceiling is measured with as many cores streaming at once. A one-core case
	// that is not matkern's (gonum, plain Go, OpenBLAS) also runs with
	// runtime.GOMAXPROCS(1), restored after it: gonum's native Dgemm/Sgemm (under
	// mat.Dense.Mul, mat.LU, …) spread over goroutines by themselves, and a row labelled
	// one core must not time two.
	Threads int

	// Enter, if set, runs each time the runner has put Threads (and Level) in force:
	// before Setup and before each sample (the samples of one operation and size are
	// taken in turns); the function it returns runs after each. It is for a comparison
	// library's own thread setting: the OpenBLAS cases set openblas_set_num_threads to
	// Threads and restore the previous count.
	Enter func() (exit func())

	// Baseline names the Impl, within the same Op and Size, that the "vs" column divides
	// by (for example "gonum"); empty for none. The ratio is of times (baseline time over
	// this time), or of GFLOP/s if RateBaseline is set (for a baseline doing other work,
	// such as a square GEMM of similar flop count).
	Baseline     string
	RateBaseline bool

	// Extra marks a case left out of the default suite (too slow, or redundant).
	Extra bool

	// Label describes a comparison column for people, such as the OpenBLAS version, the
	// kernel set it loaded and its thread count; empty for most cases.
	Label string
}

// Name is the case's benchstat-friendly name: op/size/impl=….
func (c Case) Name() string { return fmt.Sprintf("%s/%s/impl=%s", c.Op, c.Size, c.Impl) }

var registry []Case

// Register adds cases to the suite. Each family's file calls it from a package-level
// var declaration; cases run in the order of their Op, then registration.
//
// The generic level is a plain-Go fallback, timed to show what the assembly gains: in
// the default suite only where it finishes quickly, under 3e8 flops, 5e6 elements and
// 128 MiB moved (as gemm had it); bigger ones run with -extra. They took over half of
// make bench (M = 1024 Kronecker products 26 s a run, sigmoid n = 1e7 1.5 s).
func Register(cs ...Case) bool {
	for _, c := range cs {
		if c.Matkern && c.Level == dispatch.Generic && (c.Flops > 3e8 || c.Elems >= 5e6 || c.Bytes >= 128<<20) {
			c.Extra = true
		}
		registry = append(registry, c)
	}
	return true
}

// MatkernLevels returns a case per available dispatch level, each a copy of c with Impl
// and Level set and Matkern true.
func MatkernLevels(c Case) []Case {
	var out []Case
	for _, l := range dispatch.Available() {
		d := c
		d.Impl, d.Level, d.Matkern = l.String(), l, true
		out = append(out, d)
	}
	return out
}

// MatkernLevelsMT is MatkernLevels followed, if split (the case's output is one that
// matkern divides across cores) and blocked.Threads() > 1, by the same cases on
// blocked.Threads() cores (Impl level+"-mt"), whose ceilings are those of as many cores.
func MatkernLevelsMT(c Case, split bool) []Case {
	out := MatkernLevels(c)
	if th := blocked.Threads(); split && th > 1 {
		for _, d := range MatkernLevels(c) {
			d.Impl, d.Threads = d.Impl+"-mt", th
			out = append(out, d)
		}
	}
	return out
}

// Filter selects cases to run.
type Filter struct {
	Ops   []string // operations whose name starts with one of these; all if empty
	Sizes []string // size labels equal to one of these; all if empty
	Impls []string // implementations equal to one of these; all if empty
	Extra bool     // include cases marked Extra
}

// Cases returns the registered cases that f selects, grouped by Op in name order and,
// within an Op, by Size in the order each size was first registered (so that a column
// registered later, such as OpenBLAS's, sits next to the other cases of its size).
func Cases(f Filter) []Case {
	var out []Case
	first := map[[2]string]int{} // (Op, Size) → index of its first registration
	for i, c := range registry {
		if _, ok := first[[2]string{c.Op, c.Size}]; !ok {
			first[[2]string{c.Op, c.Size}] = i
		}
		if (c.Extra && !f.Extra) || !matchPrefix(c.Op, f.Ops) || !matchExact(c.Size, f.Sizes) || !matchExact(c.Impl, f.Impls) {
			continue
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Op != out[j].Op {
			return out[i].Op < out[j].Op
		}
		return first[[2]string{out[i].Op, out[i].Size}] < first[[2]string{out[j].Op, out[j].Size}]
	})
	return out
}

// Ops returns the names of every registered operation, sorted.
func Ops() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range registry {
		if !seen[c.Op] {
			seen[c.Op] = true
			out = append(out, c.Op)
		}
	}
	sort.Strings(out)
	return out
}

func matchPrefix(s string, list []string) bool {
	if len(list) == 0 {
		return true
	}
	for _, p := range list {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func matchExact(s string, list []string) bool {
	if len(list) == 0 {
		return true
	}
	for _, p := range list {
		if s == p {
			return true
		}
	}
	return false
}
