// Package grad will hold gradients built on matkern's kernels: MLP backpropagation,
// log-determinant gradients, the trace-trick gradient catalogue and a gradient checker.
// It composes kernels and contains no assembly and no copies of kernel loops.
package grad
