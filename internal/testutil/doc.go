// Package testutil is matkern's test harness: a subtest per dispatch level, guarded
// slices and matrices that catch stray writes, seeded random inputs that print their
// seed on failure, and ULP and relative-error comparisons with stated bounds.
package testutil
