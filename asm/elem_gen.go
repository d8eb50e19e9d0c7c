//go:build ignore

// elem_gen writes the elementwise assembly: hadamard_{avx2,avx512}_amd64.s (the Hadamard
// family: product, fused accumulate, add, sub), axpy_{avx2,avx512}_amd64.s (scale, axpy)
// and stream_{avx2,avx512}_amd64.s (copy, add, fill: also the bandwidth probes). Every
// routine is the same loop around a different body, so the loop is written once here
// and each routine is described by what one vector computes (loads, arithmetic, store),
// its precision, its level and its store kind. Run from the asm directory (or go generate):
//
//	go run elem_gen.go [-o dir]
//
// TestGenerated (generated_test.go) fails when the committed files differ from the
// output.
//
// One loop shape for every routine: load the arguments; align the stores (ordinary
// stores: scalar steps at AVX2, one masked vector at AVX-512, when the op asks for it;
// non-temporal stores: scalar steps until DI is vector-aligned); rounds of four vectors,
// all results computed before the four stores; single vectors; the tail (scalar steps at
// AVX2, one masked vector at AVX-512); SFENCE after non-temporal stores; VZEROUPPER.
// Both vector loops test at the bottom (one SUBQ and one branch per round).
//
// Width at the AVX-512 level: every routine runs 512-bit vectors, with AVX-512 masks for
// the alignment peel and the tail. Measured on the Emerald Rapids VM (2026-12-03,
// BenchmarkHadamardSmall, float64 product, n = 1000 in L1, three interleaved runs of
// 0.3 s): the kernel 96–100 ns with 256-bit vectors, 56–77 ns with 512-bit (the 512-bit
// add probe: 55 ns at n = 1024), i.e. from 58% to about 90% of the L1 add ceiling. The
// Ice Lake test machine measured the opposite earlier (512-bit loop 106–113 ns, 256-bit
// 85–92 ns, and its add probes alike, 109–117 against 85–90): a lower clock under
// 512-bit arithmetic there would explain it. The newer cores this project runs on (and
// Zen 5, with full 512-bit pipes) take the wider loop; a per-CPU choice of width would
// need both loops in the tables.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// level describes one instruction set's vectors.
type level struct {
	name  string // AVX2, AVX512
	reg   string // Y, Z
	vbyte int    // bytes per vector
	// masked: the tail (and the alignment peel) is one masked vector (AVX-512 K1);
	// otherwise one scalar at a time.
	masked bool
}

// prec describes one precision.
type prec struct {
	name  string // F64, F32
	typ   string // float64, float32
	es    int    // element bytes
	shift int    // log2(es)
	pd    string // packed suffix: PD, PS
	sd    string // scalar suffix: SD, SS
}

var (
	avx2   = level{"AVX2", "Y", 32, false}
	avx512 = level{"AVX512", "Z", 64, true}
	f64    = prec{"F64", "float64", 8, 3, "PD", "SD"}
	f32    = prec{"F32", "float32", 4, 2, "PS", "SS"}
)

// calc is what one element (one vector of them) computes.
type calc int

const (
	cMul    calc = iota // dst = a * b
	cAdd                // dst = a + b
	cSub                // dst = a - b
	cMulAdd             // dst = fma(a, b, dst)
	cScale              // dst = alpha * x
	cAxpy               // dst = fma(alpha, x, dst)
	cCopy               // dst = src
	cFill               // dst = v
)

// op is one routine: its name stem, what it computes and how it stores.
type op struct {
	name  string
	calc  calc
	nt    bool // non-temporal stores on the vector-aligned middle of dst, SFENCE at the end
	align bool // align the ordinary stores of dst to vectors (a split store costs two)
	// wide: the level's widest vectors. Otherwise the AVX-512 level runs 256-bit vectors
	// with AVX-512 masks (every routine is wide now: see the file header).
	wide  bool
	precs []prec
}

// Argument layouts, shared by every op with the same calc.
func (c calc) sig(p prec) (args string, frame int) {
	switch c {
	case cScale, cAxpy:
		return fmt.Sprintf("dst []%[1]s, alpha %[1]s, x []%[1]s", p.typ), 56
	case cCopy:
		return fmt.Sprintf("dst, src []%s", p.typ), 48
	case cFill:
		return fmt.Sprintf("dst []%s, v %s", p.typ, p.typ), 24 + p.es
	}
	return fmt.Sprintf("dst, a, b []%s", p.typ), 72
}

// inputs lists the cursor registers besides DI, in plan order.
func (c calc) inputs() []string {
	switch c {
	case cScale, cAxpy, cCopy:
		return []string{"SI"}
	case cFill:
		return nil
	}
	return []string{"SI", "DX"}
}

func (c calc) fma() bool { return c == cMulAdd || c == cAxpy }

// math is the invariant's formula for element i.
func (c calc) math() string {
	return [...]string{
		cMul:    "dst[i] = a[i] * b[i]",
		cAdd:    "dst[i] = a[i] + b[i]",
		cSub:    "dst[i] = a[i] - b[i]",
		cMulAdd: "dst[i] = fma(a[i], b[i], dst[i]) (one rounding)",
		cScale:  "dst[i] = alpha * x[i]",
		cAxpy:   "dst[i] = fma(alpha, x[i], dst[i]) (one rounding)",
		cCopy:   "dst[i] = src[i]",
		cFill:   "dst[i] = v",
	}[c]
}

type gen struct {
	b  bytes.Buffer
	l  level
	p  prec
	op op
}

func (g *gen) f(format string, args ...any) { fmt.Fprintf(&g.b, format+"\n", args...) }
func (g *gen) i(format string, args ...any) { g.f("\t"+format, args...) }

// comment writes text as // lines of at most 90 columns.
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

// lanes is the elements per vector.
func (g *gen) lanes() int { return g.l.vbyte / g.p.es }

// unroll is the vectors per round of the main loop.
const unroll = 4

// Modes of one body: a whole vector at byte offset off, a vector masked by K1, one scalar.
type mode int

const (
	mFull mode = iota
	mMask
	mScalar
)

// reg names vector register n in the mode's width.
func (g *gen) reg(m mode, n int) string {
	if m == mScalar {
		return fmt.Sprintf("X%d", n)
	}
	return fmt.Sprintf("%s%d", g.l.reg, n)
}

// load returns the instruction that loads from mem into register r in mode m.
func (g *gen) load(m mode, mem, r string) string {
	switch m {
	case mMask:
		return fmt.Sprintf("VMOVUP%s.Z %s, K1, %s", g.p.pd[1:], mem, r)
	case mScalar:
		return fmt.Sprintf("VMOV%s %s, %s", g.p.sd, mem, r)
	}
	return fmt.Sprintf("VMOVUP%s %s, %s", g.p.pd[1:], mem, r)
}

// arith returns the name of the arithmetic instruction with base name base (MUL, ADD,
// SUB, FMADD231) in mode m.
func (g *gen) arith(m mode, base string) string {
	if m == mScalar {
		return "V" + base + g.p.sd
	}
	return "V" + base + g.p.pd
}

// constReg is the register that holds alpha or v in every lane.
const constReg = 15

// body emits the computation of vector j (at byte offset off in full mode) into result
// register j (0 in the other modes) and returns that register. Temporaries: j+4, and 8
// for masked or scalar operands that full mode takes from memory.
func (g *gen) body(m mode, j, off int) string {
	mem := func(r string) string {
		if m == mFull {
			return fmt.Sprintf("%d(%s)", off, r)
		}
		return fmt.Sprintf("(%s)", r)
	}
	// operand returns a source operand for memory mem: the memory itself in full and
	// scalar mode (an instruction's last source may be memory), a masked load into
	// temporary register t otherwise.
	operand := func(r string, t int) string {
		if m == mMask {
			g.i("%s", g.load(m, mem(r), g.reg(m, t)))
			return g.reg(m, t)
		}
		return mem(r)
	}
	acc, tmp, k := g.reg(m, j), g.reg(m, j+4), g.reg(m, constReg)
	switch g.op.calc {
	case cMul, cAdd, cSub:
		base := map[calc]string{cMul: "MUL", cAdd: "ADD", cSub: "SUB"}[g.op.calc]
		g.i("%s", g.load(m, mem("SI"), acc))
		g.i("%s %s, %s, %s", g.arith(m, base), operand("DX", 8), acc, acc)
	case cMulAdd:
		g.i("%s", g.load(m, mem("DI"), acc))
		g.i("%s", g.load(m, mem("SI"), tmp))
		g.i("%s %s, %s, %s", g.arith(m, "FMADD231"), operand("DX", 8), tmp, acc)
	case cScale:
		g.i("%s %s, %s, %s", g.arith(m, "MUL"), operand("SI", 8), k, acc)
	case cAxpy:
		g.i("%s", g.load(m, mem("DI"), acc))
		g.i("%s %s, %s, %s", g.arith(m, "FMADD231"), operand("SI", 8), k, acc)
	case cCopy:
		g.i("%s", g.load(m, mem("SI"), acc))
	case cFill:
		return k
	}
	return acc
}

// store emits the store of register r to dst in mode m; nt selects non-temporal stores
// (full mode only).
func (g *gen) store(m mode, r string, off int, nt bool) {
	switch {
	case m == mScalar:
		g.i("VMOV%s %s, (DI)", g.p.sd, r)
	case m == mMask:
		g.i("VMOVUP%s %s, K1, (DI)", g.p.pd[1:], r)
	case nt:
		g.i("VMOVNT%s %s, %d(DI)", g.p.pd, r, off)
	default:
		g.i("VMOVUP%s %s, %d(DI)", g.p.pd[1:], r, off)
	}
}

// advance moves every cursor by n bytes.
func (g *gen) advance(n int) {
	for _, r := range g.op.calc.inputs() {
		g.i("ADDQ $%d, %s", n, r)
	}
	g.i("ADDQ $%d, DI", n)
}

// mask sets K1 to the low bits of count register c (clobbering BX).
func (g *gen) mask(c string) {
	g.i("MOVL $1, BX")
	if c != "CX" {
		g.i("MOVQ %s, CX", c)
	}
	g.i("SHLL CX, BX")
	g.i("SUBL $1, BX")
	g.i("KMOVW BX, K1")
}

// loop emits a loop over rounds of n vectors: label entry takes CX elements left and
// leaves fewer than n vectors' worth in CX.
func (g *gen) loop(entry, round string, n int, nt bool) {
	step := n * g.lanes()
	g.f("%s:", entry)
	g.i("SUBQ $%d, CX", step)
	g.i("JB   %s_end", round)
	g.f("%s:", round)
	var rs []string
	for j := 0; j < n; j++ {
		rs = append(rs, g.body(mFull, j, j*g.l.vbyte))
	}
	for j, r := range rs {
		g.store(mFull, r, j*g.l.vbyte, nt)
	}
	g.advance(n * g.l.vbyte)
	g.i("SUBQ $%d, CX", step)
	g.i("JAE  %s", round)
	g.f("%s_end:", round)
	g.i("ADDQ $%d, CX", step)
	g.f("")
}

func (g *gen) requires() string {
	if g.l.masked && g.l.vbyte < 64 {
		return "AVX512F, AVX512VL"
	}
	if g.l.masked {
		return "AVX512F"
	}
	if g.op.calc.fma() {
		return "AVX, FMA3"
	}
	return "AVX"
}

func (g *gen) routine() {
	o, p := g.op, g.p
	if g.l.masked && !o.wide {
		g.l.reg, g.l.vbyte = "Y", 32
	}
	name := fmt.Sprintf("%s%s%s", o.name, p.name, g.l.name)
	args, frame := o.calc.sig(p)
	g.f("// func %s(%s)", name, args)
	g.f("// Requires: %s", g.requires())
	plan := "DI = dst cursor"
	in := o.calc.inputs()
	names := map[calc][]string{cScale: {"x"}, cAxpy: {"x"}, cCopy: {"src"}}[o.calc]
	if names == nil {
		names = []string{"a", "b"}
	}
	for k, r := range in {
		plan += fmt.Sprintf(", %s = %s cursor", r, names[k])
	}
	plan += ", CX = elements left"
	switch o.calc {
	case cScale, cAxpy:
		plan += fmt.Sprintf(", %s = alpha in every lane", g.reg(mFull, constReg))
	case cFill:
		plan += fmt.Sprintf(", %s = v in every lane", g.reg(mFull, constReg))
	}
	if o.calc != cFill {
		plan += fmt.Sprintf(", %s0-%s3 = results", g.l.reg, g.l.reg)
	}
	if o.calc == cMulAdd {
		plan += fmt.Sprintf(", %s4-%s7 = a", g.l.reg, g.l.reg)
	}
	g.comment("Register plan: " + plan + ".")
	inv := fmt.Sprintf("Invariant: %s for every element before DI", o.calc.math())
	switch o.calc {
	case cFill:
		g.comment(inv + ".")
	case cCopy:
		g.comment(inv + "; CX counts what remains.")
	default:
		alias := "a or b"
		if len(in) == 1 {
			alias = "x"
		}
		g.comment(inv + "; each element is loaded before it is stored, so dst may be exactly " + alias + ".")
	}
	if o.nt {
		g.f("// Stores: ordinary ones until DI is %d-byte aligned, then non-temporal ones (which", g.l.vbyte)
		g.f("// bypass the caches) for whole vectors, an ordinary tail, and SFENCE before returning.")
	}
	g.f("TEXT ·%s(SB), NOSPLIT, $0-%d", name, frame)
	g.i("MOVQ dst_base+0(FP), DI")
	g.i("MOVQ dst_len+8(FP), CX")
	switch o.calc {
	case cScale, cAxpy:
		g.i("VBROADCAST%s alpha+24(FP), %s", p.sd, g.reg(mFull, constReg))
		g.i("MOVQ x_base+32(FP), SI")
	case cCopy:
		g.i("MOVQ src_base+24(FP), SI")
	case cFill:
		g.i("VBROADCAST%s v+24(FP), %s", p.sd, g.reg(mFull, constReg))
	default:
		g.i("MOVQ a_base+24(FP), SI")
		g.i("MOVQ b_base+48(FP), DX")
	}
	g.f("")

	switch {
	case o.nt || (o.align && !g.l.masked):
		// One scalar at a time until DI is vector-aligned.
		if o.nt {
			g.i("// Ordinary scalar steps until DI is %d-byte aligned, as non-temporal stores require.", g.l.vbyte)
		} else {
			g.i("// Scalar steps until DI is %d-byte aligned, so no vector store below straddles", g.l.vbyte)
			g.i("// two cache lines (a split store costs two).")
		}
		g.f("head:")
		g.i("TESTQ $%d, DI", g.l.vbyte-1)
		g.i("JZ    loop4")
		g.i("TESTQ CX, CX")
		g.i("JZ    done")
		g.store(mScalar, g.body(mScalar, 0, 0), 0, false)
		g.advance(p.es)
		g.i("DECQ CX")
		g.i("JMP  head")
		g.f("")
	case o.align:
		g.i("// One masked vector up to the next %d-byte boundary of DI (AX elements), so that", g.l.vbyte)
		g.i("// no full-vector store below straddles two cache lines (a split store costs two).")
		g.i("MOVQ DI, AX")
		g.i("NEGQ AX")
		g.i("ANDQ $%d, AX", g.l.vbyte-1)
		g.i("SHRQ $%d, AX", p.shift)
		g.i("JZ   loop4")
		g.i("CMPQ AX, CX")
		g.i("JAE  tail")
		g.i("MOVQ CX, R10")
		g.mask("AX")
		g.i("MOVQ R10, CX")
		g.store(mMask, g.body(mMask, 0, 0), 0, false)
		g.i("SUBQ AX, CX")
		for _, r := range append(o.calc.inputs(), "DI") {
			g.i("LEAQ (%s)(AX*%d), %s", r, p.es, r)
		}
		g.f("")
	}

	// Main loop: unroll vectors per round, all results before the stores; then single
	// vectors. Both loops test at the bottom: CX is kept short by one round inside.
	g.loop("loop4", "round4", unroll, o.nt)
	g.loop("loop1", "round1", 1, o.nt)

	g.f("tail:")
	g.i("TESTQ CX, CX")
	g.i("JZ    done")
	if g.l.masked {
		g.mask("CX")
		g.store(mMask, g.body(mMask, 0, 0), 0, false)
	} else {
		g.store(mScalar, g.body(mScalar, 0, 0), 0, false)
		g.advance(p.es)
		g.i("DECQ CX")
		g.i("JMP  tail")
	}
	g.f("")
	g.f("done:")
	if o.nt {
		g.i("SFENCE")
	}
	g.i("VZEROUPPER")
	g.i("RET")
	g.f("")
}

// file is one output: its stem, what it holds, the Go file with its wrappers, the ops.
type file struct {
	stem, what, wrappers string
	ops                  []op
}

var both = []prec{f64, f32}

var files = []file{
	{"hadamard", "Elementwise binary loops over three slices (Hadamard product, fused Hadamard\n// accumulate, add, sub)", "hadamard_amd64.go", []op{
		{name: "mul", calc: cMul, align: true, wide: true, precs: both},
		{name: "mulNT", calc: cMul, nt: true, wide: true, precs: both},
		{name: "mulAdd", calc: cMulAdd, align: true, wide: true, precs: both},
		{name: "add", calc: cAdd, align: true, wide: true, precs: []prec{f32}}, // addF64 is in stream
		{name: "sub", calc: cSub, align: true, wide: true, precs: both},
	}},
	{"axpy", "Scalar-times-vector loops (scale and axpy)", "axpy_amd64.go", []op{
		{name: "scale", calc: cScale, align: true, wide: true, precs: both},
		{name: "axpy", calc: cAxpy, align: true, wide: true, precs: both},
	}},
	{"stream", "Streaming float64 loops (copy, add, fill, and non-temporal fill and add; the\n// bandwidth probes time them as they are, so their stores are not aligned)", "stream_amd64.go", []op{
		{name: "copy", wide: true, calc: cCopy, precs: []prec{f64}},
		{name: "add", wide: true, calc: cAdd, precs: []prec{f64}},
		{name: "fill", wide: true, calc: cFill, precs: []prec{f64}},
		{name: "fillNT", wide: true, calc: cFill, nt: true, precs: []prec{f64}},
		{name: "addNT", wide: true, calc: cAdd, nt: true, precs: []prec{f64}},
	}},
}

func header(f file, l level) string {
	var s strings.Builder
	s.WriteString("// Code generated by elem_gen.go; DO NOT EDIT.\n\n//go:build !purego\n\n#include \"textflag.h\"\n\n")
	fmt.Fprintf(&s, "// %s, unrolled %d vectors deep.\n", f.what, unroll)
	fmt.Fprintf(&s, "// The assembly trusts its Go wrappers (%s) for slice lengths.\n", f.wrappers)
	if l.masked {
		s.WriteString("// Tails shorter than one vector use the mask K1 = (1<<CX)-1, so nothing past a slice\n// is read or written.\n")
		if f.stem != "stream" {
			s.WriteString("// Only the non-temporal routines use 512-bit vectors; the others use 256-bit ones with\n// AVX-512 masks, which ran faster from L1 to L3 (see elem_gen.go).\n")
		}
	} else {
		s.WriteString("// Tails shorter than one vector are done one scalar at a time.\n")
	}
	s.WriteString("\n")
	return s.String()
}

func main() {
	dir := flag.String("o", ".", "output directory")
	flag.Parse()
	for _, f := range files {
		for _, l := range []level{avx2, avx512} {
			var out bytes.Buffer
			out.WriteString(header(f, l))
			for _, o := range f.ops {
				for _, p := range o.precs {
					g := &gen{l: l, p: p, op: o}
					g.routine()
					out.Write(g.b.Bytes())
				}
			}
			name := filepath.Join(*dir, fmt.Sprintf("%s_%s_amd64.s", f.stem, strings.ToLower(l.name)))
			if err := os.WriteFile(name, bytes.TrimSuffix(out.Bytes(), []byte("\n")), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
}
