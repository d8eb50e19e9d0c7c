package ref

import "github.com/matkern/matkern/internal/view"

// Add returns a + b elementwise in a new slice.
func Add[T view.Float](a, b []T) []T {
	out := make([]T, len(a))
	for i := range a {
		out[i] = a[i] + b[i]
	}
	return out
}

// Fill returns a new slice of n copies of v.
func Fill[T view.Float](n int, v T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = v
	}
	return out
}
