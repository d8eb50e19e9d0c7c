package bench

import (
	"testing"
	"unsafe"
)

func TestArraysLayout(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1024, 4096, 100000} {
		for k := 1; k <= 4; k++ {
			x := Arrays[float64](k, n)
			for j := range x {
				if len(x[j]) != n || cap(x[j]) != n {
					t.Fatalf("n=%d k=%d: array %d has len %d cap %d", n, k, j, len(x[j]), cap(x[j]))
				}
				if n == 0 {
					continue
				}
				addr := uintptr(unsafe.Pointer(&x[j][0]))
				if addr%64 != 0 {
					t.Errorf("n=%d k=%d: array %d not 64-byte aligned", n, k, j)
				}
				for i := 0; i < j; i++ {
					a := uintptr(unsafe.Pointer(&x[i][0]))
					if a%4096 == addr%4096 {
						t.Errorf("n=%d k=%d: arrays %d and %d start at the same offset modulo 4 KiB", n, k, i, j)
					}
					if a+uintptr(8*n) > addr {
						t.Errorf("n=%d k=%d: arrays %d and %d overlap", n, k, i, j)
					}
				}
				if x[j][n-1] == 0 {
					t.Errorf("n=%d k=%d: array %d not filled", n, k, j)
				}
			}
		}
	}
	if x := Arrays[float32](3, 5); len(x[2]) != 5 || uintptr(unsafe.Pointer(&x[0][0]))%64 != 0 {
		t.Error("float32 arrays malformed")
	}
}
