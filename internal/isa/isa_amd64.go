//go:build amd64 && !purego

package isa

import "golang.org/x/sys/cpu"

const assemblyBuilt = true

func sysHasAVX2() bool { return cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA }

func sysHasAVX512() bool {
	return cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL
}
