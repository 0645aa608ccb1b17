package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

const (
	filePrefix = "audit-"
	fileSuffix = ".jsonl"
)

var (
	errLineTooLong = errors.New("line too long")
	errNoNewline   = errors.New("truncated line (no trailing newline)")
)

// fileName returns the day file name for t's UTC day.
func fileName(t time.Time) string {
	return filePrefix + t.UTC().Format(time.DateOnly) + fileSuffix
}

// fileDay parses a day file name strictly; other names report false.
func fileDay(name string) (time.Time, bool) {
	if len(name) != len(filePrefix)+len(time.DateOnly)+len(fileSuffix) ||
		name[:len(filePrefix)] != filePrefix || name[len(name)-len(fileSuffix):] != fileSuffix {
		return time.Time{}, false
	}
	day, err := time.Parse(time.DateOnly, name[len(filePrefix):len(filePrefix)+len(time.DateOnly)])
	if err != nil || fileName(day) != name {
		return time.Time{}, false
	}
	return day, true
}

// listFiles returns the names of the regular day files in root, oldest first.
func listFiles(root *os.Root) ([]string, error) {
	d, err := root.Open(".")
	if err != nil {
		return nil, fmt.Errorf("audit: open dir: %w", err)
	}
	defer d.Close()
	ents, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("audit: read dir: %w", err)
	}
	var names []string
	for _, e := range ents {
		if _, ok := fileDay(e.Name()); ok && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// lineReader yields the lines of one file with a bounded buffer.
type lineReader struct {
	br  *bufio.Reader
	buf []byte
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line without its newline. It returns io.EOF at the
// end, errNoNewline with the data for a final unterminated line and
// errLineTooLong for a line over maxLineBytes.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		lr.buf = append(lr.buf, chunk...)
		if len(lr.buf) > maxLineBytes+1 {
			return nil, errLineTooLong
		}
		switch {
		case err == nil:
			return lr.buf[:len(lr.buf)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(lr.buf) == 0:
			return nil, io.EOF
		case errors.Is(err, io.EOF):
			return lr.buf, errNoNewline
		default:
			return nil, err
		}
	}
}

// parseLine decodes one line and checks that it is in canonical form and
// that its hash matches its content. It does not check the chain link.
func parseLine(b []byte) (Entry, error) {
	var l line
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Entry{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return Entry{}, errors.New("invalid JSON: trailing data")
	}
	ts, err := time.Parse(time.RFC3339Nano, l.TS)
	if err != nil {
		return Entry{}, fmt.Errorf("invalid timestamp: %w", err)
	}
	if ts.UTC().Format(time.RFC3339Nano) != l.TS {
		return Entry{}, errors.New("timestamp is not canonical RFC 3339 UTC")
	}
	if l.Details == nil {
		return Entry{}, errors.New("details missing")
	}
	if l.Seq < 0 || (l.Seq == 0 && l.MAC != "") {
		return Entry{}, errors.New("invalid seq: a MAC needs format 2")
	}
	sum, err := l.record.hash()
	if err != nil {
		return Entry{}, err
	}
	if sum != l.Hash {
		return Entry{}, errors.New("hash mismatch: entry was modified")
	}
	want, err := json.Marshal(line{record: l.record, Hash: sum, MAC: l.MAC})
	if err != nil {
		return Entry{}, fmt.Errorf("audit: encode line: %w", err)
	}
	if !bytes.Equal(want, b) {
		return Entry{}, errors.New("line is not in canonical form")
	}
	return Entry{
		Seq: l.Seq, TS: ts, Actor: l.Actor, IP: l.IP, Action: l.Action, Target: l.Target,
		Details: l.Details, Prev: l.Prev, Hash: l.Hash, MAC: l.MAC,
	}, nil
}
