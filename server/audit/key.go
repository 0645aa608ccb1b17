package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// MinKeyBytes is the shortest accepted audit key.
const MinKeyBytes = 32

// Domain separation of the two things the key signs.
const (
	entryDomain      = "fortfolio-audit-entry\n"
	checkpointDomain = "fortfolio-audit-checkpoint\n"
)

// ErrKeyInsideData reports a key file inside the data directory, where
// anyone who can rewrite the log could read the key too.
var ErrKeyInsideData = errors.New("audit: the audit key file must be outside the data directory")

// Key authenticates audit entries and checkpoints with HMAC-SHA256. The key
// is never logged, returned or written into the data directory.
type Key struct {
	k []byte
}

// NewKey returns a key from secret bytes (at least MinKeyBytes).
func NewKey(secret []byte) (*Key, error) {
	if len(secret) < MinKeyBytes {
		return nil, fmt.Errorf("audit: the audit key must be at least %d bytes", MinKeyBytes)
	}
	return &Key{k: append([]byte(nil), secret...)}, nil
}

// LoadKey returns the key given by value (FORTFOLIO_AUDIT_KEY) or read from
// file (a path outside dataDir, not readable by group or others); nil when
// neither is set. Setting both is an error.
func LoadKey(value, file, dataDir string) (*Key, error) {
	switch {
	case value != "" && file != "":
		return nil, errors.New("audit: set the audit key or a key file, not both")
	case value != "":
		return NewKey([]byte(value))
	case file == "":
		return nil, nil
	}
	if err := outside(file, dataDir); err != nil {
		return nil, err
	}
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("audit: key file %s is readable by group or others (chmod 600 it)", file)
	}
	b, err := os.ReadFile(file) // #nosec G304 -- an operator-given path outside the data directory
	if err != nil {
		return nil, fmt.Errorf("audit: key file: %w", err)
	}
	return NewKey([]byte(strings.TrimSpace(string(b))))
}

// outside fails unless file resolves to a path outside dataDir.
func outside(file, dataDir string) error {
	f, err := resolve(file)
	if err != nil {
		return fmt.Errorf("audit: key file: %w", err)
	}
	d, err := resolve(dataDir)
	if err != nil {
		return fmt.Errorf("audit: data directory: %w", err)
	}
	rel, err := filepath.Rel(d, f)
	if err != nil || rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return ErrKeyInsideData
	}
	return nil
}

// resolve returns the absolute path with symbolic links of its existing
// prefix evaluated.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	dir, base := filepath.Split(abs)
	if dir == abs || base == "" {
		return abs, nil
	}
	parent, err := resolve(filepath.Clean(dir))
	if err != nil {
		return "", err
	}
	return filepath.Join(parent, base), nil
}

func (k *Key) sum(domain string, parts ...string) string {
	m := hmac.New(sha256.New, k.k)
	m.Write([]byte(domain))
	m.Write([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(m.Sum(nil))
}

// mac returns the MAC of an entry hash.
func (k *Key) mac(hash string) string { return k.sum(entryDomain, hash) }

// validMAC reports whether mac authenticates hash, in constant time.
func (k *Key) validMAC(hash, mac string) bool {
	return hmac.Equal([]byte(k.mac(hash)), []byte(mac))
}

// Checkpoint is the state of the chain at one moment: the number of
// entries and the hash of the last, signed with the key when there is one.
// Copies of it outside the log (accounts database, backup manifests) let
// Verify detect a log that was cut, emptied or deleted.
type Checkpoint struct {
	Entries int64     `json:"entries"`
	Head    string    `json:"head"`
	At      time.Time `json:"at"`
	Sig     string    `json:"sig,omitempty"`
	// Source names where the checkpoint was found (set by the reader).
	Source string `json:"-"`
}

func (c Checkpoint) message() []string {
	return []string{strconv.FormatInt(c.Entries, 10), c.Head, c.At.UTC().Format(time.RFC3339Nano)}
}

// Sign returns c signed with k (unchanged, unsigned, when k is nil).
func (k *Key) Sign(c Checkpoint) Checkpoint {
	if k == nil {
		c.Sig = ""
		return c
	}
	c.Sig = k.sum(checkpointDomain, c.message()...)
	return c
}

// Valid reports whether c carries a valid signature by k.
func (k *Key) Valid(c Checkpoint) bool {
	return k != nil && c.Sig != "" && hmac.Equal([]byte(k.sum(checkpointDomain, c.message()...)), []byte(c.Sig))
}
