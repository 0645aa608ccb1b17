package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Result is the outcome of Verify.
type Result struct {
	Entries  int       // entries checked, including the broken one
	OK       bool      // the whole chain verified
	LastHash string    // hash of the last valid entry (GenesisHash if none)
	LastTS   time.Time // time of the last valid entry
	Broken   *Break    // first broken line when !OK
}

// Break names the first line where the chain does not verify.
type Break struct {
	File   string // day file name, e.g. audit-2025-01-31.jsonl
	Line   int    // 1-based line number
	Reason string
}

// chain is the running state of a verification.
type chain struct {
	res  Result
	prev string
	ts   time.Time
}

// Verify recomputes the chain over every day file in dir, oldest first, and
// reports the first broken line. A broken chain is not an error: err is set
// only when the files cannot be read. Removing the newest entries entirely is
// not detectable from the files alone; compare Result.LastHash with a value
// recorded elsewhere (for example in a backup manifest) to detect it.
func Verify(ctx context.Context, dir string) (Result, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Result{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer root.Close()
	names, err := listFiles(root)
	if err != nil {
		return Result{}, err
	}
	c := &chain{prev: GenesisHash}
	for _, name := range names {
		ok, err := c.file(ctx, root, name)
		if err != nil {
			return Result{}, err
		}
		if !ok {
			return c.done(), nil
		}
	}
	c.res.OK = true
	return c.done(), nil
}

func (c *chain) done() Result {
	c.res.LastHash, c.res.LastTS = c.prev, c.ts
	return c.res
}

// file verifies one day file; ok is false once a break was recorded.
func (c *chain) file(ctx context.Context, root *os.Root, name string) (bool, error) {
	day, _ := fileDay(name)
	f, err := root.Open(name)
	if err != nil {
		return false, fmt.Errorf("audit: verify: open %s: %w", name, err)
	}
	defer f.Close()
	lr := newLineReader(f)
	for n := 1; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return false, fmt.Errorf("audit: verify: %w", ctx.Err())
		}
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			return true, nil
		}
		c.res.Entries++
		if err != nil && !errors.Is(err, errNoNewline) && !errors.Is(err, errLineTooLong) {
			return false, fmt.Errorf("audit: verify: read %s: %w", name, err)
		}
		reason := c.check(b, err, day)
		if reason != "" {
			c.res.Broken = &Break{File: name, Line: n, Reason: reason}
			return false, nil
		}
	}
}

// check returns why line b (read with readErr) breaks the chain, or "".
func (c *chain) check(b []byte, readErr error, day time.Time) string {
	if readErr != nil {
		return readErr.Error()
	}
	e, err := parseLine(b)
	switch {
	case err != nil:
		return err.Error()
	case e.Prev != c.prev:
		return "prev does not match the previous entry's hash (line deleted, inserted or reordered)"
	case !sameDay(e.TS, day):
		return "entry time " + e.TS.Format(time.RFC3339Nano) + " is not on the file's day"
	case e.TS.Before(c.ts):
		return "entry time goes backwards"
	}
	c.prev, c.ts = e.Hash, e.TS
	return ""
}

func sameDay(t, day time.Time) bool {
	y1, m1, d1 := t.UTC().Date()
	y2, m2, d2 := day.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}
