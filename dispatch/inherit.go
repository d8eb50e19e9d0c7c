package dispatch

import (
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
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
// level each comes from: the lowest level below l whose table holds the same code
// (the same code pointer, reflect.Value.Pointer, in every level from there up to l;
// names are only for display: the instantiations of a generic function share one).
// It covers every level of this build, including levels this CPU cannot run (their
// code is named, not run). It returns nil for a level this build has no code for
// (purego, or not amd64). The listing is made once per process (the tables are fixed
// after start-up, about 0.1 ms by reflection); each call returns a fresh copy, which
// the caller may modify (3.5 µs for 102 entries, BenchmarkEntries, Emerald Rapids).
func Entries(l Level) []Entry {
	if l < Generic || int(l) >= numLevels {
		return nil
	}
	return slices.Clone(listing().entries[l])
}

// levelListing is what Entries and Info report, per level, computed once.
type levelListing struct {
	entries   [numLevels][]Entry // nil for a level without registrations
	inherited [numLevels][]Entry // the entries of entries[l] that l inherits
}

var listing = sync.OnceValue(func() *levelListing {
	var ls levelListing
	var funcs []map[string]tableFunc
	for l := Generic; int(l) < numLevels; l++ {
		if l > Generic && len(fillers[l]) == 0 {
			break // the levels above have no code in this build either
		}
		funcs = append(funcs, tableFuncs(build(l)))
		ls.entries[l] = entriesOf(funcs, l)
		for _, e := range ls.entries[l] {
			if e.Inherited(l) {
				ls.inherited[l] = append(ls.inherited[l], e)
			}
		}
	}
	return &ls
})

// entriesOf lists the entries of level l from funcs[Generic…l], the tables' functions
// by field path: an entry comes from the lowest level from which every level up to l
// holds the same code pointer.
func entriesOf(funcs []map[string]tableFunc, l Level) []Entry {
	var out []Entry
	for field, fn := range funcs[l] {
		from := l
		for from > Generic && funcs[from-1][field].pc == fn.pc {
			from--
		}
		out = append(out, Entry{Field: field, Func: fn.name, From: from})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Field, b.Field) })
	return out
}

// tableFunc is one function of a table: its code pointer (0 for nil) and short name.
type tableFunc struct {
	pc   uintptr
	name string // package.Func, "<nil>" for nil
}

// tableFuncs returns every function in t, by field path.
func tableFuncs(t *Table) map[string]tableFunc {
	out := map[string]tableFunc{}
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
			f := tableFunc{name: "<nil>"}
			if !v.IsNil() {
				f.pc = v.Pointer()
				f.name = runtime.FuncForPC(f.pc).Name()
				f.name = f.name[strings.LastIndex(f.name, "/")+1:] // github.com/…/asm.MulF64AVX2 → asm.MulF64AVX2
			}
			out[path] = f
		}
	}
	walk("", reflect.ValueOf(*t))
	return out
}
