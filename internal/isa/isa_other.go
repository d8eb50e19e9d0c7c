//go:build !amd64 || purego

package isa

const assemblyBuilt = false

func sysHasAVX2() bool   { return false }
func sysHasAVX512() bool { return false }
