// Command matbench runs matkern's comparison suite: it prints what dispatch detected,
// measures this machine's ceilings, then times every selected case (matkern at each
// available level, gonum, plain Go) and prints a table, or JSON with -json.
//
// Usage:
//
//	go run ./bench/cmd/matbench [flags]
//
// Progress goes to standard error; results to standard output.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/matkern/matkern/bench"
	"github.com/matkern/matkern/dispatch"
)

func main() {
	var (
		ops     = flag.String("ops", "", "comma-separated operation name prefixes to run (default: all; see -list)")
		sizes   = flag.String("sizes", "", "comma-separated size labels to run (default: all)")
		impls   = flag.String("impls", "", "comma-separated implementations to run, such as avx512,gonum (default: all)")
		extra   = flag.Bool("extra", false, "include the cases left out of the default suite")
		list    = flag.Bool("list", false, "list the selected cases and exit")
		asJSON  = flag.Bool("json", false, "print results as JSON")
		count   = flag.Int("count", bench.DefaultTiming.Count, "samples per case; the median is reported")
		minTime = flag.Duration("mintime", bench.DefaultTiming.MinTime, "minimum duration of one sample")
		noCeil  = flag.Bool("no-ceilings", false, "skip the ceiling report (cases compared with a ceiling still measure theirs)")
	)
	flag.Parse()

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
	if !*asJSON {
		fmt.Print(info)
		fmt.Printf("timing:   median of %d samples of at least %v each\n\n", tm.Count, tm.MinTime)
		if !*noCeil {
			fmt.Fprintln(os.Stderr, "measuring ceilings…")
			bench.CeilingReport(os.Stdout, ceil)
			fmt.Println()
		}
	}
	results := bench.Run(cases, tm, ceil, os.Stderr)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Info    dispatch.Information
			Results []bench.Result
		}{info, results}); err != nil {
			fmt.Fprintln(os.Stderr, "matbench:", err)
			os.Exit(1)
		}
		return
	}
	bench.WriteTable(os.Stdout, results)
	fmt.Fprintf(os.Stderr, "done in %v\n", time.Since(start).Round(time.Second))
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
