package testutil

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/matkern/matkern/internal/view"
)

// SeedEnv names the environment variable that fixes the random seed, to replay a failure.
const SeedEnv = "MATKERN_SEED"

// Rand returns a random source for t, seeded from MATKERN_SEED or the clock; the seed is
// logged when t fails so the failure can be replayed.
func Rand(t testing.TB) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(SeedEnv); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", SeedEnv, v, err)
		}
		seed = s
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("random seed: %s=%d", SeedEnv, seed)
		}
	})
	return rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
}

// Slice returns n values uniform in [-1, 1).
func Slice[T view.Float](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(2*r.Float64() - 1)
	}
	return s
}

// Matrix returns a rows×cols contiguous matrix of values uniform in [-1, 1).
func Matrix[T view.Float](r *rand.Rand, rows, cols int) view.Matrix[T] {
	stride := max(cols, 1)
	return view.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: Slice[T](r, rows*stride)}
}
