package audit

import (
	"context"
	"sync"
)

// maxBatchBytes bounds the lines written by one write call of a group
// commit, well under the disk reserve (DefaultReserve), so a batch fits in
// the reserve when the disk fills up.
const maxBatchBytes = 256 << 10

// waiter is one Append waiting for its entry to reach the disk. Its channel
// carries the outcome, or an empty result with lead set when the waiter is
// to write the next batch itself.
type waiter struct {
	e  Entry
	ch chan result
	// durable is set for AppendDeferred: the entry is written without its
	// own fsync and durable runs once a later fsync covers it.
	durable func()
	seq     int64 // the entry's position, once encoded
}

// synced reports whether a batch must be fsynced before its appends
// return: whenever one of them is a plain Append.
func synced(batch []*waiter) bool {
	for _, w := range batch {
		if w.durable == nil {
			return true
		}
	}
	return false
}

type result struct {
	err  error
	lead bool
}

// group is the queue of a group commit: concurrent appends wait in it and
// one of them (the leader) writes every queued entry with one write and one
// fsync, then hands the leadership to the first entry queued meanwhile.
type group struct {
	mu      sync.Mutex
	queue   []*waiter
	writing bool
}

// join queues w and reports whether the caller is to lead (no batch is
// being written).
func (g *group) join(w *waiter) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.queue = append(g.queue, w)
	if g.writing {
		return false
	}
	g.writing = true
	return true
}

// take removes and returns every queued waiter.
func (g *group) take() []*waiter {
	g.mu.Lock()
	defer g.mu.Unlock()
	batch := g.queue
	g.queue = nil
	return batch
}

// handOff makes the first waiter queued since take the next leader, or
// ends the writing turn when none is queued.
func (g *group) handOff() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.writing = false
		return
	}
	g.queue[0].ch <- result{lead: true}
}

// headSaver coalesces checkpoint saves: a save already running for an
// older head is followed by one save of the newest head for everyone who
// asked meanwhile, so N concurrent batches cost at most two saves, and no
// Append returns before a checkpoint covering its entry was saved.
type headSaver struct {
	mu     sync.Mutex
	cond   *sync.Cond
	save   func(context.Context, Checkpoint)
	want   Checkpoint
	saved  int64
	saving bool
}

func newHeadSaver(save func(context.Context, Checkpoint)) *headSaver {
	s := &headSaver{save: save}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// cover returns once a checkpoint with at least cp.Entries entries (cp or
// a newer one) was saved.
func (s *headSaver) cover(ctx context.Context, cp Checkpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cp.Entries > s.want.Entries {
		s.want = cp
	}
	for s.saved < cp.Entries {
		if s.saving {
			s.cond.Wait()
			continue
		}
		s.saving = true
		next := s.want
		s.mu.Unlock()
		s.save(ctx, next)
		s.mu.Lock()
		s.saving = false
		s.saved = max(s.saved, next.Entries)
		s.cond.Broadcast()
	}
}
