package bench

import (
	"fmt"
	"io"
	"math"
	"sort"
	"text/tabwriter"
)

// Delta is one case of two runs compared: the old and new run's median and fastest
// time, and what the change amounts to.
type Delta struct {
	Name             string // op/size/impl=…
	Old, New         *Result
	Speedup          float64 // old median time / new median time (>1: the new run is faster)
	SpeedupMin       float64 // the same for the fastest samples
	OldSpread        float64 // (max − min)/median of the old run's samples
	NewSpread        float64
	Moved            int // +1 faster beyond the noise, −1 slower beyond it, 0 within it
	OnlyOld, OnlyNew bool
}

// CompareOptions says what counts as noise.
type CompareOptions struct {
	// Threshold is the smallest relative change reported as a move (0.05: 5%); zero
	// means DefaultThreshold.
	Threshold float64
}

// DefaultThreshold is the change in median time below which a case has not moved.
const DefaultThreshold = 0.05

// Compare matches the cases of two runs by name and says, for each, how the new run's
// time compares with the old one's. A case has moved beyond the noise when its median
// and its fastest sample both changed by more than the threshold in the same direction
// and the two runs' samples do not overlap (the new run's slowest sample beats the old
// run's fastest, or the other way round): on a shared machine a single slow sample, or
// a wide spread, is not a change. Cases present in one run only are listed too.
func Compare(old, new []Result, opt CompareOptions) []Delta {
	thr := opt.Threshold
	if thr <= 0 {
		thr = DefaultThreshold
	}
	byName := map[string]*Result{}
	for i := range new {
		byName[resultName(new[i])] = &new[i]
	}
	var out []Delta
	seen := map[string]bool{}
	for i := range old {
		o := &old[i]
		name := resultName(*o)
		seen[name] = true
		n, ok := byName[name]
		if !ok {
			out = append(out, Delta{Name: name, Old: o, OnlyOld: true})
			continue
		}
		d := Delta{Name: name, Old: o, New: n, OldSpread: spread(*o), NewSpread: spread(*n)}
		if n.NsPerOp > 0 {
			d.Speedup = o.NsPerOp / n.NsPerOp
		}
		if n.NsMin > 0 {
			d.SpeedupMin = o.NsMin / n.NsMin
		}
		switch {
		case d.Speedup > 1+thr && d.SpeedupMin > 1+thr && n.NsMax < o.NsMin:
			d.Moved = +1
		case d.Speedup > 0 && d.Speedup < 1/(1+thr) && d.SpeedupMin < 1/(1+thr) && n.NsMin > o.NsMax:
			d.Moved = -1
		}
		out = append(out, d)
	}
	for i := range new {
		if name := resultName(new[i]); !seen[name] {
			out = append(out, Delta{Name: name, New: &new[i], OnlyNew: true})
		}
	}
	return out
}

func resultName(r Result) string { return fmt.Sprintf("%s/%s/impl=%s", r.Op, r.Size, r.Impl) }

func spread(r Result) float64 {
	if r.NsPerOp <= 0 {
		return 0
	}
	return (r.NsMax - r.NsMin) / r.NsPerOp
}

// WriteComparison writes the deltas as a table, the cases that moved marked "faster" or
// "slower", followed by a summary: how many moved each way and the geometric mean and
// median of the speed-ups.
func WriteComparison(w io.Writer, deltas []Delta, opt CompareOptions) {
	thr := opt.Threshold
	if thr <= 0 {
		thr = DefaultThreshold
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\told median\tnew median\tspeed-up (median)\tspeed-up (fastest)\told spread\tnew spread\t")
	var ups []float64
	faster, slower := 0, 0
	for _, d := range deltas {
		switch {
		case d.OnlyOld:
			fmt.Fprintf(tw, "%s\t%s\t\t\t\t\t\tonly in the old run\n", d.Name, FormatDuration(d.Old.NsPerOp))
			continue
		case d.OnlyNew:
			fmt.Fprintf(tw, "%s\t\t%s\t\t\t\t\tonly in the new run\n", d.Name, FormatDuration(d.New.NsPerOp))
			continue
		}
		mark := ""
		switch d.Moved {
		case +1:
			mark, faster = "faster", faster+1
		case -1:
			mark, slower = "slower", slower+1
		}
		if d.Speedup > 0 {
			ups = append(ups, d.Speedup)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f×\t%.3f×\t±%.0f%%\t±%.0f%%\t%s\n", d.Name, FormatDuration(d.Old.NsPerOp),
			FormatDuration(d.New.NsPerOp), d.Speedup, d.SpeedupMin, 50*d.OldSpread, 50*d.NewSpread, mark)
	}
	tw.Flush()
	if len(ups) == 0 {
		fmt.Fprintln(w, "no case in both runs")
		return
	}
	logSum := 0.0
	for _, u := range ups {
		logSum += math.Log(u)
	}
	sort.Float64s(ups)
	med := ups[len(ups)/2]
	if len(ups)%2 == 0 {
		med = (ups[len(ups)/2-1] + ups[len(ups)/2]) / 2
	}
	fmt.Fprintf(w, "\n%d cases in both runs: %d faster, %d slower beyond the noise (more than %.0f%% in median and fastest sample, samples not overlapping); speed-up geometric mean %.3f×, median %.3f×, range %.3f× to %.3f×\n",
		len(ups), faster, slower, 100*thr, math.Exp(logSum/float64(len(ups))), med, ups[0], ups[len(ups)-1])
}
