//go:build !linux

package asm_test

import "time"

// threadCPU is not measured outside Linux (the benchmark reports wall time only).
func threadCPU() time.Duration { return 0 }
