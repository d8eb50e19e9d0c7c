package dispatch

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// CacheSizes are data-cache sizes in bytes, per core for L1 and L2 and per shared
// cluster for L3, as cpuid reports them, or the defaults below where it reports none.
type CacheSizes struct {
	L1D, L2, L3 int
	Reported    bool // false if any size is a default
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

// Info returns what was detected and what runs.
func Info() Information {
	info := Information{
		CPU:           cpuid.CPU.BrandName,
		GOARCH:        runtime.GOARCH,
		LogicalCores:  cpuid.CPU.LogicalCores,
		PhysicalCores: cpuid.CPU.PhysicalCores,
		GOMAXPROCS:    runtime.GOMAXPROCS(0),
		Features:      append([]string(nil), facts.features...),
		Caches:        Caches(),
		Detected:      facts.level,
		Reason:        facts.why,
		Available:     Available(),
		Active:        Active(),
		Env:           envNote,
	}
	all := Entries(info.Active)
	info.Entries = len(all)
	for _, e := range all {
		if e.Inherited(info.Active) {
			info.Inherited = append(info.Inherited, e)
		}
	}
	return info
}

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
