// Package bench is matkern's measuring bench: a registry of cases (operation × size ×
// implementation: matkern at each available level, gonum, plain Go), the machine's
// measured ceilings (FMA throughput per level and precision, streaming bandwidth per
// working-set size) that every rate is divided by, and a runner that times each case as
// the median of several runs after a warm-up. A ceiling is the fastest of its samples,
// so the fraction of it is reported for the case's fastest sample (like against like)
// and for its median.
//
// The command bench/cmd/matbench prints the results as a table or as JSON (a RunRecord),
// writes a Markdown report with charts (WriteReport: rates against size for every
// operation and implementation with the ceilings drawn, fractions of the ceilings, and
// each case's ratio to every comparison column) and compares two saved runs (Compare:
// what moved beyond the noise); the Go benchmarks in this package (go test -bench) run
// the same cases under testing.B.
//
// With the build tag openblas (and cgo) an OpenBLAS column joins the comparisons: GEMM,
// vec(AXB) from two GEMMs, X·(F1⊗…⊗Fk) as a GEMM and a transposition per factor, the MLP
// training step with its GEMMs on OpenBLAS and its elementwise work in plain Go loops,
// and the LU and Cholesky log-det cases, labelled with the kernel set OpenBLAS loaded
// (Libraries) and the thread count each case sets.
//
// One-core rows of comparison libraries (gonum, plain Go, OpenBLAS on one thread) run
// with GOMAXPROCS 1 (Case.Threads): gonum's own GEMM would otherwise use every core.
package bench
