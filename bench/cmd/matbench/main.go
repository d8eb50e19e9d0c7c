// Command matbench runs matkern's comparison suite: it prints what dispatch detected,
// measures this machine's ceilings, then times every selected case (matkern at each
// available level, gonum, plain Go, and OpenBLAS when built with -tags openblas) and
// prints a table, or JSON with -json. With -report it also writes a Markdown report
// with charts into a directory.
//
// Usage:
//
//	go run ./bench/cmd/matbench [flags]                       run the suite
//	go run ./bench/cmd/matbench -report dir -from a.json[,b.json…]  report on saved runs (several: per-case medians)
//	go run ./bench/cmd/matbench -compare old.json new.json   compare two saved runs
//
// Progress goes to standard error; results to standard output.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/matkern/matkern/bench"
	"github.com/matkern/matkern/dispatch"
)

func main() {
	var (
		ops       = flag.String("ops", "", "comma-separated operation name prefixes to run (default: all; see -list)")
		sizes     = flag.String("sizes", "", "comma-separated size labels to run (default: all)")
		impls     = flag.String("impls", "", "comma-separated implementations to run, such as avx512,gonum (default: all)")
		extra     = flag.Bool("extra", false, "include the cases left out of the default suite")
		list      = flag.Bool("list", false, "list the selected cases and exit")
		asJSON    = flag.Bool("json", false, "print results as JSON")
		count     = flag.Int("count", bench.DefaultTiming.Count, "samples per case; the median is reported")
		minTime   = flag.Duration("mintime", bench.DefaultTiming.MinTime, "minimum duration of one sample")
		noCeil    = flag.Bool("no-ceilings", false, "skip the ceiling report (cases compared with a ceiling still measure theirs)")
		report    = flag.String("report", "", "write a Markdown report with PNG and SVG charts into this directory")
		from      = flag.String("from", "", "with -report: comma-separated matbench -json files to report on instead of running (several runs of the same cases: per-case median)")
		compare   = flag.Bool("compare", false, "compare two matbench -json files given as arguments (old new) and exit")
		threshold = flag.Float64("threshold", bench.DefaultThreshold, "with -compare: the smallest relative change reported as a move")
	)
	flag.Parse()

	if *compare {
		if flag.NArg() != 2 {
			fail(fmt.Errorf("-compare wants two files, old.json new.json"))
		}
		old, err := bench.ReadRunRecord(flag.Arg(0))
		fail(err)
		cur, err := bench.ReadRunRecord(flag.Arg(1))
		fail(err)
		fmt.Printf("old: %s (%s)\nnew: %s (%s)\n\n", flag.Arg(0), describe(old), flag.Arg(1), describe(cur))
		opt := bench.CompareOptions{Threshold: *threshold}
		bench.WriteComparison(os.Stdout, bench.Compare(old.Results, cur.Results, opt), opt)
		return
	}
	if *from != "" {
		if *report == "" {
			fail(fmt.Errorf("-from needs -report"))
		}
		var runs []*bench.RunRecord
		for _, name := range split(*from) {
			rr, err := bench.ReadRunRecord(name)
			fail(err)
			runs = append(runs, rr)
		}
		rr := bench.MergeRuns(runs)
		fail(bench.WriteReport(*report, rr))
		fmt.Fprintf(os.Stderr, "report: %s\n", *report+"/"+bench.ReportFile)
		return
	}

	cases := bench.Cases(bench.Filter{Ops: split(*ops), Sizes: split(*sizes), Impls: split(*impls), Extra: *extra})
	if *list {
		for _, c := range cases {
			fmt.Println(c.Name())
		}
		return
	}
	tm := bench.DefaultTiming
	tm.Count, tm.MinTime = *count, *minTime
	ceil := bench.NewCeilings(tm)

	start := time.Now()
	info := dispatch.Info()
	libs := bench.Libraries()
	for _, l := range libs {
		if l.Available {
			fmt.Fprintf(os.Stderr, "%s: %s, %s kernels, %d threads by default\n", l.Name, l.Version, l.Kernels, l.Threads)
			if l.Warning != "" {
				fmt.Fprintf(os.Stderr, "%s: WARNING: %s\n", l.Name, l.Warning)
			}
		} else {
			fmt.Fprintln(os.Stderr, l.Note)
		}
	}
	var ctab *bench.CeilingTable
	if !*noCeil {
		fmt.Fprintln(os.Stderr, "measuring ceilings…")
		ctab = bench.MeasureCeilings(ceil)
	}
	if !*asJSON {
		fmt.Print(info)
		fmt.Printf("timing:   median of %d samples of at least %v each\n", tm.Count, tm.MinTime)
		for _, l := range libs {
			if l.Available {
				fmt.Printf("%s: %s, %s kernels\n", l.Name, l.Version, l.Kernels)
				if l.Warning != "" {
					fmt.Printf("%s: WARNING: %s\n", l.Name, l.Warning)
				}
			}
		}
		fmt.Println()
		if ctab != nil {
			bench.WriteCeilings(os.Stdout, ctab)
			fmt.Println()
		}
	}
	results := bench.Run(cases, tm, ceil, os.Stderr)
	rr := bench.NewRunRecord(command(), tm, ctab, results)
	if *report != "" {
		if err := bench.WriteReport(*report, rr); err != nil {
			fail(err)
		}
		fmt.Fprintf(os.Stderr, "report: %s\n", *report+"/"+bench.ReportFile)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		fail(enc.Encode(rr))
		return
	}
	bench.WriteTable(os.Stdout, results)
	fmt.Fprintf(os.Stderr, "done in %v\n", time.Since(start).Round(time.Second))
}

// command is how this run can be repeated: go run, with the binary's build tags, and
// its arguments.
func command() string {
	parts := []string{"go", "run"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-tags" && s.Value != "" {
				parts = append(parts, "-tags", quote(s.Value))
			}
		}
	}
	parts = append(parts, "./bench/cmd/matbench")
	for _, a := range os.Args[1:] {
		parts = append(parts, quote(a))
	}
	return strings.Join(parts, " ")
}

func quote(s string) string {
	if s == "" || strings.ContainsAny(s, " '\"()*?[]$\\;&|<>^") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func describe(rr *bench.RunRecord) string {
	d := rr.Info.CPU
	if !rr.Date.IsZero() {
		d += ", " + rr.Date.Format("2006-01-02 15:04 UTC")
	}
	return fmt.Sprintf("%s, %d cases", d, len(rr.Results))
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "matbench:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
