//go:build !amd64 || purego

package dispatch

// assemblyBuilt reports whether this build contains the amd64 assembly.
const assemblyBuilt = false

func sysHasAVX2() bool   { return false }
func sysHasAVX512() bool { return false }
