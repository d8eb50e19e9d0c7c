package dispatch

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
)

// Entry is one function of a level's table.
type Entry struct {
	Field string // the field path in Table, such as "Elem.MulF64"
	Func  string // the function installed there, as package.Name ("asm.MulF64AVX512")
	// From is the level whose registration installed Func: the entry's own level when
	// the level has its own code for the primitive, a lower one when it inherits.
	From Level
}

// Inherited reports whether the entry runs a lower level's code.
func (e Entry) Inherited(l Level) bool { return e.From < l }

// Entries lists every function of level l's table, sorted by field path, with the
// level each comes from. The tables are built for the listing, so it covers every level
// of this build, including levels this CPU cannot run (their code is named, not run).
// It returns nil for a level this build has no code for (purego, or not amd64).
func Entries(l Level) []Entry {
	if l < Generic || int(l) >= numLevels || (l > Generic && len(fillers[l]) == 0) {
		return nil
	}
	levels := make([]map[string]string, l+1)
	for lv := Generic; lv <= l; lv++ {
		levels[lv] = tableFuncs(build(lv))
	}
	var out []Entry
	for field, fn := range levels[l] {
		from := l
		for from > Generic && levels[from-1][field] == fn {
			from--
		}
		out = append(out, Entry{Field: field, Func: fn, From: from})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Field, b.Field) })
	return out
}

// tableFuncs returns the short name (package.Func) of every function in t, by field path.
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
