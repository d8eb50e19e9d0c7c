package dispatch

import "github.com/matkern/matkern/asm"

// Act holds the exp and activation primitives (exp, sigmoid, softmax and their Jacobian products).
// Its fields are function values filled per level by register calls in this file and
// in act_amd64.go. The float64 and float32 forms of each primitive sit side by side;
// the asm package documents each one (its …Generic function is the specification).
type Act struct {
	// ExpF64 and ExpF32 set dst[i] = e^x[i]; every level returns the same bits.
	ExpF64 func(dst, x []float64)
	ExpF32 func(dst, x []float32)
}

var _ = register(Generic, func(t *Table) {
	t.Act = Act{
		ExpF64: asm.ExpF64Generic,
		ExpF32: asm.ExpF32Generic,
	}
})
