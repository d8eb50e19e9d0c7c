//go:build !(openblas && cgo)

package bench

// Without the openblas build tag (or without cgo) there is no OpenBLAS column; the
// bench says how to get one.
func openBLAS() Library { return Library{Name: "openblas", Note: openBLASHowTo} }
