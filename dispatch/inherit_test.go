package dispatch

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// notOwn lists, per level, the table entries that are deliberately not that level's own
// code (inherited from the level below, or shared), each with its reason. An entry is
// the level's own when the name of its function carries the level's tag (levelTag).
// TestTablesOwnCode fails for an entry that is neither its level's own nor listed here,
// so a registration that is lost, or that installs another level's function (the
// AVX-512 table given the AVX2 MulF64), fails the tests; and it fails for a listed entry
// that has become the level's own, so the list stays true. When you add a table entry
// that falls back on purpose, add it here with the reason.
var notOwn = [numLevels]map[string]string{
	Generic: {
		"Elem.TransposeNTF64":  "noTransposeNT refuses: pure Go has no non-temporal stores",
		"Factored.SlicedNTF64": "noSlicedNT refuses: pure Go has no non-temporal stores",
		"Factored.SlicedNTF32": "noSlicedNT refuses: pure Go has no non-temporal stores",
	},
	AVX2: {
		"Elem.StoreFence":      "asm.StoreFence is SFENCE, the same instruction at every x86 level",
		"Elem.TransposeNTF64":  "no AVX2 non-temporal transpose: the generic refusal",
		"Act.SoftmaxShiftF64":  "no AVX2 shift loop: the generic one",
		"Act.SoftmaxShiftF32":  "no AVX2 shift loop: the generic one",
		"GEMM.PackRunsF64":     "no AVX2 run packer: the generic copy loop",
		"GEMM.PackRunsF32":     "no AVX2 run packer: the generic copy loop",
		"GEMM.PackGather8F64":  "no AVX2 float64 gather packer: the generic loop",
		"Factored.SlicedNTF64": "no AVX2 non-temporal sliced multiply: the generic refusal",
		"Factored.SlicedNTF32": "no AVX2 non-temporal sliced multiply: the generic refusal",
	},
	AVX512: {
		"Elem.AddF64":         "the AVX2 loop: 512-bit adds measured slower from L1 to L3 (asm/elem_gen.go)",
		"Elem.StoreFence":     "asm.StoreFence is SFENCE, the same instruction at every x86 level",
		"Elem.TransposeF32":   "float32 keeps the 8×8 AVX2 register tile",
		"GEMM.PackGather8F32": "the AVX2 8×8 float32 gather packer",
	},
}

// levelTag is the part of a function's name that marks it as a level's own code.
var levelTag = [numLevels]string{Generic: "Generic", AVX2: "AVX2", AVX512: "AVX512"}

// tableFuncs returns the short name (package.Func) of every function in t, by field
// path ("Elem.MulF64").
func tableFuncs(t *Table) map[string]string {
	out := map[string]string{}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				p := v.Type().Field(i).Name
				if path != "" {
					p = path + "." + p
				}
				walk(p, v.Field(i))
			}
		case reflect.Func:
			name := "<nil>"
			if !v.IsNil() {
				name = runtime.FuncForPC(v.Pointer()).Name()
				name = name[strings.LastIndex(name, "/")+1:] // github.com/…/asm.MulF64AVX2 → asm.MulF64AVX2
			}
			out[path] = name
		}
	}
	walk("", reflect.ValueOf(*t))
	return out
}

// TestTablesOwnCode checks that every entry of every level's table is that level's own
// code (see notOwn), whether or not this CPU can run the level (the tables are built,
// not run), and logs the entries each level inherits from the one below.
func TestTablesOwnCode(t *testing.T) {
	var below map[string]string
	for l := Generic; int(l) < numLevels; l++ {
		if l > Generic && len(fillers[l]) == 0 {
			t.Logf("%v and above: not in this build (no registrations; purego or not amd64)", l)
			break
		}
		funcs := tableFuncs(build(l))
		fields := make([]string, 0, len(funcs))
		for f := range funcs {
			fields = append(fields, f)
		}
		slices.Sort(fields)
		var inherited []string
		for _, f := range fields {
			name := funcs[f]
			fn := name[strings.Index(name, ".")+1:] // the function, without its package
			own := strings.Contains(fn, levelTag[l])
			reason, listed := notOwn[l][f]
			same := below != nil && below[f] == name
			switch {
			case !listed && (!own || same):
				t.Errorf("%v: %s is %s, not this level's own code (want a function named …%s…, or an entry in notOwn with the reason)",
					l, f, name, levelTag[l])
			case listed && own && !same:
				t.Errorf("%v: %s is %s, this level's own code, but notOwn lists it (%q): remove it from the list", l, f, name, reason)
			}
			if same {
				inherited = append(inherited, f+" = "+name)
			}
		}
		for f := range notOwn[l] {
			if _, ok := funcs[f]; !ok {
				t.Errorf("%v: notOwn lists %s, which is not a function field of Table", l, f)
			}
		}
		if l > Generic {
			t.Logf("%v inherits %d of %d entries from %v:\n\t%s", l, len(inherited), len(fields), l-1, strings.Join(inherited, "\n\t"))
		}
		below = funcs
	}
}
