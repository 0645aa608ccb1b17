package ratelimit

import (
	"sync"
	"time"
)

// janitor runs sweep periodically on its own goroutine until closed.
type janitor struct {
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// startJanitor starts a goroutine calling sweep every interval.
func startJanitor(interval time.Duration, sweep func()) *janitor {
	j := &janitor{stop: make(chan struct{}), done: make(chan struct{})}
	go j.run(interval, sweep)
	return j
}

// run is the janitor loop.
func (j *janitor) run(interval time.Duration, sweep func()) {
	defer close(j.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			sweep()
		}
	}
}

// close stops the goroutine and waits for it to exit. It is idempotent.
func (j *janitor) close() {
	j.once.Do(func() { close(j.stop) })
	<-j.done
}

// janitorInterval derives the sweep period from the idle TTL, clamped to
// [1s, 1m] so sweeps are neither busy nor rare.
func janitorInterval(ttl time.Duration) time.Duration {
	return min(max(ttl/2, time.Second), time.Minute)
}
