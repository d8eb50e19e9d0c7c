package dispatch

// Factored holds the sliced-multiply kernels of the Kronecker-free products (one step
// of Y = X·(F1⊗…⊗Fk): a small factor applied to a strided operand, every row tile in
// one call). Its fields are function values filled per level by register calls in this
// file and in factored_amd64.go.
type Factored struct{}
