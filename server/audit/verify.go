package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"time"
)

// Result is the outcome of Verify.
type Result struct {
	Entries  int       // entries checked, including the broken one
	OK       bool      // the whole chain verified
	LastHash string    // hash of the last valid entry (GenesisHash if none)
	LastTS   time.Time // time of the last valid entry
	Broken   *Break    // first broken line when !OK
	// KeyChecked is true when a key was given and every MAC was checked.
	KeyChecked bool
	// Authenticated counts entries whose MAC was checked with the key.
	Authenticated int
	// Unauthenticated counts entries without a checked MAC: written before
	// the key was set, or verified without a key.
	Unauthenticated int
	// Checkpoint is the newest checkpoint the chain was compared with.
	Checkpoint *Checkpoint
	// Notes are findings that do not break the chain (ignored checkpoints).
	Notes []string
}

// Break names the first line where the chain does not verify. File and
// Line are empty for a missing tail (the log is shorter than a checkpoint).
type Break struct {
	File   string // day file name, e.g. audit-2025-01-31.jsonl
	Line   int    // 1-based line number
	Reason string
	// Position and Node locate a broken row of the shared audit table
	// (PostgreSQL); Line is then the entry's seq in its node's chain.
	Position int64
	Node     string
}

// VerifyOptions add what the files alone cannot prove.
type VerifyOptions struct {
	// Key checks every MAC; without it the chain is checked for breaks only
	// and the result says it is unauthenticated.
	Key *Key
	// Checkpoints found outside the log (accounts database, backup
	// manifests); the chain must contain each one's head at its position.
	// With a key, checkpoints without a valid signature are ignored.
	Checkpoints []Checkpoint
	// AccountsExist makes an empty or missing log broken: creating the
	// accounts wrote entries.
	AccountsExist bool
}

// Verify recomputes the chain over every day file in dir, oldest first, and
// reports the first broken line; see VerifyWith.
func Verify(ctx context.Context, dir string) (Result, error) {
	return VerifyWith(ctx, dir, VerifyOptions{})
}

// VerifyWith recomputes the chain and checks it against o. A broken chain is
// not an error: err is set only when the files cannot be read. A missing
// directory verifies as an empty log when o gives something to compare
// with, and is an error otherwise.
func VerifyWith(ctx context.Context, dir string, o VerifyOptions) (Result, error) {
	c := newChain(o)
	root, err := os.OpenRoot(dir)
	if errors.Is(err, os.ErrNotExist) && (len(o.Checkpoints) > 0 || o.AccountsExist) {
		return c.finish(), nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("audit: verify: %w", err)
	}
	defer root.Close()
	names, err := listFiles(root)
	if err != nil {
		return Result{}, err
	}
	for _, name := range names {
		ok, _, err := c.file(ctx, root, name, position{})
		if err != nil {
			return Result{}, err
		}
		if !ok {
			return c.done(), nil
		}
	}
	return c.finish(), nil
}

// chain is the running state of a verification.
type chain struct {
	res   Result
	key   *Key
	prev  string
	ts    time.Time
	mode  format
	cps   map[int64][]Checkpoint
	empty bool // o.AccountsExist
	// restores are the backup.restore entries seen: history from their
	// position on was replaced on purpose.
	restores []restorePoint
}

// restorePoint is a backup.restore entry: its position and time.
type restorePoint struct {
	pos int64
	ts  time.Time
}

func newChain(o VerifyOptions) *chain {
	c := &chain{key: o.Key, prev: GenesisHash, cps: map[int64][]Checkpoint{}, empty: o.AccountsExist}
	c.res.KeyChecked = o.Key != nil
	for _, cp := range o.Checkpoints {
		if o.Key != nil && !o.Key.Valid(cp) {
			c.res.Notes = append(c.res.Notes, "checkpoint from "+cp.Source+" ignored: not signed with this key")
			continue
		}
		c.cps[cp.Entries] = append(c.cps[cp.Entries], cp)
	}
	return c
}

// superseded reports whether cp was taken before a restore that replaced
// the history at its position (a newer backup after an older one was
// restored): it no longer has to match.
func (c *chain) superseded(cp Checkpoint) bool {
	for _, r := range c.restores {
		if cp.Entries >= r.pos && cp.At.Before(r.ts) {
			return true
		}
	}
	return false
}

func (c *chain) supersededNote(cp Checkpoint) {
	c.res.Notes = append(c.res.Notes, fmt.Sprintf("checkpoint from %s (%d entries) predates a restore from backup and no longer applies", cp.Source, cp.Entries))
}

func (c *chain) done() Result {
	c.res.LastHash, c.res.LastTS = c.prev, c.ts
	return c.res
}

// finish checks the end of an intact chain against the checkpoints.
func (c *chain) finish() Result {
	n := int64(c.res.Entries)
	for _, entries := range slices.Sorted(maps.Keys(c.cps)) {
		for _, cp := range c.cps[entries] {
			switch {
			case entries > n && c.superseded(cp):
				c.supersededNote(cp)
			case c.res.Checkpoint == nil || cp.Entries >= c.res.Checkpoint.Entries:
				c.res.Checkpoint = &cp
			}
		}
	}
	if cp := c.res.Checkpoint; cp != nil && cp.Entries > n {
		what := "truncated"
		if n == 0 {
			what = "emptied or deleted"
		}
		c.res.Broken = &Break{Reason: fmt.Sprintf("log %s: the checkpoint in %s (%s) records %d entries, the log has %d",
			what, cp.Source, cp.At.Format(time.RFC3339), cp.Entries, n)}
		return c.done()
	}
	if n == 0 && c.empty {
		c.res.Broken = &Break{Reason: "log emptied or deleted: accounts exist but the audit log has no entries"}
		return c.done()
	}
	c.res.OK = true
	return c.done()
}

// position is where verification of a file resumes.
type position struct {
	offset int64 // bytes of complete, verified lines
	line   int   // lines before offset
}

// file verifies one day file from p; ok is false once a break was recorded.
// It returns the position after the last verified line.
func (c *chain) file(ctx context.Context, root *os.Root, name string, p position) (bool, position, error) {
	day, _ := fileDay(name)
	f, err := root.Open(name)
	if err != nil {
		return false, p, fmt.Errorf("audit: verify: open %s: %w", name, err)
	}
	defer f.Close()
	if _, err := f.Seek(p.offset, io.SeekStart); err != nil {
		return false, p, fmt.Errorf("audit: verify: %w", err)
	}
	lr := newLineReader(f)
	for n := p.line + 1; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return false, p, fmt.Errorf("audit: verify: %w", ctx.Err())
		}
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			return true, p, nil
		}
		c.res.Entries++
		if err != nil && !errors.Is(err, errNoNewline) && !errors.Is(err, errLineTooLong) {
			return false, p, fmt.Errorf("audit: verify: read %s: %w", name, err)
		}
		if reason := c.check(b, err, day); reason != "" {
			c.res.Broken = &Break{File: name, Line: n, Reason: reason}
			return false, p, nil
		}
		p = position{offset: p.offset + int64(len(b)) + 1, line: n}
	}
}

// check returns why line b (read with readErr) breaks the chain, or "".
// A zero day skips the file-day check (lines kept outside day files).
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
	case !day.IsZero() && !sameDay(e.TS, day):
		return "entry time " + e.TS.Format(time.RFC3339Nano) + " is not on the file's day"
	case e.TS.Before(c.ts):
		return "entry time goes backwards"
	}
	if reason := c.checkFormat(e); reason != "" {
		return reason
	}
	if reason := c.checkCheckpoints(e); reason != "" {
		return reason
	}
	c.prev, c.ts = e.Hash, e.TS
	return ""
}

// checkFormat applies the format rules: format 1 entries only before the
// first format 2 entry; seq counts every entry; a segment's kind changes only
// at an audit.format entry, and never from MAC to none.
func (c *chain) checkFormat(e Entry) string {
	kind, n := kindOf(e), int64(c.res.Entries)
	if kind == formatV1 {
		if c.mode != formatV1 {
			return "format 1 entry after the format upgrade point"
		}
		c.res.Unauthenticated++
		return ""
	}
	if e.Seq != n {
		return "seq " + strconv.FormatInt(e.Seq, 10) + " is not the entry's position " + strconv.FormatInt(n, 10)
	}
	if kind != c.mode && n > 1 {
		if e.Action != ActionAuditFormat || e.Details["mac"] != kind.String() {
			return "entry format changes without a format upgrade point"
		}
		if c.mode == formatMAC {
			return "authentication turned off (MAC to none): forged downgrade"
		}
	}
	c.mode = kind
	if kind == formatPlain || c.key == nil {
		c.res.Unauthenticated++
		return ""
	}
	if !c.key.validMAC(e.Hash, e.MAC) {
		return "MAC does not match: entry forged, or not written with this key"
	}
	c.res.Authenticated++
	return ""
}

// checkCheckpoints compares the chain so far with external checkpoints at
// this position and with an in-log checkpoint entry.
func (c *chain) checkCheckpoints(e Entry) string {
	n := int64(c.res.Entries)
	if e.Action == ActionBackupRestore {
		c.restores = append(c.restores, restorePoint{pos: n, ts: e.TS})
	}
	kept := c.cps[n][:0]
	for _, cp := range c.cps[n] {
		switch {
		case cp.Head == e.Hash:
			kept = append(kept, cp)
		case c.superseded(cp):
			c.supersededNote(cp)
		default:
			return fmt.Sprintf("entry %d differs from the checkpoint in %s: the log was rewritten", n, cp.Source)
		}
	}
	c.cps[n] = kept
	if e.Action != ActionAuditCheckpoint || e.Actor != "system" {
		return ""
	}
	at, _ := time.Parse(time.RFC3339Nano, e.Details["at"])
	cp := Checkpoint{Entries: n - 1, Head: e.Details["head"], At: at, Sig: e.Details["sig"]}
	if strconv.FormatInt(cp.Entries, 10) != e.Details["entries"] || cp.Head != c.prev {
		return "checkpoint entry does not match the chain before it"
	}
	if c.key != nil && cp.Sig != "" && !c.key.Valid(cp) {
		return "checkpoint signature does not match"
	}
	return ""
}

func sameDay(t, day time.Time) bool {
	y1, m1, d1 := t.UTC().Date()
	y2, m2, d2 := day.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}
