// Package pgtest runs a real PostgreSQL server for tests: initdb into a
// temporary directory, postgres listening only on a unix socket there, one
// fresh database per test. The server is started on first use and stopped
// by Main when the test binary ends.
//
// The databases belong to an application role that is not a superuser and
// cannot bypass row-level security, the role the PostgreSQL backend is
// meant to connect as.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fortfolio/fortfolio/server/testenv"

	"github.com/fortfolio/fortfolio/server/pgbin"
)

// AppRole is the role the test databases belong to and the returned URLs
// connect as: LOGIN, NOSUPERUSER, NOBYPASSRLS.
const AppRole = "fortfolio_app"

// server is the process-wide PostgreSQL instance.
type server struct {
	bin     string // directory of initdb, pg_ctl, postgres
	dir     string // temporary directory: data/ and the socket
	runAs   string // non-root user the server runs as ("" = this process's user)
	seq     atomic.Int64
	err     error
	adminMu sync.Mutex
}

var (
	once sync.Once
	srv  server
)

// Main runs the tests and stops the server if one was started; use it from
// TestMain: func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the server (no-op when none was started).
func Stop() {
	if srv.dir == "" {
		return
	}
	_ = srv.cmd("pg_ctl", "stop", "-D", filepath.Join(srv.dir, "data"), "-m", "fast", "-w").Run()
	_ = os.RemoveAll(srv.dir)
}

// URL returns the connection URL of a new, empty database owned by
// AppRole, dropped when the test ends. Without PostgreSQL binaries the test
// is skipped, or fails in CI (CI set and not "false").
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { srv.err = srv.start() })
	if srv.err != nil {
		msg := "PostgreSQL is not available, so this test is not run on it (" + srv.err.Error() + ")"
		testenv.Missing(t, msg)
	}
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), srv.seq.Add(1))
	ctx := context.Background()
	if err := srv.admin(ctx, "CREATE DATABASE "+name+" OWNER "+AppRole); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return srv.url(AppRole, name)
}

// BackupRole is the role BackupURL connects as: LOGIN, BYPASSRLS and a
// member of pg_read_all_data, the role a deployment gives pg_dump.
const BackupRole = "fortfolio_backup"

var (
	backupRole    sync.Once
	backupRoleErr error
)

// BackupURL returns the URL of the same database as url (from URL) for
// BackupRole, which can read every row, row-level security or not.
func BackupURL(t testing.TB, dbURL string) string {
	t.Helper()
	backupRole.Do(func() {
		backupRoleErr = srv.admin(context.Background(), "CREATE ROLE "+BackupRole+" LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE pg_read_all_data")
	})
	if backupRoleErr != nil {
		t.Fatal(backupRoleErr)
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(BackupRole)
	return u.String()
}

// Binaries returns the directory holding initdb, pg_ctl and postgres (see
// pgbin.Tool).
func Binaries() (string, error) {
	p, err := pgbin.Tool("initdb")
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

func (s *server) start() error {
	bin, err := Binaries()
	if err != nil {
		return err
	}
	s.bin = bin
	dir, err := os.MkdirTemp("", "fortfolio-pg-")
	if err != nil {
		return err
	}
	s.dir = dir
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		if err := s.dropRoot(); err != nil {
			return err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.cmd("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	// A throwaway server: no flushes to disk (the tests kill application
	// nodes, never this server), so the hundreds of databases the suites
	// create cost milliseconds each.
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c max_connections=200"+
		" -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir)
	if out, err := s.cmd("pg_ctl", "start", "-D", data, "-w", "-t", "60", "-l", filepath.Join(dir, "log"), "-o", opts).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log")) // #nosec G304 -- the server's log in its own temporary directory
		return fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
	}
	return s.admin(context.Background(), "CREATE ROLE "+AppRole+" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
}

// dropRoot makes the temporary directory belong to the user "nobody",
// whom the server then runs as.
func (s *server) dropRoot() error {
	u, err := user.Lookup("nobody")
	if err != nil {
		return fmt.Errorf("running as root and no user nobody to run PostgreSQL as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(s.dir, uid, gid); err != nil {
		return err
	}
	if _, err := exec.LookPath("runuser"); err != nil {
		return fmt.Errorf("running as root and no runuser to start PostgreSQL as nobody: %w", err)
	}
	s.runAs = "nobody"
	return nil
}

// cmd is a PostgreSQL tool run as the server's user.
func (s *server) cmd(tool string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, tool)
	if s.runAs != "" {
		return exec.Command("runuser", append([]string{"-u", s.runAs, "--", path}, args...)...) // #nosec G204 -- a PostgreSQL tool with arguments built by this package
	}
	return exec.Command(path, args...) // #nosec G204 -- a PostgreSQL tool with arguments built by this package
}

func (s *server) url(role, db string) string {
	q := url.Values{"host": {s.dir}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User(role), Path: "/" + db, RawQuery: q.Encode()}).String()
}

// admin runs one statement as the superuser.
func (s *server) admin(ctx context.Context, stmt string) error {
	s.adminMu.Lock() // CREATE DATABASE copies template1, which must have no other session
	defer s.adminMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, s.url("postgres", "postgres"))
	if err != nil {
		return fmt.Errorf("pgtest: connect: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("pgtest: %s: %w", stmt, err)
	}
	return nil
}

// AsSuperuser runs stmt as the server's superuser on the database of
// dbURL (from URL): what an attacker with full database access could do,
// past every privilege and (with session_replication_role) trigger.
func AsSuperuser(t testing.TB, dbURL, stmt string) error {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, srv.url("postgres", strings.TrimPrefix(u.Path, "/")))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, stmt)
	return err
}
