package txaudit

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/fortfolio/fortfolio/shared/validate"
)

// registryName is the file, in the audit directory, listing the users
// whose databases may hold pending entries: one id per line, each added
// (and fsynced) before the user's first outbox write of a process run,
// cleared after a drain or a recovery. A missing file (a new or restored
// data directory) makes recovery look at every user.
const registryName = ".outbox-users"

// registry is the open list of users with pending entries.
type registry struct {
	mu      sync.Mutex
	f       *os.File
	root    *os.Root
	known   map[string]bool
	missing bool // the file did not exist at open
}

func openRegistry(dir string) (*registry, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("txaudit: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("txaudit: %w", err)
	}
	r := &registry{root: root, known: map[string]bool{}}
	if _, err := root.Stat(registryName); errors.Is(err, fs.ErrNotExist) {
		r.missing = true
	}
	r.f, err = root.OpenFile(registryName, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		_ = root.Close()
		return nil, fmt.Errorf("txaudit: %w", err)
	}
	return r, nil
}

// recorded returns the users the file lists, and whether it was missing
// (every user must then be looked at).
func (r *registry) recorded() ([]string, bool, error) {
	b, err := r.root.ReadFile(registryName)
	if err != nil {
		return nil, false, fmt.Errorf("txaudit: read %s: %w", registryName, err)
	}
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if id := sc.Text(); validate.ID(id) == nil && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, r.missing, nil
}

// add records uid durably the first time it is seen in this run.
func (r *registry) add(uid string) error {
	if err := validate.ID(uid); err != nil {
		return fmt.Errorf("txaudit: %w", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.known[uid] {
		return nil
	}
	if _, err := r.f.Write([]byte(uid + "\n")); err != nil {
		return fmt.Errorf("txaudit: record user: %w", err)
	}
	if err := r.f.Sync(); err != nil {
		return fmt.Errorf("txaudit: record user: %w", err)
	}
	r.known[uid] = true
	return nil
}

// list returns the users added in this run.
func (r *registry) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, 0, len(r.known))
	for id := range r.known {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// clear empties the file (fsynced, and its directory, which may have
// just received it) once no pending entry is left.
func (r *registry) clear() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.f.Truncate(0); err != nil {
		return fmt.Errorf("txaudit: clear %s: %w", registryName, err)
	}
	if err := r.f.Sync(); err != nil {
		return fmt.Errorf("txaudit: clear %s: %w", registryName, err)
	}
	d, err := r.root.Open(".")
	if err != nil {
		return fmt.Errorf("txaudit: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("txaudit: sync audit dir: %w", err)
	}
	r.known, r.missing = map[string]bool{}, false
	return nil
}

func (r *registry) close() error {
	return errors.Join(r.f.Close(), r.root.Close())
}
