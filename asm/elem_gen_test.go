package asm_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestElemGenerated fails when the committed elementwise assembly differs from what
// elem_gen.go writes: edit the generator, not its output, and run go generate.
func TestElemGenerated(t *testing.T) {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Skip("no go command:", err)
	}
	dir := t.TempDir()
	cmd := exec.Command(goCmd, "run", "elem_gen.go", "-o", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run elem_gen.go: %v\n%s", err, out)
	}
	outs, err := filepath.Glob(filepath.Join(dir, "*.s"))
	if err != nil || len(outs) == 0 {
		t.Fatalf("generator wrote no files (%v)", err)
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
			t.Errorf("%s differs from the output of elem_gen.go; run go generate (or go run elem_gen.go) in asm", name)
		}
	}
}
