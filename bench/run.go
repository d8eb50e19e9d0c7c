package bench

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
)

// Result is one measured case.
type Result struct {
	Op, Size, Impl string
	NsPerOp        float64 // median
	NsMin, NsMax   float64
	GFlops         float64 `json:",omitempty"`
	GBps           float64 `json:",omitempty"`
	GElems         float64 `json:",omitempty"`
	Peak           string  `json:",omitempty"` // the ceiling's name
	PeakValue      float64 `json:",omitempty"` // the ceiling, GFLOP/s or GB/s
	// OfPeak is the rate of the fastest sample as a fraction of the ceiling, which is
	// itself the fastest of its samples: like against like, so that a busy host's slow
	// samples count against neither. OfPeakMedian is the median rate over the ceiling.
	OfPeak       float64 `json:",omitempty"`
	OfPeakMedian float64 `json:",omitempty"`
	Baseline     string  `json:",omitempty"`
	VsBaseline   float64 `json:",omitempty"` // baseline time / this time

	// What the case was: its cores, the level whose ceiling applies (the case's own
	// for matkern, the highest available otherwise), whether it is matkern's code, its
	// column label (Case.Label), and its work per run.
	Threads int     `json:",omitempty"`
	Level   string  `json:",omitempty"`
	Matkern bool    `json:",omitempty"`
	Label   string  `json:",omitempty"`
	Flops   float64 `json:",omitempty"`
	Bytes   float64 `json:",omitempty"`
}

// Run measures every case and returns the results in order, writing one progress line
// per case to progress (which may be nil). The samples of consecutive cases of one
// operation and size are taken in turns (one sample of each case, then the next round),
// so that the ratios within a group, which the targets are stated in, see the same
// host: on a shared machine a slow spell lasts seconds, longer than one case's samples.
func Run(cases []Case, tm Timing, ceil *Ceilings, progress io.Writer) []Result {
	if progress == nil {
		progress = io.Discard
	}
	out := make([]Result, 0, len(cases))
	for start := 0; start < len(cases); {
		end := start + 1
		for end < len(cases) && cases[end].Op == cases[start].Op && cases[end].Size == cases[start].Size {
			end++
		}
		group := cases[start:end]
		samplers := make([]*sampler, len(group))
		for i, c := range group {
			fmt.Fprintf(progress, "[%d/%d] %s\n", start+i+1, len(cases), c.Name())
			restore := c.mustUse()
			samplers[i] = tm.newSampler(c.Setup())
			restore()
		}
		for range max(1, tm.Count) {
			for i, c := range group {
				restore := c.mustUse()
				samplers[i].sample()
				restore()
			}
		}
		for i, c := range group {
			out = append(out, result(c, samplers[i].result(), ceil))
			samplers[i] = nil // let the group's operands go before the next group's
		}
		start = end
	}
	// Ratios to each group's baseline, measured in the same run.
	for i := range out {
		c := cases[i]
		if c.Baseline == "" {
			continue
		}
		for j := range out {
			if out[j].Op != c.Op || out[j].Size != c.Size || out[j].Impl != c.Baseline {
				continue
			}
			out[i].Baseline, out[i].VsBaseline = c.Baseline, out[j].NsPerOp/out[i].NsPerOp
			if c.RateBaseline && out[j].GFlops > 0 {
				out[i].VsBaseline = out[i].GFlops / out[j].GFlops
			}
		}
	}
	return out
}

// use puts c's thread count (blocked.SetThreads; for a one-core case that is not
// matkern's also runtime.GOMAXPROCS(1)), for a matkern case its level, and c.Enter in
// force, and returns the function that restores the previous ones.
func (c Case) use() (restore func(), err error) {
	prev := blocked.SetThreads(max(1, c.Threads))
	restoreLevel := func() {}
	if c.Matkern {
		if restoreLevel, err = dispatch.Set(c.Level); err != nil {
			blocked.SetThreads(prev)
			return nil, fmt.Errorf("bench: case %s: %v", c.Name(), err)
		}
	}
	procs := 0 // GOMAXPROCS to restore, 0 if unchanged
	if !c.Matkern && c.Threads <= 1 {
		procs = runtime.GOMAXPROCS(1)
	}
	exit := func() {}
	if c.Enter != nil {
		exit = c.Enter()
	}
	return func() {
		exit()
		if procs > 0 {
			runtime.GOMAXPROCS(procs)
		}
		restoreLevel()
		blocked.SetThreads(prev)
	}, nil
}

// mustUse is use for the runner, which cannot go on without the case's settings.
func (c Case) mustUse() (restore func()) {
	restore, err := c.use()
	if err != nil {
		panic(err)
	}
	return restore
}

// result turns the samples of c into its Result.
func result(c Case, s Sample, ceil *Ceilings) Result {
	ns := float64(s.Median.Nanoseconds())
	r := Result{Op: c.Op, Size: c.Size, Impl: c.Impl, NsPerOp: ns,
		NsMin: float64(s.Min.Nanoseconds()), NsMax: float64(s.Max.Nanoseconds()),
		Threads: max(1, c.Threads), Level: c.ceilingLevel().String(), Matkern: c.Matkern,
		Label: c.Label, Flops: c.Flops, Bytes: c.Bytes}
	if c.Flops > 0 {
		r.GFlops = c.Flops / ns
	}
	if c.Bytes > 0 {
		r.GBps = c.Bytes / ns
	}
	if c.Elems > 0 {
		r.GElems = c.Elems / ns
	}
	if c.Peak != PeakNone {
		r.Peak, r.PeakValue = c.Peak.String(), ceil.Of(c)
		work := c.Bytes
		if c.Peak == PeakFMA64 || c.Peak == PeakFMA32 {
			work = c.Flops
		}
		if r.PeakValue > 0 && work > 0 && r.NsMin > 0 {
			r.OfPeak = work / r.NsMin / r.PeakValue
			r.OfPeakMedian = work / ns / r.PeakValue
		}
	}
	return r
}

// WriteTable writes results as a plain aligned table.
func WriteTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "op\tsize\timpl\ttime/op\tGFLOP/s\tGB/s\tGelem/s\t% of ceiling (best, median)\tvs baseline\t")
	prev := ""
	for _, r := range results {
		if prev != "" && r.Op != prev {
			fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t")
		}
		prev = r.Op
		peak := ""
		if r.OfPeak > 0 {
			peak = fmt.Sprintf("%.0f%%, %.0f%% %s", 100*r.OfPeak, 100*r.OfPeakMedian, r.Peak)
		}
		vs := ""
		if r.VsBaseline > 0 {
			vs = fmt.Sprintf("%.2f× %s", r.VsBaseline, r.Baseline)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Op, r.Size, r.Impl,
			FormatDuration(r.NsPerOp), num(r.GFlops), num(r.GBps), num(r.GElems), peak, vs)
	}
	tw.Flush()
}

// FormatDuration prints nanoseconds with a unit that keeps three significant digits.
func FormatDuration(ns float64) string {
	d := time.Duration(ns)
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%.1fns", ns)
	case d < time.Millisecond:
		return fmt.Sprintf("%.2fµs", ns/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.2fms", ns/1e6)
	}
	return fmt.Sprintf("%.2fs", ns/1e9)
}

func num(v float64) string {
	switch {
	case v == 0 || math.IsNaN(v):
		return ""
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// CeilingReport measures and formats the machine's ceilings: FMA GFLOP/s per level and
// precision, and copy, add and write GB/s at L1-, L2- and DRAM-sized working sets.
func CeilingReport(w io.Writer, ceil *Ceilings) { WriteCeilings(w, MeasureCeilings(ceil)) }

// WriteCeilings formats measured ceilings as CeilingReport does.
func WriteCeilings(w io.Writer, t *CeilingTable) {
	fmt.Fprintln(w, "ceilings (one core, fastest of the samples):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  FMA GFLOP/s\tfloat64\tfloat32\t")
	for _, f := range t.FMA {
		fmt.Fprintf(tw, "  %s\t%.1f\t%.1f\t\n", f.Level, f.F64, f.F32)
	}
	tw.Flush()
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, s := range t.Sets {
		head = append(head, s.Name)
	}
	fmt.Fprintf(tw, "  GB/s\t%s\t\n", strings.Join(head, "\t"))
	for _, k := range []Peak{PeakCopy, PeakAdd, PeakWrite} {
		var row []string
		for _, v := range t.Bandwidth[k.String()] {
			row = append(row, fmt.Sprintf("%.1f", v))
		}
		fmt.Fprintf(tw, "  %s\t%s\t\n", k, strings.Join(row, "\t"))
	}
	tw.Flush()
}

// WorkingSet is a named array size at which bandwidth is measured.
type WorkingSet struct {
	Name  string
	Bytes float64
}

// WorkingSets returns sizes that sit in L1, in L2 and in DRAM on this machine: half
// of each cache, and eight times the L3 (at least 256 MiB).
func WorkingSets() []WorkingSet {
	c := dispatch.Caches()
	dram := max(8*c.L3, 256<<20)
	return []WorkingSet{
		{fmt.Sprintf("L1 (%d KiB)", c.L1D/2>>10), float64(c.L1D / 2)},
		{fmt.Sprintf("L2 (%d KiB)", c.L2/2>>10), float64(c.L2 / 2)},
		{fmt.Sprintf("DRAM (%d MiB)", dram>>20), float64(dram)},
	}
}
