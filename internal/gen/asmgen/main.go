// Command asmgen writes matkern's flat generated assembly for the families whose loops
// share building blocks (the exponential, reductions, loop shapes): one instruction a
// source line, so that pprof -lines and perf annotate attribute time to each
// instruction, with the register plan and the loop invariants as comments. The blocks
// are Go functions (exp.go, …), not assembler macros: a macro call gives every
// instruction it expands to the line of the call.
//
// Usage (from the asm directory, see the go:generate line in asm/doc.go):
//
//	go run ../internal/gen/asmgen [-o dir]
//
// TestGenerated (asm/generated_test.go) fails when the committed files differ from the
// output. The Go declarations (asm/*_amd64.go) stay hand-written: they carry the doc
// comments and the wrappers around the assembly.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("o", ".", "directory to write the .s files into")
	flag.Parse()
	var files []*file
	files = append(files, sigmoidFiles()...)
	files = append(files, expFiles()...)
	files = append(files, softmaxFiles()...)
	files = append(files, kronFiles()...)
	files = append(files, gemmFiles()...)
	files = append(files, transposeFiles()...)
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.name), f.b.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
