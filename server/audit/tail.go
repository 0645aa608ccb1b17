package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// format is the kind of entries a segment of the chain holds.
type format int

const (
	formatV1    format = iota // no seq, no MAC (logs written before format 2)
	formatPlain               // seq, no MAC (no key configured)
	formatMAC                 // seq and MAC
)

func (f format) String() string {
	switch f {
	case formatPlain:
		return "none"
	case formatMAC:
		return macName
	}
	return "format-1"
}

// macName is the details value of a format point that turns MACs on.
const macName = "hmac-sha256"

func kindOf(e Entry) format {
	switch {
	case e.Seq == 0:
		return formatV1
	case e.MAC == "":
		return formatPlain
	}
	return formatMAC
}

// head is the state of the chain's newest entry, as last read from disk.
type head struct {
	name string // newest non-empty day file, "" when the log is empty
	size int64  // its size when read
	prev string // hash of the newest entry
	seq  int64  // entries in the chain
	ts   time.Time
	mode format
	last string // action of the newest entry
}

func emptyHead() head { return head{prev: GenesisHash, mode: formatV1} }

// readHead reads the newest entry. A torn final line (no newline) is moved
// into a quarantine file first and reported in repaired.
func readHead(root *os.Root, now func() time.Time) (h head, repaired *Entry, err error) {
	names, err := listFiles(root)
	if err != nil {
		return head{}, nil, err
	}
	for i := len(names) - 1; i >= 0; i-- {
		if repaired == nil {
			if repaired, err = repairTorn(root, names[i], now); err != nil {
				return head{}, nil, err
			}
		}
		last, size, ok, err := lastLine(root, names[i])
		if err != nil {
			return head{}, nil, err
		}
		if !ok {
			continue
		}
		e, err := parseLine(last)
		if err != nil {
			return head{}, nil, fmt.Errorf("audit: %s: last line does not verify (%w); run fortfolio audit verify", names[i], err)
		}
		h = head{name: names[i], size: size, prev: e.Hash, seq: e.Seq, ts: e.TS, mode: kindOf(e), last: e.Action}
		if h.mode == formatV1 {
			if h.seq, err = countLines(root, names[:i+1]); err != nil {
				return head{}, nil, err
			}
		}
		return h, repaired, nil
	}
	return emptyHead(), repaired, nil
}

// repairTorn moves an unterminated final line of name into a quarantine
// file and truncates name after its last newline. It returns the audit.repair
// entry to append, or nil when the file ends cleanly.
func repairTorn(root *os.Root, name string, now func() time.Time) (*Entry, error) {
	f, err := root.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("audit: open %s: %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return nil, err
	}
	cut, err := lastNewline(f, st.Size())
	if err != nil || cut == st.Size() {
		return nil, err
	}
	torn := make([]byte, st.Size()-cut)
	if _, err := f.ReadAt(torn, cut); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("audit: read %s: %w", name, err)
	}
	q := "quarantine-" + now().UTC().Format("20060102T150405.000000000Z") + ".jsonl"
	if err := writeNew(root, q, torn); err != nil {
		return nil, err
	}
	if err := f.Truncate(cut); err != nil {
		return nil, fmt.Errorf("audit: truncate %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("audit: sync %s: %w", name, err)
	}
	sum := sha256.Sum256(torn)
	return &Entry{Actor: "system", Action: ActionAuditRepair, Target: name, Details: map[string]string{
		"reason": "torn last line (crash or full disk)", "bytes": strconv.Itoa(len(torn)),
		"offset": strconv.FormatInt(cut, 10), "sha256": hex.EncodeToString(sum[:]), "quarantine": q,
	}}, nil
}

// lastNewline returns the offset just after the last '\n' in f (0 if none).
func lastNewline(f *os.File, size int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		start := max(0, end-int64(len(buf)))
		chunk := buf[:end-start]
		if _, err := f.ReadAt(chunk, start); err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("audit: read back: %w", err)
		}
		if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// writeNew writes b to a new owner-only file and fsyncs it.
func writeNew(root *os.Root, name string, b []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("audit: quarantine: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("audit: quarantine: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audit: quarantine: %w", err)
	}
	return syncDir(root)
}

// lastLine returns the final line of a file (without newline) and the file
// size; ok is false for an empty file.
func lastLine(root *os.Root, name string) ([]byte, int64, bool, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, 0, false, fmt.Errorf("audit: open %s: %w", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, false, fmt.Errorf("audit: stat %s: %w", name, err)
	}
	if st.Size() == 0 {
		return nil, 0, false, nil
	}
	n := min(st.Size(), int64(maxLineBytes)+2)
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, st.Size()-n); err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, false, fmt.Errorf("audit: read %s: %w", name, err)
	}
	if buf[len(buf)-1] != '\n' {
		return nil, 0, false, fmt.Errorf("audit: resume from %s: %w", name, errNoNewline)
	}
	buf = buf[:len(buf)-1]
	start := bytes.LastIndexByte(buf, '\n') + 1
	if start == 0 && n < st.Size() {
		return nil, 0, false, fmt.Errorf("audit: resume from %s: %w", name, errLineTooLong)
	}
	return buf[start:], st.Size(), true, nil
}

// countLines counts the newline-terminated lines of the named files.
func countLines(root *os.Root, names []string) (int64, error) {
	var n int64
	buf := make([]byte, 64<<10)
	for _, name := range names {
		f, err := root.Open(name)
		if err != nil {
			return 0, fmt.Errorf("audit: open %s: %w", name, err)
		}
		for {
			k, err := f.Read(buf)
			n += int64(bytes.Count(buf[:k], []byte{'\n'}))
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				_ = f.Close()
				return 0, fmt.Errorf("audit: read %s: %w", name, err)
			}
		}
		_ = f.Close()
	}
	return n, nil
}
