package audit

import (
	"fmt"
	"os"
	"time"
)

// DefaultReserve is the disk space the log keeps in reserve (bytes): enough
// for thousands of typical entries, so a change that committed just as the
// disk filled up still gets its entry.
const DefaultReserve = 1 << 20

const (
	reserveName = ".reserve"
	reserveTmp  = ".reserve.tmp"
	// refillEvery bounds how often a full log tries to win its reserve back.
	refillEvery = 2 * time.Second
)

// ErrFull reports that the disk is full: the log used its reserve and
// refuses new changes (Writable) until space is freed. Answer 507; it
// reports DiskFull() true for the HTTP error mapping.
var ErrFull error = fullError{}

type fullError struct{}

func (fullError) Error() string { return "audit: disk full" }

// DiskFull marks the error as a full disk.
func (fullError) DiskFull() bool { return true }

// reserve is a preallocated file in the audit directory that is deleted to
// make room for entries when the disk is full and re-created once space is
// back. While it is missing, Writable reports ErrFull.
type reserve struct {
	size      int64
	full      bool
	lastProbe time.Time
}

// ensure creates the reserve file at full size when it is missing or short.
func (r *reserve) ensure(root *os.Root) error {
	if r.size <= 0 {
		r.full = false
		return nil
	}
	if st, err := root.Stat(reserveName); err == nil && st.Size() >= r.size {
		r.full = false
		return nil
	}
	if err := r.fill(root); err != nil {
		_ = root.Remove(reserveTmp)
		r.full = true
		return err
	}
	r.full = false
	return nil
}

func (r *reserve) fill(root *os.Root) error {
	f, err := root.OpenFile(reserveTmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("audit: reserve: %w", err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for left := r.size; left > 0; left -= int64(len(chunk)) {
		if _, err := f.Write(chunk[:min(left, int64(len(chunk)))]); err != nil {
			return fmt.Errorf("audit: reserve: %w", err)
		}
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audit: reserve: %w", err)
	}
	if err := root.Rename(reserveTmp, reserveName); err != nil {
		return fmt.Errorf("audit: reserve: %w", err)
	}
	return nil
}

// release deletes the reserve file to free its space; false when there was
// none left to free.
func (r *reserve) release(root *os.Root) bool {
	r.full = true
	return root.Remove(reserveName) == nil
}

// probe retries ensure at most every refillEvery while the log is full.
func (r *reserve) probe(root *os.Root, now time.Time) bool {
	if !r.full {
		return true
	}
	if now.Sub(r.lastProbe) < refillEvery {
		return false
	}
	r.lastProbe = now
	return r.ensure(root) == nil
}
