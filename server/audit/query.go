package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
)

// Query limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
	MaxOffset    = 10000
)

// ErrInvalidFilter reports a Filter that Query refuses.
var ErrInvalidFilter = errors.New("audit: invalid filter")

// Filter selects entries for Query. Zero fields do not filter.
type Filter struct {
	Actor  string    // exact actor
	Action string    // exact action, or a prefix when it ends in ".*" ("auth.*")
	Since  time.Time // inclusive lower bound on TS
	Until  time.Time // exclusive upper bound on TS
	Limit  int       // 0 means DefaultLimit; values above MaxLimit are capped
	Offset int       // entries to skip, 0..MaxOffset
}

// Page is one page of Query results, newest first.
type Page struct {
	Entries []Entry
	HasMore bool // more entries match beyond this page
}

// Query returns entries matching f, newest first. The log's own
// audit.checkpoint lines are left out unless f.Action asks for audit.*. It reads day files newest
// first, skips files outside [Since, Until) and stops once the page is full.
// Lines that do not decode are skipped; Verify reports them.
func Query(ctx context.Context, dir string, f Filter) (Page, error) {
	f, err := normalize(f)
	if err != nil {
		return Page{}, err
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Page{Entries: []Entry{}}, nil
	}
	if err != nil {
		return Page{}, fmt.Errorf("audit: query: %w", err)
	}
	defer root.Close()
	names, err := listFiles(root)
	if err != nil {
		return Page{}, err
	}
	need := f.Offset + f.Limit + 1
	var found []Entry
	for i := len(names) - 1; i >= 0 && len(found) < need; i-- {
		if err := ctx.Err(); err != nil {
			return Page{}, fmt.Errorf("audit: query: %w", err)
		}
		if !f.coversDay(names[i]) {
			continue
		}
		m, err := matchFile(root, names[i], f, need-len(found))
		if err != nil {
			return Page{}, err
		}
		found = append(found, m...)
	}
	return page(found, f), nil
}

func normalize(f Filter) (Filter, error) {
	if f.Offset < 0 || f.Offset > MaxOffset {
		return f, fmt.Errorf("%w: offset must be 0..%d", ErrInvalidFilter, MaxOffset)
	}
	if f.Limit < 0 {
		return f, fmt.Errorf("%w: negative limit", ErrInvalidFilter)
	}
	if f.Limit == 0 {
		f.Limit = DefaultLimit
	}
	f.Limit = min(f.Limit, MaxLimit)
	return f, nil
}

func page(found []Entry, f Filter) Page {
	p := Page{Entries: []Entry{}}
	if f.Offset < len(found) {
		end := min(len(found), f.Offset+f.Limit)
		p.Entries = found[f.Offset:end]
	}
	p.HasMore = len(found) > f.Offset+f.Limit
	return p
}

// coversDay reports whether the day file can hold entries in [Since, Until).
func (f Filter) coversDay(name string) bool {
	day, ok := fileDay(name)
	if !ok {
		return false
	}
	if !f.Since.IsZero() && !day.AddDate(0, 0, 1).After(f.Since) {
		return false
	}
	return f.Until.IsZero() || day.Before(f.Until)
}

func (f Filter) match(e Entry) bool {
	switch {
	case e.Action == ActionAuditCheckpoint && !f.ShowsCheckpoints():
		return false // housekeeping lines, shown only when asked for
	case f.Actor != "" && e.Actor != f.Actor:
		return false
	case !f.Since.IsZero() && e.TS.Before(f.Since):
		return false
	case !f.Until.IsZero() && !e.TS.Before(f.Until):
		return false
	}
	if p, ok := strings.CutSuffix(f.Action, "*"); ok {
		return strings.HasPrefix(e.Action, p)
	}
	return f.Action == "" || e.Action == f.Action
}

// matchFile returns up to max matching entries of one file, newest first.
func matchFile(root *os.Root, name string, f Filter, max int) ([]Entry, error) {
	fh, err := root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("audit: query: open %s: %w", name, err)
	}
	defer fh.Close()
	var keep []Entry
	lr := newLineReader(fh)
	for {
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, errNoNewline) && !errors.Is(err, errLineTooLong) {
			return nil, fmt.Errorf("audit: query: read %s: %w", name, err)
		}
		var e Entry
		if err != nil || json.Unmarshal(b, &e) != nil || !f.match(e) {
			continue
		}
		keep = append(keep, e)
		if len(keep) >= 2*max {
			keep = append(keep[:0], keep[len(keep)-max:]...)
		}
	}
	if len(keep) > max {
		keep = keep[len(keep)-max:]
	}
	slices.Reverse(keep)
	return keep, nil
}

// Normalize applies Query's defaults and bounds to f (limit DefaultLimit
// when 0, capped at MaxLimit; offset 0..MaxOffset), for other readers of
// the entries (the shared audit table on PostgreSQL).
func (f Filter) Normalize() (Filter, error) { return normalize(f) }

// ShowsCheckpoints reports whether f shows the log's own audit.checkpoint
// lines (only when its action asks for audit.*).
func (f Filter) ShowsCheckpoints() bool { return strings.HasPrefix(f.Action, "audit.") }
