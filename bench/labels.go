package bench

import (
	"fmt"
	"math"
)

// sizeLabel formats an element count as "n=1e5" when it is a power of ten and as
// "n=12345" otherwise.
func sizeLabel(n int) string {
	if e := math.Log10(float64(n)); n > 0 && e == math.Trunc(e) && e >= 3 {
		return fmt.Sprintf("n=1e%d", int(e))
	}
	return fmt.Sprintf("n=%d", n)
}
