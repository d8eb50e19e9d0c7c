package asm_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
)

// maxInsnsPerLine is the most instructions TestAsmLinesFlat lets one source line of an
// asm/*.s file own. Flat assembly has one instruction a line; a macro call owns every
// instruction it expands to, and a profiler then cannot say which of them is hot.
const maxInsnsPerLine = 16

// linesPending lists the assembly files still built from multi-instruction macros
// (issue #14), each with the reason; TestAsmLinesFlat lets their lines exceed
// maxInsnsPerLine. An entry whose file has become flat is an error: the list only
// shrinks.
var linesPending = map[string]string{
	// Empty since #14: every assembly file is flat. Add a file here, with the reason,
	// only while it is being converted.
}

// TestAsmLinesFlat disassembles its own test binary with go tool objdump (or, when go test
// linked it without a symbol table, the same binary built by go test -c) and fails when
// a source line of an assembly file of this package owns more than maxInsnsPerLine
// instructions (outside the files of linesPending). It reads what a profiler reads: the
// line table of the linked binary.
//
// Go's disassembler does not decode VEX and EVEX instructions: it prints an AVX
// instruction as one or a few rows of other opcodes. So the count is of objdump's rows,
// not of instructions. A flat line still has at most one row per byte of its one
// instruction (at most 15), below the limit; a macro call's line has about one row per
// instruction it expands to, or more.
func TestAsmLinesFlat(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skipf("GOARCH=%s: the assembly of this package is amd64 only", runtime.GOARCH)
	}
	if _, err := os.Stat("hadamard_amd64.go"); err != nil {
		t.Skipf("not run from the asm source directory: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("no path to the test binary: %v", err)
	}
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Skipf("no go command to run go tool objdump: %v", err)
	}
	objdump := func(bin string) ([]byte, error) {
		cmd := exec.Command(goCmd, "tool", "objdump", "-s", `^github\.com/matkern/matkern/asm\.`, bin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go tool objdump %s: %v\n%s", bin, err, stderr.Bytes())
		}
		return out, nil
	}
	out, err := objdump(exe)
	if err != nil && strings.Contains(err.Error(), "no symbol section") {
		// go test links its binaries without a symbol table (go test -c keeps it):
		// build this package's test binary once more, with one.
		// Same build tags (purego: no assembly, and the test skips below).
		bin := filepath.Join(t.TempDir(), "asm.test")
		args := []string{"test", "-c", "-o", bin}
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "-tags" && s.Value != "" {
					args = append(args, "-tags", s.Value)
				}
			}
		}
		build := exec.Command(goCmd, append(args, ".")...)
		build.Env = append(os.Environ(), "GOFLAGS=")
		if msg, berr := build.CombinedOutput(); berr != nil {
			t.Fatalf("go test -c: %v\n%s", berr, msg)
		}
		out, err = objdump(bin)
	}
	if err != nil {
		t.Skipf("go tool objdump cannot run here: %v", err)
	}
	counts := map[string]int{} // file:line → rows
	files := map[string]bool{} // the .s files seen
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[0] == "TEXT" {
			continue
		}
		i := strings.LastIndexByte(f[0], ':')
		if i < 0 || !strings.HasSuffix(f[0][:i], ".s") {
			continue
		}
		name := filepath.Base(f[0][:i])
		if _, err := os.Stat(name); err != nil {
			continue // an .s file of another package
		}
		files[name] = true
		counts[name+f[0][i:]]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if !files["hadamard_avx2_amd64.s"] {
		t.Skipf("the test binary has no assembly of this package (purego build?)")
	}
	type offender struct {
		at string
		n  int
	}
	var bad []offender
	macroFiles := map[string]bool{}
	for at, n := range counts {
		if n <= maxInsnsPerLine {
			continue
		}
		name := at[:strings.LastIndexByte(at, ':')]
		macroFiles[name] = true
		if _, ok := linesPending[name]; !ok {
			bad = append(bad, offender{at, n})
		}
	}
	sort.Slice(bad, func(i, j int) bool {
		if bad[i].n != bad[j].n {
			return bad[i].n > bad[j].n
		}
		return bad[i].at < bad[j].at
	})
	if len(bad) > 0 {
		var b strings.Builder
		for _, o := range bad {
			fmt.Fprintf(&b, "\n\t%s: %d instructions", o.at, o.n)
		}
		t.Errorf("%d source lines own more than %d instructions (generate flat assembly, one instruction a line):%s",
			len(bad), maxInsnsPerLine, b.String())
	}
	var stale []string
	for name, why := range linesPending {
		if !macroFiles[name] {
			stale = append(stale, name+" ("+why+")")
		}
	}
	sort.Strings(stale)
	for _, s := range stale {
		t.Errorf("linesPending lists %s, but no line of it owns more than %d instructions: remove the entry", s, maxInsnsPerLine)
	}
	t.Logf("%d assembly files, %d source lines checked; %d files pending (macros)", len(files), len(counts), len(linesPending))
}
