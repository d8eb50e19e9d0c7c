//go:build !amd64 || purego

package blocked

import "github.com/matkern/matkern/internal/view"

// transposeNTF64 has no non-temporal kernel to run here.
func transposeNTF64(dst, src view.Matrix[float64]) bool { return false }
