package asm

// The Kronecker-product primitives. A row kernel writes one output row of A⊗B: for
// every j, the block dst[j·q : (j+1)·q] (q = len(b)) is a scaled copy of b, the row of B,
// by a[j], the element of A's row; dst must hold len(a)·len(b) elements. The copy kernel
// streams a finished buffer to a large output with non-temporal stores; a store
// fence after the last copy makes them ordered like ordinary stores.

// KronRowF64Generic sets dst[j·q+l] = a[j]·b[l] for j < len(a), l < q = len(b).
// It panics if dst is shorter than len(a)·len(b). dst must not overlap a or b.
func KronRowF64Generic(dst, a, b []float64) {
	q := len(b)
	dst = dst[:len(a)*q]
	for j, aj := range a {
		ScaleF64Generic(dst[j*q:(j+1)*q], aj, b)
	}
}

// KronRowF32Generic is KronRowF64Generic for float32.
func KronRowF32Generic(dst, a, b []float32) {
	q := len(b)
	dst = dst[:len(a)*q]
	for j, aj := range a {
		ScaleF32Generic(dst[j*q:(j+1)*q], aj, b)
	}
}

// KronRowAddF64Generic sets dst[j·q+l] = fma(s_j, b[l], dst[j·q+l]) with s_j = alpha·a[j]
// (rounded), for j < len(a), l < q = len(b): one row of dst += alpha·(A⊗B).
// It panics if dst is shorter than len(a)·len(b). dst must not overlap a or b.
func KronRowAddF64Generic(dst []float64, alpha float64, a, b []float64) {
	q := len(b)
	dst = dst[:len(a)*q]
	for j, aj := range a {
		AxpyF64Generic(dst[j*q:(j+1)*q], alpha*aj, b)
	}
}

// KronRowAddF32Generic is KronRowAddF64Generic for float32.
func KronRowAddF32Generic(dst []float32, alpha float32, a, b []float32) {
	q := len(b)
	dst = dst[:len(a)*q]
	for j, aj := range a {
		AxpyF32Generic(dst[j*q:(j+1)*q], alpha*aj, b)
	}
}

// CopyF32Generic sets dst[i] = src[i] for i < len(dst) (CopyF64Generic is in
// stream_generic.go). It panics if src is shorter than dst.
func CopyF32Generic(dst, src []float32) {
	copy(dst, src[:len(dst)])
}

// StoreFenceGeneric does nothing: the generic copy has no non-temporal stores to order.
func StoreFenceGeneric() {}

// KronRowNTF64Generic reports false: the generic level has no non-temporal stores, so
// callers take their staging path (KronRow into a buffer, then the copy).
func KronRowNTF64Generic(dst, a, b []float64) bool { return false }

// KronRowNTF32Generic is KronRowNTF64Generic for float32.
func KronRowNTF32Generic(dst, a, b []float32) bool { return false }
