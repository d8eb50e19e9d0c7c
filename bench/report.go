package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/matkern/matkern/dispatch"
)

// RunRecord is one run of the suite, as matbench -json writes it and as the report and
// the comparison of two runs read it.
type RunRecord struct {
	Info      dispatch.Information
	Command   string        `json:",omitempty"` // the command that produced it
	GoVersion string        `json:",omitempty"`
	Date      time.Time     `json:",omitempty"`
	Timing    Timing        `json:",omitempty"`
	Ceilings  *CeilingTable `json:",omitempty"` // nil if they were not measured
	Libraries []Library     `json:",omitempty"` // the comparison libraries and their status
	Results   []Result
}

// NewRunRecord returns a record of results measured now on this machine by command.
func NewRunRecord(command string, tm Timing, ceil *CeilingTable, results []Result) *RunRecord {
	return &RunRecord{Info: dispatch.Info(), Command: command, GoVersion: runtime.Version(),
		Date: time.Now().UTC(), Timing: tm, Ceilings: ceil, Libraries: Libraries(), Results: results}
}

// ReadRunRecord reads what matbench -json wrote.
func ReadRunRecord(name string) (*RunRecord, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var rr RunRecord
	if err := json.Unmarshal(b, &rr); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(rr.Results) == 0 {
		return nil, fmt.Errorf("%s: no results", name)
	}
	rr.fillOld()
	return &rr, nil
}

// fillOld fills in, for a record written before results said what their case was, which
// results are matkern's (an Impl that is a level name, with or without "-mt") and their
// cores ("-mt": GOMAXPROCS).
func (rr *RunRecord) fillOld() {
	for _, r := range rr.Results {
		if r.Matkern || r.Threads > 0 {
			return
		}
	}
	levels := map[string]bool{}
	for _, l := range []dispatch.Level{dispatch.Generic, dispatch.AVX2, dispatch.AVX512} {
		levels[l.String()] = true
	}
	for i := range rr.Results {
		r := &rr.Results[i]
		base := strings.TrimSuffix(r.Impl, "-mt")
		r.Matkern = levels[base]
		r.Threads = 1
		if base != r.Impl {
			r.Threads = max(1, rr.Info.GOMAXPROCS)
		}
		if r.Matkern {
			r.Level = base
		}
	}
}

// topLevel is the name of the highest level the run's machine had.
func (rr *RunRecord) topLevel() string {
	if n := len(rr.Info.Available); n > 0 {
		return rr.Info.Available[n-1].String()
	}
	return rr.Info.Detected.String()
}

// CeilingTable is the machine's measured ceilings: FMA GFLOP/s per level and precision
// on one core, and copy, add and write GB/s on one core at each working set.
type CeilingTable struct {
	FMA       []FMACeiling
	Sets      []WorkingSet
	Bandwidth map[string][]float64 // "copy", "add", "write" → GB/s per working set
}

// FMACeiling is one level's FMA throughput on one core.
type FMACeiling struct {
	Level    string
	F64, F32 float64 // GFLOP/s
}

// MeasureCeilings measures (or recalls) every ceiling of CeilingReport.
func MeasureCeilings(ceil *Ceilings) *CeilingTable {
	t := &CeilingTable{Sets: WorkingSets(), Bandwidth: map[string][]float64{}}
	for _, l := range dispatch.Available() {
		t.FMA = append(t.FMA, FMACeiling{l.String(), ceil.FMA(l, false), ceil.FMA(l, true)})
	}
	for _, k := range []Peak{PeakCopy, PeakAdd, PeakWrite} {
		for _, s := range t.Sets {
			t.Bandwidth[k.String()] = append(t.Bandwidth[k.String()], ceil.Bandwidth(k, s.Bytes))
		}
	}
	return t
}

// ReportFile is the Markdown report's name in its directory.
const ReportFile = "report.md"

// WriteReport writes the run's report into dir: report.md (the machine, the ceilings,
// the comparison libraries, a summary of matkern's top level against every comparison,
// then every case of every operation with its rate, its fraction of the ceiling and its
// ratio to each comparison column, and the command that produced it) and the charts
// (WriteCharts) it shows, as PNG and SVG. The Markdown is ready to paste into the
// README: its image links are relative to dir.
func WriteReport(dir string, rr *RunRecord) error {
	charts, err := WriteCharts(dir, rr)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, ReportFile))
	if err != nil {
		return err
	}
	writeMarkdown(f, rr, charts)
	return f.Close()
}

func writeMarkdown(w io.Writer, rr *RunRecord, charts []Chart) {
	fmt.Fprintf(w, "# matkern benchmark report\n\n")
	fmt.Fprintf(w, "Machine: %s.\n\n", rr.caption())
	if rr.Command != "" {
		fmt.Fprintf(w, "Produced by\n\n```\n%s\n```\n\n", rr.Command)
	}
	tm := rr.Timing
	if tm.Count > 0 {
		fmt.Fprintf(w, "Each figure is the median of %d samples of at least %v each, after %v of warm-up", tm.Count, tm.MinTime, tm.Warmup)
		if rr.GoVersion != "" {
			fmt.Fprintf(w, "; built with %s", rr.GoVersion)
		}
		fmt.Fprintf(w, ". \"%% of ceiling\" is the fastest sample's rate over the ceiling (itself the fastest of its samples), then the median's; a case on several cores is compared with the ceiling of as many. \"vs X\" is this row's rate over X's at the same size (on as many cores when X was measured so), so above 1 means faster than X.\n\n")
	}
	fmt.Fprintf(w, "```\n%s```\n\n", rr.Info)

	fmt.Fprintf(w, "## Comparison libraries\n\n")
	for _, l := range rr.Libraries {
		switch {
		case l.Available:
			fmt.Fprintf(w, "- `%s`: %s, %s kernels (openblas_get_corename), %d threads by default; each case sets its own (the cores column)", l.Name, l.Version, l.Kernels, l.Threads)
			if l.Config != "" {
				fmt.Fprintf(w, "; built as `%s`", l.Config)
			}
			fmt.Fprintln(w, ".")
			if l.Warning != "" {
				fmt.Fprintf(w, "  **Warning:** %s.\n", l.Warning)
			}
		default:
			fmt.Fprintf(w, "- `%s`: %s.\n", l.Name, l.Note)
		}
	}
	fmt.Fprintln(w)

	if t := rr.Ceilings; t != nil {
		fmt.Fprintf(w, "## Ceilings (one core, fastest of the samples)\n\n| FMA | float64 GFLOP/s | float32 GFLOP/s |\n|---|---:|---:|\n")
		for _, f := range t.FMA {
			fmt.Fprintf(w, "| %s | %.1f | %.1f |\n", f.Level, f.F64, f.F32)
		}
		fmt.Fprintf(w, "\n| GB/s |")
		for _, s := range t.Sets {
			fmt.Fprintf(w, " %s |", s.Name)
		}
		fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|", len(t.Sets)))
		for _, k := range []string{"copy", "add", "write"} {
			fmt.Fprintf(w, "| %s |", k)
			for _, v := range t.Bandwidth[k] {
				fmt.Fprintf(w, " %.1f |", v)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}

	writeSummary(w, rr)

	byOp := map[string][]Chart{}
	var overall []Chart
	for _, c := range charts {
		if c.Op == "" {
			overall = append(overall, c)
		} else {
			byOp[c.Op] = append(byOp[c.Op], c)
		}
	}
	for _, op := range opsOf(rr.Results) {
		fmt.Fprintf(w, "## %s\n\n", op)
		for _, c := range byOp[op] {
			fmt.Fprintf(w, "![%s](%s.png)\n\n", c.Title, c.File)
		}
		writeOpTable(w, rr.Results, op, nil)
	}
	for _, c := range overall {
		fmt.Fprintf(w, "## %s\n\n![%s](%s.png)\n\n", c.Title, c.Title, c.File)
	}
}

// writeSummary is one table of matkern's top level (one core and all) against every
// comparison column, for the README.
func writeSummary(w io.Writer, rr *RunRecord) {
	top := rr.topLevel()
	keep := func(r Result) bool { return r.Matkern && (r.Impl == top || r.Impl == top+"-mt") }
	fmt.Fprintf(w, "## Summary: matkern at %s\n\n", top)
	for _, op := range opsOf(rr.Results) {
		writeOpTable(w, rr.Results, op, keep)
	}
}

// comparisons lists op's comparison columns: the names, "-mt" removed, of the Impls that
// are not matkern's, in order of appearance.
func comparisons(results []Result, op string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range results {
		name := strings.TrimSuffix(r.Impl, "-mt")
		if r.Op == op && !r.Matkern && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// ratioTo is r's rate over that of comparison column col at r's size: col's case on as
// many cores as r if there is one, else on the nearest number. 0 if there is none (or r
// is that column).
func ratioTo(results []Result, r Result, col string) float64 {
	if strings.TrimSuffix(r.Impl, "-mt") == col && !r.Matkern {
		return 0
	}
	var best *Result
	for i := range results {
		c := &results[i]
		if c.Op != r.Op || c.Size != r.Size || c.Matkern || strings.TrimSuffix(c.Impl, "-mt") != col || c.NsPerOp <= 0 {
			continue
		}
		if best == nil || abs(c.Threads-r.Threads) < abs(best.Threads-r.Threads) {
			best = c
		}
	}
	if best == nil {
		return 0
	}
	v, u := rateOf(r)
	bv, bu := rateOf(*best)
	if v > 0 && bv > 0 && u == bu {
		return v / bv
	}
	return best.NsPerOp / r.NsPerOp
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// writeOpTable writes op's rows (those keep accepts; all if keep is nil) as a Markdown
// table with a ratio column for each comparison.
func writeOpTable(w io.Writer, results []Result, op string, keep func(Result) bool) {
	cols := comparisons(results, op)
	var rows []Result
	for _, r := range results {
		if r.Op == op && (keep == nil || keep(r)) {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return
	}
	if keep != nil {
		fmt.Fprintf(w, "**%s**\n\n", op)
	}
	fmt.Fprintf(w, "| size | impl | cores | time/op | rate | %% of ceiling (best / median) |")
	for _, c := range cols {
		fmt.Fprintf(w, " vs %s |", c)
	}
	fmt.Fprintf(w, "\n|---|---|---:|---:|---:|---:|%s\n", strings.Repeat("---:|", len(cols)))
	for _, r := range rows {
		v, u := rateOf(r)
		rate := ""
		if v > 0 {
			rate = num(v) + " " + u
		}
		peak := ""
		if r.OfPeak > 0 {
			peak = fmt.Sprintf("%.0f%% / %.0f%% %s", 100*r.OfPeak, 100*r.OfPeakMedian, r.Peak)
		}
		impl := "`" + r.Impl + "`"
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s |", r.Size, impl, max(1, r.Threads), FormatDuration(r.NsPerOp), rate, peak)
		for _, c := range cols {
			if x := ratioTo(results, r, c); x > 0 {
				fmt.Fprintf(w, " %s× |", ratio(x))
			} else {
				fmt.Fprintf(w, " |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	// The labels of the comparison columns, once per table.
	labels := map[string]bool{}
	var ls []string
	for _, r := range results {
		if r.Op == op && r.Label != "" && !labels[r.Impl] {
			labels[r.Impl] = true
			ls = append(ls, fmt.Sprintf("`%s`: %s", r.Impl, r.Label))
		}
	}
	sort.Strings(ls)
	if len(ls) > 0 {
		fmt.Fprintf(w, "%s.\n\n", strings.Join(ls, "; "))
	}
}

// ratio prints a ratio with three significant digits.
func ratio(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}

// MergeRuns combines several runs of the same cases into one, as the README's figures
// are taken: each case's time is the median of the runs' medians, its fastest and
// slowest samples the fastest and slowest of all runs, its ceiling the highest any run
// measured (a ceiling is the best the machine was seen to do), and its rates, fractions
// of the ceiling and baseline ratios recomputed from those. The machine, command and
// libraries are the first run's; a case missing from some runs keeps the runs it is in.
func MergeRuns(runs []*RunRecord) *RunRecord {
	if len(runs) == 1 {
		return runs[0]
	}
	out := *runs[0]
	out.Results = nil
	type acc struct {
		r   Result
		med []float64
	}
	byName := map[string]*acc{}
	var order []string
	for _, rr := range runs {
		for _, r := range rr.Results {
			name := resultName(r)
			a := byName[name]
			if a == nil {
				a = &acc{r: r}
				byName[name] = a
				order = append(order, name)
			} else {
				a.r.NsMin = min(a.r.NsMin, r.NsMin)
				a.r.NsMax = max(a.r.NsMax, r.NsMax)
				a.r.PeakValue = max(a.r.PeakValue, r.PeakValue)
			}
			a.med = append(a.med, r.NsPerOp)
		}
	}
	for _, name := range order {
		a := byName[name]
		r := a.r
		sort.Float64s(a.med)
		k := len(a.med)
		ns := a.med[k/2]
		if k%2 == 0 {
			ns = (a.med[k/2-1] + a.med[k/2]) / 2
		}
		// Rates from the work per run, or scaled with 1/time from the first run's.
		scale := r.NsPerOp / ns
		r.NsPerOp = ns
		r.GFlops *= scale
		r.GBps *= scale
		r.GElems *= scale
		if r.Flops > 0 {
			r.GFlops = r.Flops / ns
		}
		if r.Bytes > 0 {
			r.GBps = r.Bytes / ns
		}
		if r.OfPeak > 0 && r.PeakValue > 0 {
			work := r.Flops
			if peakUnit(r.Peak) == "GB/s" {
				work = r.Bytes
			}
			if work > 0 {
				r.OfPeak, r.OfPeakMedian = work/r.NsMin/r.PeakValue, work/ns/r.PeakValue
			}
		}
		out.Results = append(out.Results, r)
	}
	for i := range out.Results {
		r := &out.Results[i]
		if r.Baseline == "" {
			continue
		}
		for _, b := range out.Results {
			if b.Op == r.Op && b.Size == r.Size && b.Impl == r.Baseline && r.NsPerOp > 0 {
				if r.VsBaseline > 0 && b.GFlops > 0 && r.GFlops > 0 && r.Flops != b.Flops {
					r.VsBaseline = r.GFlops / b.GFlops
				} else {
					r.VsBaseline = b.NsPerOp / r.NsPerOp
				}
			}
		}
	}
	// Ceilings: the highest of every run.
	if out.Ceilings != nil {
		t := *out.Ceilings
		t.FMA = append([]FMACeiling(nil), t.FMA...)
		bw := map[string][]float64{}
		for k, v := range t.Bandwidth {
			bw[k] = append([]float64(nil), v...)
		}
		for _, rr := range runs[1:] {
			if rr.Ceilings == nil {
				continue
			}
			for i := range t.FMA {
				for _, f := range rr.Ceilings.FMA {
					if f.Level == t.FMA[i].Level {
						t.FMA[i].F64, t.FMA[i].F32 = max(t.FMA[i].F64, f.F64), max(t.FMA[i].F32, f.F32)
					}
				}
			}
			for k, v := range rr.Ceilings.Bandwidth {
				for i := range v {
					if i < len(bw[k]) {
						bw[k][i] = max(bw[k][i], v[i])
					}
				}
			}
		}
		t.Bandwidth = bw
		out.Ceilings = &t
	}
	out.Command = fmt.Sprintf("%d runs of: %s", len(runs), out.Command)
	return &out
}
