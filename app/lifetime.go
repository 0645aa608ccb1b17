package ui

import (
	"context"
	"sync"
	"time"
)

// lifetime is a context.Context that ends once, when its owner says so:
// a component leaving the page, or a time limit. It stands in for
// context.WithCancel and context.WithTimeout, whose cancellation tree
// (and the reflection it uses) would add about 50 KB of code to app.wasm
// (docs/performance.md, "Client size"). It carries no values and no
// deadline, and has no parent: API calls need nothing more.
type lifetime struct {
	once sync.Once
	done chan struct{}
	err  error // set before done is closed
}

func newLifetime() *lifetime { return &lifetime{done: make(chan struct{})} }

// lifetimeFor is a lifetime that ends after d.
func lifetimeFor(d time.Duration) (*lifetime, func()) {
	l := newLifetime()
	t := time.AfterFunc(d, func() { l.end(context.DeadlineExceeded) })
	return l, func() {
		t.Stop()
		l.end(context.Canceled)
	}
}

// end ends the lifetime with err (context.Canceled or
// context.DeadlineExceeded); later calls do nothing.
func (l *lifetime) end(err error) {
	l.once.Do(func() {
		l.err = err
		close(l.done)
	})
}

// Deadline implements context.Context: there is none.
func (l *lifetime) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done implements context.Context.
func (l *lifetime) Done() <-chan struct{} { return l.done }

// Err implements context.Context.
func (l *lifetime) Err() error {
	select {
	case <-l.done:
		return l.err
	default:
		return nil
	}
}

// Value implements context.Context: a lifetime carries no values.
func (l *lifetime) Value(any) any { return nil }
