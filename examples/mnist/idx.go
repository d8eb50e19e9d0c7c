package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// The idx format of the MNIST files (http://yann.lecun.com/exdb/mnist/), optionally
// gzip-compressed: a 4-byte magic 0x00 0x00 type ndims, where type 0x08 means unsigned
// bytes (the only type read here) and ndims is the number of dimensions; then ndims
// big-endian uint32 sizes; then the elements, row-major, one byte each. The images file
// has dimensions (count, 28, 28), the labels file (count).

// idxMaxElems bounds the element count a header may announce (1 GiB), so that a
// damaged header cannot make the reader allocate without limit.
const idxMaxElems = 1 << 30

// errIdx is wrapped by every format error of readIdx.
var errIdx = errors.New("idx")

// readIdxFile reads the idx file at path (gzip-compressed or not).
func readIdxFile(path string) (dims []int, data []byte, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	dims, data, err = readIdx(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return dims, data, nil
}

// readIdx decodes an idx stream of unsigned bytes, gunzipping it first if it starts
// with the gzip magic. It returns the dimensions and the elements; the error says what
// is wrong (not gzip data that claims to be, bad magic, an element type other than
// unsigned bytes, a truncated header or body, bytes after the last element).
func readIdx(r io.Reader) (dims []int, data []byte, err error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: gzip: %v", errIdx, err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if n, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, nil, fmt.Errorf("%w: truncated: %d of the 4 magic bytes (%v)", errIdx, n, err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, nil, fmt.Errorf("%w: bad magic % x: an idx file starts with two zero bytes", errIdx, magic)
	}
	if magic[2] != 0x08 {
		return nil, nil, fmt.Errorf("%w: element type 0x%02x, want 0x08 (unsigned bytes)", errIdx, magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, nil, fmt.Errorf("%w: zero dimensions", errIdx)
	}
	hdr := make([]byte, 4*nd)
	if n, err := io.ReadFull(br, hdr); err != nil {
		return nil, nil, fmt.Errorf("%w: truncated header: %d of %d bytes of sizes (%v)", errIdx, n, len(hdr), err)
	}
	dims = make([]int, nd)
	total := 1
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(hdr[4*i:]))
		if dims[i] != 0 && total > idxMaxElems/dims[i] {
			return nil, nil, fmt.Errorf("%w: dimensions %v exceed %d elements", errIdx, dims[:i+1], idxMaxElems)
		}
		total *= dims[i]
	}
	data = make([]byte, total)
	if n, err := io.ReadFull(br, data); err != nil {
		return nil, nil, fmt.Errorf("%w: truncated: %d of the %d elements of a %v array (%v)", errIdx, n, total, dims, err)
	}
	var extra [1]byte
	if n, _ := br.Read(extra[:]); n != 0 {
		return nil, nil, fmt.Errorf("%w: bytes after the %d elements of a %v array", errIdx, total, dims)
	}
	return dims, data, nil
}

// writeIdx encodes data with the given dimensions as an uncompressed idx stream of
// unsigned bytes (for the tests).
func writeIdx(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		_ = binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}
