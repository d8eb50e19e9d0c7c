//go:build ignore

// nn_gen writes the assembly of the network kernels: nn_{avx2,avx512}_amd64.s (ReLU and
// its mask, the tanh derivative from the output, the last steps of tanh after the exp,
// the steps of GELU and its derivative around the sigmoid (AVX-512), the bias
// epilogues, and the SGD and Adam updates). Like elem_gen.go it writes flat code, one instruction per line, and
// each routine is described once by what one vector computes; the loop around it is
// shared. Run from the asm directory (or go generate):
//
//	go run nn_gen.go [-o dir]
//
// TestGenerated (generated_test.go) fails when the committed files differ from the output.
//
// A body is a list of vector operations on numbered temporaries (t0, t1, …), the
// routine's coefficients (broadcast once into the highest registers) and a zero
// register; the generator gives each vector of a round its own temporaries. Every
// operation is one IEEE instruction (VADD, VSUB, VMUL, VDIV, VSQRT, VMAX, a compare and
// a blend), in the order the generic Go code performs them (asm/nn_generic.go,
// asm/optim_generic.go), so the results are the same bits.
//
// Loop shape: rounds of `unroll` vectors, then single vectors, both testing at the
// bottom; the tail: one masked vector at AVX-512 (K1 = (1<<CX)-1: nothing past a slice
// is read or written), none at AVX2, whose wrappers pass a multiple of the vector width
// and finish with the generic code (nn_amd64.go). Both levels use their full width:
// 512-bit vectors at AVX-512.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type level struct {
	name   string // AVX2, AVX512
	reg    string // Y, Z
	vbyte  int
	nregs  int
	masked bool
}

type prec struct {
	name, typ, pd, sd string
	es                int
}

var (
	avx2   = level{"AVX2", "Y", 32, 16, false}
	avx512 = level{"AVX512", "Z", 64, 32, true}
	f64    = prec{"F64", "float64", "PD", "SD", 8}
	f32    = prec{"F32", "float32", "PS", "SS", 4}
)

// A vop is one vector operation: ins is the mnemonic stem (ADD, SUB, MUL, DIV, MAX,
// SQRT, LOAD, STORE, GT0, BLEND), dst and srcs name temporaries ("t3"), coefficients
// ("c2"), the zero register ("zero") or, for LOAD and STORE, a slice argument ("a1").
type vop struct {
	ins  string
	dst  string
	srcs []string
}

// op is one routine: name stem, slice arguments (the first sets the length), the
// number of coefficients (an array argument c, passed by value: a pointer to the caller's array would make it escape through the function values of package dispatch), whether it needs
// the zero register, its temporaries per vector and its body.
type op struct {
	name  string
	args  []string
	coefs int
	zero  bool
	temps int
	body  []vop
	math  string // the invariant, for the header comment
	// imm, if set, holds float64 constants (as bits) that take the coefficients' places
	// c0, c1, … instead of an argument: registers at AVX-512, a table in memory at AVX2;
	// such an op exists only in float64.
	imm []uint64
	// cst, if set, names the constants c0, c1, … of an op for both precisions: "sign"
	// (the sign bit), "zero", or a decimal number rounded once to the element type; such
	// an op exists only at AVX-512 (registers).
	cst []string
	k2  string // what K2 holds, for the header comment
}

func ld(t, a string) vop                { return vop{"LOAD", t, []string{a}} }
func st(a, t string) vop                { return vop{"STORE", a, []string{t}} }
func ar(ins, d string, s ...string) vop { return vop{ins, d, s} }

// Coefficient indices, as in asm/optim_generic.go.
const (
	sgdLR, sgdMu, sgdWD = "c0", "c1", "c2"
)

var ops = []op{
	{name: "relu", args: []string{"dst", "x"}, zero: true, temps: 1,
		math: "dst[i] = max(0, x[i]) with x[i]'s NaN or -0 kept (VMAX returns its second source)",
		body: []vop{ld("t0", "a1"), ar("MAX", "t0", "zero", "t0"), st("a0", "t0")}},
	{name: "reluGrad", args: []string{"dst", "y", "v"}, zero: true, temps: 2,
		math: "dst[i] = v[i] where y[i] > 0, else +0",
		body: []vop{ld("t0", "a1"), ld("t1", "a2"), ar("GT0", "t0", "t0"), ar("BLEND", "t1", "t0", "t1"), st("a0", "t1")}},
	{name: "tanhGrad", args: []string{"dst", "t", "v"}, coefs: 0, temps: 3,
		math: "dst[i] = (1 - t[i]*t[i]) * v[i], each operation rounded",
		body: []vop{ld("t0", "a1"), ar("MUL", "t0", "t0", "t0"), ar("SUB", "t0", "one", "t0"), ld("t1", "a2"), ar("MUL", "t0", "t0", "t1"), st("a0", "t0")}},
	{name: "bias", args: []string{"y", "z", "b"}, temps: 2,
		math: "z[i] = z[i] + b[i] and y[i] = z[i]",
		body: []vop{ld("t0", "a1"), ld("t1", "a2"), ar("ADD", "t0", "t0", "t1"), st("a1", "t0"), st("a0", "t0")}},
	{name: "biasReLU", args: []string{"y", "z", "b"}, zero: true, temps: 2,
		math: "z[i] = z[i] + b[i] and y[i] = ReLU(z[i]) (z stored first: y may be exactly z)",
		body: []vop{ld("t0", "a1"), ld("t1", "a2"), ar("ADD", "t0", "t0", "t1"), st("a1", "t0"), ar("MAX", "t0", "zero", "t0"), st("a0", "t0")}},
	{name: "sgd", args: []string{"w", "g"}, coefs: 3, temps: 3,
		math: "d = g[i] + wd*w[i]; w[i] = w[i] - lr*d",
		body: []vop{ld("t0", "a0"), ld("t1", "a1"), ar("MUL", "t2", sgdWD, "t0"), ar("ADD", "t1", "t1", "t2"),
			ar("MUL", "t1", sgdLR, "t1"), ar("SUB", "t0", "t0", "t1"), st("a0", "t0")}},
	{name: "sgdMom", args: []string{"w", "vel", "g"}, coefs: 3, temps: 4,
		math: "d = g[i] + wd*w[i]; vel[i] = mu*vel[i] + d; w[i] = w[i] - lr*vel[i]",
		body: []vop{ld("t0", "a0"), ld("t1", "a2"), ar("MUL", "t2", sgdWD, "t0"), ar("ADD", "t1", "t1", "t2"),
			ld("t3", "a1"), ar("MUL", "t3", sgdMu, "t3"), ar("ADD", "t3", "t3", "t1"), st("a1", "t3"),
			ar("MUL", "t3", sgdLR, "t3"), ar("SUB", "t0", "t0", "t3"), st("a0", "t0")}},
	{name: "sgdNesterov", args: []string{"w", "vel", "g"}, coefs: 3, temps: 4,
		math: "d = g[i] + wd*w[i]; vel[i] = mu*vel[i] + d; w[i] = w[i] - lr*(d + mu*vel[i])",
		body: []vop{ld("t0", "a0"), ld("t1", "a2"), ar("MUL", "t2", sgdWD, "t0"), ar("ADD", "t1", "t1", "t2"),
			ld("t3", "a1"), ar("MUL", "t3", sgdMu, "t3"), ar("ADD", "t3", "t3", "t1"), st("a1", "t3"),
			ar("MUL", "t3", sgdMu, "t3"), ar("ADD", "t3", "t1", "t3"),
			ar("MUL", "t3", sgdLR, "t3"), ar("SUB", "t0", "t0", "t3"), st("a0", "t0")}},
	// Adam coefficients: c0 k, c1 wd, c2 b1, c3 1-b1, c4 b2, c5 1-b2, c6 isb2, c7 eps, c8 step.
	{name: "adam", args: []string{"w", "m", "v", "g"}, coefs: 9, temps: 5,
		math: "d = g[i] + wd*w[i]; m[i] = b1*m[i] + (1-b1)*d; v[i] = b2*v[i] + (1-b2)*(d*d); " +
			"w[i] = k*w[i] - step*(m[i] / (sqrt(v[i])*isb2 + eps))",
		body: []vop{
			ld("t0", "a0"), ld("t1", "a3"), ar("MUL", "t2", "c1", "t0"), ar("ADD", "t1", "t1", "t2"), // t1 = d
			ld("t2", "a1"), ar("MUL", "t2", "c2", "t2"), ar("MUL", "t3", "c3", "t1"), ar("ADD", "t2", "t2", "t3"), st("a1", "t2"), // t2 = m
			ar("MUL", "t1", "t1", "t1"), ar("MUL", "t1", "c5", "t1"), ld("t3", "a2"), ar("MUL", "t3", "c4", "t3"),
			ar("ADD", "t3", "t3", "t1"), st("a2", "t3"), // t3 = v
			ar("SQRT", "t3", "t3"), ar("MUL", "t3", "t3", "c6"), ar("ADD", "t3", "t3", "c7"),
			ar("DIV", "t2", "t2", "t3"), ar("MUL", "t2", "c8", "t2"),
			ar("MUL", "t0", "c0", "t0"), ar("SUB", "t0", "t0", "t2"), st("a0", "t0"),
		}},
	// tanhFinish: the last steps of Tanh64 for a vector of x and e = e^(-2|x|) (the exp
	// assembly writes e first; nnvec_amd64.go). Constants: c0 |·| mask, c1 sign mask,
	// c2 0.625, c3 1, c4-c8 the P coefficients, c9-c13 the Q ones (nn_generic.go).
	{name: "tanhFinish", args: []string{"dst", "x", "e"}, temps: 6, k2: "the lanes where |x| < 0.625",
		math: "dst[i] = |x| < 0.625 ? x*(P(x*x)/Q(x*x)) : copysign((1-e)/(1+e), x), as tanhPoly64 and tanhOut64",
		imm: []uint64{0x7fffffffffffffff, 0x8000000000000000, f64bits(0.625), f64bits(1),
			f64bits(2145), f64bits(675675), f64bits(64324260), f64bits(1964187225), f64bits(13749310575),
			f64bits(66), f64bits(45045), f64bits(7567560), f64bits(413513100), f64bits(6547290750)},
		body: []vop{
			ld("t0", "a1"), ld("t1", "a2"),
			ar("AND", "t2", "t0", "c0"), ar("LT", "t2", "t2", "c2"), // K2 = |x| < 0.625
			ar("MUL", "t3", "t0", "t0"), // z
			ar("ADD", "t4", "t3", "c4"), ar("MUL", "t4", "t4", "t3"), ar("ADD", "t4", "t4", "c5"),
			ar("MUL", "t4", "t4", "t3"), ar("ADD", "t4", "t4", "c6"), ar("MUL", "t4", "t4", "t3"),
			ar("ADD", "t4", "t4", "c7"), ar("MUL", "t4", "t4", "t3"), ar("ADD", "t4", "t4", "c8"), // P
			ar("MUL", "t5", "c9", "t3"), ar("ADD", "t5", "t5", "c10"), ar("MUL", "t5", "t5", "t3"),
			ar("ADD", "t5", "t5", "c11"), ar("MUL", "t5", "t5", "t3"), ar("ADD", "t5", "t5", "c12"),
			ar("MUL", "t5", "t5", "t3"), ar("ADD", "t5", "t5", "c13"), ar("MUL", "t5", "t5", "t3"),
			ar("ADD", "t5", "t5", "c8"),                              // Q (its constant term is P's)
			ar("DIV", "t4", "t4", "t5"), ar("MUL", "t4", "t0", "t4"), // x·(P/Q)
			ar("SUB", "t5", "c3", "t1"), ar("ADD", "t3", "c3", "t1"), ar("DIV", "t5", "t5", "t3"),
			ar("AND", "t5", "t5", "c0"), ar("AND", "t3", "t0", "c1"), ar("OR", "t5", "t5", "t3"), // copysign
			ar("SEL", "t4", "t4", "t5", "t2"), st("a0", "t4"), // t2: the mask at AVX2
		}},
	// The GELU steps around the sigmoid assembly (nnvec_amd64.go), as geluArg, geluOut
	// and geluDeriv in nn_generic.go. Constants: c0 K = 2√(2/π), c1 C = 0.044715,
	// c2 3C, c3 1, c4 +0, c5 the sign bit.
	{name: "geluArg", args: []string{"w", "x"}, temps: 2, cst: geluCst,
		math: "w[i] = K*(x + C*((x*x)*x))",
		body: geluArgBody("a0", false)},
	{name: "geluArgPair", args: []string{"w", "nw", "x"}, temps: 2, cst: geluCst,
		math: "w[i] = K*(x + C*((x*x)*x)) and nw[i] = -w[i]",
		body: geluArgBody("a0", true)},
	{name: "geluOut", args: []string{"dst", "x", "s"}, temps: 4, cst: geluCst, k2: "the lanes where s = 0",
		math: "dst[i] = s[i] == 0 ? copysign(0, x[i]) : x[i]*s[i]",
		body: []vop{ld("t0", "a1"), ld("t1", "a2"), ar("MUL", "t2", "t0", "t1"), ar("EQ", "t1", "t1", "c4"),
			ar("AND", "t3", "t0", "c5"), ar("SEL", "t2", "t3", "t2"), st("a0", "t2")}},
	{name: "geluDeriv", args: []string{"dst", "x", "v", "s", "sn"}, temps: 5, cst: geluCst, k2: "the lanes where s*sn = 0",
		math: "sp = s[i]*sn[i]; dst[i] = (sp == 0 ? s[i] : s[i] + (x*(K*(1 + 3C*(x*x))))*sp) * v[i]",
		body: []vop{ld("t0", "a1"), ld("t1", "a3"), ld("t2", "a4"), ar("MUL", "t2", "t1", "t2"), ar("EQ", "t2", "t2", "c4"),
			ar("MUL", "t3", "t0", "t0"), ar("MUL", "t3", "c2", "t3"), ar("ADD", "t3", "c3", "t3"), ar("MUL", "t3", "c0", "t3"),
			ar("MUL", "t3", "t0", "t3"), ar("MUL", "t3", "t3", "t2"), ar("ADD", "t3", "t1", "t3"),
			ar("SEL", "t3", "t1", "t3"), ld("t4", "a2"), ar("MUL", "t3", "t3", "t4"), st("a0", "t3")}},
}

var geluCst = []string{"1.5957691216057307117597842397375", "0.044715", "0.134145", "1", "zero", "sign"}

// geluArgBody computes w = K·(x + C·((x·x)·x)) into t1 and stores it (and −w, for pair).
func geluArgBody(w string, pair bool) []vop {
	x := "a1"
	if pair {
		x = "a2"
	}
	b := []vop{ld("t0", x), ar("MUL", "t1", "t0", "t0"), ar("MUL", "t1", "t1", "t0"), ar("MUL", "t1", "c1", "t1"),
		ar("ADD", "t1", "t0", "t1"), ar("MUL", "t1", "c0", "t1"), st(w, "t1")}
	if pair {
		b = append(b, ar("XOR", "t1", "t1", "c5"), st("a1", "t1"))
	}
	return b
}

func f64bits(x float64) uint64 { return math.Float64bits(x) }

// constTable returns the DATA of ·nnTanhConst4: each constant in 4 lanes.
func constTable(imm []uint64) string {
	var b strings.Builder
	b.WriteString("// The constants of tanhFinishF64AVX2, one 32-byte vector each (see nn_gen.go).\n")
	for k, bits := range imm {
		for l := range 4 {
			fmt.Fprintf(&b, "DATA ·nnTanhConst4+%d(SB)/8, $0x%016x\n", 32*k+8*l, bits)
		}
	}
	fmt.Fprintf(&b, "GLOBL ·nnTanhConst4(SB), RODATA|NOPTR, $%d\n\n", 32*len(imm))
	return b.String()
}

// argRegs are the cursor registers of the slice arguments, in order.
var argRegs = []string{"DI", "SI", "DX", "R8", "R9"}

type gen struct {
	b bytes.Buffer
	l level
	p prec
	o op
}

func (g *gen) f(format string, args ...any) { fmt.Fprintf(&g.b, format+"\n", args...) }
func (g *gen) i(format string, args ...any) { g.f("\t"+format, args...) }

func (g *gen) comment(text string) {
	line := "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 90 {
			g.f("%s", line)
			line = "//"
		}
		line += " " + w
	}
	g.f("%s", line)
}

func (g *gen) lanes() int { return g.l.vbyte / g.p.es }

// unroll is the vectors per round: 4, or as many as the registers left by the
// coefficients, the constant 1 and zero hold temporaries for.
func (g *gen) unroll() int {
	free := g.l.nregs - g.o.coefs - 2
	if g.memConsts() {
		free = g.l.nregs - 2
	}
	return min(4, free/g.o.temps)
}

// hasImm reports whether the op's constants are immediates (imm or cst), not an argument.
func (g *gen) hasImm() bool { return g.o.imm != nil || g.o.cst != nil }

// immBits returns the bit patterns of the op's immediate constants in the element type.
func (g *gen) immBits() []uint64 {
	if g.o.imm != nil {
		return g.o.imm
	}
	var out []uint64
	for _, c := range g.o.cst {
		switch {
		case c == "sign" && g.p.es == 8:
			out = append(out, 1<<63)
		case c == "sign":
			out = append(out, 1<<31)
		case c == "zero":
			out = append(out, 0)
		case g.p.es == 8:
			v, err := strconv.ParseFloat(c, 64)
			if err != nil {
				panic(err)
			}
			out = append(out, math.Float64bits(v))
		default:
			v, err := strconv.ParseFloat(c, 32) // rounded once, as Go's float32(constant)
			if err != nil {
				panic(err)
			}
			out = append(out, uint64(math.Float32bits(float32(v))))
		}
	}
	return out
}

// memConsts reports whether the op's constants are read from memory (the table
// ·nnTanhConst4, written into the AVX2 file) instead of registers: at AVX2, whose 16
// registers the 14 constants would fill.
func (g *gen) memConsts() bool { return g.o.imm != nil && !g.l.masked }

// isConst reports whether operand s is a constant that memConsts puts in memory.
func (g *gen) isConst(s string) bool { return g.memConsts() && s[0] == 'c' }

// Fixed registers from the top: the coefficients, then one (1.0), then zero.
func (g *gen) coefReg(k int) string { return fmt.Sprintf("%s%d", g.l.reg, g.l.nregs-1-k) }
func (g *gen) oneReg() string       { return fmt.Sprintf("%s%d", g.l.reg, g.l.nregs-1-g.o.coefs) }
func (g *gen) zeroReg() string      { return fmt.Sprintf("%s%d", g.l.reg, g.l.nregs-2-g.o.coefs) }

func (g *gen) usesOne() bool {
	for _, v := range g.o.body {
		for _, s := range v.srcs {
			if s == "one" {
				return true
			}
		}
	}
	return false
}

// reg maps an operand of vector j to its register.
func (g *gen) reg(j int, s string) string {
	var n int
	switch {
	case s == "zero":
		return g.zeroReg()
	case s == "one":
		return g.oneReg()
	case s[0] == 'c':
		fmt.Sscanf(s[1:], "%d", &n)
		if g.memConsts() {
			return fmt.Sprintf("·nnTanhConst4+%d(SB)", n*32)
		}
		return g.coefReg(n)
	case s[0] == 't':
		fmt.Sscanf(s[1:], "%d", &n)
		return fmt.Sprintf("%s%d", g.l.reg, j*g.o.temps+n)
	}
	panic("bad operand " + s)
}

func argIndex(s string) int {
	var n int
	fmt.Sscanf(s[1:], "%d", &n)
	return n
}

// emit writes vector j's body at byte offset off; masked selects the K1 forms.
func (g *gen) emit(j, off int, masked bool) {
	mv := "VMOVUP" + g.p.pd[1:]
	for _, v := range g.o.body {
		switch v.ins {
		case "LOAD":
			mem := fmt.Sprintf("%d(%s)", off, argRegs[argIndex(v.srcs[0])])
			if masked {
				g.i("%s.Z %s, K1, %s", mv, mem, g.reg(j, v.dst))
			} else {
				g.i("%s %s, %s", mv, mem, g.reg(j, v.dst))
			}
		case "STORE":
			mem := fmt.Sprintf("%d(%s)", off, argRegs[argIndex(v.dst)])
			if masked {
				g.i("%s %s, K1, %s", mv, g.reg(j, v.srcs[0]), mem)
			} else {
				g.i("%s %s, %s", mv, g.reg(j, v.srcs[0]), mem)
			}
		case "SQRT":
			g.i("VSQRT%s %s, %s", g.p.pd, g.reg(j, v.srcs[0]), g.reg(j, v.dst))
		case "GT0":
			// dst = (src > 0): a mask register K2 at AVX-512, all-ones lanes at AVX2.
			if g.l.masked {
				g.i("VCMP%s $0x1e, %s, %s, K2", g.p.pd, g.zeroReg(), g.reg(j, v.srcs[0]))
			} else {
				g.i("VCMP%s $0x1e, %s, %s, %s", g.p.pd, g.zeroReg(), g.reg(j, v.srcs[0]), g.reg(j, v.dst))
			}
		case "BLEND":
			// dst = mask ? src : +0, the mask from the GT0 before it.
			if g.l.masked {
				g.i("VBLENDM%s %s, %s, K2, %s", g.p.pd, g.reg(j, v.srcs[1]), g.zeroReg(), g.reg(j, v.dst))
			} else {
				g.i("VAND%s %s, %s, %s", g.p.pd, g.reg(j, v.srcs[1]), g.reg(j, v.srcs[0]), g.reg(j, v.dst))
			}
		case "EQ": // K2 = srcs[0] == srcs[1] (ordered: NaN gives false); AVX-512 only
			g.i("VCMP%s $0x00, %s, %s, K2", g.p.pd, g.reg(j, v.srcs[1]), g.reg(j, v.srcs[0]))
		case "AND", "OR", "XOR": // bitwise, AVX-512F integer forms at AVX-512
			ins := "V" + v.ins + g.p.pd
			if g.l.masked {
				ins = "VP" + v.ins + "Q"
			}
			g.binary(ins, j, v)
		case "LT": // K2 (AVX2: dst, all-ones lanes) = srcs[0] < srcs[1] (ordered: NaN gives false)
			if g.l.masked {
				g.i("VCMP%s $0x01, %s, %s, K2", g.p.pd, g.reg(j, v.srcs[1]), g.reg(j, v.srcs[0]))
			} else {
				g.i("VCMP%s $0x01, %s, %s, %s", g.p.pd, g.reg(j, v.srcs[1]), g.reg(j, v.srcs[0]), g.reg(j, v.dst))
			}
		case "SEL": // dst = K2 (AVX2: the mask in srcs[2]) ? srcs[0] : srcs[1]
			if g.l.masked {
				g.i("VBLENDM%s %s, %s, K2, %s", g.p.pd, g.reg(j, v.srcs[0]), g.reg(j, v.srcs[1]), g.reg(j, v.dst))
			} else {
				g.i("VBLENDV%s %s, %s, %s, %s", g.p.pd, g.reg(j, v.srcs[2]), g.reg(j, v.srcs[0]), g.reg(j, v.srcs[1]), g.reg(j, v.dst))
			}
		default: // dst = srcs[0] op srcs[1]
			g.binary("V"+v.ins+g.p.pd, j, v)
		}
	}
}

// binary emits dst = srcs[0] op srcs[1]. Go's operand order puts the second source
// first; only that one may be memory, so a constant first source of a commutative op
// is swapped there, and of SUB or DIV is loaded into dst first (dst must then differ
// from the second source).
func (g *gen) binary(ins string, j int, v vop) {
	a, b := v.srcs[0], v.srcs[1]
	if g.isConst(a) && !g.isConst(b) {
		switch v.ins {
		case "ADD", "MUL", "AND", "OR":
			a, b = b, a
		default:
			if v.dst == b {
				panic("constant first source with dst = second source")
			}
			g.i("VMOVUP%s %s, %s", g.p.pd[1:], g.reg(j, a), g.reg(j, v.dst))
			a = v.dst
		}
	}
	g.i("%s %s, %s, %s", ins, g.reg(j, b), g.reg(j, a), g.reg(j, v.dst))
}

func (g *gen) advance(n int) {
	for k := range g.o.args {
		g.i("ADDQ $%d, %s", n, argRegs[k])
	}
}

func (g *gen) loop(label string, n int) {
	step := n * g.lanes()
	g.f("%s:", label)
	g.i("SUBQ $%d, CX", step)
	g.i("JB   %s_end", label)
	g.f("%s_round:", label)
	for j := 0; j < n; j++ {
		g.emit(j, j*g.l.vbyte, false)
	}
	g.advance(n * g.l.vbyte)
	g.i("SUBQ $%d, CX", step)
	g.i("JAE  %s_round", label)
	g.f("%s_end:", label)
	g.i("ADDQ $%d, CX", step)
	g.f("")
}

func (g *gen) sig() (string, int) {
	args := strings.Join(g.o.args, ", ") + " []" + g.p.typ
	frame := 24 * len(g.o.args)
	if g.o.coefs > 0 && !g.hasImm() {
		args += fmt.Sprintf(", c [%d]%s", g.o.coefs, g.p.typ)
		frame += g.o.coefs * g.p.es
	}
	return args, frame
}

func (g *gen) routine() {
	o := g.o
	name := fmt.Sprintf("%s%s%s", o.name, g.p.name, g.l.name)
	args, frame := g.sig()
	g.f("// func %s(%s)", name, args)
	req := "AVX"
	if g.usesOne() {
		req = "AVX2" // VBROADCASTSD/SS from a register
	}
	if g.l.masked {
		req = "AVX512F"
	}
	g.f("// Requires: %s", req)
	plan := "Register plan: CX = elements left"
	for k, a := range o.args {
		plan += fmt.Sprintf(", %s = %s cursor", argRegs[k], a)
	}
	if o.coefs > 0 && !g.hasImm() {
		plan += fmt.Sprintf(", %s down to %s = c[0] … c[%d] in every lane", g.coefReg(0), g.coefReg(o.coefs-1), o.coefs-1)
	}
	if g.hasImm() && !g.memConsts() {
		plan += fmt.Sprintf(", %s down to %s = the constants c0 … c%d in every lane", g.coefReg(0), g.coefReg(o.coefs-1), o.coefs-1)
	}
	if g.memConsts() {
		plan += ", the constants c0 … c13 in ·nnTanhConst4 (one 32-byte vector each)"
	}
	if g.usesOne() {
		plan += fmt.Sprintf(", %s = 1", g.oneReg())
	}
	if o.zero {
		plan += fmt.Sprintf(", %s = +0", g.zeroReg())
	}
	u := g.unroll()
	// X15 is the scratch for loading constants, before the loops: it must not be one of
	// the constant registers already loaded (at AVX2 the first coefficient is Y15).
	if !g.l.masked && g.o.coefs > 0 && (g.usesOne() || (g.hasImm() && !g.memConsts())) {
		panic("constant registers reach X15")
	}
	plan += fmt.Sprintf(", %s0-%s%d = %d temporaries for each of %d vectors", g.l.reg, g.l.reg, u*o.temps-1, o.temps, u)
	if g.l.masked && o.name == "reluGrad" {
		plan += ", K2 = the lanes where y > 0"
	}
	if o.k2 != "" && g.l.masked {
		plan += ", K2 = " + o.k2
	}
	if g.memConsts() {
		plan += fmt.Sprintf(", %s2 = the mask of the lanes where |x| < 0.625", g.l.reg)
	}
	g.comment(plan + ".")
	g.comment(fmt.Sprintf("Invariant: %s, for every element before the cursors; every element is loaded before it is stored.", o.math))
	g.f("TEXT ·%s(SB), NOSPLIT, $0-%d", name, frame)
	for k, a := range o.args {
		g.i("MOVQ %s_base+%d(FP), %s", a, 24*k, argRegs[k])
	}
	g.i("MOVQ %s_len+8(FP), CX", o.args[0])
	if g.hasImm() && !g.memConsts() {
		// Through X15 (the temporaries are not live yet).
		for k, bits := range g.immBits() {
			if g.p.es == 8 {
				g.i("MOVQ $0x%016x, AX", bits)
			} else {
				g.i("MOVQ $0x%08x, AX", bits)
			}
			g.i("MOVQ AX, X15")
			g.i("VBROADCAST%s X15, %s", g.p.sd, g.coefReg(k))
		}
	} else if o.coefs > 0 && !g.hasImm() {
		for k := 0; k < o.coefs; k++ {
			g.i("VBROADCAST%s c_%d+%d(FP), %s", g.p.sd, k, 24*len(o.args)+k*g.p.es, g.coefReg(k))
		}
	}
	if g.usesOne() {
		// Through X15 (the temporaries are not live yet).
		if g.p.es == 8 {
			g.i("MOVQ $0x3ff0000000000000, AX")
		} else {
			g.i("MOVQ $0x3f800000, AX")
		}
		g.i("MOVQ AX, X15")
		g.i("VBROADCAST%s X15, %s", g.p.sd, g.oneReg())
	}
	if o.zero {
		x := g.zeroReg()
		g.i("VXORPS %s, %s, %s", x, x, x)
	}
	g.f("")
	if u > 1 {
		g.loop("loop4", u)
	}
	g.loop("loop1", 1)
	if g.l.masked {
		g.f("tail:")
		g.i("TESTQ CX, CX")
		g.i("JZ    done")
		g.i("MOVL $1, BX")
		g.i("SHLL CX, BX")
		g.i("SUBL $1, BX")
		g.i("KMOVW BX, K1")
		g.emit(0, 0, true)
		g.f("")
		g.f("done:")
	}
	g.i("VZEROUPPER")
	g.i("RET")
	g.f("")
}

func main() {
	dir := flag.String("o", ".", "output directory")
	flag.Parse()
	for _, l := range []level{avx2, avx512} {
		var out bytes.Buffer
		out.WriteString("// Code generated by nn_gen.go; DO NOT EDIT.\n\n//go:build !purego\n\n#include \"textflag.h\"\n\n")
		out.WriteString("// Network kernels: ReLU and its mask, the tanh derivative, tanh's last steps, the bias\n// epilogues, SGD and Adam.\n")
		out.WriteString("// The assembly trusts its Go wrappers (nn_amd64.go) for slice lengths.\n")
		if l.masked {
			out.WriteString("// Tails shorter than one vector use the mask K1 = (1<<CX)-1, so nothing past a slice\n// is read or written.\n\n")
		} else {
			out.WriteString("// Lengths are multiples of the vector width; the wrappers finish with the generic code.\n\n")
		}
		for _, o := range ops {
			if o.imm != nil {
				o.coefs = len(o.imm)
			}
			if o.cst != nil {
				o.coefs = len(o.cst)
				if !l.masked {
					continue
				}
			}
			for _, p := range []prec{f64, f32} {
				if o.imm != nil && p != f64 {
					continue
				}
				if o.imm != nil && !l.masked {
					out.WriteString(constTable(o.imm))
				}
				g := &gen{l: l, p: p, o: o}
				g.routine()
				out.Write(g.b.Bytes())
			}
		}
		name := filepath.Join(*dir, fmt.Sprintf("nn_%s_amd64.s", strings.ToLower(l.name)))
		if err := os.WriteFile(name, bytes.TrimSuffix(out.Bytes(), []byte("\n")), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
