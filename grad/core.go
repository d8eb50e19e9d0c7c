package grad

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/internal/view"
	"github.com/matkern/matkern/kernels"
)

// This file holds the generic machinery behind LU, LU32, Cholesky and Cholesky32:
// workspaces, the input scan, the products (all through blocked.Gemm) and the shape
// checks. The exported types in logdet.go are thin wrappers.

// status is what a factorization object knows about its matrix.
type status uint8

const (
	stOK        status = iota // factorized, non-singular (or positive definite)
	stSingular                // LU: some U[i][i] == 0
	stNotPD                   // Cholesky: a pivot was not positive
	stNonFinite               // the input held a NaN or ±Inf: every result is NaN
)

// grow returns s with length n, reusing its storage when it is large enough.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// square returns the n×n contiguous view of the first n² elements of d.
func square[T view.Float](d []T, n int) view.Matrix[T] {
	return view.Matrix[T]{Rows: n, Cols: n, Stride: max(n, 1), Data: d[:n*n]}
}

// checkSquare panics, naming fn, unless x is a valid square view, and returns its order.
func checkSquare[T view.Float](fn string, x view.Matrix[T]) int {
	view.Check(fn, "x", x)
	if x.Rows != x.Cols {
		panic(fmt.Sprintf("%s: x is %s, want a square matrix", fn, x.Shape()))
	}
	return x.Rows
}

// norm1 returns the 1-norm of the n×n contiguous matrix a (largest column sum of
// |aᵢⱼ|), reading the lower triangle only and mirroring it when sym is set; NaN if a
// NaN or ±Inf is read. The column sums carry NaN and Inf along, so only a non-finite
// sum (rare: bad input, or an overflow of finite entries, then +Inf is returned) costs a
// second, exact scan. cs is n scratch. Cost: one pass over a, no add-latency chain
// (row sums of the mirrored part in four partial sums).
func norm1[T view.Float](a []T, n int, sym bool, cs []float64) float64 {
	clear(cs)
	if !sym {
		// Four rows a pass: a quarter of the read-modify-writes of cs (the row-at-a-time
		// loop was 12% of LU.FactorizeGrad at n = 64 in pprof on a Zen 4).
		cs := cs[:n]
		i := 0
		for ; i+4 <= n; i += 4 {
			r0, r1 := a[i*n:][:len(cs)], a[(i+1)*n:][:len(cs)]
			r2, r3 := a[(i+2)*n:][:len(cs)], a[(i+3)*n:][:len(cs)]
			for j := range cs {
				cs[j] += (math.Abs(float64(r0[j])) + math.Abs(float64(r1[j]))) +
					(math.Abs(float64(r2[j])) + math.Abs(float64(r3[j])))
			}
		}
		for ; i < n; i++ {
			r := a[i*n : i*n+n]
			for j := range cs {
				cs[j] += math.Abs(float64(r[j]))
			}
		}
	}
	for i := 0; i < n && sym; i++ {
		row := a[i*n : i*n+i] // strictly below the diagonal
		c := cs[:len(row)]
		var s0, s1, s2, s3 float64
		j := 0
		for ; j+4 <= len(row); j += 4 {
			f0, f1 := math.Abs(float64(row[j])), math.Abs(float64(row[j+1]))
			f2, f3 := math.Abs(float64(row[j+2])), math.Abs(float64(row[j+3]))
			c[j] += f0
			c[j+1] += f1
			c[j+2] += f2
			c[j+3] += f3
			s0, s1, s2, s3 = s0+f0, s1+f1, s2+f2, s3+f3
		}
		for ; j < len(row); j++ {
			f := math.Abs(float64(row[j]))
			c[j] += f
			s0 += f
		}
		cs[i] += (s0 + s1) + (s2 + s3) + math.Abs(float64(a[i*n+i]))
	}
	m := 0.0
	for _, s := range cs {
		m = max(m, s) // max propagates NaN
	}
	if m <= math.MaxFloat64 {
		return m
	}
	for i := 0; i < n; i++ {
		row := a[i*n : i*n+n]
		if sym {
			row = row[:i+1]
		}
		for _, v := range row {
			if v-v != 0 {
				return math.NaN()
			}
		}
	}
	return math.Inf(1)
}

// fillNaN sets every element of dst to NaN.
func fillNaN[T view.Float](dst view.Matrix[T]) {
	nan := T(math.NaN())
	for i := 0; i < dst.Rows; i++ {
		row := dst.Row(i)
		for j := range row {
			row[j] = nan
		}
	}
}

// copyLower copies the lower triangle (with the diagonal) of src into dst.
func copyLower[T view.Float](dst, src view.Matrix[T]) {
	for i := 0; i < src.Rows; i++ {
		copy(dst.Row(i)[:i+1], src.Row(i)[:i+1])
	}
}

// copyMat copies src into dst (same shape).
func copyMat[T view.Float](dst, src view.Matrix[T]) {
	if n := src.Rows * src.Cols; src.Stride == src.Cols && dst.Stride == dst.Cols && n > 0 {
		copy(dst.Data[:n], src.Data[:n]) // one move instead of a move per row
		return
	}
	for i := 0; i < src.Rows; i++ {
		copy(dst.Row(i), src.Row(i))
	}
}

// gemm is blocked.Gemm or blocked.Gemm32 on views.
func gemm[T view.Float](tA, tB blas.Transpose, alpha T, a, b view.Matrix[T], beta T, c view.Matrix[T]) {
	if a64, ok := any(&a).(*view.Matrix[float64]); ok {
		b64, c64 := any(&b).(*view.Matrix[float64]), any(&c).(*view.Matrix[float64])
		blocked.Gemm(tA, tB, float64(alpha), view.General64(*a64), view.General64(*b64), float64(beta), view.General64(*c64))
		return
	}
	a32, b32, c32 := any(&a).(*view.Matrix[float32]), any(&b).(*view.Matrix[float32]), any(&c).(*view.Matrix[float32])
	blocked.Gemm32(tA, tB, float32(alpha), view.General32(*a32), view.General32(*b32), float32(beta), view.General32(*c32))
}

// scaleMat sets dst = α·src through kernels.ScaleMat or ScaleMat32 (dst may be src).
func scaleMat[T view.Float](dst view.Matrix[T], alpha T, src view.Matrix[T]) {
	if d64, ok := any(&dst).(*view.Matrix[float64]); ok {
		kernels.ScaleMat(view.General64(*d64), float64(alpha), view.General64(*any(&src).(*view.Matrix[float64])))
		return
	}
	kernels.ScaleMat32(view.General32(*any(&dst).(*view.Matrix[float32])), float32(alpha), view.General32(*any(&src).(*view.Matrix[float32])))
}

// frob returns Σᵢⱼ gᵢⱼ·dxᵢⱼ for the n×n contiguous g and the n×n view dx, as one
// 1×n² by n²×1 product through blocked.Gemm; a strided dx is first copied into the
// scratch *buf (grown to n² once). c is a 1-element scratch.
func frob[T view.Float](g []T, dx view.Matrix[T], c []T, buf *[]T) T {
	n := dx.Rows
	if n == 0 {
		return 0
	}
	d := dx.Data
	if !dx.Contiguous() {
		*buf = grow(*buf, n*n)
		copyMat(square(*buf, n), dx)
		d = *buf
	}
	cm := view.Matrix[T]{Rows: 1, Cols: 1, Stride: 1, Data: c[:1]}
	a := view.Matrix[T]{Rows: 1, Cols: n * n, Stride: n * n, Data: g[:n*n]}
	b := view.Matrix[T]{Rows: 1, Cols: n * n, Stride: n * n, Data: d[:n*n]}
	gemm(blas.NoTrans, blas.Trans, 1, a, b, 0, cm)
	return c[0]
}

// checkDirs panics, naming fn, unless dirs is a valid k×n² view (one flattened n×n
// direction per row, row-major), len(dst) = k, and dst does not overlap dirs.
func checkDirs[T view.Float](fn string, dst []T, n int, dirs view.Matrix[T]) {
	view.Check(fn, "dirs", dirs)
	if dirs.Cols != n*n || len(dst) != dirs.Rows {
		panic(fmt.Sprintf("%s: dirs is %s and len(dst) = %d, want k×%d (one flattened %d×%d direction per row) and len(dst) = k",
			fn, dirs.Shape(), len(dst), n*n, n, n))
	}
	view.NoOverlap(fn, "dst", dst, "dirs", dirs.Span())
}

// frobMany sets dst[k] = Σᵢⱼ gᵢⱼ·(row k of dirs)[i·n+j] for the checked k×n² matrix
// dirs, as the one product dst = dirs·r(g) (k×n² by n²×1) through blocked.Gemm.
func frobMany[T view.Float](dst []T, g []T, n int, dirs view.Matrix[T]) {
	if dirs.Rows == 0 {
		return
	}
	if n == 0 {
		clear(dst)
		return
	}
	b := view.Matrix[T]{Rows: n * n, Cols: 1, Stride: 1, Data: g[:n*n]}
	c := view.Matrix[T]{Rows: len(dst), Cols: 1, Stride: 1, Data: dst}
	gemm(blas.NoTrans, blas.NoTrans, 1, dirs, b, 0, c)
}

// badMany fills dst with NaN for a non-finite input (st), and returns err.
func badMany[T view.Float](dst []T, st status, err error) error {
	if st == stNonFinite {
		for i := range dst {
			dst[i] = T(math.NaN())
		}
	}
	return err
}

// badValue is the JVP value when there is no inverse: NaN for a non-finite input, 0
// with the error otherwise.
func badValue[T view.Float](st status) T {
	if st == stNonFinite {
		return T(math.NaN())
	}
	return 0
}

// luCore is the state of LU and LU32.
type luCore[T view.Float] struct {
	n      int
	st     status
	neg    bool    // det < 0
	logAbs float64 // log|det X|
	anorm  float64 // ‖X‖₁, taken before factoring (factorizeGrad: −1 until RCond needs it)

	a    []T   // the LU factors of X (P·X = L·U), stride n
	ipiv []int // row interchanges, 0-based
	inv  []T   // X⁻¹ once invOK
	invT []T   // X⁻ᵀ once invTOK (only for JVPs)
	work []T   // engine workspace for the inverse
	cs   []float64
	c    []T
	dxc  []T // a strided JVP direction, made contiguous

	invOK, invTOK bool
	noFactors     bool // factorizeGrad: X⁻¹ only, f.a holds X (not its factors)
	rcond         float64
	rcondOK       bool
	rc64, rcWork  []float64
	rcIwork       []int
}

func (f *luCore[T]) factorize(fn string, x view.Matrix[T]) error {
	n := checkSquare(fn, x)
	f.n, f.st, f.neg, f.logAbs = n, stOK, false, 0
	f.invOK, f.invTOK, f.rcondOK, f.noFactors = false, false, false, false
	f.a = grow(f.a, n*n)
	f.ipiv = grow(f.ipiv, n)
	f.cs = grow(f.cs, n)
	f.c = grow(f.c, 1)
	a := square(f.a, n)
	copyMat(a, x)
	f.anorm = norm1(f.a, n, false, f.cs)
	if math.IsNaN(f.anorm) {
		f.st, f.logAbs = stNonFinite, math.NaN()
		return nil
	}
	ok := luFactor(a, f.ipiv)
	for i := 0; i < n; i++ {
		u := float64(f.a[i*n+i])
		if u == 0 {
			ok = false
			continue
		}
		f.logAbs += math.Log(math.Abs(u))
		if u < 0 {
			f.neg = !f.neg
		}
		if f.ipiv[i] != i {
			f.neg = !f.neg
		}
	}
	if !ok {
		f.st, f.logAbs, f.neg = stSingular, math.Inf(-1), false
		return ErrSingular
	}
	return nil
}

// factorizeGrad computes X⁻¹ by Gauss–Jordan (no LU factors are kept), log|det X|
// and its sign from the pivots, and writes ḡ·X⁻ᵀ into dst (see LU.FactorizeGrad).
func (f *luCore[T]) factorizeGrad(fn string, x, dst view.Matrix[T], gbar T) error {
	n := checkSquare(fn, x)
	view.Dims(fn, "dst", dst, n, n)
	f.n, f.st, f.neg, f.logAbs = n, stOK, false, 0
	f.invOK, f.invTOK, f.rcondOK, f.noFactors = false, false, false, true
	f.inv = grow(f.inv, n*n)
	f.ipiv = grow(f.ipiv, n)
	f.cs = grow(f.cs, n)
	f.c = grow(f.c, 1)
	inv := square(f.inv, n)
	copyMat(inv, x)
	// ‖X‖₁ (for RCond) and the check for NaN and ±Inf wait for the elimination: a
	// non-finite entry never becomes finite (x + Inf is Inf or NaN), and Gauss–Jordan
	// carries it into a pivot (the pivot search takes NaN or Inf first, and a pivot row
	// holding one spreads Inf or NaN down that column's unswept rows, 0·Inf included),
	// so a non-finite X ends with a non-finite log|det| or at a zero pivot, and only
	// then is X scanned (TestFactorizeGradNonFinite). X is kept in f.a for that and for
	// RCond; the scan up front was 10% of FactorizeGrad at n = 64 (pprof, Zen 4).
	f.a = grow(f.a, n*n)
	copy(f.a, f.inv)
	f.anorm = -1 // not computed yet: norm1 of f.a
	logAbs, sign, ok := gjInverse(inv, f.ipiv)
	if !(math.Abs(logAbs) <= math.MaxFloat64) { // a zero pivot (!ok) comes with −Inf
		if f.anorm = norm1(f.a, n, false, f.cs); math.IsNaN(f.anorm) {
			f.st, f.logAbs, f.invOK = stNonFinite, math.NaN(), false
			fillNaN(dst)
			return nil
		}
	}
	if !ok {
		f.st, f.logAbs = stSingular, math.Inf(-1)
		return ErrSingular
	}
	f.logAbs, f.neg, f.invOK = logAbs, sign < 0, true
	if n == 0 {
		return nil
	}
	blocked.Transpose(dst, inv)
	if gbar != 1 {
		scaleMat(dst, gbar, dst)
	}
	return nil
}

func (f *luCore[T]) sign() float64 {
	switch {
	case f.st == stNonFinite:
		return math.NaN()
	case f.st == stSingular:
		return 0
	case f.neg:
		return -1
	}
	return 1
}

// inverse makes f.inv hold X⁻¹; false for a singular X (nothing computed) and for a
// non-finite one (the caller writes NaN).
func (f *luCore[T]) inverse() bool {
	if f.st != stOK {
		return false
	}
	if !f.invOK {
		n := f.n
		f.inv = grow(f.inv, n*n)
		f.work = grow(f.work, luInverseWork(n))
		inv := square(f.inv, n)
		copy(f.inv, f.a)
		luInverse(inv, f.ipiv, f.work)
		f.invOK = true
	}
	return true
}

// inverseT makes f.invT hold X⁻ᵀ (computing the inverse first).
func (f *luCore[T]) inverseT() bool {
	if !f.inverse() {
		return false
	}
	if !f.invTOK {
		f.invT = grow(f.invT, f.n*f.n)
		blocked.Transpose(square(f.invT, f.n), square(f.inv, f.n))
		f.invTOK = true
	}
	return true
}

// err is the error of the methods that need the inverse: nil or ErrSingular.
func (f *luCore[T]) err() error {
	if f.st == stSingular {
		return ErrSingular
	}
	return nil
}

func (f *luCore[T]) grad(fn string, dst view.Matrix[T], gbar T) error {
	view.Dims(fn, "dst", dst, f.n, f.n)
	if !f.inverse() {
		if f.st == stNonFinite {
			fillNaN(dst)
		}
		return f.err()
	}
	if f.n == 0 {
		return nil
	}
	blocked.Transpose(dst, square(f.inv, f.n))
	if gbar != 1 {
		scaleMat(dst, gbar, dst)
	}
	return nil
}

func (f *luCore[T]) inverseTo(fn string, dst view.Matrix[T]) error {
	view.Dims(fn, "dst", dst, f.n, f.n)
	if !f.inverse() {
		if f.st == stNonFinite {
			fillNaN(dst)
		}
		return f.err()
	}
	copyMat(dst, square(f.inv, f.n))
	return nil
}

func (f *luCore[T]) jvp(fn string, dx view.Matrix[T]) (T, error) {
	view.Dims(fn, "dx", dx, f.n, f.n)
	if !f.inverseT() {
		return badValue[T](f.st), f.err()
	}
	return frob(f.invT, dx, f.c, &f.dxc), nil
}

func (f *luCore[T]) jvps(fn string, dst []T, dirs view.Matrix[T]) error {
	checkDirs(fn, dst, f.n, dirs)
	if !f.inverseT() {
		return badMany(dst, f.st, f.err())
	}
	frobMany(dst, f.invT, f.n, dirs)
	return nil
}

func (f *luCore[T]) rcondEst() float64 {
	switch f.st {
	case stNonFinite:
		return math.NaN()
	case stSingular:
		return 0
	}
	if !f.rcondOK {
		n := f.n
		f.rcWork = grow(f.rcWork, 4*n)
		f.rcIwork = grow(f.rcIwork, n)
		if f.noFactors {
			// Exact from the inverse: 1/(‖X‖₁·‖X⁻¹‖₁), X kept in f.a.
			if f.anorm < 0 {
				f.anorm = norm1(f.a, n, false, f.cs)
			}
			f.rcond = 0
			if in := norm1(f.inv, n, false, f.cs); f.anorm*in > 0 {
				f.rcond = 1 / (f.anorm * in)
			} else if n == 0 {
				f.rcond = 1
			}
		} else {
			d := f.factors64()
			f.rcond = luRCond(n, d, max(n, 1), f.anorm, f.rcWork, f.rcIwork)
		}
		f.rcondOK = true
	}
	return f.rcond
}

// factors64 returns the factors as float64 (widened into a scratch for float32).
func (f *luCore[T]) factors64() []float64 {
	if d, ok := any(f.a).([]float64); ok {
		return d
	}
	f.rc64 = grow(f.rc64, f.n*f.n)
	for i, v := range f.a {
		f.rc64[i] = float64(v)
	}
	return f.rc64
}

// cholCore is the state of Cholesky and Cholesky32.
type cholCore[T view.Float] struct {
	n      int
	st     status
	pivot  int
	logDet float64
	anorm  float64

	a   []T // L in the lower triangle, stride n
	inv []T // Σ⁻¹, both triangles, once invOK
	cs  []float64
	c   []T
	dxc []T // a strided JVP direction, made contiguous

	invOK        bool
	noFactors    bool // factorizeGrad: Σ⁻¹ only, f.a holds Σ (not its factor)
	rcond        float64
	rcondOK      bool
	rc64, rcWork []float64
	rcIwork      []int
}

func (f *cholCore[T]) factorize(fn string, x view.Matrix[T]) error {
	n := checkSquare(fn, x)
	f.n, f.st, f.pivot, f.logDet = n, stOK, -1, 0
	f.invOK, f.rcondOK, f.noFactors = false, false, false
	f.a = grow(f.a, n*n)
	f.cs = grow(f.cs, n)
	f.c = grow(f.c, 1)
	a := square(f.a, n)
	copyLower(a, x)
	f.anorm = norm1(f.a, n, true, f.cs)
	if math.IsNaN(f.anorm) {
		f.st, f.logDet = stNonFinite, math.NaN()
		return nil
	}
	if p := cholFactor(a); p >= 0 {
		f.st, f.pivot, f.logDet = stNotPD, p, math.NaN()
		return &NotPDError{Pivot: p}
	}
	for i := 0; i < n; i++ {
		f.logDet += math.Log(float64(f.a[i*n+i]))
	}
	f.logDet *= 2
	return nil
}

// factorizeGrad computes Σ⁻¹ by blocked.SPDInverse (no Cholesky factor is kept) and
// log det Σ with it, and writes ḡ·Σ⁻¹ into dst (see
// Cholesky.FactorizeGrad).
func (f *cholCore[T]) factorizeGrad(fn string, x, dst view.Matrix[T], gbar T) error {
	n := checkSquare(fn, x)
	view.Dims(fn, "dst", dst, n, n)
	f.n, f.st, f.pivot, f.logDet = n, stOK, -1, 0
	f.invOK, f.rcondOK, f.noFactors = false, false, true
	f.inv = grow(f.inv, n*n)
	f.cs = grow(f.cs, n)
	f.c = grow(f.c, 1)
	inv := square(f.inv, n)
	if x.Stride == n {
		copyMat(inv, x) // the upper triangle comes along, never read: one move
	} else {
		copyLower(inv, x)
	}
	// As in LU's factorizeGrad, the scan for NaN and ±Inf (and ‖Σ‖₁) waits for the
	// inversion: a non-finite entry of the lower triangle ends at a pivot that is not
	// positive (NaN fails the test; +Inf off the diagonal gives the next Schur
	// complement's diagonal −Inf or NaN, since xᵀ·A11⁻¹·x is +Inf for x holding one) or
	// at a log-determinant of +Inf (+Inf on the diagonal), and only then is Σ scanned
	// (TestCholeskyFactorizeGradNonFinite). Σ is kept in f.a for that and for RCond;
	// the scan up front took 2.8 µs at n = 64 (pprof, Zen 4).
	f.a = grow(f.a, n*n)
	copy(f.a, f.inv)
	f.anorm = -1 // not computed yet: norm1 of f.a (lower triangle)
	ld, p := spdInverse(inv)
	if !(math.Abs(ld) <= math.MaxFloat64) { // a failure (p ≥ 0) comes with NaN
		if f.anorm = norm1(f.a, n, true, f.cs); math.IsNaN(f.anorm) {
			f.st, f.logDet, f.invOK = stNonFinite, math.NaN(), false
			fillNaN(dst)
			return nil
		}
	}
	if p >= 0 {
		f.st, f.pivot, f.logDet = stNotPD, p, math.NaN()
		return &NotPDError{Pivot: p}
	}
	f.logDet, f.invOK = ld, true
	if n == 0 {
		return nil
	}
	if gbar == 1 {
		copyMat(dst, inv)
	} else {
		scaleMat(dst, gbar, inv)
	}
	return nil
}

func (f *cholCore[T]) err() error {
	if f.st == stNotPD {
		return &NotPDError{Pivot: f.pivot}
	}
	return nil
}

func (f *cholCore[T]) inverse() bool {
	if f.st != stOK {
		return false
	}
	if !f.invOK {
		n := f.n
		f.inv = grow(f.inv, n*n)
		inv := square(f.inv, n)
		copyLower(inv, square(f.a, n))
		cholInverse(inv)
		f.invOK = true
	}
	return true
}

func (f *cholCore[T]) grad(fn string, dst view.Matrix[T], gbar T) error {
	view.Dims(fn, "dst", dst, f.n, f.n)
	if !f.inverse() {
		if f.st == stNonFinite {
			fillNaN(dst)
		}
		return f.err()
	}
	if f.n == 0 {
		return nil
	}
	if gbar == 1 {
		copyMat(dst, square(f.inv, f.n))
	} else {
		scaleMat(dst, gbar, square(f.inv, f.n))
	}
	return nil
}

func (f *cholCore[T]) jvp(fn string, dx view.Matrix[T]) (T, error) {
	view.Dims(fn, "dx", dx, f.n, f.n)
	if !f.inverse() {
		return badValue[T](f.st), f.err()
	}
	return frob(f.inv, dx, f.c, &f.dxc), nil
}

func (f *cholCore[T]) jvps(fn string, dst []T, dirs view.Matrix[T]) error {
	checkDirs(fn, dst, f.n, dirs)
	if !f.inverse() {
		return badMany(dst, f.st, f.err())
	}
	frobMany(dst, f.inv, f.n, dirs)
	return nil
}

func (f *cholCore[T]) rcondEst() float64 {
	switch f.st {
	case stNonFinite:
		return math.NaN()
	case stNotPD:
		return 0
	}
	if !f.rcondOK && f.noFactors {
		// Exact from the inverse: 1/(‖Σ‖₁·‖Σ⁻¹‖₁), Σ kept in f.a.
		if f.anorm < 0 {
			f.anorm = norm1(f.a, f.n, true, f.cs)
		}
		f.rcond = 0
		if in := norm1(f.inv, f.n, false, f.cs); f.anorm*in > 0 {
			f.rcond = 1 / (f.anorm * in)
		} else if f.n == 0 {
			f.rcond = 1
		}
		f.rcondOK = true
	}
	if !f.rcondOK {
		n := f.n
		f.rcWork = grow(f.rcWork, 3*n)
		f.rcIwork = grow(f.rcIwork, n)
		var d []float64
		if d64, ok := any(f.a).([]float64); ok {
			d = d64
		} else {
			f.rc64 = grow(f.rc64, n*n)
			for i, v := range f.a {
				f.rc64[i] = float64(v)
			}
			d = f.rc64
		}
		f.rcond = cholRCond(n, d, max(n, 1), f.anorm, f.rcWork, f.rcIwork)
		f.rcondOK = true
	}
	return f.rcond
}
