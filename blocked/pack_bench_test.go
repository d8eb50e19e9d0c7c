package blocked

import (
	"fmt"
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/testutil"
)

// BenchmarkPack times packing a 256×256 float64 block into 8-row A panels and 24-column
// B panels, both orientations; the metric is ns per element.
func BenchmarkPack(b *testing.B) {
	const n, mr, nr = 256, 8, 24
	r := testutil.Rand(b)
	src := testutil.Matrix[float64](r, n, n)
	dst := make([]float64, (n+nr)*n)
	pk := packersOf[float64](dispatch.Current())
	for _, trans := range []bool{false, true} {
		b.Run(fmt.Sprintf("A/trans=%v", trans), func(b *testing.B) {
			for range b.N {
				packAWith(pk, dst, src, trans, 0, 0, n, n, mr, 0, n/mr)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*n), "ns/elem")
		})
		b.Run(fmt.Sprintf("B/trans=%v", trans), func(b *testing.B) {
			for range b.N {
				packBWith(pk, dst, src, trans, 0, 0, n, n, nr, 0, (n+nr-1)/nr)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*n), "ns/elem")
		})
	}
}
