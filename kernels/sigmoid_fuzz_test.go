package kernels

import (
	"testing"

	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/internal/view"
)

// FuzzSigmoid compares Sigmoid, SigmoidGrad (from x), SigmoidJVP and SigmoidVJP (from
// s) and their float32 forms at every level with the generic level. Documented bounds:
// σ and the JVP/VJP from s are the same bits at the generic and AVX2 levels; at AVX-512
// σ is within 2 ULP (float32 3) and σ'(x)·v within 4 ULP (float32 5) of the generic
// results (VRCP14 and Newton steps in place of the division, asm/sigmoid_generic.go),
// and the JVP from s is the same bits. s is fuzzed freely (it need not be a sigmoid
// output: the formula s(1 − s)v applies to any value).
func FuzzSigmoid(f *testing.F) {
	f.Add(uint8(0), []byte("sigmoid: some bytes to decode into values, and a few more bytes"))
	f.Add(uint8(3), make([]byte, 400))
	f.Fuzz(func(t *testing.T, off uint8, data []byte) {
		n := len(data) / 9
		vals := actFuzzVals(data, 3*n)
		o := int(off % 8)
		fuzzSigmoid(t, "", o, vals[:n], vals[n:2*n], vals[2*n:], Sigmoid, SigmoidGrad, SigmoidJVP, SigmoidVJP, 2, 4)
		fuzzSigmoid(t, "32", o, to32(vals[:n]), to32(vals[n:2*n]), to32(vals[2*n:]), Sigmoid32, SigmoidGrad32, SigmoidJVP32, SigmoidVJP32, 3, 5)
	})
}

func fuzzSigmoid[T view.Float](t *testing.T, sfx string, o int, x, s, v []T, sig func(d, x []T), grad, jvp, vjp func(d, a, b []T), sigULP, gradULP uint64) {
	n := len(x)
	type res struct{ sig, grad, jvp, vjp []T }
	outs := actEachLevel(t, func(dispatch.Level) res {
		var r res
		for _, p := range []*[]T{&r.sig, &r.grad, &r.jvp, &r.vjp} {
			*p = make([]T, n+o)[o:]
		}
		sig(r.sig, x)
		grad(r.grad, x, v)
		jvp(r.jvp, s, v)
		vjp(r.vjp, s, v)
		return r
	})
	for k, g := range outs[1:] {
		l := dispatch.Available()[k+1]
		sb, gb := uint64(0), uint64(0)
		if l >= dispatch.AVX512 {
			sb, gb = sigULP, gradULP
		}
		actWithinULP(t, l.String()+" Sigmoid"+sfx, g.sig, outs[0].sig, sb)
		actWithinULP(t, l.String()+" SigmoidGrad"+sfx, g.grad, outs[0].grad, gb)
		sameVals(t, l.String()+" SigmoidJVP"+sfx, g.jvp, outs[0].jvp)
		sameVals(t, l.String()+" SigmoidVJP"+sfx, g.vjp, outs[0].jvp)
	}
}
