package txaudit

import (
	"context"
	"errors"
	"sync"

	"github.com/fortfolio/fortfolio/server/store"
)

// deleter removes pending entries whose lines are on the disk, in the
// background and in batches: one delete per user for every entry that
// became durable meanwhile, without a flush of its own (the user's next
// write flushes it; a power cut before can only bring back entries whose
// lines recovery finds).
type deleter struct {
	st      *store.Store
	mu      sync.Mutex
	refs    map[string][]string // user id -> refs
	kick    chan struct{}
	quit    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

func newDeleter(st *store.Store) *deleter {
	d := &deleter{st: st, refs: map[string][]string{}, kick: make(chan struct{}, 1),
		quit: make(chan struct{}), stopped: make(chan struct{})}
	go d.loop()
	return d
}

// add queues the deletion of uid's entry ref.
func (d *deleter) add(uid, ref string) {
	d.mu.Lock()
	d.refs[uid] = append(d.refs[uid], ref)
	d.mu.Unlock()
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

func (d *deleter) loop() {
	defer close(d.stopped)
	for {
		select {
		case <-d.kick:
			_ = d.drain(context.Background(), false)
		case <-d.quit:
			return
		}
	}
}

// drain deletes every queued entry; durable flushes each commit. Entries
// that could not be deleted stay pending in their database (the next
// recovery finds their lines) and are reported.
func (d *deleter) drain(ctx context.Context, durable bool) error {
	d.mu.Lock()
	batch := d.refs
	d.refs = map[string][]string{}
	d.mu.Unlock()
	var errs []error
	for uid, refs := range batch {
		if err := d.st.DeleteAuditPending(ctx, uid, refs, durable); err != nil && !gone(err) {
			logFailure(uid, err)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// stop ends the background deletions (the caller drains what is left).
func (d *deleter) stop() {
	d.once.Do(func() {
		close(d.quit)
		<-d.stopped
	})
}
