package dispatch

// Elem holds the elementwise, Kronecker and transpose primitives (the Hadamard family, scaled row copies, register-tile transposes).
// Its fields are function values filled per level by register calls in this file and
// in elem_amd64.go.
type Elem struct{}
