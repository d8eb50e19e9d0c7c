package bench

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/matkern/matkern/dispatch"
)

// Ceilings measures and remembers this machine's limits: FMA throughput for each level
// and precision, and streaming bandwidth for each kind of traffic and working-set size.
// A ceiling is the fastest sample, not the median: it is the best this machine was
// seen to do, so fractions of it are conservative on a shared machine.
// Bandwidth is the best over every available level's probe, since the memory system,
// not the instruction set, is the limit being measured.
type Ceilings struct {
	Timing Timing

	mu   sync.Mutex
	fma  map[fmaKey]float64
	band map[bandKey]float64
}

type fmaKey struct {
	level dispatch.Level
	f32   bool
}

type bandKey struct {
	kind    Peak
	bytes   int64
	threads int
}

// NewCeilings returns an empty cache of ceilings measured with tm, lengthened: a
// ceiling takes at least 10 samples after at least 100 ms of warm-up, since one sample
// caught while the core is still clocking up, or while a neighbour on a shared host is
// busy, would understate it (seen here: an L1 add ceiling 40% below what the same loop
// reached minutes later). Its samples are a third of tm.MinTime (10 ms by default):
// the ceiling is the fastest sample, and more, shorter samples find the quiet moments
// of a shared host as well, in half the time (the ceilings were a third of make bench).
func NewCeilings(tm Timing) *Ceilings {
	tm.Count = max(2*tm.Count, 10)
	tm.Warmup = max(tm.Warmup, 100*time.Millisecond)
	tm.MinTime /= 3
	return &Ceilings{Timing: tm, fma: map[fmaKey]float64{}, band: map[bandKey]float64{}}
}

// FMA returns the measured FMA throughput in GFLOP/s of one core at level l.
func (c *Ceilings) FMA(l dispatch.Level, float32 bool) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := fmaKey{l, float32}
	if v, ok := c.fma[k]; ok {
		return v
	}
	t := dispatch.TableFor(l)
	if t == nil {
		return 0
	}
	probe := t.Probe.FMAPeakF64
	if float32 {
		probe = t.Probe.FMAPeakF32
	}
	const iters = 1 << 16
	flops := probe(iters)
	s := c.Timing.Measure(func() { probe(iters) })
	v := float64(flops) / float64(max(1, s.Min.Nanoseconds()))
	c.fma[k] = v
	return v
}

// Bandwidth returns the measured bandwidth in GB/s of kind (PeakCopy, PeakAdd or
// PeakWrite) over arrays totalling workingSet bytes, on one core. Bytes count each
// element read and each element written once.
func (c *Ceilings) Bandwidth(kind Peak, workingSet float64) float64 {
	return c.BandwidthOn(kind, workingSet, 1)
}

// BandwidthOn is Bandwidth with threads goroutines streaming at once, each over its own
// arrays of workingSet/threads bytes (started afresh for every sample: a few µs, small
// against the milliseconds a multi-threaded case at these sizes takes).
func (c *Ceilings) BandwidthOn(kind Peak, workingSet float64, threads int) float64 {
	threads = max(threads, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	k := bandKey{kind, int64(workingSet), threads}
	if v, ok := c.band[k]; ok {
		return v
	}
	// The arrays, one set per thread, are shared by every level's probes (allocating and
	// filling a DRAM-sized set per level took seconds).
	ws := workingSet / float64(threads)
	var bytes float64
	bufs := make([][][]float64, threads)
	for t := range bufs {
		switch kind {
		case PeakCopy:
			n := elems(ws, 2)
			bufs[t], bytes = Arrays[float64](2, n), bytes+float64(16*n)
		case PeakAdd:
			n := elems(ws, 3)
			bufs[t], bytes = Arrays[float64](3, n), bytes+float64(24*n)
		case PeakWrite:
			n := elems(ws, 1)
			bufs[t], bytes = Arrays[float64](1, n), bytes+float64(8*n)
		default:
			panic(fmt.Sprintf("bench: %v is not a bandwidth ceiling", kind))
		}
	}
	var v float64
	for _, l := range dispatch.Available() {
		v = max(v, c.bandwidth(dispatch.TableFor(l).Probe, kind, bufs, bytes))
	}
	c.band[k] = v
	return v
}

// bandwidth measures kind with the probes p, on one goroutine per set of arrays in bufs
// (which move bytes in all per run).
func (c *Ceilings) bandwidth(p dispatch.Probe, kind Peak, bufs [][][]float64, bytes float64) float64 {
	var same bool
	var plain, nt []func() // one per thread
	// Which loops: a level without non-temporal stores has the plain ones in both.
	switch kind {
	case PeakCopy:
		same = samePointer(p.Copy, p.CopyNT)
	case PeakAdd:
		same = samePointer(p.Add, p.AddNT)
	case PeakWrite:
		same = samePointer(p.Fill, p.FillNT)
	}
	for _, x := range bufs {
		switch kind {
		case PeakCopy:
			plain = append(plain, func() { p.Copy(x[1], x[0]) })
			nt = append(nt, func() { p.CopyNT(x[1], x[0]) })
		case PeakAdd:
			plain = append(plain, func() { p.Add(x[2], x[0], x[1]) })
			nt = append(nt, func() { p.AddNT(x[2], x[0], x[1]) })
		case PeakWrite:
			plain = append(plain, func() { p.Fill(x[0], 1) })
			nt = append(nt, func() { p.FillNT(x[0], 1) })
		}
	}
	v := c.rate(bytes, together(plain))
	if !same {
		v = max(v, c.rate(bytes, together(nt)))
	}
	return v
}

// together returns a function that runs fs, each on its own goroutine if there are
// several, and returns when all are done.
func together(fs []func()) func() {
	if len(fs) == 1 {
		return fs[0]
	}
	return func() {
		var wg sync.WaitGroup
		for _, f := range fs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f()
			}()
		}
		wg.Wait()
	}
}

// elems is the length of each of k float64 arrays that together take about bytes.
func elems(bytes float64, k int) int { return max(1, int(bytes)/(8*k)) }

// rate times run and returns bytes per nanosecond, which is GB/s.
func (c *Ceilings) rate(bytes float64, run func()) float64 {
	s := c.Timing.Measure(run)
	return bytes / float64(max(1, s.Min.Nanoseconds()))
}

// Of returns the ceiling a case is compared with, or 0 if it has none.
func (c *Ceilings) Of(cs Case) float64 {
	threads := float64(max(1, cs.Threads))
	switch cs.Peak {
	case PeakFMA64, PeakFMA32:
		return threads * c.FMA(cs.ceilingLevel(), cs.Peak == PeakFMA32)
	case PeakCopy, PeakAdd, PeakWrite:
		ws := cs.WorkingSet
		if ws == 0 {
			ws = cs.Bytes
		}
		return c.BandwidthOn(cs.Peak, ws, int(threads))
	}
	return 0
}

// ceilingLevel is the level whose FMA ceiling applies to cs: its own for a matkern case,
// the highest available for any other code.
func (cs Case) ceilingLevel() dispatch.Level {
	if cs.Matkern {
		return cs.Level
	}
	return dispatch.Available()[len(dispatch.Available())-1]
}

// samePointer says whether two probe loops are the same function.
func samePointer(f, g any) bool { return reflect.ValueOf(f).Pointer() == reflect.ValueOf(g).Pointer() }
