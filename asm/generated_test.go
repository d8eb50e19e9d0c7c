package asm_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGenerated fails when a committed generated file differs from what its generator
// writes (elem_gen.go: the Hadamard, scale/axpy and stream loops; sliced_gen.go: the
// sliced multiply; nn_gen.go: the network kernels; internal/gen/asmgen: the exp, sigmoid, softmax, Kronecker, GEMM and
// AVX-512 transpose files, flat, one instruction a line; internal/gen/expfit: the
// exponential's coefficients and tables in exp_coef.go, where a changed last digit would
// still pass the ULP tests): edit the generator, not its output, and run go generate in
// asm. The generators run for the host (GOOS and GOARCH cleared), also when the tests
// themselves are built for another architecture.
func TestGenerated(t *testing.T) {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Fatalf("no go command to run the generators: %v", err)
	}
	for _, gen := range []struct {
		src  string                  // what go run runs
		out  func(dir string) string // its -o argument, writing into dir
		glob string                  // the files it writes there
	}{
		{"elem_gen.go", func(dir string) string { return dir }, "*.s"},
		{"sliced_gen.go", func(dir string) string { return dir }, "*.s"},
		{"nn_gen.go", func(dir string) string { return dir }, "*.s"},
		{"../internal/gen/asmgen", func(dir string) string { return dir }, "*.s"},
		{"../internal/gen/expfit", func(dir string) string { return filepath.Join(dir, "exp_coef.go") }, "exp_coef.go"},
	} {
		dir := t.TempDir()
		cmd := exec.Command(goCmd, "run", gen.src, "-o", gen.out(dir))
		cmd.Env = append(os.Environ(), "GOOS=", "GOARCH=", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", gen.src, err, out)
		}
		outs, err := filepath.Glob(filepath.Join(dir, gen.glob))
		if err != nil || len(outs) == 0 {
			t.Fatalf("%s wrote no files (%v)", gen.src, err)
		}
		for _, p := range outs {
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(p)
			got, err := os.ReadFile(name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the output of %s; run go generate in asm", name, gen.src)
			}
		}
	}
}
