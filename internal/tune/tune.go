// Package tune holds the size thresholds that decide, for the elementwise, activation,
// softmax, optimizer, Kronecker and transpose code, when to split the work across
// blocked.Threads() cores and when to write with non-temporal stores. They are derived
// once, at start-up, by Rule from facts of the machine (Facts: the cache sizes dispatch
// reports, whether each was reported, the cores, the measured cost of waking a worker)
// and kept in variables only so that tests in several packages can lower them to reach
// a code path with small inputs: code outside matkern cannot reach them. The reasoning
// and the figures behind the rule are written beside it.
package tune

import (
	"math"
	"runtime"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/par"
)

var (
	// ParMinBytes is the output size from which the elementwise, activation and
	// optimizer kernels split their work across blocked.Threads() cores (see
	// kernels/elem_internal.go: parallel): Thresholds.Par.
	ParMinBytes = rule.Par

	// RowParMinBytes is the output size from which a row operation (the softmax family)
	// whose rows fit in RowFitBytes splits its rows across cores (kernels/softmax.go):
	// Thresholds.RowPar. Rows that do not fit split from ParMinBytes.
	RowParMinBytes = rule.RowPar

	// RowFitBytes is the size of one row of input and output together below which a
	// row operation's later passes over the row hit the L2 cache: Thresholds.RowFit.
	RowFitBytes = rule.RowFit

	// NTMinBytes is the output size from which the Hadamard product and the sigmoid
	// gradient write with non-temporal stores, where the level has them
	// (kernels/elem_internal.go, kernels/sigmoid.go): Thresholds.NT.
	NTMinBytes = rule.NT

	// KronNTMinBytes is the output size from which Kron writes with non-temporal stores
	// and splits its rows across cores (blocked/kron.go): Thresholds.KronNT.
	KronNTMinBytes = rule.KronNT

	// TransposeNTMinBytes is the size of src and dst together from which a transpose
	// splits across cores and, for float64 at the AVX-512 level, writes with
	// non-temporal stores (blocked/transpose.go): Thresholds.TransposeNT.
	TransposeNTMinBytes = rule.TransposeNT
)

var (
	machine = MachineFacts() // this machine's facts, read once
	rule    = Rule(machine)  // the rule applied to them
)

// Info returns this machine's facts and the thresholds Rule derived from them at
// start-up (the variables above may since have been lowered by a test), for benchmark
// headers and bug reports.
func Info() (Facts, Thresholds) { return machine, rule }

// MachineFacts returns this machine's facts: dispatch's cache sizes (and whether cpuid
// reported them), runtime.NumCPU() cores and par.WakeCost() (measured once; only
// when there is more than one core).
func MachineFacts() Facts {
	c := dispatch.Caches()
	f := Facts{L1D: c.L1D, L2: c.L2, L3: c.L3, L2Known: c.L2Reported, L3Known: c.L3Reported, Cores: runtime.NumCPU()}
	if f.Cores > 1 {
		f.WakeNs = float64(par.WakeCost().Nanoseconds())
	}
	return f
}

// Facts are what Rule needs to know about a machine.
type Facts struct {
	L1D, L2, L3 int // bytes: per core for L1D and L2; L3 as cpuid reports it (or a default)
	// L2Known and L3Known say whether cpuid reported the size (false: L2 or L3 is
	// dispatch's default, a guess).
	L2Known, L3Known bool
	Cores            int     // cores the process may run on; ≤ 1: never split
	WakeNs           float64 // cost of handing a part to a helper and waiting for it (par.WakeCost); ≤ 0: unknown
}

// Thresholds are the sizes, in bytes, from which the work is split or streamed.
type Thresholds struct {
	Par, RowPar, RowFit, NT, KronNT, TransposeNT int
	// OwnL3 reports whether the L3 was believed (reported and plausible), Cache the
	// size the thresholds were derived from: that L3, or the largest cache the facts
	// make believable (see Rule).
	OwnL3 bool
	Cache int
}

// Never is a threshold no size reaches.
const Never = math.MaxInt

// Constants of the rule (see Rule for the reasoning and the figures).
const (
	// plausibleL3PerL2Core is how many times the L2s of all cores an L3 may be and
	// still be taken as this process's: larger, it is the whole socket's (a VM given 2
	// cores of a 60-core Emerald Rapids sees the socket's 260 MiB, 65 × its 2 × 2 MiB
	// of L2) or a share with other tenants, of which our part is unknown.
	plausibleL3PerL2Core = 16

	// wakeParts is how many wake-ups the one-core time of an operation must cover for a
	// split to be worth trying: a split into two halves saves at most half the time
	// and costs one wake and one join, and the helper may be slow to start on a busy
	// machine, so a margin of 16 keeps the cost within a few percent.
	wakeParts = 16

	// oneCoreBytesPerNs is the output one core writes per ns in an L2-resident
	// three-stream elementwise operation (about 12 on this Emerald Rapids: Hadamard
	// float64 n = 1e5, 36 GB/s counting 24 bytes an element; taken as 16 to stay on
	// the side of one core).
	oneCoreBytesPerNs = 16

	// defaultWakeNs stands for an unmeasured wake-up: 10 µs, more than ten times what
	// par.WakeCost measured here (0.48–0.76 µs), so that a missing fact makes splits
	// rarer, not commoner.
	defaultWakeNs = 10_000
)

// Rule derives the thresholds from the facts of a machine. It is a pure function
// (tested on the facts of several machines) and errs on the side of one core and plain
// stores when a fact is missing or implausible.
//
// The cache the data may still be in. An L3 is believed when cpuid reported it and it
// is at most plausibleL3PerL2Core × L2 × Cores; then Cache = L3. Otherwise (no L3
// reported, so dispatch's 16 MiB default stands in; or a socket-wide figure) Cache is
// that bound, 16 × L2 × Cores: the largest cache the facts leave believable, so data up
// to that size may still be cached for all we know. An L2 that cpuid did not report is
// taken as at least dispatch's default (1 MiB) and twice the L1D.
//
// Split (Par). With a believed L3, from an eighth of it and at least twice the L2
// (below, the inputs and the output can sit in the caller's L2, and a second core must
// fetch them from there). (The Ice Lake test machine once measured a split winning at
// 8 MB, 27.9 against 43.0 GB/s, with its 48 MiB L3 taken as its own; this rule does not
// believe that L3 (above 16 × 1.25 MiB × 2) and splits there only from 40 MiB: the gain
// at 8–40 MiB is given up there, pending a measurement on such a machine.) Without one, from Cache itself: only what is beyond every
// cache the facts allow is sure to come from memory, where a second core adds
// bandwidth. Measured on this Emerald Rapids VM (2 vCPUs, L2 2 MiB, cpuid's L3 260
// MiB: socket-wide, so Cache = 64 MiB; kernels BenchmarkSplit, the split forced, one core
// against two, medians of 6, other helpers compiling on the machine): the split lost
// up to 8 MB of output (Hadamard float64 n = 1e5 0.64×, 1e6 0.86×; sigmoid float32 1e6
// 0.85×; softmax float32 64×1000 0.44×, 1024×1000 0.84×), broke even at 80 MB (Hadamard
// float64 1e7 1.0×) and won for compute-heavier ones there (sigmoid JVP float64 1e7
// 1.36×; softmax float32 8192×1000, 32 MB: 1.46×, spread ±30 %). In every case the
// split also needs the one-core time to cover wakeParts wake-ups at oneCoreBytesPerNs.
//
// Rows (RowPar, RowFit). A row operation whose row of input and output fits in half
// the L2 (RowFit) reads its data from memory once, however many passes it makes over
// a row: from memory it is one stream in, one out, like an elementwise operation of
// the same size, and its cores gain only when that stream is beyond the caches. With a
// believed L3 it splits from half of it (input and output together then exceed it);
// without one from Cache, like Par.
//
// Non-temporal stores (NT, KronNT, TransposeNT) keep the output from evicting the
// inputs once it will not stay in the caches; they involve no other core, so they use
// Cache whether it is a believed L3 or the bound: an eighth of it for the Hadamard
// product and the sigmoid gradient and for transposes (src and dst together), half of
// it for Kron (which also splits from there: writes alone, two cores wrote 1.67–1.73×
// the bytes of one on the Ice Lake machine). On this VM the 128 MiB (64×64)⊗(64×64)
// output missed the old 130 MiB threshold: blocked BenchmarkKron, one core, medians of
// 5: plain stores 5.25 GB/s, non-temporal 13.2, the non-temporal fill 13.4; matbench's
// kron rows, two cores against one with non-temporal stores, three runs of -count 5:
// 0.80–1.05× for (64×64)⊗(64×64), 1.04–1.46× for (200×200)⊗(20×20), 1.0–1.3× for
// the other two (one streaming core nearly fills the write bandwidth here).
func Rule(f Facts) Thresholds {
	l2 := f.L2
	if !f.L2Known || l2 <= 0 {
		l2 = max(l2, dispatch.DefaultL2, 2*f.L1D)
	}
	cores := max(f.Cores, 1)
	// In float64, clamped: on a 32-bit build 16 × 2 MiB × 64 cores overflows int.
	bound := int(min(float64(plausibleL3PerL2Core)*float64(l2)*float64(cores), math.MaxInt32))
	t := Thresholds{RowFit: l2 / 2}
	if f.L3Known && f.L3 > 0 && f.L3 <= bound {
		t.OwnL3, t.Cache = true, f.L3
	} else {
		t.Cache = bound
	}
	wake := f.WakeNs
	if wake <= 0 || wake > 1e6 { // not measured, or a measurement no machine makes at rest
		wake = defaultWakeNs
	}
	wakeBytes := int(wakeParts * wake * oneCoreBytesPerNs)
	if t.OwnL3 {
		t.Par = max(t.Cache/8, 2*l2, wakeBytes)
		t.RowPar = max(t.Cache/2, t.Par)
	} else {
		t.Par = max(t.Cache, wakeBytes)
		t.RowPar = t.Par
	}
	if cores == 1 {
		t.Par, t.RowPar = Never, Never
	}
	t.NT = t.Cache / 8
	t.TransposeNT = t.Cache / 8
	t.KronNT = t.Cache / 2
	return t
}
