package bench

import (
	"sort"
	"time"
)

// Timing says how long to measure: each sample repeats the operation until it has
// lasted at least MinTime, and a measurement is the median of Count samples taken after
// a warm-up of at least Warmup.
type Timing struct {
	Count   int
	MinTime time.Duration
	Warmup  time.Duration
}

// DefaultTiming is what the default suite uses: enough to make a median meaningful on a
// shared two-core machine, short enough to finish the suite in a few minutes.
var DefaultTiming = Timing{Count: 5, MinTime: 30 * time.Millisecond, Warmup: 20 * time.Millisecond}

// Sample is the outcome of timing one function.
type Sample struct {
	Median, Min, Max time.Duration // per operation
	Ops              int           // operations per sample
}

// Measure times run: after the warm-up it picks a repetition count that makes one
// sample last about MinTime, then takes Count samples.
func (tm Timing) Measure(run func()) Sample {
	s := tm.newSampler(run)
	for range s.count {
		s.sample()
	}
	return s.result()
}

// A sampler times one function in samples of a fixed repetition count, so that the
// samples of several functions can be taken in turns (Run interleaves the cases of one
// operation and size, so that a slow spell of a shared host falls on all of them alike
// instead of on whichever case it happened to meet).
type sampler struct {
	run   func()
	reps  int
	count int
	per   []time.Duration
}

// newSampler warms run up for tm.Warmup and picks the repetitions that make one sample
// last about tm.MinTime.
func (tm Timing) newSampler(run func()) *sampler {
	n, start := 0, time.Now()
	for {
		run()
		n++
		if time.Since(start) >= tm.Warmup {
			break
		}
	}
	per := time.Since(start) / time.Duration(n)
	reps := 1
	if per > 0 && per < tm.MinTime {
		reps = int(tm.MinTime / per)
	}
	if per == 0 {
		reps = 1000
	}
	return &sampler{run: run, reps: reps, count: max(1, tm.Count)}
}

// sample takes one sample: one untimed run to bring the operands back into the caches
// after another case's turn, then reps timed runs.
func (s *sampler) sample() {
	s.run()
	t0 := time.Now()
	for range s.reps {
		s.run()
	}
	s.per = append(s.per, time.Since(t0)/time.Duration(s.reps))
}

// result summarizes the samples taken.
func (s *sampler) result() Sample {
	per := append([]time.Duration(nil), s.per...)
	sort.Slice(per, func(i, j int) bool { return per[i] < per[j] })
	return Sample{Median: median(per), Min: per[0], Max: per[len(per)-1], Ops: s.reps}
}

func median(sorted []time.Duration) time.Duration {
	k := len(sorted)
	if k%2 == 1 {
		return sorted[k/2]
	}
	return (sorted[k/2-1] + sorted[k/2]) / 2
}
