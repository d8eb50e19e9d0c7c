package dispatch

// GEMM holds the matrix-multiply micro-kernels and the register-tile geometry (MR×NR) each level uses.
// Its fields are function values filled per level by register calls in this file and
// in gemm_amd64.go.
type GEMM struct{}
