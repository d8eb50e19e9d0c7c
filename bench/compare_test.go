package bench

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompare checks which cases of two synthetic runs are flagged: only those whose
// median and fastest sample both moved beyond the threshold with the runs' samples not
// overlapping.
func TestCompare(t *testing.T) {
	r := func(size string, med, lo, hi float64) Result {
		return Result{Op: "op", Size: size, Impl: "avx512", NsPerOp: med, NsMin: lo, NsMax: hi}
	}
	old := []Result{
		r("same", 100, 98, 103),      // unchanged
		r("faster", 100, 97, 104),    // 30% faster, tight samples: moved
		r("slower", 100, 99, 102),    // 25% slower, tight samples: moved
		r("noisy", 100, 60, 180),     // 20% faster in the median, samples overlap: noise
		r("small", 100, 99.5, 100.5), // 3% faster, samples apart, under the threshold
		r("fluke", 100, 99, 101),     // median 10% faster but fastest sample unchanged
		r("gone", 100, 99, 101),      // only in the old run
		r("edge", 100, 100, 100),     // 10% faster, new slowest equal to old fastest: overlap
	}
	cur := []Result{
		r("same", 101, 97, 104),
		r("faster", 70, 68, 73),
		r("slower", 125, 122, 130),
		r("noisy", 80, 50, 150),
		r("small", 97, 96.8, 97.2),
		r("fluke", 90, 98.5, 98.9),
		r("edge", 90, 89, 100),
		r("new", 50, 49, 51), // only in the new run
	}
	deltas := Compare(old, cur, CompareOptions{})
	moved := map[string]int{}
	only := map[string]string{}
	for _, d := range deltas {
		if d.Moved != 0 {
			moved[d.Name] = d.Moved
		}
		if d.OnlyOld {
			only[d.Name] = "old"
		}
		if d.OnlyNew {
			only[d.Name] = "new"
		}
	}
	want := map[string]int{"op/faster/impl=avx512": +1, "op/slower/impl=avx512": -1}
	if len(moved) != len(want) || moved["op/faster/impl=avx512"] != 1 || moved["op/slower/impl=avx512"] != -1 {
		t.Errorf("moved = %v, want %v", moved, want)
	}
	if len(only) != 2 || only["op/gone/impl=avx512"] != "old" || only["op/new/impl=avx512"] != "new" {
		t.Errorf("cases in one run only = %v", only)
	}
	for _, d := range deltas {
		if d.Name == "op/faster/impl=avx512" && (d.Speedup < 1.42 || d.Speedup > 1.43 || d.SpeedupMin < 1.42 || d.SpeedupMin > 1.43) {
			t.Errorf("faster: speed-ups %v (median), %v (fastest); want 100/70 and 97/68", d.Speedup, d.SpeedupMin)
		}
	}
	// A larger threshold leaves "faster" (30%) flagged and drops "slower" (25%).
	n := 0
	for _, d := range Compare(old, cur, CompareOptions{Threshold: 0.27}) {
		if d.Moved != 0 {
			n++
			if d.Name != "op/faster/impl=avx512" {
				t.Errorf("threshold 0.27 flags %s", d.Name)
			}
		}
	}
	if n != 1 {
		t.Errorf("threshold 0.27 flags %d cases, want 1", n)
	}

	var buf bytes.Buffer
	WriteComparison(&buf, deltas, CompareOptions{})
	out := buf.String()
	for _, s := range []string{"faster", "slower", "only in the old run", "only in the new run", "7 cases in both runs: 1 faster, 1 slower"} {
		if !strings.Contains(out, s) {
			t.Errorf("comparison output lacks %q:\n%s", s, out)
		}
	}
}

// TestRunRecordRoundTrip checks that what matbench -json writes is what the comparison
// and the report read, and that merging runs takes per-case medians.
func TestRunRecordRoundTrip(t *testing.T) {
	rr := synthetic()
	b, err := json.Marshal(rr)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "run.json")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRunRecord(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Results) != len(rr.Results) || back.Info.CPU != rr.Info.CPU || back.Results[0] != rr.Results[0] {
		t.Fatalf("round trip changed the record")
	}
	slow, fast := synthetic(), synthetic()
	for i := range slow.Results {
		slow.Results[i].NsPerOp *= 2
		fast.Results[i].NsPerOp /= 2
		fast.Results[i].NsMin /= 2
	}
	m := MergeRuns([]*RunRecord{slow, rr, fast})
	for i, r := range m.Results {
		o := rr.Results[i]
		if r.NsPerOp != o.NsPerOp || r.NsMin != o.NsMin/2 || (o.GFlops > 0 && r.GFlops != o.GFlops) {
			t.Errorf("%s: merged %v (min %v, %v GFLOP/s), want the middle run's median %v, the fastest min %v", resultName(r), r.NsPerOp, r.NsMin, r.GFlops, o.NsPerOp, o.NsMin/2)
		}
		if o.OfPeak > 0 && !(r.OfPeak > 1.99*o.OfPeak && r.OfPeak < 2.01*o.OfPeak) {
			t.Errorf("%s: merged fraction of the ceiling %v, want twice %v", resultName(r), r.OfPeak, o.OfPeak)
		}
	}
}

// TestReadOldRecord reads what matbench -json wrote before results said what their case
// was: matkern's results are recognized by their level names.
func TestReadOldRecord(t *testing.T) {
	name := filepath.Join(t.TempDir(), "old.json")
	old := `{"Info": {"CPU": "x", "GOMAXPROCS": 2}, "Results": [
		{"Op": "gemm-f64", "Size": "64", "Impl": "avx512", "NsPerOp": 10},
		{"Op": "gemm-f64", "Size": "64", "Impl": "avx512-mt", "NsPerOp": 6},
		{"Op": "gemm-f64", "Size": "64", "Impl": "gonum", "NsPerOp": 80}]}`
	if err := os.WriteFile(name, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	rr, err := ReadRunRecord(name)
	if err != nil {
		t.Fatal(err)
	}
	got := rr.Results
	if !got[0].Matkern || got[0].Threads != 1 || !got[1].Matkern || got[1].Threads != 2 || got[2].Matkern || got[2].Threads != 1 {
		t.Errorf("old record read as %+v", got)
	}
}
