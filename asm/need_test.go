//go:build amd64 && !purego

package asm

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/matkern/matkern/internal/isa"
)

// levelName matches the names of the routines that need a level beyond the generic one.
var levelName = regexp.MustCompile(`AVX(2|512)`)

// TestEveryRoutineChecks reads the package's Go source and fails unless every exported
// function whose name has AVX2 or AVX512 in it starts with the check of its level
// (needAVX2 or needAVX512 with its own name), and no exported function is bare assembly
// (a declaration without a body).
func TestEveryRoutineChecks(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fs := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fs, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() {
				continue
			}
			fn := fd.Name.Name
			if fd.Body == nil {
				t.Errorf("%s: %s is exported without a body (bare assembly): export a wrapper that checks the level", fs.Position(fd.Pos()), fn)
				continue
			}
			if !levelName.MatchString(fn) {
				continue
			}
			want := "needAVX2"
			if strings.Contains(fn, "AVX512") {
				want = "needAVX512"
			}
			if !startsWithCheck(fd.Body, want, fn) {
				t.Errorf("%s: %s does not start with %s(%q)", fs.Position(fd.Pos()), fn, want, fn)
				continue
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d routines found checking their level: the source scan is broken", checked)
	}
	t.Logf("%d exported routines check their level", checked)
}

// startsWithCheck reports whether body's first statement is the call check(name).
func startsWithCheck(body *ast.BlockStmt, check, name string) bool {
	if len(body.List) == 0 {
		return false
	}
	es, ok := body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != check {
		return false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	s, err := strconv.Unquote(lit.Value)
	return err == nil && s == name
}

// exportedText matches a TEXT directive of an exported symbol.
var exportedText = regexp.MustCompile(`(?m)^TEXT\s+·([A-Z]\w*)\(SB\)`)

// TestNoExportedAssembly fails if a .s file defines an exported symbol: every assembly
// routine is reached through a Go wrapper that checks the level.
func TestNoExportedAssembly(t *testing.T) {
	files, err := filepath.Glob("*.s")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no .s files found")
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range exportedText.FindAllSubmatch(src, -1) {
			t.Errorf("%s: TEXT ·%s is exported: name it in lower case and export a checking wrapper", name, m[1])
		}
	}
}

// TestMissingLevelPanics pretends the CPU lacks each level and checks that a routine of
// that level panics with its name instead of running.
func TestMissingLevelPanics(t *testing.T) {
	for _, tc := range []struct {
		flag *bool
		name string
		call func()
	}{
		{&isa.AVX2, "MulF64AVX2", func() { MulF64AVX2(make([]float64, 4), make([]float64, 4), make([]float64, 4)) }},
		{&isa.AVX512, "GemmF64AVX512", func() {
			GemmF64AVX512(1, make([]float64, GemmMRF64AVX512), make([]float64, GemmNRF64AVX512), make([]float64, 1), 1, 1, 0, 1, 1)
		}},
		{&isa.AVX512, "FMAPeakF64AVX512", func() { FMAPeakF64AVX512(1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			saved := *tc.flag
			*tc.flag = false
			defer func() { *tc.flag = saved }()
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if !strings.Contains(msg, "asm."+tc.name+" needs ") {
					t.Errorf("%s with its level missing: recovered %v, want a panic naming it", tc.name, r)
				}
			}()
			tc.call()
		})
	}
}
