// Package audit keeps Fortfolio's tamper-evident audit log.
//
// Entries are appended to DATA/audit/audit-YYYY-MM-DD.jsonl (the UTC day of
// the entry), one JSON object per line. Every entry carries the hash of the
// previous entry and its own hash, computed as
// hex(SHA-256(prev + canonical JSON of the entry without hash)), so editing,
// deleting, inserting or reordering any line breaks the chain, which Verify
// detects and locates. Format 2 entries also carry their position in the
// chain (seq) and, when a key is configured, an HMAC-SHA256 of their hash
// (mac), so only the key holder can write entries that verify; signed
// checkpoints kept outside the log detect a cut or deleted tail. One writer
// at a time, across processes, holds a file lock for each append.
// docs/audit.md defines the canonical form and the format upgrade point.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits applied to every entry before it is hashed and written. Longer
// values are truncated at a UTF-8 boundary; surplus detail keys are dropped
// and the drop is recorded under TruncatedKey.
const (
	// MaxValueBytes caps actor, ip, target and every details value.
	MaxValueBytes = 512
	// MaxKeyBytes caps every details key.
	MaxKeyBytes = 64
	// MaxDetails caps the number of details keys (TruncatedKey included).
	MaxDetails = 32
	// TruncatedKey is the details key that records how many keys were dropped.
	TruncatedKey = "_truncated_keys"
	// MaxActionBytes caps the action name.
	MaxActionBytes = 64
	// maxLineBytes bounds one encoded line; every escaped field fits in it.
	maxLineBytes = 256 << 10
)

// GenesisHash is the prev value of the very first entry of a log.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ErrInvalidAction reports an action name outside the documented convention.
var ErrInvalidAction = errors.New("audit: invalid action name")

// Entry is one audit event. Append sets Seq, TS, Prev, Hash and MAC; callers
// fill the rest.
type Entry struct {
	// Seq is the 1-based position in the chain (0 for format 1 entries).
	Seq     int64             `json:"seq,omitempty"`
	TS      time.Time         `json:"ts"`
	Actor   string            `json:"actor"`
	IP      string            `json:"ip"`
	Action  string            `json:"action"`
	Target  string            `json:"target"`
	Details map[string]string `json:"details"`
	Prev    string            `json:"prev"`
	Hash    string            `json:"hash"`
	// MAC is hex(HMAC-SHA256(key, Hash)) when the log is keyed.
	MAC string `json:"mac,omitempty"`
}

// record is the canonical form hashed into the chain: fixed field order, ts as
// an RFC 3339 UTC string with nanoseconds, details never null; seq is absent
// in format 1 entries.
type record struct {
	Seq     int64             `json:"seq,omitempty"`
	TS      string            `json:"ts"`
	Actor   string            `json:"actor"`
	IP      string            `json:"ip"`
	Action  string            `json:"action"`
	Target  string            `json:"target"`
	Details map[string]string `json:"details"`
	Prev    string            `json:"prev"`
}

// line is exactly what is written to a file: the record, its hash and, in a
// keyed log, its MAC.
type line struct {
	record
	Hash string `json:"hash"`
	MAC  string `json:"mac,omitempty"`
}

func (e Entry) record() record {
	d := e.Details
	if d == nil {
		d = map[string]string{}
	}
	return record{
		Seq: e.Seq, TS: e.TS.UTC().Format(time.RFC3339Nano), Actor: e.Actor, IP: e.IP,
		Action: e.Action, Target: e.Target, Details: d, Prev: e.Prev,
	}
}

// canonical returns the canonical JSON encoding of r.
func (r record) canonical() ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("audit: encode entry: %w", err)
	}
	return b, nil
}

// hash returns hex(SHA-256(prev + canonical)).
func (r record) hash() (string, error) {
	c, err := r.canonical()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(r.Prev))
	h.Write(c)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// encodeLine returns the full line for r (with trailing newline) and its
// hash; with a key the line also carries the MAC of the hash.
func encodeLine(r record, key *Key) ([]byte, string, error) {
	sum, err := r.hash()
	if err != nil {
		return nil, "", err
	}
	l := line{record: r, Hash: sum}
	if key != nil {
		l.MAC = key.mac(sum)
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil, "", fmt.Errorf("audit: encode line: %w", err)
	}
	return append(b, '\n'), sum, nil
}

// sanitize validates the action and caps every user-controlled value so the
// entry hashes identically when re-read (valid UTF-8 only).
func sanitize(e Entry) (Entry, error) {
	if !ValidAction(e.Action) {
		return Entry{}, fmt.Errorf("%w: %q", ErrInvalidAction, Clip(e.Action, MaxActionBytes))
	}
	e.Actor = Clip(e.Actor, MaxValueBytes)
	e.IP = Clip(e.IP, MaxValueBytes)
	e.Target = Clip(e.Target, MaxValueBytes)
	e.Details = capDetails(e.Details)
	return e, nil
}

func capDetails(in map[string]string) map[string]string {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dropped := 0
	if len(keys) > MaxDetails {
		dropped = len(keys) - (MaxDetails - 1)
		keys = keys[:MaxDetails-1]
	}
	out := make(map[string]string, len(keys)+1)
	for _, k := range keys {
		out[Clip(k, MaxKeyBytes)] = Clip(in[k], MaxValueBytes)
	}
	if dropped > 0 {
		out[TruncatedKey] = fmt.Sprint(dropped)
	}
	return out
}

// Clip makes s text every store keeps as it is (PostgreSQL's text refuses
// NUL and invalid UTF-8; both become U+FFFD) and cuts it to at most n bytes
// on a rune boundary. Audit entries and security events hold only such
// text.
func Clip(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
