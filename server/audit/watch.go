package audit

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// fullEvery is how often a Watcher re-reads the whole chain, catching an
// edit that kept an older file's size.
const fullEvery = 10 * time.Minute

// Watcher verifies a live log incrementally: each Check reads only what was
// appended since the last one, and starts over when an earlier file changed
// size, disappeared or was broken, and every fullEvery.
type Watcher struct {
	mu    sync.Mutex
	dir   string
	key   *Key
	now   func() time.Time
	c     *chain
	files []fileMark // verified files, oldest first; the last may grow
	pos   position   // within the last file of files
	since time.Time  // start of the current pass
}

type fileMark struct {
	name string
	size int64
}

// NewWatcher returns a watcher of the log in dir, checking MACs with key
// (nil: chain only).
func NewWatcher(dir string, key *Key) *Watcher {
	return &Watcher{dir: dir, key: key, now: time.Now}
}

// Check verifies what was appended since the last call and returns the
// result for the whole chain.
func (w *Watcher) Check(ctx context.Context) (Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	root, err := os.OpenRoot(w.dir)
	if err != nil {
		return Result{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer root.Close()
	names, err := listFiles(root)
	if err != nil {
		return Result{}, err
	}
	if !w.valid(root, names) {
		w.reset()
	}
	return w.advance(ctx, root, names)
}

func (w *Watcher) reset() {
	w.c, w.files, w.pos, w.since = newChain(VerifyOptions{Key: w.key}), nil, position{}, w.now()
}

// valid reports whether the verified prefix is still what is on disk.
func (w *Watcher) valid(root *os.Root, names []string) bool {
	if w.c == nil || w.c.res.Broken != nil || w.now().Sub(w.since) > fullEvery || len(names) < len(w.files) {
		return false
	}
	for i, m := range w.files {
		st, err := root.Stat(m.name)
		if err != nil || names[i] != m.name {
			return false
		}
		last := i == len(w.files)-1
		if (!last && st.Size() != m.size) || (last && st.Size() < w.pos.offset) {
			return false
		}
	}
	return true
}

func (w *Watcher) advance(ctx context.Context, root *os.Root, names []string) (Result, error) {
	start := max(len(w.files)-1, 0)
	for i := start; i < len(names); i++ {
		p := position{}
		if i == len(w.files)-1 {
			p = w.pos
		}
		ok, p, err := w.c.file(ctx, root, names[i], p)
		if err != nil {
			w.c = nil
			return Result{}, err
		}
		if i == len(w.files) {
			w.files = append(w.files, fileMark{name: names[i]})
		}
		w.files[i].size, w.pos = p.offset, p
		if !ok {
			return w.c.done(), nil
		}
	}
	res := *w.c
	return res.finish(), nil
}
