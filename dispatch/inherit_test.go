package dispatch

import (
	"fmt"
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
		"GEMM.SupF64":          "no AVX2 small-unpacked kernel (SupMaxF64 = 0: the packed path runs)",
		"GEMM.SupF32":          "no AVX2 small-unpacked kernel (SupMaxF32 = 0: the packed path runs)",
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

// TestTablesOwnCode checks that every entry of every level's table is that level's own
// code (see notOwn), whether or not this CPU can run the level (the tables are built,
// not run), and logs the entries each level inherits from the levels below.
func TestTablesOwnCode(t *testing.T) {
	for l := Generic; int(l) < numLevels; l++ {
		entries := Entries(l)
		if entries == nil {
			t.Logf("%v and above: not in this build (no registrations; purego or not amd64)", l)
			break
		}
		fields := map[string]bool{}
		var inherited []string
		for _, e := range entries {
			fields[e.Field] = true
			fn := e.Func[strings.Index(e.Func, ".")+1:] // the function, without its package
			own := strings.Contains(fn, levelTag[l])
			reason, listed := notOwn[l][e.Field]
			switch {
			case !listed && (!own || e.Inherited(l)):
				t.Errorf("%v: %s is %s (from %v), not this level's own code (want a function named …%s…, or an entry in notOwn with the reason)",
					l, e.Field, e.Func, e.From, levelTag[l])
			case listed && own && !e.Inherited(l):
				t.Errorf("%v: %s is %s, this level's own code, but notOwn lists it (%q): remove it from the list", l, e.Field, e.Func, reason)
			}
			if e.Inherited(l) {
				inherited = append(inherited, fmt.Sprintf("%s = %s (%v)", e.Field, e.Func, e.From))
			}
		}
		for f := range notOwn[l] {
			if !fields[f] {
				t.Errorf("%v: notOwn lists %s, which is not a function field of Table", l, f)
			}
		}
		if l > Generic {
			t.Logf("%v inherits %d of %d entries:\n\t%s", l, len(inherited), len(entries), strings.Join(inherited, "\n\t"))
		}
	}
}

// TestInfoListsInherited checks, at every level Set accepts (Info caches the listing
// but must follow Set), that Info reports that level as active and names every entry
// it inherits, so a bug report shows where a level runs a lower level's code; and that
// the slices Info and Entries return are copies (scribbling on them changes nothing).
func TestInfoListsInherited(t *testing.T) {
	for _, l := range Available() {
		restore, err := Set(l)
		if err != nil {
			t.Fatal(err)
		}
		info := Info()
		if info.Active != l {
			t.Errorf("after Set(%v), Info().Active = %v", l, info.Active)
		}
		want := 0
		for _, e := range Entries(l) {
			if e.From > l {
				t.Errorf("%v: %s comes from %v, above the active level", l, e.Field, e.From)
			}
			if e.Inherited(l) {
				want++
				if !strings.Contains(info.String(), e.Field+" ("+e.From.String()+")") {
					t.Errorf("%v: Info().String() does not name the inherited entry %s (%v):\n%s", l, e.Field, e.From, info)
				}
			}
		}
		if len(info.Inherited) != want || info.Entries != len(Entries(l)) {
			t.Errorf("%v: Info lists %d inherited of %d entries, Entries %d of %d", l, len(info.Inherited), info.Entries, want, len(Entries(l)))
		}
		for i := range info.Inherited {
			info.Inherited[i].Field = "scribbled"
		}
		for i := range info.Features {
			info.Features[i] = "scribbled"
		}
		for i := range info.Available {
			info.Available[i] = -1
		}
		if e := Entries(l); len(e) > 0 {
			e[0].Field = "scribbled"
		}
		again := Info()
		if s := again.String(); strings.Contains(s, "scribbled") || strings.Contains(s, "Level(-1)") {
			t.Errorf("%v: Info shares its slices with an earlier result:\n%s", l, s)
		}
		if e := Entries(l); len(e) > 0 && e[0].Field == "scribbled" {
			t.Errorf("%v: Entries shares its slice with an earlier result", l)
		}
		restore()
	}
	if Info().Active != Active() {
		t.Errorf("after the restores, Info().Active = %v, Active() = %v", Info().Active, Active())
	}
}

// sameName has one name for all its instantiations ("dispatch.sameName[...]") but,
// for type arguments of different shapes, different code.
func sameName[S any](dst, a, b []float64) {
	var z S
	_ = z
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

// TestEntriesComparesCode checks that Entries decides where an entry comes from by its
// code, not its name: two instantiations of one generic function (one name, different
// code) are a level's own code; the same function in both tables is inherited.
func TestEntriesComparesCode(t *testing.T) {
	base := build(Generic)
	base.Elem.MulF64 = sameName[int32]
	top := *base
	top.Level = AVX2
	top.Elem.MulF64 = sameName[string] // another shape: other code, the same name
	funcs := []map[string]tableFunc{tableFuncs(base), tableFuncs(&top)}
	if a, b := funcs[0]["Elem.MulF64"], funcs[1]["Elem.MulF64"]; a.name != b.name || a.pc == b.pc {
		t.Fatalf("the test needs one name and two code pointers: %+v, %+v", a, b)
	}
	from := func() (Level, string) {
		for _, e := range entriesOf(funcs, AVX2) {
			if e.Field == "Elem.MulF64" {
				return e.From, e.Func
			}
		}
		t.Fatal("no entry Elem.MulF64")
		return 0, ""
	}
	if l, fn := from(); l != AVX2 {
		t.Errorf("Elem.MulF64 = %s, other code than the level below's under the same name: From = %v, want avx2", fn, l)
	}
	top.Elem.MulF64 = sameName[int32]
	funcs[1] = tableFuncs(&top)
	if l, fn := from(); l != Generic {
		t.Errorf("Elem.MulF64 = %s, the level below's code: From = %v, want generic", fn, l)
	}
}

// BenchmarkInfo times Info, which bench headers and bug reports call.
func BenchmarkInfo(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Info()
	}
}

// BenchmarkEntries times Entries for the top level of this build.
func BenchmarkEntries(b *testing.B) {
	top := Available()[len(Available())-1]
	b.ReportAllocs()
	for b.Loop() {
		_ = Entries(top)
	}
}
