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
	if tm.Count < 1 {
		tm.Count = 1
	}
	// Warm up, and learn roughly how long one run takes.
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
	per64 := make([]time.Duration, tm.Count)
	for s := range per64 {
		t0 := time.Now()
		for i := 0; i < reps; i++ {
			run()
		}
		per64[s] = time.Since(t0) / time.Duration(reps)
	}
	sort.Slice(per64, func(i, j int) bool { return per64[i] < per64[j] })
	return Sample{Median: median(per64), Min: per64[0], Max: per64[len(per64)-1], Ops: reps}
}

func median(sorted []time.Duration) time.Duration {
	k := len(sorted)
	if k%2 == 1 {
		return sorted[k/2]
	}
	return (sorted[k/2-1] + sorted[k/2]) / 2
}
