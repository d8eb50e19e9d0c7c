package bench

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/matkern/matkern/dispatch"
)

var keepReport = flag.String("report-dir", "", "write TestReport's report here and keep it (to look at the charts)")

// synthetic is a small result set: GEMM at three sizes on one and two cores by matkern
// and two comparison columns (one with a label), a Kronecker-free op whose comparison
// is 1000× slower (a log-scale chart), a bandwidth op, and a case with an unplottable
// size label.
func synthetic() *RunRecord {
	info := dispatch.Information{CPU: "Test CPU 9000", GOARCH: "amd64", PhysicalCores: 2, LogicalCores: 2,
		GOMAXPROCS: 2, Detected: dispatch.AVX512, Available: []dispatch.Level{dispatch.Generic, dispatch.AVX2, dispatch.AVX512}}
	var rs []Result
	add := func(op, size, impl string, threads int, matkern bool, ns, flops, bytes float64, peak string, peakValue float64, label string) {
		r := Result{Op: op, Size: size, Impl: impl, NsPerOp: ns, NsMin: 0.95 * ns, NsMax: 1.1 * ns,
			Threads: threads, Matkern: matkern, Label: label, Flops: flops, Bytes: bytes, Level: "avx512", Peak: peak, PeakValue: peakValue}
		if flops > 0 {
			r.GFlops = flops / ns
		}
		if bytes > 0 {
			r.GBps = bytes / ns
		}
		work := flops
		if peak == "add" {
			work = bytes
		}
		if peakValue > 0 {
			r.OfPeak, r.OfPeakMedian = work/r.NsMin/peakValue, work/ns/peakValue
		}
		rs = append(rs, r)
	}
	for _, n := range []float64{128, 512, 1024} {
		size := map[float64]string{128: "128", 512: "512", 1024: "1024"}[n]
		fl := 2 * n * n * n
		add("gemm-f64", size, "avx512", 1, true, fl/70, fl, 0, "fma64", 90, "")
		add("gemm-f64", size, "avx2", 1, true, fl/36, fl, 0, "fma64", 50, "")
		add("gemm-f64", size, "avx512-mt", 2, true, fl/130, fl, 0, "fma64", 180, "")
		add("gemm-f64", size, "gonum", 1, false, fl/8, fl, 0, "fma64", 90, "")
		add("gemm-f64", size, "openblas", 1, false, fl/60, fl, 0, "fma64", 90, "OpenBLAS 0.3.21, SkylakeX kernels, 1 thread")
		add("gemm-f64", size, "openblas-mt", 2, false, fl/110, fl, 0, "fma64", 180, "OpenBLAS 0.3.21, SkylakeX kernels, 2 threads")
	}
	add("gemm-f64", "64x4096x64", "avx512", 1, true, 1e6, 2*64*4096*64, 0, "fma64", 90, "")
	for _, n := range []float64{16, 32, 64} {
		size := map[float64]string{16: "n=16", 32: "n=32", 64: "n=64"}[n]
		fl := 4 * n * n * n
		add("vecaxb-f64", size, "avx512", 2, true, fl/20, fl, 0, "fma64", 180, "")
		add("vecaxb-f64", size, "materialized", 2, false, fl/20*n*n/4, fl, 0, "fma64", 180, "")
	}
	for _, n := range []float64{1e3, 1e5, 1e7} {
		size := sizeLabel(int(n))
		add("hadamard", size, "avx512", 1, true, n/2, 0, 24*n, "add", 100, "")
		add("hadamard", size, "gonum", 1, false, n, 0, 24*n, "add", 100, "")
	}
	return &RunRecord{Info: info, Command: "go run ./bench/cmd/matbench -test", GoVersion: "go1.24",
		Date: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), Timing: DefaultTiming,
		Ceilings: &CeilingTable{FMA: []FMACeiling{{"avx512", 90, 180}}, Sets: []WorkingSet{{"L1", 1}},
			Bandwidth: map[string][]float64{"copy": {300}, "add": {400}, "write": {200}}},
		Libraries: []Library{{Name: "openblas", Available: true, Version: "OpenBLAS 0.3.21", Kernels: "Haswell", Threads: 2,
			Warning: kernelWarning("Haswell", "", dispatch.AVX512)}},
		Results: rs}
}

func TestReport(t *testing.T) {
	dir := t.TempDir()
	if *keepReport != "" {
		dir = *keepReport
	}
	rr := synthetic()
	if err := WriteReport(dir, rr); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	text := string(md)
	for _, want := range []string{"Test CPU 9000", rr.Command, "**Warning:**", "Haswell kernels (AVX2)",
		"vs gonum", "vs openblas", "vs materialized", "![", "`openblas`: OpenBLAS 0.3.21, SkylakeX kernels, 1 thread"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Every case has its row in its op's table.
	for _, r := range rr.Results {
		row := "| " + r.Size + " | `" + r.Impl + "` | "
		if !strings.Contains(text, row) {
			t.Errorf("report has no row for %s (%q)", resultName(r), row)
		}
	}
	// The ratio columns: avx512 at 1024 against gonum (70/8) and against openblas on one core (70/60).
	for _, want := range []string{"| 1024 | `avx512` | 1 | 30.68ms | 70.0 GFLOP/s | 82% / 78% fma64 | 8.75× | 1.17× |",
		"| 1024 | `avx512-mt` | 2 | 16.52ms | 130 GFLOP/s | 76% / 72% fma64 | 16.2× | 1.18× |"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks row %q", want)
		}
	}
	// The charts: each op with sizes on an axis, one and multi-core where there are both,
	// the fraction chart; PNG and SVG.
	for _, base := range []string{"gemm-f64", "gemm-f64-mt", "vecaxb-f64-mt", "hadamard", "ceiling-fraction"} {
		for _, ext := range []string{".png", ".svg"} {
			if fi, err := os.Stat(filepath.Join(dir, base+ext)); err != nil || fi.Size() == 0 {
				t.Errorf("chart %s%s missing or empty (%v)", base, ext, err)
			}
		}
		if !strings.Contains(text, "]("+base+".png)") {
			t.Errorf("report does not show %s.png", base)
		}
	}
	for _, absent := range []string{"vecaxb-f64.png", "hadamard-mt.png"} {
		if _, err := os.Stat(filepath.Join(dir, absent)); err == nil {
			t.Errorf("chart %s drawn without cases", absent)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "gemm-f64.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gemm-f64.png: %v", err)
	}
	wantW, wantH := int(ChartWidth.Dots(ChartDPI)+0.5), int(ChartHeight.Dots(ChartDPI)+0.5)
	if sz := img.Bounds().Size(); sz.X != wantW || sz.Y != wantH || wantW != 1200 || wantH != 660 {
		t.Errorf("gemm-f64.png is %v, want %dx%d (1200x660)", sz, wantW, wantH)
	}
}

func TestSizeValue(t *testing.T) {
	for label, want := range map[string]float64{"1024": 1024, "n=64": 64, "n=1e5": 1e5, "64x4096x64": 0, "M=1024:8x8^4": 0, "1024x1000": 0, "8x8(x)256x256": 0} {
		got, ok := sizeValue(label)
		if got != want || ok != (want > 0) {
			t.Errorf("sizeValue(%q) = %v, %v; want %v", label, got, ok, want)
		}
	}
}
