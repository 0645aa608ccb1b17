package backup

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const (
	namePrefix   = "backup-"
	nameSuffix   = ".tar.gz"
	nameLayout   = "20060102T150405Z"
	manifestName = "manifest.json"
	marketCache  = "market-cache.db"
)

var (
	idRE        = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	topFileRE   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)
	auditRE     = regexp.MustCompile(`^audit-[0-9]{4}-[0-9]{2}-[0-9]{2}\.jsonl$`)
	reservedTop = map[string]bool{"backups": true, "users": true, "audit": true}
)

// maxSeq bounds the backups taken within one second.
const maxSeq = 99

// Name returns the archive name for a backup created at t.
func Name(t time.Time) string {
	return NameSeq(t, 1)
}

// NameSeq returns the name of the seq-th backup created within t's second:
// backup-YYYYMMDDTHHMMSSZ.tar.gz for the first, then ...Z-2.tar.gz, ...
func NameSeq(t time.Time, seq int) string {
	if seq <= 1 {
		return namePrefix + t.UTC().Format(nameLayout) + nameSuffix
	}
	return namePrefix + t.UTC().Format(nameLayout) + "-" + strconv.Itoa(seq) + nameSuffix
}

// ParseName returns the creation time encoded in an archive name; ok is false
// unless name matches backup-YYYYMMDDTHHMMSSZ[-N].tar.gz exactly.
func ParseName(name string) (time.Time, bool) {
	t, _, ok := parseNameSeq(name)
	return t, ok
}

// parseNameSeq also returns the sequence number within the second (1 for
// a name without suffix).
func parseNameSeq(name string) (time.Time, int, bool) {
	stamp, ok := strings.CutPrefix(name, namePrefix)
	if !ok {
		return time.Time{}, 0, false
	}
	if stamp, ok = strings.CutSuffix(stamp, nameSuffix); !ok || len(stamp) < len(nameLayout) {
		return time.Time{}, 0, false
	}
	seq := 1
	if rest := stamp[len(nameLayout):]; rest != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(rest, "-"))
		if err != nil || n < 2 || n > maxSeq {
			return time.Time{}, 0, false
		}
		seq = n
	}
	t, err := time.Parse(nameLayout, stamp[:len(nameLayout)])
	if err != nil || NameSeq(t, seq) != name {
		return time.Time{}, 0, false
	}
	return t, seq, true
}

// skippedTop reports whether a top-level regular file is left out of backups:
// SQLite side files and the re-fetchable market cache.
func skippedTop(name string) bool {
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return name == marketCache
}

// validTop reports whether name may be stored as a top-level file.
func validTop(name string) bool {
	return topFileRE.MatchString(name) && !reservedTop[name] && !skippedTop(name)
}

// validEntry reports whether name is an allowed archive path: manifest.json,
// a top-level file, audit/audit-YYYY-MM-DD.jsonl or users/<id>/portfolio.db.
func validEntry(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	parts := strings.Split(name, "/")
	switch len(parts) {
	case 1:
		return validTop(parts[0])
	case 2:
		return parts[0] == "audit" && auditRE.MatchString(parts[1])
	case 3:
		return parts[0] == "users" && idRE.MatchString(parts[1]) && parts[2] == "portfolio.db"
	}
	return false
}
