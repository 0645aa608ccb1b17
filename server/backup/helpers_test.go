package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fortfolio/fortfolio/server/audit"
)

// openDB opens (creating) a test database in WAL mode like the server does.
func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// makeDataDir builds a realistic data directory and returns its path. The
// databases stay open (WAL files present) until the test ends.
func makeDataDir(t testing.TB) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	acc := openDB(t, filepath.Join(data, "fortfolio.db"))
	mustExec(t, acc, "CREATE TABLE users(id TEXT PRIMARY KEY, name TEXT NOT NULL)")
	for _, u := range []string{"u1", "u2"} {
		mustExec(t, acc, "INSERT INTO users VALUES(?, ?)", u, "name-"+u)
		p := openDB(t, filepath.Join(data, "users", u, "portfolio.db"))
		mustExec(t, p, "CREATE TABLE tx(id INTEGER PRIMARY KEY, ticker TEXT, qty REAL)")
		for i := range 50 {
			mustExec(t, p, "INSERT INTO tx(ticker, qty) VALUES(?, ?)", fmt.Sprintf("T%s%d", u, i), float64(i)/3)
		}
	}
	cache := openDB(t, filepath.Join(data, "market-cache.db"))
	mustExec(t, cache, "CREATE TABLE c(x)")
	writeFiles(t, data, map[string]string{
		"secret": "jwt-secret-bytes", "pepper": "pepper-bytes", "settings.json": `{"a":1}`,
		"backups/junk.txt": "not backed up", "users/bad id/portfolio.db": "skipped",
		"audit/notes.txt": "skipped",
	})
	if err := os.Symlink("/etc/passwd", filepath.Join(data, "link")); err != nil {
		t.Fatal(err)
	}
	writeAudit(t, filepath.Join(data, "audit"))
	return data
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func writeAudit(t testing.TB, dir string) {
	t.Helper()
	ts := time.Date(2025, 5, 1, 23, 59, 0, 0, time.UTC)
	l, err := audit.Open(context.Background(), dir, audit.WithClock(func() time.Time {
		ts = ts.Add(30 * time.Second)
		return ts
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := range 6 {
		if err := l.Append(context.Background(), audit.Entry{Actor: "admin", Action: audit.ActionBackupRun, Target: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// dump returns every row of every table of a database as text.
func dump(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		fmt.Fprintf(&b, "table %s\n", tb)
		r, err := db.Query("SELECT * FROM " + tb + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			fmt.Fprintln(&b, vals...)
		}
		r.Close()
	}
	return b.String()
}

// tarEntry is one entry of a hand-made archive.
type tarEntry struct {
	hdr  tar.Header
	body []byte
}

func reg(name string, body []byte) tarEntry {
	return tarEntry{hdr: tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: int64(len(body))}, body: body}
}

// readArchive returns all entries of an archive.
func readArchive(t testing.TB, path string) []tarEntry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []tarEntry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		out = append(out, tarEntry{hdr: *h, body: b})
	}
}

// writeArchiveFile writes entries as a tar.gz at path.
func writeArchiveFile(t testing.TB, path string, entries []tarEntry) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := e.hdr
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		tw.Write(e.body)
	}
	tw.Close()
	gz.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// treeOf lists a directory tree as "path size" lines for comparisons.
func treeOf(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, _ := d.Info()
		out = append(out, fmt.Sprintf("%s %v %d", rel, info.Mode(), info.Size()))
		return nil
	})
	slices.Sort(out)
	return out
}

func sumBytes(b []byte) (string, error) {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
