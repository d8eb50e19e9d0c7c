package dispatch

// Act holds the exp and activation primitives (exp, sigmoid, softmax and their Jacobian products).
// Its fields are function values filled per level by register calls in this file and
// in act_amd64.go.
type Act struct{}
