package asm_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGenerated fails when committed assembly differs from what its generator writes
// (elem_gen.go: the Hadamard, scale/axpy and stream loops; sliced_gen.go: the sliced
// multiply; nn_gen.go: the network kernels): edit the generator, not its output, and
// run go generate in asm. The generators run for the host (GOOS and GOARCH cleared),
// also when the tests themselves are built for another architecture.
func TestGenerated(t *testing.T) {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Fatalf("no go command to run the generators: %v", err)
	}
	for _, gen := range []string{"elem_gen.go", "sliced_gen.go", "nn_gen.go"} {
		dir := t.TempDir()
		cmd := exec.Command(goCmd, "run", gen, "-o", dir)
		cmd.Env = append(os.Environ(), "GOOS=", "GOARCH=", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run %s: %v\n%s", gen, err, out)
		}
		outs, err := filepath.Glob(filepath.Join(dir, "*.s"))
		if err != nil || len(outs) == 0 {
			t.Fatalf("%s wrote no files (%v)", gen, err)
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
				t.Errorf("%s differs from the output of %s; run go generate in asm", name, gen)
			}
		}
	}
}
