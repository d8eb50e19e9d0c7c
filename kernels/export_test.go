package kernels

// ForceParallel is forceParallel for the tests of package kernels_test.
var ForceParallel = forceParallel
