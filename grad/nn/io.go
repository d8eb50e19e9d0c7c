package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"

	"github.com/matkern/matkern/kernels"
)

// The model file format, version 1. All integers are little-endian.
//
//	offset     size   field
//	0          8      magic "\x89MKMLP\r\n"
//	8          2      version, uint16 = 1
//	10         1      precision: bytes per parameter, 4 (float32) or 8 (float64)
//	11         1      loss: 0 softmax cross-entropy, 1 mean squared error
//	12         4      L, the number of layers, uint32 (1 … 65536)
//	16         12·L   per layer: In, Out, activation, three uint32 (activation codes:
//	                  0 identity, 1 sigmoid, 2 tanh, 3 ReLU, 4 GELU); In of layer l+1
//	                  equals Out of layer l
//	16+12L     P·prec the parameters, IEEE 754 of the precision: the weights of every
//	                  layer in order (each W row-major In×Out), then the biases of every
//	                  layer in order — exactly MLP.Params, P = Σ(In·Out + Out)
//	end−4      4      CRC-32 (IEEE polynomial, hash/crc32.ChecksumIEEE) of every byte
//	                  before it
//
// The file holds the architecture and the parameters only: not the optimizer's state
// nor the workspaces.
const (
	fileVersion = 1
	headerSize  = 16
	layerSize   = 12
	maxLayers   = 1 << 16
	maxWidth    = 1 << 24
	maxParams   = 1 << 40
)

var fileMagic = [8]byte{0x89, 'M', 'K', 'M', 'L', 'P', '\r', '\n'}

// ErrFormat is wrapped by every error about a damaged or foreign file (bad magic,
// unknown version, truncation, bad checksum, inconsistent header), and ErrMismatch by
// the error of Load when a valid file holds another architecture or precision.
var (
	ErrFormat   = errors.New("nn: bad model file")
	ErrMismatch = errors.New("nn: model file does not match the network")
)

// activation codes of the file format.
var actCodes = []kernels.Activation{kernels.ActIdentity, kernels.ActSigmoid, kernels.ActTanh, kernels.ActReLU, kernels.ActGELU}

func actCode(a kernels.Activation) (uint32, bool) {
	for i, b := range actCodes {
		if a == b {
			return uint32(i), true
		}
	}
	return 0, false
}

// Save writes the network in the model file format (see the constants above, and
// Load): its precision, loss, layer shapes and activations, Params and a CRC-32.
func (m *MLP[T]) Save(w io.Writer) error {
	prec := 8
	if is32[T]() {
		prec = 4
	}
	b := make([]byte, 0, headerSize+layerSize*len(m.Layers)+prec*len(m.Params)+4)
	b = append(b, fileMagic[:]...)
	b = binary.LittleEndian.AppendUint16(b, fileVersion)
	b = append(b, byte(prec), byte(m.Loss))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(m.Layers)))
	for _, l := range m.Layers {
		code, _ := actCode(l.Act)
		b = binary.LittleEndian.AppendUint32(b, uint32(l.In))
		b = binary.LittleEndian.AppendUint32(b, uint32(l.Out))
		b = binary.LittleEndian.AppendUint32(b, code)
	}
	for _, p := range m.Params {
		if prec == 4 {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(p)))
		} else {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(float64(p)))
		}
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	_, err := w.Write(b)
	return err
}

// fileModel is a decoded file: its header and its parameters in float64.
type fileModel struct {
	prec   int
	loss   Loss
	sizes  []int
	acts   []kernels.Activation
	params []byte // the raw parameter bytes
}

// decode checks and parses a whole file: magic, version, header consistency, length,
// checksum, in that order, each failure an ErrFormat error saying what is wrong.
func decode(b []byte) (*fileModel, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
	}
	if len(b) < len(fileMagic) {
		if bytes.HasPrefix(fileMagic[:], b) {
			return nil, bad("truncated: %d bytes, not even the magic", len(b))
		}
		return nil, bad("not a matkern MLP file (bad magic % x)", b)
	}
	if !bytes.Equal(b[:8], fileMagic[:]) {
		return nil, bad("not a matkern MLP file (magic % x, want % x)", b[:8], fileMagic[:])
	}
	if len(b) < headerSize {
		return nil, bad("truncated: %d bytes, shorter than the %d-byte header", len(b), headerSize)
	}
	if v := binary.LittleEndian.Uint16(b[8:]); v != fileVersion {
		return nil, bad("unsupported version %d (this package reads version %d)", v, fileVersion)
	}
	f := &fileModel{prec: int(b[10]), loss: Loss(b[11])}
	if f.prec != 4 && f.prec != 8 {
		return nil, bad("precision byte %d, want 4 (float32) or 8 (float64)", f.prec)
	}
	if f.loss != SoftmaxCrossEntropy && f.loss != MeanSquaredError {
		return nil, bad("unknown loss code %d", int(f.loss))
	}
	nl := binary.LittleEndian.Uint32(b[12:])
	if nl < 1 || nl > maxLayers {
		return nil, bad("%d layers, want 1 … %d", nl, maxLayers)
	}
	if len(b) < headerSize+layerSize*int(nl) {
		return nil, bad("truncated: %d bytes, shorter than the header of %d layers (%d bytes)", len(b), nl, headerSize+layerSize*int(nl))
	}
	var nparams int64 // int64: the sums below must not overflow a 32-bit int
	for l := range int(nl) {
		o := headerSize + layerSize*l
		in, out, code := binary.LittleEndian.Uint32(b[o:]), binary.LittleEndian.Uint32(b[o+4:]), binary.LittleEndian.Uint32(b[o+8:])
		if in < 1 || in > maxWidth || out < 1 || out > maxWidth {
			return nil, bad("layer %d is %d→%d, widths must be 1 … %d", l+1, in, out, maxWidth)
		}
		if l > 0 && int(in) != f.sizes[l] {
			return nil, bad("layer %d has %d inputs, but layer %d has %d outputs", l+1, in, l, f.sizes[l])
		}
		if code >= uint32(len(actCodes)) {
			return nil, bad("layer %d: unknown activation code %d", l+1, code)
		}
		if l == 0 {
			f.sizes = append(f.sizes, int(in))
		}
		f.sizes = append(f.sizes, int(out))
		f.acts = append(f.acts, actCodes[code])
		nparams += int64(in)*int64(out) + int64(out)
		if nparams > maxParams {
			return nil, bad("more than %d parameters", int64(maxParams))
		}
	}
	start := headerSize + layerSize*int(nl)
	want64 := int64(start) + int64(f.prec)*nparams + 4
	if int64(len(b)) < want64 {
		return nil, bad("truncated: %d bytes, the header describes %d (%d parameters of %d bytes and a checksum)", len(b), want64, nparams, f.prec)
	}
	if int64(len(b)) > want64 {
		return nil, bad("%d bytes after the checksum (the header describes %d bytes)", int64(len(b))-want64, want64)
	}
	want := len(b)
	if got, sum := crc32.ChecksumIEEE(b[:want-4]), binary.LittleEndian.Uint32(b[want-4:]); got != sum {
		return nil, bad("checksum mismatch (stored %08x, computed %08x): the file is corrupted", sum, got)
	}
	f.params = b[start : want-4]
	return f, nil
}

// values decodes the parameters into dst (len = number of parameters).
func decodeParams[T Float](dst []T, f *fileModel) {
	for i := range dst {
		if f.prec == 4 {
			dst[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(f.params[4*i:])))
		} else {
			dst[i] = T(math.Float64frombits(binary.LittleEndian.Uint64(f.params[8*i:])))
		}
	}
}

// Load reads a model file written by Save into the network, which must have the file's
// precision, loss, layer shapes and activations. The whole file is read and checked
// (magic, version, header, length, CRC-32) and decoded into a temporary before anything
// is copied, so on any error the network is unchanged. Errors wrap ErrFormat for a
// damaged or foreign file (the message says what is wrong: bad magic, unsupported
// version, truncated, trailing bytes, checksum mismatch, …), ErrMismatch for a valid
// file of another architecture or precision (the message names the difference), or are
// r's read error.
func (m *MLP[T]) Load(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	f, err := decode(b)
	if err != nil {
		return err
	}
	if err := m.matches(f); err != nil {
		return err
	}
	tmp := make([]T, len(m.Params))
	decodeParams(tmp, f)
	copy(m.Params, tmp)
	return nil
}

// matches says how the file's architecture differs from m's, or returns nil.
func (m *MLP[T]) matches(f *fileModel) error {
	mis := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrMismatch, fmt.Sprintf(format, args...))
	}
	prec := map[int]string{4: "float32", 8: "float64"}
	if want := map[bool]int{true: 4, false: 8}[is32[T]()]; f.prec != want {
		return mis("the file holds %s parameters, the network is %s", prec[f.prec], prec[want])
	}
	if f.loss != m.Loss {
		return mis("the file's loss is %v, the network's %v", f.loss, m.Loss)
	}
	if len(f.acts) != len(m.Layers) {
		return mis("the file has %d layers %v, the network %d %v", len(f.acts), f.sizes, len(m.Layers), m.Sizes())
	}
	for l, d := range m.Layers {
		if f.sizes[l] != d.In || f.sizes[l+1] != d.Out || f.acts[l] != d.Act {
			return mis("layer %d is %d→%d %v in the file, %d→%d %v in the network",
				l+1, f.sizes[l], f.sizes[l+1], f.acts[l], d.In, d.Out, d.Act)
		}
	}
	return nil
}

// Read returns a new network of precision T built from a model file written by Save
// (with Save's architecture and parameters, no optimizer). Errors as for Load; a file
// of the other precision is an ErrMismatch error.
func Read[T Float](r io.Reader) (*MLP[T], error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := decode(b)
	if err != nil {
		return nil, err
	}
	m := New[T](f.loss, f.sizes, f.acts...)
	if err := m.matches(f); err != nil {
		return nil, err
	}
	decodeParams(m.Params, f)
	return m, nil
}
