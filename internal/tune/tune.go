// Package tune holds the size thresholds that tests in more than one package lower to
// reach a code path with small inputs. They are variables only for that: the library
// reads them, and code outside matkern cannot reach them. The measurements behind each
// value are written where the value is used.
package tune

import "github.com/matkern/matkern/dispatch"

var (
	// KronNTMinBytes is the output size from which Kron writes with non-temporal stores
	// (see blocked/kron.go): half the last-level cache.
	KronNTMinBytes = dispatch.Caches().L3 / 2

	// TransposeNTMinBytes is the size of src and dst together from which a float64
	// transpose at the AVX-512 level writes with non-temporal stores (see
	// blocked/transpose.go): an eighth of the last-level cache.
	TransposeNTMinBytes = dispatch.Caches().L3 / 8

	// ParMinBytes is the output size from which the elementwise and activation kernels
	// split their work across blocked.Threads() cores (see kernels/elem_internal.go): an
	// eighth of the last-level cache.
	ParMinBytes = dispatch.Caches().L3 / 8
)
