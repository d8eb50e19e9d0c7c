// Package ref holds obviously correct reference implementations that tests compare
// matkern's kernels against: plain loops, accumulated in float64 (or math/big where
// float64 is not exact enough), written for clarity and never for speed.
package ref
