// Package kernels is matkern's public API: elementwise (Hadamard) and Kronecker
// products, Kronecker-free products such as vec(AXB) = (Bᵀ⊗A)vec(X), the sigmoid,
// softmax, tanh, ReLU and GELU activations with their Jacobian-vector and
// vector-Jacobian products, the dense-layer epilogues of training (BiasAct, ActVJP,
// ColSums) and fused optimizer steps (SGD, Adam/AdamW), in float64 and float32.
//
// Matrices are gonum's row-major layout with a stride (blas64.General, blas32.General;
// a *mat.Dense gives one with RawMatrix). Every function checks shapes first and panics
// with a message naming itself and the shapes on a mismatch; it then runs the
// implementation that package dispatch put in force for this CPU.
//
// Large outputs use several cores, split across blocked.Threads() goroutines
// (GOMAXPROCS by default; blocked.SetThreads(1) keeps everything on the calling
// goroutine): the Hadamard family (Hadamard, HadamardAdd, Add, Sub, Scale, Axpy and
// their Mat forms), Exp, Sigmoid with its JVP, VJP and Grad, Tanh, ReLU, GELU and their
// VJPs, BiasAct and ActVJP (by rows), ColSums (by columns, from an eighth of the cache of
// input), SGD and Adam (by parameters), and Softmax, LogSoftmax and their JVP/VJP split
// outputs of an eighth of the last-level cache and more into
// contiguous parts (rows for matrices); Transpose, Vec and Unvec split from an eighth of
// it for input and output together; Kron and its variants split outputs of half of it
// by rows. The Jacobian builders and SoftmaxCrossEntropy stay on one goroutine. Every
// element is computed the same way however the work is split, so results do not depend
// on the number of cores.
package kernels
