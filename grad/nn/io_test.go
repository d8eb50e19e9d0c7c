package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"strings"
	"testing"

	"github.com/matkern/matkern/kernels"
)

func savedNet[T Float](t testing.TB) (*MLP[T], []byte) {
	t.Helper()
	m := New[T](SoftmaxCrossEntropy, []int{6, 5, 4, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity)
	m.Init(InitXavier, 8)
	for i := m.NumWeights(); i < len(m.Params); i++ {
		m.Params[i] = T(i) / 7
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return m, buf.Bytes()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	testRoundTrip[float64](t)
	testRoundTrip[float32](t)
}

func testRoundTrip[T Float](t *testing.T) {
	m, b := savedNet[T](t)
	prec := 8
	if is32[T]() {
		prec = 4
	}
	if want := 16 + 12*3 + prec*len(m.Params) + 4; len(b) != want {
		t.Errorf("%T: file is %d bytes, want %d", T(0), len(b), want)
	}
	other := New[T](SoftmaxCrossEntropy, []int{6, 5, 4, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity)
	other.Init(InitHe, 99)
	if err := other.Load(bytes.NewReader(b)); err != nil {
		t.Fatalf("%T: Load: %v", T(0), err)
	}
	if !slices.Equal(other.Params, m.Params) {
		t.Errorf("%T: Load did not restore the parameters", T(0))
	}
	r, err := Read[T](bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%T: Read: %v", T(0), err)
	}
	if !slices.Equal(r.Params, m.Params) || !slices.Equal(r.Sizes(), m.Sizes()) || r.Loss != m.Loss {
		t.Errorf("%T: Read gave another network", T(0))
	}
	for l := range r.Layers {
		if r.Layers[l].Act != m.Layers[l].Act {
			t.Errorf("%T: layer %d activation %v, want %v", T(0), l, r.Layers[l].Act, m.Layers[l].Act)
		}
	}
	x := randMatrix[T](3, 6, 0, 1)
	if !slices.Equal(r.Forward(x).Data, m.Forward(x).Data) {
		t.Errorf("%T: the read network computes something else", T(0))
	}
}

// reseal rewrites the checksum of a modified file, so that a test reaches the check
// after it.
func reseal(b []byte) []byte {
	b = slices.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

func TestLoadDamaged(t *testing.T) {
	m, good := savedNet[float64](t)
	_, good32 := savedNet[float32](t)
	flip := func(i int, bit byte) []byte { b := slices.Clone(good); b[i] ^= bit; return b }
	set16 := func(i int, v uint16) []byte {
		b := slices.Clone(good)
		binary.LittleEndian.PutUint16(b[i:], v)
		return b
	}
	set32 := func(i int, v uint32) []byte {
		b := slices.Clone(good)
		binary.LittleEndian.PutUint32(b[i:], v)
		return b
	}
	var otherArch, otherAct, otherLoss, deeper bytes.Buffer
	New[float64](SoftmaxCrossEntropy, []int{6, 5, 2, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity).Save(&otherArch)
	New[float64](SoftmaxCrossEntropy, []int{6, 5, 4, 3}, kernels.ActGELU, kernels.ActTanh, kernels.ActIdentity).Save(&otherAct)
	New[float64](MeanSquaredError, []int{6, 5, 4, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity).Save(&otherLoss)
	New[float64](SoftmaxCrossEntropy, []int{6, 5, 4, 3, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity, kernels.ActIdentity).Save(&deeper)
	cases := []struct {
		name string
		file []byte
		err  error
		want string
	}{
		{"empty", nil, ErrFormat, "truncated: 0 bytes"},
		{"truncated magic", good[:5], ErrFormat, "truncated: 5 bytes"},
		{"truncated header", good[:12], ErrFormat, "shorter than the 16-byte header"},
		{"truncated layer table", good[:30], ErrFormat, "shorter than the header of 3 layers"},
		{"truncated parameters", good[:200], ErrFormat, "truncated: 200 bytes"},
		{"truncated checksum", good[:len(good)-1], ErrFormat, "truncated"},
		{"trailing bytes", append(slices.Clone(good), 0), ErrFormat, "1 bytes after the checksum"},
		{"wrong magic", flip(1, 0x20), ErrFormat, "not a matkern MLP file"},
		{"text file", []byte("hello, world\n"), ErrFormat, "not a matkern MLP file"},
		{"wrong version", set16(8, 2), ErrFormat, "unsupported version 2"},
		{"bit flip in a weight", flip(60, 0x10), ErrFormat, "checksum mismatch"},
		{"bit flip in the last bias", flip(len(good)-5, 0x01), ErrFormat, "checksum mismatch"},
		{"bit flip in the checksum", flip(len(good)-1, 0x80), ErrFormat, "checksum mismatch"},
		{"bit flip in an activation", flip(16+12+8, 0x01), ErrFormat, "checksum mismatch"},
		{"bit flip in a width", flip(16+4, 0x01), ErrFormat, "inputs, but layer"},
		{"bad precision byte", reseal(flip(10, 0x03)), ErrFormat, "precision byte 11"},
		{"bad loss code", reseal(flip(11, 0x07)), ErrFormat, "unknown loss code 7"},
		{"zero layers", set32(12, 0), ErrFormat, "0 layers"},
		{"bad activation code", reseal(set32(16+8, 9)), ErrFormat, "unknown activation code 9"},
		{"zero width", set32(16, 0), ErrFormat, "widths must be"},
		{"other widths", otherArch.Bytes(), ErrMismatch, "layer 2 is 5→2 sigmoid in the file, 5→4 sigmoid in the network"},
		{"other activation", otherAct.Bytes(), ErrMismatch, "layer 2 is 5→4 tanh in the file"},
		{"other loss", otherLoss.Bytes(), ErrMismatch, "loss is mean-squared-error"},
		{"more layers", deeper.Bytes(), ErrMismatch, "the file has 4 layers"},
		{"other precision", good32, ErrMismatch, "holds float32 parameters, the network is float64"},
	}
	before := slices.Clone(m.Params)
	for _, c := range cases {
		err := m.Load(bytes.NewReader(c.file))
		if err == nil || !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %v containing %q", c.name, err, c.err, c.want)
		}
		if !slices.Equal(m.Params, before) {
			t.Fatalf("%s: the network changed", c.name)
		}
		if c.err == ErrFormat {
			if _, err := Read[float64](bytes.NewReader(c.file)); !errors.Is(err, ErrFormat) {
				t.Errorf("%s: Read: error %v, want ErrFormat", c.name, err)
			}
		}
	}
	if _, err := Read[float32](bytes.NewReader(good)); !errors.Is(err, ErrMismatch) {
		t.Errorf("Read[float32] of a float64 file: error %v", err)
	}
	if err := m.Load(errReader{}); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("read error: %v", err)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// FuzzRead feeds arbitrary bytes to Read and Load: they must return an error or a
// network, never panic, and Load must leave the network unchanged on error. A file
// that Read accepts must save back to the same bytes.
func FuzzRead(f *testing.F) {
	_, good := savedNet[float64](f)
	_, good32 := savedNet[float32](f)
	f.Add(good)
	f.Add(good[:40])
	f.Add(good32)
	m := New[float64](SoftmaxCrossEntropy, []int{6, 5, 4, 3}, kernels.ActGELU, kernels.ActSigmoid, kernels.ActIdentity)
	before := slices.Clone(m.Params)
	f.Fuzz(func(t *testing.T, b []byte) {
		if r, err := Read[float64](bytes.NewReader(b)); err == nil {
			var out bytes.Buffer
			if err := r.Save(&out); err != nil || !bytes.Equal(out.Bytes(), b) {
				t.Fatalf("Read accepted a file that does not save back to itself (%v)", err)
			}
		}
		if err := m.Load(bytes.NewReader(b)); err != nil {
			if !slices.Equal(m.Params, before) {
				t.Fatal("a failed Load changed the network")
			}
		} else {
			copy(m.Params, before)
		}
	})
}
