package tune

import (
	"testing"

	"github.com/matkern/matkern/dispatch"
)

const (
	kib = 1 << 10
	mib = 1 << 20
)

// Facts of the machines the rule was written for. Emerald Rapids: this VM (2 vCPUs,
// cpuid reports the socket's 260 MiB L3). Zen 5: issue #16's VM (2 cores, no L3
// reported: dispatch's 16 MiB default stands in). Ice Lake: the earlier test server (2
// cores, 48 MiB L3 shared with the rest of the socket). Desktop: 8 cores owning a 32 MiB
// L3. Default-only: cpuid reported no cache at all.
var (
	emeraldRapids = Facts{L1D: 48 * kib, L2: 2 * mib, L3: 260 * mib, L2Known: true, L3Known: true, Cores: 2, WakeNs: 700}
	zen5          = Facts{L1D: 48 * kib, L2: 1 * mib, L3: dispatch.DefaultL3, L2Known: true, L3Known: false, Cores: 2, WakeNs: 700}
	iceLake       = Facts{L1D: 48 * kib, L2: 1280 * kib, L3: 48 * mib, L2Known: true, L3Known: true, Cores: 2, WakeNs: 1000}
	desktop       = Facts{L1D: 48 * kib, L2: 1 * mib, L3: 32 * mib, L2Known: true, L3Known: true, Cores: 8, WakeNs: 700}
	defaultOnly   = Facts{L1D: dispatch.DefaultL1D, L2: dispatch.DefaultL2, L3: dispatch.DefaultL3, Cores: 2}
)

// TestRule checks the thresholds the rule gives on each machine's facts, worked out by
// hand from the rule's text.
func TestRule(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Facts
		want Thresholds
	}{
		{"emerald-rapids-socket-L3", emeraldRapids, Thresholds{
			Par: 64 * mib, RowPar: 64 * mib, RowFit: 1 * mib, NT: 8 * mib, KronNT: 32 * mib, TransposeNT: 8 * mib, Cache: 64 * mib}},
		{"zen5-no-L3", zen5, Thresholds{
			Par: 32 * mib, RowPar: 32 * mib, RowFit: 512 * kib, NT: 4 * mib, KronNT: 16 * mib, TransposeNT: 4 * mib, Cache: 32 * mib}},
		{"ice-lake-shared-48MiB", iceLake, Thresholds{
			Par: 40 * mib, RowPar: 40 * mib, RowFit: 640 * kib, NT: 5 * mib, KronNT: 20 * mib, TransposeNT: 5 * mib, Cache: 40 * mib}},
		{"desktop-own-L3", desktop, Thresholds{
			Par: 4 * mib, RowPar: 16 * mib, RowFit: 512 * kib, NT: 4 * mib, KronNT: 16 * mib, TransposeNT: 4 * mib, OwnL3: true, Cache: 32 * mib}},
		{"default-only", defaultOnly, Thresholds{ // L2 a default too: taken as 1 MiB
			Par: 32 * mib, RowPar: 32 * mib, RowFit: 512 * kib, NT: 4 * mib, KronNT: 16 * mib, TransposeNT: 4 * mib, Cache: 32 * mib}},
		{"one-core", Facts{L1D: 48 * kib, L2: 2 * mib, L3: 30 * mib, L2Known: true, L3Known: true, Cores: 1}, Thresholds{
			Par: Never, RowPar: Never, RowFit: 1 * mib, NT: 30 * mib / 8, KronNT: 15 * mib, TransposeNT: 30 * mib / 8, OwnL3: true, Cache: 30 * mib}},
		// A small own L3 and no wake measurement: the wake floor (16 × 10 µs × 16 B/ns) decides.
		{"small-L3-unmeasured-wake", Facts{L1D: 32 * kib, L2: 256 * kib, L3: 4 * mib, L2Known: true, L3Known: true, Cores: 4}, Thresholds{
			Par: 2_560_000, RowPar: 2_560_000, RowFit: 128 * kib, NT: 512 * kib, KronNT: 2 * mib, TransposeNT: 512 * kib, OwnL3: true, Cache: 4 * mib}},
	} {
		got := Rule(c.f)
		if got != c.want {
			t.Errorf("%s: Rule(%+v) =\n\t%+v, want\n\t%+v", c.name, c.f, got, c.want)
		}
	}
}

// TestRuleIssueCases checks the decisions for the operations of issue #16: the ones that
// lost on two cores on the Zen 5 stay on one there and here, the 128 MiB Kronecker
// product streams and splits here.
func TestRuleIssueCases(t *testing.T) {
	const n = 1024 * 1000
	for _, c := range []struct {
		name  string
		f     Facts
		bytes int  // output bytes
		rows  bool // a row operation whose rows fit in RowFit
		split bool
	}{
		{"zen5/softmax-f32-1024x1000", zen5, 4 * n, true, false},
		{"zen5/sigmoid-f32-1e6", zen5, 4e6, false, false},
		{"zen5/sigmoid-jvp-f64-1e6", zen5, 8e6, false, false},
		{"emerald/softmax-f32-1024x1000", emeraldRapids, 4 * n, true, false},
		{"emerald/hadamard-f64-1e6", emeraldRapids, 8e6, false, false},
		{"emerald/hadamard-f64-1e7", emeraldRapids, 8e7, false, true},
		{"ice-lake/hadamard-f64-1e5", iceLake, 8e5, false, false},
		{"desktop/hadamard-f64-1e6", desktop, 8e6, false, true},
		{"desktop/softmax-f32-1024x1000", desktop, 4 * n, true, false},
	} {
		th := Rule(c.f)
		min := th.Par
		if c.rows {
			min = th.RowPar
		}
		if got := c.bytes >= min; got != c.split {
			t.Errorf("%s: split %v, want %v (thresholds %+v)", c.name, got, c.split, th)
		}
	}
	if th := Rule(emeraldRapids); 128*mib < th.KronNT {
		t.Errorf("emerald: the 128 MiB (64×64)⊗(64×64) output stays below KronNTMinBytes = %d", th.KronNT)
	}
}

// TestRuleErrsOnOneCore checks that removing or spoiling a fact never makes the rule
// split sooner: an L3 not reported, an L3 grown past plausibility, an L2 not reported,
// no wake measurement.
func TestRuleErrsOnOneCore(t *testing.T) {
	for _, f := range []Facts{emeraldRapids, zen5, iceLake, desktop} {
		base := Rule(f)
		spoilt := []Facts{f, f, f, f}
		spoilt[0].L3Known = false
		spoilt[1].L3 = 1 << 30 // 1 GiB: more than 16 × L2 × cores on each machine
		spoilt[2].L2Known = false
		spoilt[3].WakeNs = 0
		for i, g := range spoilt {
			if th := Rule(g); th.Par < base.Par || th.RowPar < base.RowPar {
				t.Errorf("%+v spoilt (%d) to %+v: Par %d, RowPar %d, below %d, %d", f, i, g, th.Par, th.RowPar, base.Par, base.RowPar)
			}
		}
	}
}

// TestMachine checks that the variables start at the rule's values for this machine.
func TestMachine(t *testing.T) {
	f, th := Info()
	if ParMinBytes != th.Par || RowParMinBytes != th.RowPar || NTMinBytes != th.NT || KronNTMinBytes != th.KronNT || TransposeNTMinBytes != th.TransposeNT {
		t.Errorf("variables differ from Rule(%+v) = %+v", f, th)
	}
	t.Logf("facts %+v\nthresholds %+v", f, th)
}

// TestRuleManyCores checks that the bound on a believable L3 does not overflow on a
// machine with many cores (int is 32 bits on 386): every threshold stays positive.
func TestRuleManyCores(t *testing.T) {
	f := Facts{L1D: 48 * kib, L2: 2 * mib, L2Known: true, Cores: 64, WakeNs: 700}
	th := Rule(f)
	for name, v := range map[string]int{"Par": th.Par, "RowPar": th.RowPar, "NT": th.NT, "KronNT": th.KronNT, "TransposeNT": th.TransposeNT, "Cache": th.Cache} {
		if v <= 0 {
			t.Errorf("64 cores, 2 MiB L2: %s = %d, want > 0", name, v)
		}
	}
}
