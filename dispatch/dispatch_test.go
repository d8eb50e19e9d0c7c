package dispatch

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestParseLevel(t *testing.T) {
	for _, l := range []Level{Generic, AVX2, AVX512} {
		for _, s := range []string{l.String(), strings.ToUpper(l.String()), " " + l.String() + "\n"} {
			got, err := ParseLevel(s)
			if err != nil || got != l {
				t.Errorf("ParseLevel(%q) = %v, %v; want %v", s, got, err, l)
			}
		}
	}
	for _, s := range []string{"", "sse", "avx", "avx-512", "generic2"} {
		if _, err := ParseLevel(s); err == nil {
			t.Errorf("ParseLevel(%q) succeeded, want an error", s)
		}
	}
	if s := Level(7).String(); s != "Level(7)" {
		t.Errorf("Level(7).String() = %q", s)
	}
}

func TestApplyEnv(t *testing.T) {
	unset := func(string) (string, bool) { return "", false }
	set := func(string) (string, bool) { return "", true }
	cases := []struct {
		detected Level
		value    string
		lookup   func(string) (string, bool)
		want     Level
		note     string // substring of the note; "" means no note
	}{
		{AVX512, "", unset, AVX512, ""},
		{AVX512, "avx2", set, AVX2, "lowered"},
		{AVX512, "generic", set, Generic, "lowered"},
		{AVX512, "avx512", set, AVX512, "lowered the level from avx512"},
		{AVX2, "avx512", set, AVX2, "ignored: this CPU supports at most avx2"},
		{Generic, "avx2", set, Generic, "ignored"},
		{AVX512, "fast", set, AVX512, "ignored: unknown level"},
		{AVX512, "", set, AVX512, "ignored: unknown level"},
	}
	for _, c := range cases {
		got, note := applyEnv(c.detected, c.value, c.lookup)
		if got != c.want || (c.note == "") != (note == "") || !strings.Contains(note, c.note) {
			t.Errorf("applyEnv(%v, %q) = %v, %q; want %v and a note containing %q", c.detected, c.value, got, note, c.want, c.note)
		}
	}
}

func TestSetAndRestore(t *testing.T) {
	start := Active()
	for _, l := range Available() {
		restore, err := Set(l)
		if err != nil {
			t.Fatalf("Set(%v): %v", l, err)
		}
		if Active() != l || Current().Level != l || TableFor(l) != Current() {
			t.Errorf("after Set(%v): Active() = %v, Current().Level = %v", l, Active(), Current().Level)
		}
		restore()
		if Active() != start {
			t.Errorf("restore after Set(%v) left %v, want %v", l, Active(), start)
		}
	}
	for _, l := range []Level{-1, Level(numLevels), Level(100)} {
		if _, err := Set(l); err == nil {
			t.Errorf("Set(%v) succeeded, want an error", l)
		}
	}
	if top := Available()[len(Available())-1]; top < AVX512 {
		if _, err := Set(top + 1); err == nil {
			t.Errorf("Set(%v) above the highest available level %v succeeded", top+1, top)
		}
		if TableFor(top+1) != nil {
			t.Errorf("TableFor(%v) above the highest available level is not nil", top+1)
		}
	}
	if Active() != start {
		t.Errorf("Active() = %v after failed Sets, want %v", Active(), start)
	}
}

func TestAvailableIsAPrefix(t *testing.T) {
	av := Available()
	if len(av) == 0 || av[0] != Generic {
		t.Fatalf("Available() = %v, want it to start with generic", av)
	}
	for i, l := range av {
		if l != Level(i) {
			t.Errorf("Available() = %v, not the levels 0..n in order", av)
		}
	}
	if av[len(av)-1] > Detected() {
		t.Errorf("Available() = %v goes above the detected level %v", av, Detected())
	}
}

// TestTablesComplete checks that every function in every family's struct is filled at
// every available level, and that the table of a level carries that level.
func TestTablesComplete(t *testing.T) {
	for _, l := range Available() {
		tab := TableFor(l)
		if tab.Level != l {
			t.Errorf("TableFor(%v).Level = %v", l, tab.Level)
		}
		checkFilled(t, l.String(), reflect.ValueOf(*tab))
	}
}

func checkFilled(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			checkFilled(t, path+"."+v.Type().Field(i).Name, v.Field(i))
		}
	case reflect.Func:
		if v.IsNil() {
			t.Errorf("%s is nil", path)
		}
	}
}

func TestInfo(t *testing.T) {
	info := Info()
	if info.Active != Active() || info.Detected != Detected() || info.Reason == "" {
		t.Errorf("Info() = %+v inconsistent with Active %v, Detected %v", info, Active(), Detected())
	}
	s := info.String()
	for _, want := range []string{"active:   " + Active().String(), "detected: " + Detected().String(), "caches:"} {
		if !strings.Contains(s, want) {
			t.Errorf("Info().String() lacks %q:\n%s", want, s)
		}
	}
	c := Caches()
	if c.L1D <= 0 || c.L2 <= 0 || c.L3 <= 0 {
		t.Errorf("Caches() = %+v, want positive sizes", c)
	}
}

// TestSwitchIsRaceFree switches levels while other goroutines read the table; run it
// with -race.
func TestSwitchIsRaceFree(t *testing.T) {
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					if tab := Current(); tab == nil || tab.Probe.Add == nil {
						t.Error("Current() returned an incomplete table")
						return
					}
				}
			}
		}()
	}
	for i := 0; i < 1000; i++ {
		restore, err := Set(Available()[i%len(Available())])
		if err != nil {
			t.Fatal(err)
		}
		restore()
	}
	close(stop)
	wg.Wait()
}
