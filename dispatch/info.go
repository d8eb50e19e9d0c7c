package dispatch

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/cpuid/v2"
)

// CacheSizes are data-cache sizes in bytes, per core for L1 and L2 and per shared
// cluster for L3, as cpuid reports them, or the defaults below where it reports none.
type CacheSizes struct {
	L1D, L2, L3 int
	Reported    bool // false if any size is a default
	// L2Reported and L3Reported say whether cpuid reported that level (false: the
	// default below stands in). A reported L3 may still be the whole socket's, shared
	// with cores this process does not run on (a VM sees its host's); internal/tune
	// judges that from its size against the L2s.
	L2Reported, L3Reported bool
}

// Defaults used when cpuid cannot tell a cache size: typical of current x86 and arm64 cores.
const (
	DefaultL1D = 32 << 10
	DefaultL2  = 1 << 20
	DefaultL3  = 16 << 20
)

// Caches returns the data-cache sizes blocking should be derived from.
func Caches() CacheSizes {
	c := CacheSizes{L1D: cpuid.CPU.Cache.L1D, L2: cpuid.CPU.Cache.L2, L3: cpuid.CPU.Cache.L3, Reported: true}
	c.L2Reported, c.L3Reported = c.L2 > 0, c.L3 > 0
	for _, p := range []struct {
		v   *int
		def int
	}{{&c.L1D, DefaultL1D}, {&c.L2, DefaultL2}, {&c.L3, DefaultL3}} {
		if *p.v <= 0 {
			*p.v, c.Reported = p.def, false
		}
	}
	return c
}

// Information describes the CPU and the code path in force, for bug reports and
// benchmark headers. Info returns it; String formats it on a few lines.
type Information struct {
	CPU           string   // brand name
	GOARCH        string   // the build's architecture
	LogicalCores  int      // as cpuid reports; 0 if unknown
	PhysicalCores int      // as cpuid reports; 0 if unknown
	GOMAXPROCS    int      // at the time of the call
	Features      []string // the CPU features that decide a level, as reported
	Caches        CacheSizes
	Detected      Level  // highest level this CPU, OS and build support
	Reason        string // why Detected is what it is
	Available     []Level
	Active        Level  // level in force at the time of the call
	Env           string // what became of MATKERN_SIMD; empty if unset
	// Inherited lists the entries of the active level's table that run a lower level's
	// code (see Entries): where a kernel is missing at this level, it shows here.
	Inherited []Entry
	Entries   int // how many entries the active table has
}

// Info returns what was detected and what runs. What cannot change after start-up
// (the CPU, its features and caches, the detected and available levels, what became of
// MATKERN_SIMD, each level's inherited entries) is gathered once per process; GOMAXPROCS
// and the active level (which Set changes) are read at each call. The slices are fresh
// copies, which the caller may modify. Cost after the first call: three small copies,
// 0.48 µs (BenchmarkInfo, median of 5, Emerald Rapids, shared machine; rebuilding every
// table by reflection at each call, as before the cache, took 103 µs). The first call
// builds the listing (that 0.1 ms). Bench code that needs only the detected level calls
// Detected.
func Info() Information {
	info := staticInfo()
	info.Features = slices.Clone(info.Features)
	info.Available = slices.Clone(info.Available)
	info.GOMAXPROCS = runtime.GOMAXPROCS(0)
	info.Active = Active()
	ls := listing()
	info.Entries = len(ls.entries[info.Active])
	info.Inherited = slices.Clone(ls.inherited[info.Active])
	return info
}

// staticInfo is the part of Info that is fixed after start-up.
var staticInfo = sync.OnceValue(func() Information {
	return Information{
		CPU:           cpuid.CPU.BrandName,
		GOARCH:        runtime.GOARCH,
		LogicalCores:  cpuid.CPU.LogicalCores,
		PhysicalCores: cpuid.CPU.PhysicalCores,
		Features:      slices.Clone(facts.features),
		Caches:        Caches(),
		Detected:      facts.level,
		Reason:        facts.why,
		Available:     Available(),
		Env:           envNote,
	}
})

// String formats the information for people.
func (i Information) String() string {
	var b strings.Builder
	cpu := i.CPU
	if cpu == "" {
		cpu = "unknown CPU"
	}
	fmt.Fprintf(&b, "cpu:      %s (%s, %d physical / %d logical cores, GOMAXPROCS %d)\n",
		cpu, i.GOARCH, i.PhysicalCores, i.LogicalCores, i.GOMAXPROCS)
	fmt.Fprintf(&b, "features: %s\n", strings.Join(i.Features, " "))
	note := ""
	if !i.Caches.Reported {
		note = " (some are defaults: cpuid reported none)"
	}
	fmt.Fprintf(&b, "caches:   L1d %d KiB, L2 %d KiB, L3 %d KiB%s\n",
		i.Caches.L1D>>10, i.Caches.L2>>10, i.Caches.L3>>10, note)
	levels := make([]string, len(i.Available))
	for k, l := range i.Available {
		levels[k] = l.String()
	}
	fmt.Fprintf(&b, "detected: %s (%s)\n", i.Detected, i.Reason)
	fmt.Fprintf(&b, "levels:   %s\n", strings.Join(levels, " "))
	fmt.Fprintf(&b, "active:   %s", i.Active)
	if i.Env != "" {
		fmt.Fprintf(&b, " (%s)", i.Env)
	}
	b.WriteString("\n")
	if len(i.Inherited) > 0 {
		names := make([]string, len(i.Inherited))
		for k, e := range i.Inherited {
			names[k] = fmt.Sprintf("%s (%s)", e.Field, e.From)
		}
		fmt.Fprintf(&b, "inherits: %d of %d entries from lower levels: %s\n", len(i.Inherited), i.Entries, strings.Join(names, ", "))
	}
	return b.String()
}
