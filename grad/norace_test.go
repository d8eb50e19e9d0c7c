//go:build !race

package grad_test

// raceEnabled reports whether the race detector is on (it makes sync.Pool drop buffers
// at random, so allocation counts mean nothing).
const raceEnabled = false
