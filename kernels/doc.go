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
// VJPs, BiasAct and ActVJP (by rows), ColSums (by columns), SGD and Adam (by
// parameters), and Softmax, LogSoftmax and their JVP/VJP split large outputs into
// contiguous parts (rows for matrices); Transpose, Vec and Unvec split large inputs and
// outputs; Kron and its variants split large outputs by rows. "Large" is decided once,
// at start-up, by a rule over the machine's cache sizes, core count and the measured
// cost of waking a worker (internal/tune): beyond every cache the process can count on
// as its own where cpuid's L3 is missing or is the whole socket's (on a 2-core VM with
// 2 MiB L2s: 64 MiB of output for the elementwise and softmax functions), an eighth of
// the L3 where it is plausibly this process's; a softmax whose rows fit in the L2 splits
// only from half of that L3. The Jacobian builders and SoftmaxCrossEntropy stay on one goroutine. Every
// element is computed the same way however the work is split, so results do not depend
// on the number of cores.
package kernels
