// Package bench is matkern's measuring bench: a registry of cases (operation × size ×
// implementation: matkern at each available level, gonum, plain Go), the machine's
// measured ceilings (FMA throughput per level and precision, streaming bandwidth per
// working-set size) that every rate is divided by, and a runner that times each case as
// the median of several runs after a warm-up. A ceiling is the fastest of its samples,
// so the fraction of it is reported for the case's fastest sample (like against like)
// and for its median.
//
// The command bench/cmd/matbench prints the results as a table or as JSON; the Go
// benchmarks in this package (go test -bench) run the same cases under testing.B.
package bench
