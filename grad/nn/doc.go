// Package nn is a multilayer perceptron trained by backpropagation on matkern's GEMM
// engine and kernels: dense layers Y = act(X·W + 1·bᵀ) on batches of rows, activations
// identity, sigmoid, tanh, ReLU and GELU, a softmax cross-entropy or mean-squared-error
// loss, SGD (momentum, Nesterov) and Adam/AdamW, Xavier and He initialization, and a
// checksummed binary file format (Save, Load, Read).
//
// # Precision
//
// Every type is generic over the element type, float32 or float64: MLP[float32] runs on
// blocked.Gemm32 and the …32 kernels, MLP[float64] on blocked.Gemm and the float64
// kernels. One implementation serves both (a per-precision table of library calls
// chosen once, without allocation); the loss is returned as float64 in both.
//
// # Orientation
//
// A batch is N rows (X is N×In, any stride). A layer stores W as In×Out row-major, so
//
//	forward   Z = X·W          GEMM NoTrans/NoTrans, then Y = act(Z + 1·bᵀ)   kernels.BiasAct
//	backward  δ = ∂L/∂Z = ∂L/∂Y ⊙ act′                                        kernels.ActVJP
//	          ∂L/∂W = Xᵀ·δ     GEMM Trans/NoTrans
//	          ∂L/∂b = 1ᵀ·δ                                                    kernels.ColSums
//	          ∂L/∂X = δ·Wᵀ     GEMM NoTrans/Trans
//
// which is docs/conventions.md's zᵈ = Wᵈaᵈ⁻¹ + bᵈ, δᵈ = f′(zᵈ) ⊙ (Wᵈ⁺¹)ᵀδᵈ⁺¹, ∂L/∂Wᵈ = δᵈ(aᵈ⁻¹)ᵀ
// with the batch as rows and W = (Wᵈ)ᵀ. The package contains no arithmetic loops of
// its own: every elementwise, bias, loss and optimizer pass is a kernels function.
//
// # Cost and cores
//
// A training step costs 6·N·Σ(In·Out) flops in GEMMs (two for the forward product,
// two each for ∂W and ∂X) plus a few passes over the activations. Large GEMMs (and
// large elementwise passes) use blocked.Threads() cores; every element is computed the
// same way however the work is split, so training gives the same bits with one core or
// many. Workspaces are sized once for the largest batch and reused, so steady-state
// training allocates nothing.
//
// # File format
//
// Save writes, little-endian: the magic "\x89MKMLP\r\n", version uint16 = 1, a
// precision byte (4 or 8), a loss byte (0 cross-entropy, 1 squared error), the layer
// count uint32, then per layer In, Out and an activation code (uint32 each: 0 identity,
// 1 sigmoid, 2 tanh, 3 ReLU, 4 GELU), then the parameters in MLP.Params order (every
// layer's W row-major, then every layer's b) as IEEE 754 values of the precision, and
// last a CRC-32 (IEEE) of all the bytes before it. Load and Read check all of it and
// report what is wrong (ErrFormat: bad magic, unsupported version, truncation, trailing
// bytes, checksum mismatch, inconsistent header; ErrMismatch: another architecture or
// precision than the network's), and change nothing on error.
package nn
